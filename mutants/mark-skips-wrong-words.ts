// The root scan skips the wrong two words of each frame (mark).
import type { RuntimeMutant } from './mutant.js';

export const markSkipsWrongWords: RuntimeMutant = {
  id: 'mark-skips-wrong-words',
  title: 'The root scan skips the wrong two words of each frame',
  phase: 'mark',
  kind: 'runtime',
  description:
    'At each frame the root scan must step over two words that are not Fox values: the saved EBP (at ' +
    '[ebp]) and the return address above it (at [ebp+4]). This collector steps over [ebp-4] and ' +
    "[ebp] instead: it misses the frame's first local variable and treats the return address as if " +
    'it were a value. A tuple held in the first let of a function is never marked.',
  hint: 'Keep a tuple in the first let of a function (or of main) while garbage is collected, then use it.',
  patches: [
    {
      file: 'gc.c',
      function: 'for_each_root',
      find: 'if (slot == frame) {',
      replace: 'if (slot == frame - 1) {',
    },
  ],
};
