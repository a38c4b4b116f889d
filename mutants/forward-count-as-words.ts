// The count word is used without untagging it (forward).
import type { RuntimeMutant } from './mutant.js';

export const forwardCountAsWords: RuntimeMutant = {
  id: 'forward-count-as-words',
  title: 'The count word is used without untagging it',
  phase: 'forward',
  kind: 'runtime',
  description:
    'Word 0 of a block holds the element count as a Fox number, that is 2n. This collector uses it ' +
    'as the number of words directly, so every block looks about twice as big as it is. Walking the ' +
    'heap block by block then jumps into the middle of other blocks.',
  hint: 'Collect while there is more than one block in the heap and the live ones must move.',
  patches: [
    {
      file: 'gc.c',
      function: 'block_size',
      find: 'int words = tuple_size(block) + 2;',
      replace: 'int words = block[0] + 2;',
    },
  ],
};
