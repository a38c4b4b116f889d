// Compiler variants: plausible student bugs in code generation and ANF, used as "compiler
// mutants". Each one is a single flag flipped away from the correct compiler (the default), so
// the deviation is small and easy to audit here and in codegen.ts / anf.ts.
import type { AnfOptions } from './anf.js';
import type { CodegenOptions } from './codegen.js';

export const codegenVariants = [
  { name: 'keep-let-slots', summary: 'never clears a let slot after its body, so stale tuple pointers stay roots' },
  { name: 'no-zero-locals', summary: 'frame entry does not zero the local slots, so old stack words look like roots' },
  { name: 'no-tuple-padding', summary: 'a tuple block is n+2 words, not rounded up to even: odd tuples misalign the heap' },
  { name: 'no-gc-word-init', summary: 'the GC word of a new tuple is not written (stale heap contents remain)' },
  { name: 'elements-from-word-one', summary: 'elements are written and read from word 1, overwriting the GC word' },
  { name: 'reserve-check-off-by-one', summary: 'the heap check tests ESI + bytes - 4 <= HEAP_END (one word too lenient)' },
  { name: 'tail-call-as-call', summary: 'self tail calls are ordinary calls (as in the fa18 dialect): the old frames stay roots' },
  { name: 'let-temps-leak', summary: "a let's bound expression binds its temporaries outside the let, alive during the body" },
] as const;

export type VariantName = (typeof codegenVariants)[number]['name'];

export type Dialect = 'sp19' | 'fa18';
export const dialects: readonly Dialect[] = ['sp19', 'fa18'];

/** The flags of the correct compiler for the baseline dialect. */
export const defaultCodegenOptions: CodegenOptions = {
  roundHeapStart: false,
  multiplyTagged: false,
  tailCalls: true,
  clearLetSlots: true,
  zeroLocals: true,
  padTuples: true,
  initGcWord: true,
  firstElementWord: 2,
  reserveSlackBytes: 0,
};

/** The ANF and codegen flags for a dialect and an optional variant; throws on unknown names. */
export function compilerOptions(dialect: string = 'sp19', variant?: string): { anf: AnfOptions; codegen: CodegenOptions } {
  if (!(dialects as readonly string[]).includes(dialect)) {
    throw new Error(`unknown dialect '${dialect}'; valid dialects: ${dialects.join(', ')}`);
  }
  const codegen: CodegenOptions = { ...defaultCodegenOptions };
  const anf: AnfOptions = {};
  if (dialect === 'fa18') {
    // fa18: the prelude rounds the heap start up past 8 bytes, multiplication checks the
    // tagged product, and self tail calls are calls.
    codegen.roundHeapStart = true;
    codegen.multiplyTagged = true;
    codegen.tailCalls = false;
  }
  if (variant === undefined) return { anf, codegen };
  switch (variant as VariantName) {
    case 'keep-let-slots':
      codegen.clearLetSlots = false;
      break;
    case 'no-zero-locals':
      codegen.zeroLocals = false;
      break;
    case 'no-tuple-padding':
      codegen.padTuples = false;
      break;
    case 'no-gc-word-init':
      codegen.initGcWord = false;
      break;
    case 'elements-from-word-one':
      codegen.firstElementWord = 1;
      break;
    case 'reserve-check-off-by-one':
      codegen.reserveSlackBytes = 4;
      break;
    case 'tail-call-as-call':
      codegen.tailCalls = false;
      break;
    case 'let-temps-leak':
      anf.leakLetTemps = true;
      break;
    default:
      throw new Error(`unknown compiler variant '${variant}'; valid variants: ${codegenVariants.map((v) => v.name).join(', ')}`);
  }
  return { anf, codegen };
}
