// Mark walks shared tuples again and again (mark).
import type { RuntimeMutant } from './mutant.js';

export const markNoMarkedCheck: RuntimeMutant = {
  id: 'mark-no-marked-check',
  title: 'Mark walks shared tuples again and again',
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark does not check whether a tuple is already marked before walking its elements. The result ' +
    'is still correct, because tuples cannot form cycles, but a tuple that is reachable along many ' +
    'paths is walked once per path: a structure where each level points twice to the level below ' +
    'takes exponential time to mark.',
  hint:
    'Build a deep structure in which each tuple contains the same smaller tuple twice, keep it ' +
    'alive, and force a collection.',
  patches: [
    {
      file: 'gc.c',
      function: 'mark_block',
      find: 'while (block != NULL && !is_marked(block)) {',
      replace: 'while (block != NULL) {',
    },
  ],
};
