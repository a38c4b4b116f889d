// The smallest heap (in words) at which a test's program produces the test's expected result
// (issue "Minimal passing heap per test"). FOX.md §5: the heap a program needs is the maximum, over
// its allocations, of the words reachable at that moment plus the new block, so a test passes at
// every heap from that value up and runs out of memory below it.
//
// The search is fast-check's integer shrinking. The property is "the test fails at heap h"; a
// counterexample is a heap where it passes, and shrinking it toward the bottom of the range is a
// binary search that ends on a heap h whose neighbour h − 1 was tried and fails. A prediction (one
// stress-mode run: FOX_GC_STRESS collects at every allocation, FOX_GC_STATS reports the largest
// demand) seeds the search: the range is [prediction − 1, max] and the prediction is the first
// example, so a right prediction costs two runs, prediction and prediction − 1, which are exactly
// the runs that verify the answer. A wrong one falls back to the whole range [min, max].
//
// Every answer is verified (it passes at h and runs out of memory at h − 1), and a second property
// samples heaps above h to check that the test keeps passing (monotonicity); a violation is reported
// with fast-check's seed and counterexample path, and `replay` reproduces it.
import { startMinimalHeapSearch } from './search.js';

export type { HeapRun, HeapPrediction, HeapProgram, MinimalHeapConstraints, MonotonicityViolation, MinimalHeapResult } from './types.js';
import type { HeapProgram, MinimalHeapConstraints, MinimalHeapResult } from './types.js';

/**
 * The smallest heap at which `program` passes, searched in [min, max] by fast-check's integer
 * shrinking, verified, and checked for monotonicity above it. Constraints are validated at once:
 * a bad one throws an `E_CONSTRAINT` FoxGradeError before anything runs.
 */
export function minimalHeap(program: HeapProgram, constraints: MinimalHeapConstraints = {}): Promise<MinimalHeapResult> {
  return startMinimalHeapSearch(program, constraints, 'minimalHeap', []);
}
