// Compact reads the block size after moving the block (compact).
import type { RuntimeMutant } from './mutant.js';

export const compactSizeAfterMove: RuntimeMutant = {
  id: 'compact-size-after-move',
  title: 'Compact reads the block size after moving the block',
  phase: 'compact',
  kind: 'runtime',
  description:
    "Compact finds the next block by reading the current block's count word after it has moved the " +
    'block. When a block moves down by less than its own size, the copy overwrites its old count ' +
    'word, and the walk continues from a wrong place.',
  hint:
    'Make a large live tuple move down by less than its own size (a small garbage tuple just below ' +
    'it), with another live tuple after it.',
  patches: [
    {
      file: 'gc.c',
      function: 'compact',
      find: `    block = next;
`,
      replace: `    block += block_size(block);
`,
    },
  ],
};
