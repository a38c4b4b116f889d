// Redirect drops the tuple tag (redirect).
import type { RuntimeMutant } from './mutant.js';

export const redirectDropsTag: RuntimeMutant = {
  id: 'redirect-drops-tag',
  title: 'Redirect drops the tuple tag',
  phase: 'redirect',
  kind: 'runtime',
  description:
    'Redirect replaces each pointer by the new address of its block, but writes the bare address ' +
    'without the tag bit. An untagged address has its low bit clear, so the program now reads it as ' +
    'a number.',
  hint: 'Use a tuple after a collection in which it survived.',
  patches: [
    {
      file: 'gc.c',
      function: 'redirect_slot',
      find: '*slot = addr_int(forwarded(int_addr(*slot)));',
      replace: '*slot = (int)forwarded(int_addr(*slot));',
    },
  ],
};
