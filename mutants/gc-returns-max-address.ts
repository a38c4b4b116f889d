// The collector returns the wrong free pointer (compact).
import type { RuntimeMutant } from './mutant.js';

export const gcReturnsMaxAddress: RuntimeMutant = {
  id: 'gc-returns-max-address',
  title: 'The collector returns the wrong free pointer',
  phase: 'compact',
  kind: 'runtime',
  description:
    'gc() must return the first free word after compaction (what forward computed), because the ' +
    'program continues allocating there. This collector returns max_address, the old address of the ' +
    'highest live block: new tuples overwrite live ones, or the program writes at address 0 when ' +
    'nothing was live.',
  hint: 'Allocate after a collection and use both the new tuple and the ones that survived.',
  patches: [
    {
      file: 'gc.c',
      function: 'gc',
      find: 'return new_free;',
      replace: 'return max_address;',
    },
  ],
};
