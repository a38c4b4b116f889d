// The machinery of minimalHeap (grader/heap/minimal-heap.ts): constraint qualification, memoised and
// counted runs, one fast-check check over a heap range, and the search itself. Shared with
// minimalHeapForTest and killingHeap.
// fast-check is loaded at the first search, not with this module: commands that do not search
// (`--no-minimize`, `check`, `run`) do not pay for it, and a grading run loads it while its
// programs build.
type FastCheck = typeof import('fast-check').default;
let fastCheck: Promise<FastCheck> | undefined;
const loadFastCheck = () => (fastCheck ??= import('fast-check').then((m) => m.default));
import { DEFAULT_HEAP } from '../../suites/test-file.js';
import {
  checkKeys,
  checkRange,
  constraintError,
  heapOption,
  integerOption,
  replayOption,
  seedOption,
} from './constraints.js';
import type { HeapProgram, HeapRun, MinimalHeapResult } from './types.js';

export const DEFAULT_MINIMAL_HEAP_SEED = 1;
const KEYS = ['min', 'max', 'seed', 'maxRuns', 'monotonicitySamples', 'replay'] as const;

export interface Qualified {
  min: number;
  max: number;
  seed: number;
  maxRuns: number;
  monotonicitySamples: number;
  replay?: { seed: number; path: string };
}

export function qualify(constraints: unknown, fn: string, extraKeys: readonly string[]): Qualified {
  const c = checkKeys(fn, constraints, [...KEYS, ...extraKeys]);
  const min = heapOption(fn, 'min', c.min, 1);
  const max = heapOption(fn, 'max', c.max, Math.max(DEFAULT_HEAP, min));
  checkRange(fn, min, max);
  return {
    min,
    max,
    seed: seedOption(fn, 'seed', c.seed, DEFAULT_MINIMAL_HEAP_SEED),
    maxRuns: integerOption(fn, 'maxRuns', c.maxRuns, 1, 10000, 40),
    monotonicitySamples: integerOption(fn, 'monotonicitySamples', c.monotonicitySamples, 0, 1000, 3),
    replay: replayOption(fn, c.replay),
  };
}

/** Memoised, counted runs; an exception of the runner is kept and rethrown after fast-check. */
export class Runs {
  private readonly memo = new Map<number, Promise<HeapRun>>();
  count = 0;
  error: { value: unknown } | undefined;
  constructor(private readonly program: HeapProgram) {}

  has(heap: number): boolean {
    return this.memo.has(heap);
  }

  run(heap: number): Promise<HeapRun> {
    let run = this.memo.get(heap);
    if (!run) {
      this.count++;
      run = this.program.run(heap);
      this.memo.set(heap, run);
    }
    return run;
  }
}

/** Stops fast-check without a verdict on the current value (its last counterexample stands). */
const interrupt = (fc: FastCheck) => new fc.PreconditionFailure(true);

export interface PhaseResult {
  counterexample?: number;
  path?: string;
  interrupted: boolean;
}

/**
 * One fast-check run of `holds` over the integers [lo, hi]: the examples first, then (numRuns)
 * random draws; a counterexample is shrunk toward lo. At most `budget` new program runs.
 */
export async function heapCheck(
  runs: Runs,
  lo: number,
  hi: number,
  holds: (run: HeapRun, heap: number) => boolean | 'stop',
  params: { seed: number; budget: number; numRuns: number; examples?: number[]; path?: string },
): Promise<PhaseResult> {
  const fc = await loadFastCheck();
  let left = params.budget;
  const property = fc.asyncProperty(fc.integer({ min: lo, max: hi }), async (heap) => {
    if (runs.error) throw interrupt(fc);
    if (!runs.has(heap)) {
      if (left <= 0) throw interrupt(fc);
      left--;
    }
    let run: HeapRun;
    try {
      run = await runs.run(heap);
    } catch (error) {
      runs.error ??= { value: error };
      throw interrupt(fc);
    }
    const verdict = holds(run, heap);
    if (verdict === 'stop') throw interrupt(fc);
    return verdict;
  });
  const details = await fc.check(property, {
    seed: params.seed,
    numRuns: params.numRuns,
    examples: (params.examples ?? []).map((e) => [e] as [number]),
    ...(params.path !== undefined ? { path: params.path } : {}),
  });
  if (runs.error) throw runs.error.value;
  // An interruption before any success also counts as `failed`, but without a counterexample.
  if (!details.failed || details.counterexample === null) return { interrupted: details.interrupted };
  return { counterexample: details.counterexample[0], path: details.counterexamplePath!, interrupted: details.interrupted };
}

/** Validates eagerly (throws), then searches. */
export function startMinimalHeapSearch(
  program: HeapProgram,
  constraints: unknown,
  fn: string,
  extraKeys: readonly string[],
): Promise<MinimalHeapResult> {
  const q = qualify(constraints, fn, extraKeys);
  if (typeof program !== 'object' || program === null || typeof program.run !== 'function') {
    throw constraintError(fn, `the program must have a run(heap) method`);
  }
  if (program.predict !== undefined && typeof program.predict !== 'function') {
    throw constraintError(fn, `the program's predict must be a method when present`);
  }
  return search(program, q);
}

async function search(program: HeapProgram, q: Qualified): Promise<MinimalHeapResult> {
  const { min, max, seed, maxRuns } = q;
  const runs = new Runs(program);
  const clamp = (h: number) => Math.min(max, Math.max(min, h));

  let predictionRuns = 0;
  let prediction: number | null = null;
  let allocatesNothing = false;
  if (program.predict) {
    predictionRuns = 1;
    const p = await program.predict();
    if (p) {
      prediction = clamp(p.heap);
      allocatesNothing = p.allocatesNothing;
    }
  }

  // The property "the test fails at h". A pass that is itself an out-of-memory failure means the
  // test expects the program to run out of memory: it passes at every heap up to that one, so
  // the smallest passing heap says nothing about it; the search stops there.
  let passesOutOfMemory: number | undefined;
  const fails = (run: HeapRun, heap: number): boolean | 'stop' => {
    if (run.pass && run.outOfMemory) {
      passesOutOfMemory = heap;
      return 'stop';
    }
    return !run.pass;
  };
  // No random draws: under FOX.md §5 a test that passes neither at the prediction nor at max
  // passes nowhere in between; monotonicity is what the second property samples.
  const given = program.givenHeap !== undefined ? clamp(program.givenHeap) : undefined;
  const examples = (...heaps: (number | undefined)[]) => [...new Set(heaps.filter((h): h is number => h !== undefined))];
  const phase = (lo: number, heaps: number[], budget: number) =>
    heapCheck(runs, lo, max, fails, { seed, budget, numRuns: heaps.length, examples: heaps });

  let answer: PhaseResult;
  if (prediction !== null) {
    const lo = Math.max(min, prediction - 1);
    const givenInRange = given !== undefined && given >= lo ? given : undefined;
    answer = await phase(lo, examples(prediction, givenInRange, max), maxRuns);
    const budget = () => Math.max(0, maxRuns - runs.count);
    // Stryker disable next-line LogicalOperator: equivalent, a stop always interrupts, so && differs only after running out of runs, where the later phases get no budget and give the same answer
    if (passesOutOfMemory !== undefined || answer.interrupted) {
      // done (or out of runs)
    } else if (answer.counterexample === lo && lo > min) {
      // It passes at prediction − 1 as well: the prediction is too high; shrink from there over [min, max].
      answer = await phase(min, [lo], budget());
    } else if (answer.counterexample === undefined && given !== undefined && given < lo) {
      // Nothing passes from the prediction up, but the test's own heap lies below it (a test that
      // expects to run out of memory passes there): search from the given heap over [min, max].
      answer = await phase(min, [given], budget());
    }
  } else {
    answer = await phase(min, examples(given, max), maxRuns);
  }

  const base = { runs: 0, monotonicityRuns: 0, prediction, seed, monotonic: true as const };
  const total = () => runs.count + predictionRuns;
  if (passesOutOfMemory !== undefined) {
    return {
      ...base,
      minimalHeap: null,
      verified: false,
      runs: total(),
      expectsOutOfMemory: true,
      reason: `the test expects the program to run out of memory (it passes at heap ${passesOutOfMemory}, and so at every smaller heap)`,
    };
  }
  if (answer.counterexample === undefined) {
    const tried = examples(prediction ?? undefined, given).filter((h) => h !== max);
    const reason = answer.interrupted
      ? `no passing heap found within ${maxRuns} runs`
      : `the test does not pass at heap ${max} (the largest searched)${tried.length > 0 ? ` nor at heap ${tried.join(' or ')}` : ''}`;
    return { ...base, minimalHeap: null, verified: false, runs: total(), reason };
  }

  // Verification: outside the search's budget; usually both runs are memoised already.
  const h = answer.counterexample;
  let verified = (await runs.run(h)).pass;
  let reason: string | undefined;
  if (!verified) reason = `the test does not pass at heap ${h} when run again`;
  else if (h === min) verified = true;
  else if (allocatesNothing && h === 1) verified = true;
  else {
    const below = await runs.run(h - 1);
    verified = !below.pass && below.outOfMemory;
    if (below.pass) reason = `the test also passes at heap ${h - 1}${answer.interrupted ? ` (the search stopped after ${maxRuns} runs)` : ''}`;
    else if (!below.outOfMemory) reason = `at heap ${h - 1} the test fails without running out of memory`;
  }
  const result: MinimalHeapResult = { ...base, minimalHeap: h, verified, runs: total(), ...(answer.path !== undefined ? { path: answer.path } : {}) };
  if (reason !== undefined) result.reason = reason;

  // Monotonicity: the property "the test passes at h'" for h' drawn in [h, max], shrunk toward h.
  if (h < max && (q.monotonicitySamples > 0 || q.replay)) {
    const before = runs.count;
    const mseed = q.replay?.seed ?? seed;
    const mono = await heapCheck(runs, h, max, (run) => run.pass, {
      seed: mseed,
      budget: maxRuns,
      numRuns: Math.max(1, q.monotonicitySamples),
      ...(q.replay ? { path: q.replay.path } : {}),
    });
    result.monotonicityRuns = runs.count - before;
    if (mono.counterexample !== undefined) {
      result.monotonic = { counterexample: mono.counterexample, seed: mseed, path: mono.path! };
    }
  }
  return result;
}
