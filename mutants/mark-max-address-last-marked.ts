// Mark records the last block marked, not the highest (mark).
import type { RuntimeMutant } from './mutant.js';

export const markMaxAddressLastMarked: RuntimeMutant = {
  id: 'mark-max-address-last-marked',
  title: 'Mark records the last block marked, not the highest',
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark must return the highest address of a live block, because forward, redirect and compact ' +
    'walk the heap only up to it. This collector returns the address of the last block it happened ' +
    'to mark. The roots are not visited in address order, so live blocks above that address are ' +
    'never forwarded, redirected or moved.',
  hint:
    'Collect while several tuples are live, where one allocated early is held in a slot scanned late ' +
    "(an outer frame, or main's first let).",
  patches: [
    {
      file: 'gc.c',
      function: 'mark_block',
      find: 'if (*max_address == NULL || block > *max_address) *max_address = block;',
      replace: '*max_address = block;',
    },
  ],
};
