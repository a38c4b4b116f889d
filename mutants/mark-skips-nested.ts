// Mark does not follow nested tuples (mark).
import type { RuntimeMutant } from './mutant.js';

export const markSkipsNested: RuntimeMutant = {
  id: 'mark-skips-nested',
  title: 'Mark does not follow nested tuples',
  phase: 'mark',
  kind: 'runtime',
  description:
    'Mark sets the mark bit of every tuple that a stack slot points to, but stops there: the tuples ' +
    'stored inside a live tuple are never marked. The misconception is that the roots are the live ' +
    'data; in fact they are only where the search starts, and everything reachable from them ' +
    '(elements of elements, and so on) is live too. After compaction the inner tuples are treated as ' +
    'free space and overwritten.',
  hint:
    'Write a test where the only pointer to some tuple is inside another tuple, and garbage must be ' +
    'collected while the outer tuple is still in use.',
  patches: [
    {
      file: 'gc.c',
      function: 'mark_block',
      find: 'block = mark_elements(block, max_address);',
      replace: 'block = NULL;',
    },
  ],
};
