// Forward leaves room for dead blocks (forward).
import type { RuntimeMutant } from './mutant.js';

export const forwardKeepsDeadBlocks: RuntimeMutant = {
  id: 'forward-keeps-dead-blocks',
  title: 'Forward leaves room for dead blocks',
  phase: 'forward',
  kind: 'runtime',
  description:
    'Forward gives new addresses to the live blocks only, but advances its free pointer past every ' +
    'block, dead or alive. The live blocks keep their addresses and no space is reclaimed below the ' +
    'last live block: the collector runs but the program still runs out of memory.',
  hint: 'Make garbage between two live tuples and give the program just enough heap.',
  patches: [
    {
      file: 'gc.c',
      function: 'forward',
      find: `      free_ptr += block_size(block);
    }
`,
      replace: `    }
    free_ptr += block_size(block);
`,
    },
  ],
};
