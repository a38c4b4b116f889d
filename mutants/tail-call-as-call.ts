// Self tail calls are ordinary calls (codegen).
import type { CodegenMutant } from './mutant.js';

export const tailCallAsCall: CodegenMutant = {
  id: 'tail-call-as-call',
  title: 'Self tail calls are ordinary calls',
  phase: 'codegen',
  kind: 'codegen',
  description:
    'A self-recursive call in tail position should reuse the frame (copy the new arguments and ' +
    'jump). Compiled as an ordinary call, every iteration keeps its frame, so its old arguments and ' +
    'locals stay roots, and long loops overflow the stack.',
  hint: 'Loop many times with self tail calls, each iteration making garbage, at a small heap.',
  variant: 'tail-call-as-call',
};
