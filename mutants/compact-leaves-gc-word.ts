// Compact leaves the GC word set (compact).
import type { RuntimeMutant } from './mutant.js';

export const compactLeavesGcWord: RuntimeMutant = {
  id: 'compact-leaves-gc-word',
  title: 'Compact leaves the GC word set',
  phase: 'compact',
  kind: 'runtime',
  description:
    'Compact moves each live block but does not clear its GC word, which still holds the mark bit. ' +
    'At the next collection mark believes the block is already marked and neither walks it nor ' +
    'counts it as live: a tuple that survives one collection is lost at the second.',
  hint: 'Keep a tuple alive across two or more collections.',
  patches: [
    {
      file: 'gc.c',
      function: 'compact',
      find: `      to[1] = 0;
`,
      replace: '',
    },
  ],
};
