// Forward overwrites the mark bit (forward).
import type { RuntimeMutant } from './mutant.js';

export const forwardForgetsMarkBit: RuntimeMutant = {
  id: 'forward-forgets-mark-bit',
  title: 'Forward overwrites the mark bit',
  phase: 'forward',
  kind: 'runtime',
  description:
    'Forward stores the new address in the GC word but loses the mark bit while doing so. Redirect ' +
    'and compact recognise live blocks by that bit: they now see no live block at all, so nothing is ' +
    'moved and the heap is wiped.',
  hint: 'Any collection where some tuple is still live shows it; use the tuple after the collection.',
  patches: [
    {
      file: 'gc.c',
      function: 'forward',
      find: 'block[1] = (int)free_ptr | GC_MARK;',
      replace: 'block[1] = (int)free_ptr;',
    },
  ],
};
