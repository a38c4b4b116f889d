// try_gc refuses a block that fits exactly (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcOffByOne: RuntimeMutant = {
  id: 'try-gc-off-by-one',
  title: 'try_gc refuses a block that fits exactly',
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'After collecting, try_gc reports "out of memory" when the new block would end exactly at the ' +
    'end of the heap (>= instead of >). A heap that is exactly big enough is rejected.',
  hint: 'Run a program that needs a collection at its exact minimal heap.',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: 'if (new_esi + words_needed > heap_limit) {',
      replace: 'if (new_esi + words_needed >= heap_limit) {',
    },
  ],
};
