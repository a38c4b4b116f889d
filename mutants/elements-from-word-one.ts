// Tuple elements are stored from word 1 (alloc).
import type { CodegenMutant } from './mutant.js';

export const elementsFromWordOne: CodegenMutant = {
  id: 'elements-from-word-one',
  title: 'Tuple elements are stored from word 1',
  phase: 'alloc',
  kind: 'codegen',
  description:
    "The compiler writes a tuple's elements from word 1 instead of word 2, over the GC word. The " +
    'collector then reads the first element as the mark bit and the forwarding address.',
  hint: 'Print a tuple.',
  variant: 'elements-from-word-one',
};
