// try_gc does not check the space after collecting (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcNoRecheck: RuntimeMutant = {
  id: 'try-gc-no-recheck',
  title: 'try_gc does not check the space after collecting',
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'try_gc collects and returns the new allocation pointer without checking that the block now ' +
    'fits. When too much is still live, the program writes past the end of the heap instead of ' +
    'stopping with "out of memory".',
  hint: 'Give a program one word less than it needs and expect "out of memory".',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: `  if (new_esi + words_needed > heap_limit) {
    fprintf(stderr, MSG_NO_ROOM, words_needed, (int)(heap_limit - new_esi));
    exit(EXIT_NO_ROOM);
  }
`,
      replace: '',
    },
  ],
};
