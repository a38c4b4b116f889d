// Tuples are printed from word 1 (print).
import type { RuntimeMutant } from './mutant.js';

export const printFromWordOne: RuntimeMutant = {
  id: 'print-from-word-one',
  title: 'Tuples are printed from word 1',
  phase: 'print',
  kind: 'runtime',
  description:
    'Printing a tuple reads its elements starting at word 1 instead of word 2: the GC word is ' +
    'printed as if it were the first element, and the last element is missing.',
  hint: 'Print a tuple.',
  patches: [
    {
      file: 'types.c',
      function: 'print_tuple',
      find: 'print_value(tuple_at(base, i));',
      replace: 'print_value(base[i + 1]);',
    },
  ],
};
