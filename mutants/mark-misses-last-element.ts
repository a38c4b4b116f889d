// Mark never follows a tuple's last element (mark).
import type { RuntimeMutant } from './mutant.js';

export const markMissesLastElement: RuntimeMutant = {
  id: 'mark-misses-last-element',
  title: "Mark never follows a tuple's last element",
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark walks the elements of a live tuple but stops one element short, so a tuple stored in the ' +
    'last position is never marked. This is the classic off-by-one of a loop written `i < n - 1`. ' +
    'Pairs used as lists, (head, tail), lose their whole tail at the first collection.',
  hint:
    'Keep a list built as nested pairs (value, rest) alive across a collection, then read its later ' +
    'elements.',
  patches: [
    {
      file: 'gc.c',
      function: 'mark_elements',
      find: `  if (n > 0 && is_tuple(tuple_at(block, n - 1))) return int_addr(tuple_at(block, n - 1));
`,
      replace: '',
    },
  ],
};
