// Frames do not zero their local slots (codegen).
import type { CodegenMutant } from './mutant.js';

export const noZeroLocals: CodegenMutant = {
  id: 'no-zero-locals',
  title: 'Frames do not zero their local slots',
  phase: 'codegen',
  kind: 'codegen',
  description:
    'A new frame reserves its local slots with `sub esp` but does not write 0 into them, so they ' +
    'hold whatever an earlier call left there, such as old tuple pointers. The collector takes those ' +
    'stale words for live roots.',
  hint:
    'Call a function with tuple arguments, then call another function whose frame reuses that stack ' +
    'space and collects garbage.',
  variant: 'no-zero-locals',
};
