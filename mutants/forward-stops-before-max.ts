// Forward stops before the last live block (forward).
import type { RuntimeMutant } from './mutant.js';

export const forwardStopsBeforeMax: RuntimeMutant = {
  id: 'forward-stops-before-max',
  title: 'Forward stops before the last live block',
  phase: 'forward',
  kind: 'runtime',
  description:
    'Forward stops walking the heap before the block at max_address instead of after it. But ' +
    'max_address is the start of the highest live block, not one past it: that block is never given ' +
    'its new address, so the pointers to it are redirected to nowhere.',
  hint: 'Any collection where some tuple is still live shows it; use the tuple after the collection.',
  patches: [
    {
      file: 'gc.c',
      function: 'forward',
      find: 'block <= max_address',
      replace: 'block < max_address',
    },
  ],
};
