// Mark takes booleans for pointers (mark).
import type { RuntimeMutant } from './mutant.js';

export const markBoolsAsPointers: RuntimeMutant = {
  id: 'mark-bools-as-pointers',
  title: 'Mark takes booleans for pointers',
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark decides whether an element is a tuple by testing only its low bit (v & 1). But true ' +
    '(0xFFFFFFFF) and false (0x7FFFFFFF) have their low bit set too; only the three low bits 001 ' +
    'identify a tuple. Mark then follows a boolean as if it were an address, and the program crashes.',
  hint: 'Collect garbage while a live tuple holds a boolean.',
  patches: [
    {
      file: 'gc.c',
      function: 'mark_elements',
      find: 'if (is_tuple(tuple_at(block, i)))',
      replace: 'if (tuple_at(block, i) & 1)',
    },
    {
      file: 'gc.c',
      function: 'mark_elements',
      find: 'if (n > 0 && is_tuple(tuple_at(block, n - 1)))',
      replace: 'if (n > 0 && (tuple_at(block, n - 1) & 1))',
    },
  ],
};
