// try_gc counts bytes as words (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcWordsAsBytes: RuntimeMutant = {
  id: 'try-gc-words-as-bytes',
  title: 'try_gc counts bytes as words',
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'The generated code passes the size of the new block in bytes; try_gc uses that number as words, ' +
    'so it believes every block is four times bigger and reports "out of memory" although the block ' +
    'fits.',
  hint: 'Run a program that needs a collection at its exact minimal heap.',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: 'int words_needed = bytes_needed / 4;',
      replace: 'int words_needed = bytes_needed;',
    },
  ],
};
