// Compact copies each block from its last word (compact).
import type { RuntimeMutant } from './mutant.js';

export const compactCopiesBackward: RuntimeMutant = {
  id: 'compact-copies-backward',
  title: 'Compact copies each block from its last word',
  phase: 'compact',
  kind: 'runtime',
  description:
    'Compact copies a block starting from its last word. That is safe when a block moves up, but ' +
    'blocks only move down: when the old and new places overlap, copying from the end overwrites ' +
    'words of the block before they are copied.',
  hint:
    'Make a live tuple move down by less than its own size (a small garbage tuple just below a ' +
    'larger live one).',
  patches: [
    {
      file: 'gc.c',
      function: 'move_block',
      find: 'for (int i = 0; i < words; i++) to[i] = from[i];',
      replace: 'for (int i = words - 1; i >= 0; i--) to[i] = from[i];',
    },
  ],
};
