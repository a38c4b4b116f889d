// Forward forgets the padding word (forward).
import type { RuntimeMutant } from './mutant.js';

export const forwardNoPadding: RuntimeMutant = {
  id: 'forward-no-padding',
  title: 'Forward forgets the padding word',
  phase: 'forward',
  kind: 'runtime',
  description:
    'Forward computes the new addresses by adding up the sizes of the live blocks, but it counts a ' +
    'block of n elements as n + 2 words and forgets the padding word that makes every block a whole ' +
    'number of 8-byte units. After an odd-sized block (a 3-tuple, a 5-tuple) every new address is 4 ' +
    'bytes off: the tag bits no longer mean "tuple".',
  hint:
    'Collect while a tuple with an odd number of elements is live and another live tuple comes after ' +
    'it in the heap.',
  patches: [
    {
      file: 'gc.c',
      function: 'forward',
      find: 'free_ptr += block_size(block);',
      replace: 'free_ptr += tuple_size(block) + 2;',
    },
  ],
};
