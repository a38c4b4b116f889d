// Compact does not move the last live block (compact).
import type { RuntimeMutant } from './mutant.js';

export const compactStopsBeforeMax: RuntimeMutant = {
  id: 'compact-stops-before-max',
  title: 'Compact does not move the last live block',
  phase: 'compact',
  kind: 'runtime',
  description:
    'Compact stops walking the blocks before the block at max_address instead of after it. The highest ' +
    'live block is not moved, although every pointer to it has already been redirected to its new ' +
    'address.',
  hint: 'Any collection where the newest live tuple has garbage below it shows it.',
  patches: [
    {
      file: 'gc.c',
      function: 'compact',
      find: 'while (max_address != NULL && block <= max_address) {',
      replace: 'while (max_address != NULL && block < max_address) {',
    },
  ],
};
