// Mark scans only the current frame (mark).
import type { RuntimeMutant } from './mutant.js';

export const markInnermostFrameOnly: RuntimeMutant = {
  id: 'mark-innermost-frame-only',
  title: 'Mark scans only the current frame',
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark looks for roots only in the frame of the function that is allocating, from the stack top ' +
    "up to its saved EBP, and ignores the frames of its callers. But a caller's locals and arguments " +
    'are just as live: the caller will use them when the call returns. Tuples held only by a caller ' +
    'are freed and overwritten.',
  hint:
    'Hold a tuple in a let of main (or of a caller), then call a function that allocates enough to ' +
    'trigger a collection, and use the tuple after the call.',
  patches: [
    {
      file: 'gc.c',
      function: 'mark',
      find: 'for_each_root(stack_bottom, stack_top, first_frame, mark_root, &max_address);',
      replace: 'for_each_root(first_frame, stack_top, first_frame, mark_root, &max_address);',
    },
  ],
};
