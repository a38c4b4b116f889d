// The heap check is one word too lenient (alloc).
import type { CodegenMutant } from './mutant.js';

export const reserveCheckOffByOne: CodegenMutant = {
  id: 'reserve-check-off-by-one',
  title: 'The heap check is one word too lenient',
  phase: 'alloc',
  kind: 'codegen',
  description:
    'Before allocating, the generated code checks that ESI + bytes - 4 <= HEAP_END instead of ESI + ' +
    'bytes <= HEAP_END, so a tuple may stick one word out of the heap without a collection or an ' +
    '"out of memory".',
  hint: 'Give a program one word less than it needs and expect "out of memory".',
  variant: 'reserve-check-off-by-one',
};
