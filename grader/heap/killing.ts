// Killing heaps (instructor view): a mutant survives a test at the test's heap; would the same
// program kill it at another heap? A collector bug often shows only when a collection happens at
// one particular moment, and the heap decides when collections happen. The search draws heaps in
// [minimal, max] with fast-check (the minimal heap first: the tightest heap collects most), and
// shrinks a killing heap toward the minimal one. Killing is not monotone in the heap, so the
// answer is the smallest killing heap *found*: shrinking tried the minimal heap and then halved the
// distance down to h − 1, all of which the mutant survived.
import { checkKeys, checkRange, constraintError, heapOption, integerOption, seedOption } from './constraints.js';
import { DEFAULT_MINIMAL_HEAP_SEED, heapCheck, Runs } from './search.js';

/** Runs the test's program on the mutant at `heap`: true when the mutant is killed (or times out). */
export type KilledAt = (heap: number) => Promise<boolean>;

export interface KillingHeapConstraints {
  /** The test's minimal heap (required): below it the test fails on the reference. */
  minimal: number;
  /** Largest heap tried (minimal … 2^24). Default: the larger of minimal and 100000. */
  max?: number;
  /** fast-check seed of the draws. Default 1 (fixed: reproducible). */
  seed?: number;
  /** Heaps drawn before giving up, the minimal one included (1 … 1000). Default 10. */
  samples?: number;
  /** Most distinct runs in all, shrinking included (1 … 10000). Default 30. */
  maxRuns?: number;
}

export interface KillingHeapResult {
  /** The smallest heap found at which the mutant is killed, or null when every tried heap let it survive. */
  killingHeap: number | null;
  /** Distinct runs of the mutant. */
  runs: number;
  seed: number;
  /** fast-check's counterexample path (replay with the same constraints). */
  path?: string;
}

const NAME = 'killingHeap';

export function killingHeap(killedAt: KilledAt, constraints: KillingHeapConstraints): Promise<KillingHeapResult> {
  if (typeof killedAt !== 'function') throw constraintError(NAME, 'the first argument must be a function (heap) => Promise<boolean>');
  const c = checkKeys(NAME, constraints, ['minimal', 'max', 'seed', 'samples', 'maxRuns']);
  if (c.minimal === undefined) throw constraintError(NAME, `'minimal' is required (the test's minimal heap)`);
  const minimal = heapOption(NAME, 'minimal', c.minimal, 0);
  const max = heapOption(NAME, 'max', c.max, Math.max(minimal, 100000));
  checkRange(NAME, minimal, max, 'minimal', 'max');
  const seed = seedOption(NAME, 'seed', c.seed, DEFAULT_MINIMAL_HEAP_SEED);
  const samples = integerOption(NAME, 'samples', c.samples, 1, 1000, 10);
  const maxRuns = integerOption(NAME, 'maxRuns', c.maxRuns, 1, 10000, 30);
  return search(killedAt, { minimal, max, seed, samples, maxRuns });
}

async function search(
  killedAt: KilledAt,
  q: { minimal: number; max: number; seed: number; samples: number; maxRuns: number },
): Promise<KillingHeapResult> {
  const runs = new Runs({ run: async (heap) => ({ pass: !(await killedAt(heap)), outOfMemory: false }) });
  // The property "the mutant survives at h"; a counterexample is a killing heap.
  const found = await heapCheck(runs, q.minimal, q.max, (run) => run.pass, {
    seed: q.seed,
    budget: q.maxRuns,
    numRuns: q.samples,
    examples: [q.minimal],
  });
  return {
    killingHeap: found.counterexample ?? null,
    runs: runs.count,
    seed: q.seed,
    ...(found.path !== undefined ? { path: found.path } : {}),
  };
}
