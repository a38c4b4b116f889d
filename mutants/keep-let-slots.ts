// Let slots are never cleared (codegen).
import type { CodegenMutant } from './mutant.js';

export const keepLetSlots: CodegenMutant = {
  id: 'keep-let-slots',
  title: 'Let slots are never cleared',
  phase: 'codegen',
  kind: 'codegen',
  description:
    'After the body of a let has run, its variable is out of scope, but the compiler leaves the old ' +
    'value in its stack slot. The collector cannot know the variable is dead: a tuple it points to ' +
    'stays live, and programs run out of memory with heaps that should be enough.',
  hint:
    'Run a program whose let-bound tuple becomes garbage before the next allocation, at its exact ' +
    'minimal heap.',
  variant: 'keep-let-slots',
};
