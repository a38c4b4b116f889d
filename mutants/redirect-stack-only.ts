// Redirect updates the stack but not the heap (redirect).
import type { RuntimeMutant } from './mutant.js';

export const redirectStackOnly: RuntimeMutant = {
  id: 'redirect-stack-only',
  title: 'Redirect updates the stack but not the heap',
  phase: 'redirect',
  kind: 'runtime',
  description:
    'Redirect rewrites the tuple pointers on the stack, but forgets the pointers stored inside live ' +
    'tuples. After compaction an outer tuple still points to where its elements used to be.',
  hint:
    'Keep a tuple that contains another tuple alive while garbage below them is collected, then read ' +
    'the inner tuple.',
  patches: [
    {
      file: 'gc.c',
      function: 'redirect',
      find: `  if (max_address == NULL) return;
  for (int* block = heap_start; block <= max_address; block += block_size(block)) {
    if (is_marked(block)) redirect_elements(block);
  }
`,
      replace: '',
    },
  ],
};
