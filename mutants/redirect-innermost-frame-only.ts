// Redirect updates only the current frame's slots (redirect).
import type { RuntimeMutant } from './mutant.js';

export const redirectInnermostFrameOnly: RuntimeMutant = {
  id: 'redirect-innermost-frame-only',
  title: "Redirect updates only the current frame's slots",
  phase: 'redirect',
  kind: 'runtime',
  description:
    'Mark scans the whole stack, but redirect rewrites only the slots of the frame that is ' +
    'allocating, up to its saved EBP. The tuples held by callers are kept and moved, but the ' +
    "callers' variables still hold the old addresses.",
  hint:
    'Hold a tuple in a caller (main, for instance) while the callee collects garbage that lies below ' +
    'it, then use the tuple after the call.',
  patches: [
    {
      file: 'gc.c',
      function: 'redirect',
      find: 'for_each_root(stack_bottom, stack_top, first_frame, redirect_slot, NULL);',
      replace: 'for_each_root(first_frame, stack_top, first_frame, redirect_slot, NULL);',
    },
  ],
};
