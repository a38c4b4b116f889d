// try_gc's message lacks "out of memory" (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcMessageWithoutOom: RuntimeMutant = {
  id: 'try-gc-message-without-oom',
  title: 'try_gc\'s message lacks "out of memory"',
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'When the block still does not fit after a collection, try_gc prints its own message, without ' +
    'the words "out of memory" that the assignment specifies. Tests match that text, so the failure ' +
    'is not recognised.',
  hint: 'Expect "out of memory" from a program that fails after a collection (the heap is not empty).',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: 'fprintf(stderr, MSG_NO_ROOM, words_needed, (int)(heap_limit - new_esi));',
      replace: 'fprintf(stderr, "\\nneeded %d words, but only %d remain after collection!\\n\\n", words_needed, (int)(heap_limit - new_esi));',
    },
  ],
};
