// Tuples are not padded to 8 bytes (alloc).
import type { CodegenMutant } from './mutant.js';

export const noTuplePadding: CodegenMutant = {
  id: 'no-tuple-padding',
  title: 'Tuples are not padded to 8 bytes',
  phase: 'alloc',
  kind: 'codegen',
  description:
    'The compiler allocates n + 2 words for a tuple of n elements, without the padding word when n + ' +
    '2 is odd. The next tuple then starts at an address that is not a multiple of 8, so its tag bits ' +
    "are wrong and the collector's walk of the heap goes astray.",
  hint:
    'Allocate a tuple with an odd number of elements, then another tuple, and use both (across a ' +
    'collection).',
  variant: 'no-tuple-padding',
};
