// Temporaries of a let binding outlive it (codegen).
import type { CodegenMutant } from './mutant.js';

export const letTempsLeak: CodegenMutant = {
  id: 'let-temps-leak',
  title: 'Temporaries of a let binding outlive it',
  phase: 'codegen',
  kind: 'codegen',
  description:
    "The temporaries that A-normal form introduces for a let's bound expression are bound around the " +
    'whole let instead of inside the binding, so they stay alive (and keep their tuples live) during ' +
    'the body.',
  hint:
    'Bind a variable to a call whose argument allocates a tuple, then allocate in the body, at the ' +
    'exact minimal heap.',
  variant: 'let-temps-leak',
};
