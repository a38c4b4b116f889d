// minimalHeap for one test of a test file, on a toolchain (the grade pipeline calls it per valid
// test; `fox-grade minimize` per test of a file). The program is built once by the caller; runs
// are normal runs judged like the test (runAndJudge), and the prediction is one stress-mode run
// with statistics at the test's own heap: maxDemand + the words the dialect loses (sp19 0, fa18 2).
import { runAndJudge, runBuiltProgram, type BuiltProgram, type Toolchain } from '../../suites/execute.js';
import { booleanOption, checkKeys, integerOption } from './constraints.js';
import { outOfMemoryText } from './out-of-memory.js';
import { qualify, startMinimalHeapSearch } from './search.js';
import type { HeapProgram, MinimalHeapConstraints, MinimalHeapResult } from './minimal-heap.js';
import { DEFAULT_HEAP, type LoadedTest } from '../../suites/test-file.js';

export interface MinimalHeapForTestConstraints extends MinimalHeapConstraints {
  /** Seed the search with one stress-mode run at the test's heap. Default true. */
  predict?: boolean;
  /**
   * Wall-clock limit of that run, in ms (1 … 600000). Default: the toolchain's limit, at most 5000:
   * in stress mode every allocation fills the rest of the heap, so a program that allocates a lot
   * at a big heap is slow; past the limit the search goes without a prediction.
   */
  predictionTimeoutMs?: number;
}

export interface MinimalHeapForTestResult extends MinimalHeapResult {
  /**
   * From the prediction run: true when no collection can happen at any heap at which the test
   * passes, false when one happens at the minimal heap; absent without a complete stress run.
   * In stress mode a collection precedes every allocation into a non-empty heap, so it reclaims
   * nothing exactly when no allocation ever follows garbage: then the words allocated in all
   * equal maxDemand, the minimal usable heap, and at that heap (or any larger) every allocation
   * fits without a collection.
   */
  neverCollects?: boolean;
}

/** Usable words lost by the dialect's prelude (FOX.md §8). */
const LOST_WORDS = { sp19: 0, fa18: 2 } as const;
const NAME = 'minimalHeapForTest';

/**
 * The smallest heap at which the reference (the toolchain's runtime) passes `test`, in
 * [min, max] where max defaults to the larger of 100000 and the test's own heap. A program that
 * did not compile, and an ANF test, have none (the outcome does not depend on the heap): null
 * with a reason, no runs.
 */
export function minimalHeapForTest(
  tc: Toolchain,
  test: LoadedTest,
  built: BuiltProgram,
  constraints: MinimalHeapForTestConstraints = {},
): Promise<MinimalHeapForTestResult> {
  const c = checkKeys(NAME, constraints, ['predict', 'predictionTimeoutMs', 'min', 'max', 'seed', 'maxRuns', 'monotonicitySamples', 'replay']);
  const predict = booleanOption(NAME, 'predict', c.predict, true);
  const predictionTimeoutMs = integerOption(NAME, 'predictionTimeoutMs', c.predictionTimeoutMs, 1, 600_000, Math.min(tc.timeoutMs, 5000));
  const { predict: _p, predictionTimeoutMs: _t, ...search } = constraints;
  const floor = typeof search.min === 'number' ? search.min : 0;
  const searchConstraints: MinimalHeapConstraints = { ...search, max: search.max ?? Math.max(test.heap, DEFAULT_HEAP, floor) };

  // Stryker disable next-line ArrayDeclaration: equivalent, checkKeys above already rejected every key outside the list, so no extra key can reach qualify
  const { seed } = qualify(searchConstraints, NAME, []); // validates, throws at once

  const none = (reason: string): Promise<MinimalHeapResult> =>
    Promise.resolve({ minimalHeap: null, verified: false, runs: 0, monotonicityRuns: 0, prediction: null, seed, monotonic: true, reason });
  if (!test.valid) return none(`the test is invalid: ${test.problem ?? 'unusable test'}`);
  if (!built.ok) {
    return none(
      built.outcome.status === 'compile-error'
        ? 'the program does not compile: no heap plays a part'
        : 'an ANF test compares the A-normal form and does not run its program',
    );
  }

  const program: HeapProgram = {
    givenHeap: test.heap,
    run: async (heap) => {
      const { verdict, outcome } = await runAndJudge(tc, built, test.expected, heap);
      return { pass: verdict.pass, outOfMemory: outOfMemoryText(outcome, tc.dialect) !== undefined };
    },
  };
  let neverCollects: boolean | undefined;
  if (predict) {
    program.predict = async () => {
      const run = await runBuiltProgram(tc, built, test.heap, { stats: true, stress: true, timeoutMs: predictionTimeoutMs });
      const { outcome, stats } = run;
      if (!stats || outcome.status === 'timeout' || outcome.status === 'signaled') return null;
      // Only a run that went to its end saw every allocation.
      if (outOfMemoryText(outcome, tc.dialect) === undefined) neverCollects = stats.wordsReclaimed === 0;
      const allocatesNothing = stats.maxDemand === 0;
      return { heap: allocatesNothing ? 0 : stats.maxDemand + LOST_WORDS[tc.dialect], allocatesNothing };
    };
  }
  // Not async: a bad constraint throws synchronously (above), before anything runs.
  // Stryker disable next-line ArrayDeclaration: equivalent, checkKeys above already rejected every key outside the list, so no extra key can reach qualify
  return startMinimalHeapSearch(program, searchConstraints, NAME, []).then((result) => (neverCollects === undefined ? result : { ...result, neverCollects }));
}
