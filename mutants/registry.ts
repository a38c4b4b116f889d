// The mutant catalog: every mutant, listed explicitly (no globbing), in the order reports show
// them within a phase. Ids are stable: results and FOX_MUTANT refer to them.
//
// Dropped because they are equivalent to the reference (no test can tell them apart):
// - the compiler variant `no-gc-word-init` (a new tuple's GC word is not written): the word
//   then holds 0 (the heap starts zero-filled) or the caboose word 0x0cab005e that compact
//   writes into free space; both have the mark bit clear, and forward overwrites the word
//   before anything else reads it, so the collector behaves exactly as with the word set to 0;
// - compact without the caboose fill: nothing ever reads a free word (allocation writes every
//   word of a block it uses, except the padding word, which is never read either);
// - try_gc without the empty-heap case (it collects an empty heap instead): the collection
//   frees nothing, and the "needed … remain after collection" message also contains
//   "out of memory"; only the exit status differs (9 instead of 10), which tests cannot see;
// - a root scan that also visits the saved-EBP words: they hold stack addresses, which are
//   multiples of 4, so they never carry the tuple tag 001 and are ignored anyway.
// Not included because it cannot be written as a plausible collector bug: "arguments are not
// roots" — a frame does not record how many arguments it has, so a collector that skips them
// would have to know every function's arity (`mark-skips-wrong-words` and
// `mark-innermost-frame-only` cover the frame-layout misconceptions instead).
import { markSkipsNested } from './mark-skips-nested.js';
import { markMissesLastElement } from './mark-misses-last-element.js';
import { markInnermostFrameOnly } from './mark-innermost-frame-only.js';
import { markSkipsWrongWords } from './mark-skips-wrong-words.js';
import { markStartsAboveTop } from './mark-starts-above-top.js';
import { markBoolsAsPointers } from './mark-bools-as-pointers.js';
import { markNoMarkedCheck } from './mark-no-marked-check.js';
import { markMaxAddressLastMarked } from './mark-max-address-last-marked.js';
import { forwardNoPadding } from './forward-no-padding.js';
import { forwardStopsBeforeMax } from './forward-stops-before-max.js';
import { forwardKeepsDeadBlocks } from './forward-keeps-dead-blocks.js';
import { forwardCountAsWords } from './forward-count-as-words.js';
import { forwardForgetsMarkBit } from './forward-forgets-mark-bit.js';
import { redirectStackOnly } from './redirect-stack-only.js';
import { redirectHeapOnly } from './redirect-heap-only.js';
import { redirectDropsTag } from './redirect-drops-tag.js';
import { redirectInnermostFrameOnly } from './redirect-innermost-frame-only.js';
import { redirectStopsBeforeMax } from './redirect-stops-before-max.js';
import { compactLeavesGcWord } from './compact-leaves-gc-word.js';
import { compactCopiesNWords } from './compact-copies-n-words.js';
import { compactSizeAfterMove } from './compact-size-after-move.js';
import { compactCopiesBackward } from './compact-copies-backward.js';
import { compactStopsBeforeMax } from './compact-stops-before-max.js';
import { gcReturnsMaxAddress } from './gc-returns-max-address.js';
import { tryGcNoRecheck } from './try-gc-no-recheck.js';
import { tryGcOffByOne } from './try-gc-off-by-one.js';
import { tryGcNeverCollects } from './try-gc-never-collects.js';
import { tryGcMessageWithoutOom } from './try-gc-message-without-oom.js';
import { tryGcKeepsOldPointer } from './try-gc-keeps-old-pointer.js';
import { tryGcWordsAsBytes } from './try-gc-words-as-bytes.js';
import { printFromWordOne } from './print-from-word-one.js';
import { printDropsLast } from './print-drops-last.js';
import { keepLetSlots } from './keep-let-slots.js';
import { noZeroLocals } from './no-zero-locals.js';
import { noTuplePadding } from './no-tuple-padding.js';
import { elementsFromWordOne } from './elements-from-word-one.js';
import { reserveCheckOffByOne } from './reserve-check-off-by-one.js';
import { tailCallAsCall } from './tail-call-as-call.js';
import { letTempsLeak } from './let-temps-leak.js';
import type { Mutant } from './mutant.js';

export const mutants: readonly Mutant[] = [
  // mark
  markSkipsNested,
  markMissesLastElement,
  markInnermostFrameOnly,
  markSkipsWrongWords,
  markStartsAboveTop,
  markBoolsAsPointers,
  markNoMarkedCheck,
  markMaxAddressLastMarked,
  // forward
  forwardNoPadding,
  forwardStopsBeforeMax,
  forwardKeepsDeadBlocks,
  forwardCountAsWords,
  forwardForgetsMarkBit,
  // redirect
  redirectStackOnly,
  redirectHeapOnly,
  redirectDropsTag,
  redirectInnermostFrameOnly,
  redirectStopsBeforeMax,
  // compact
  compactLeavesGcWord,
  compactCopiesNWords,
  compactSizeAfterMove,
  compactCopiesBackward,
  compactStopsBeforeMax,
  gcReturnsMaxAddress,
  // try_gc (main.c)
  tryGcNoRecheck,
  tryGcOffByOne,
  tryGcNeverCollects,
  tryGcMessageWithoutOom,
  tryGcKeepsOldPointer,
  tryGcWordsAsBytes,
  // printing (types.c)
  printFromWordOne,
  printDropsLast,
  // compiler variants (reference/compiler/variants.ts): phases codegen and alloc
  keepLetSlots,
  noZeroLocals,
  noTuplePadding,
  elementsFromWordOne,
  reserveCheckOffByOne,
  tailCallAsCall,
  letTempsLeak,
];

/** The mutant with this id, or undefined. */
export function findMutant(id: string): Mutant | undefined {
  return mutants.find((m) => m.id === id);
}
