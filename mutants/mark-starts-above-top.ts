// The root scan starts one word above the stack top (mark).
import type { RuntimeMutant } from './mutant.js';

export const markStartsAboveTop: RuntimeMutant = {
  id: 'mark-starts-above-top',
  title: 'The root scan starts one word above the stack top',
  phase: 'mark',
  kind: 'runtime',
  description:
    'The root scan starts at stack_top + 1 instead of stack_top, believing that ESP points at a word ' +
    'that is not in use. On x86, ESP points at the last word pushed, which is live: here it is the ' +
    'deepest local of the allocating frame. A tuple held in that slot is neither marked nor ' +
    'redirected.',
  hint:
    'Make the innermost let of the allocating expression hold a tuple that is still needed when a ' +
    'collection happens.',
  patches: [
    {
      file: 'gc.c',
      function: 'for_each_root',
      find: 'for (int* slot = stack_top; slot < stack_bottom; slot++) {',
      replace: 'for (int* slot = stack_top + 1; slot < stack_bottom; slot++) {',
    },
  ],
};
