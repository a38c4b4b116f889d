// Compact copies n words instead of the whole block (compact).
import type { RuntimeMutant } from './mutant.js';

export const compactCopiesNWords: RuntimeMutant = {
  id: 'compact-copies-n-words',
  title: 'Compact copies n words instead of the whole block',
  phase: 'compact',
  kind: 'runtime',
  description:
    'Compact copies as many words as the tuple has elements, forgetting that the block also holds ' +
    'the count word and the GC word (and maybe a padding word). The last elements of every moved ' +
    'tuple are left behind.',
  hint: 'Read the last element of a tuple that was moved by a collection.',
  patches: [
    {
      file: 'gc.c',
      function: 'compact',
      find: 'move_block(to, block, size);',
      replace: 'move_block(to, block, tuple_size(block));',
    },
  ],
};
