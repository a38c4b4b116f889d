// Printing drops a tuple's last element (print).
import type { RuntimeMutant } from './mutant.js';

export const printDropsLast: RuntimeMutant = {
  id: 'print-drops-last',
  title: "Printing drops a tuple's last element",
  phase: 'print',
  kind: 'runtime',
  description: "The loop that prints a tuple's elements stops one element early (i < n - 1).",
  hint: 'Print a tuple.',
  patches: [
    {
      file: 'types.c',
      function: 'print_tuple',
      find: 'for (int i = 0; i < n; i++) {',
      replace: 'for (int i = 0; i < n - 1; i++) {',
    },
  ],
};
