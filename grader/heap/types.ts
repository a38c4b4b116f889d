// The minimal-heap search's vocabulary: the program under search, its runs, the constraints and
// the result. Apart from minimal-heap.ts and search.ts so that each imports these without the other.
/** One normal run of the program at one heap, judged against the test's expected result. */
export interface HeapRun {
  pass: boolean;
  /** The run ended with the runtime's out-of-memory failure (whatever the test expected). */
  outOfMemory: boolean;
}

/** What one stress-mode run with statistics says about the heap the program needs. */
export interface HeapPrediction {
  /** Predicted minimal heap argument: the largest demand plus the words the dialect loses. */
  heap: number;
  /** No allocation reached try_gc (in stress mode every one does): the program allocates nothing. */
  allocatesNothing: boolean;
}

/**
 * The program under search. A run at a given heap must be deterministic: it is made at most once
 * per heap (memoised) and counted.
 */
export interface HeapProgram {
  run(heap: number): Promise<HeapRun>;
  /** The test's own heap, where a valid test passes: tried right after the prediction. */
  givenHeap?: number;
  /** One stress-mode run (counted as a run); null when it gave nothing usable (timeout, crash). */
  predict?(): Promise<HeapPrediction | null>;
}

export interface MinimalHeapConstraints {
  /** Smallest heap considered, in words (0 … 2^24). Default 1. */
  min?: number;
  /**
   * Largest heap considered (min … 2^24); a program that does not pass here has no minimal heap.
   * Default 100000 (the runtime's default heap); minimalHeapForTest: the larger of 100000 and the
   * test's own heap, so that a test whose heap is too small still gets its minimal heap.
   */
  max?: number;
  /**
   * Seed of fast-check's random draws (the monotonicity samples; the search itself draws nothing,
   * see below). A 32-bit integer. Default 1: fixed, so that results are reproducible.
   */
  seed?: number;
  /**
   * Most distinct program runs the search may make (1 … 10000), and separately the monotonicity
   * check; the verification of the answer is not counted against it. Default 40 (a plain binary
   * search over 1 … 2^24 needs 25).
   */
  maxRuns?: number;
  /** Heaps drawn in [h, max] to check that the test keeps passing above h (0 … 1000; 0: no check). Default 3. */
  monotonicitySamples?: number;
  /** Replays the monotonicity check of an earlier result: its `monotonic.seed` and `monotonic.path`. */
  replay?: { seed: number; path: string };
}

export interface MonotonicityViolation {
  /** A heap above the minimal one at which the test fails. */
  counterexample: number;
  seed: number;
  /** fast-check's counterexample path: pass `{ seed, path }` as `replay` to reproduce it. */
  path: string;
}

export interface MinimalHeapResult {
  /** The smallest passing heap in [min, max], or null (see `reason`). */
  minimalHeap: number | null;
  /** Passes at h, and h − 1 runs out of memory (or h is `min`, or the program allocates nothing). */
  verified: boolean;
  /** Distinct program runs of the prediction, the search and the verification. */
  runs: number;
  /** Distinct program runs the monotonicity check added. */
  monotonicityRuns: number;
  /** The stress run's prediction (clamped to [min, max]), or null without one. */
  prediction: number | null;
  seed: number;
  /** fast-check's counterexample path of the search phase that gave the answer. */
  path?: string;
  /** true when no sampled heap above h fails. */
  monotonic: true | MonotonicityViolation;
  /** Why minimalHeap is null, or why the answer is not verified. */
  reason?: string;
  /**
   * The test passes because the program runs out of memory (a `-neg` test): it passes at every heap
   * up to the one tried, so minimalHeap is null; its telling heap is the largest failing one.
   */
  expectsOutOfMemory?: true;
}
