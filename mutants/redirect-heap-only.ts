// Redirect updates the heap but not the stack (redirect).
import type { RuntimeMutant } from './mutant.js';

export const redirectHeapOnly: RuntimeMutant = {
  id: 'redirect-heap-only',
  title: 'Redirect updates the heap but not the stack',
  phase: 'redirect',
  kind: 'runtime',
  description:
    'Redirect rewrites the pointers inside live tuples, but not the ones in stack slots (locals and ' +
    'arguments). After compaction a variable still points to the old address of its tuple, which now ' +
    'holds something else.',
  hint: 'Keep a tuple in a variable while garbage below it is collected, then use the variable.',
  patches: [
    {
      file: 'gc.c',
      function: 'redirect',
      find: `  for_each_root(stack_bottom, stack_top, first_frame, redirect_slot, NULL);
`,
      replace: '',
    },
  ],
};
