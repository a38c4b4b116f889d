// Redirect skips the last live block (redirect).
import type { RuntimeMutant } from './mutant.js';

export const redirectStopsBeforeMax: RuntimeMutant = {
  id: 'redirect-stops-before-max',
  title: 'Redirect skips the last live block',
  phase: 'redirect',
  kind: 'runtime',
  description:
    'Redirect stops walking the live blocks before the block at max_address instead of after it, so ' +
    'the elements of the highest live block are not rewritten. That block is usually the newest one, ' +
    'such as a tuple built from others.',
  hint:
    'Build a tuple out of other tuples as the last allocation before a collection that moves them, ' +
    'then read its elements.',
  patches: [
    {
      file: 'gc.c',
      function: 'redirect',
      find: 'block <= max_address',
      replace: 'block < max_address',
    },
  ],
};
