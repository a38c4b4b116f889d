// try_gc ignores the collector's result (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcKeepsOldPointer: RuntimeMutant = {
  id: 'try-gc-keeps-old-pointer',
  title: "try_gc ignores the collector's result",
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'try_gc collects and checks the space, but then returns the old allocation pointer instead of ' +
    'the one gc() returned. The program keeps allocating where it was, past the end of the heap, and ' +
    'the space the collection freed is never used.',
  hint: 'Collect, then allocate and use tuples afterwards, with a heap that needs the freed space.',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: `  return new_esi;
`,
      replace: `  return alloc_ptr;
`,
    },
  ],
};
