// minimalHeap, killingHeap and heapNote on fake programs: no native code runs, so the search's
// logic (prediction, fallbacks, verification, budget, monotonicity, replay) is tested exactly.
import t from 'tap';
import { minimalHeap, type HeapProgram, type HeapRun } from '../../../grader/heap/minimal-heap.js';
import { fake } from './fixtures/fake.js';
import { killingHeap } from '../../../grader/heap/killing.js';
import { heapNote } from '../../../grader/heap/note.js';
import { minimalHeapForTest } from '../../../grader/heap/for-test.js';
import type { Toolchain } from '../../../suites/execute.js';
import type { LoadedTest } from '../../../suites/test-file.js';

t.test('a right prediction costs exactly the runs that verify it', async (t) => {
  const p = fake({ need: 37, predict: 37 });
  const r = await minimalHeap(p, { monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 37, verified: true, prediction: 37, runs: 3, seed: 1, path: '0', monotonic: true, monotonicityRuns: 0 });
  t.same(p.calls, [37, 36], 'the prediction, then prediction − 1 (fast-check shrinks to the range bottom)');
  t.equal(p.predictions, 1);
  t.equal(r.reason, undefined);
});

t.test('a prediction that is too high falls back to the whole range', async (t) => {
  const p = fake({ need: 20, predict: 30 });
  const r = await minimalHeap(p, { monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 20, verified: true, prediction: 30 });
  t.same(p.calls.slice(0, 2), [30, 29], 'passes at prediction − 1 too');
  t.ok(p.calls.includes(19) && p.calls.includes(20), 'the boundary is established');
  t.equal(r.runs, p.calls.length + 1, 'every distinct run counted, with the prediction');
  t.equal(new Set(p.calls).size, p.calls.length, 'memoised: no heap runs twice');
  t.ok(r.runs > 3);
});

t.test('a prediction that is too low shrinks from max toward it', async (t) => {
  const p = fake({ need: 50, predict: 30 });
  const r = await minimalHeap(p, { max: 1000, monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 50, verified: true, prediction: 30 });
  t.same(p.calls.slice(0, 2), [30, 1000]);
  t.notOk(p.calls.some((h) => h < 29), 'never below the prediction − 1');
});

t.test('without a prediction: binary search by shrinking from the given heap', async (t) => {
  const p = fake({ need: 123, givenHeap: 5000 });
  const r = await minimalHeap(p, { monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 123, verified: true, prediction: null });
  t.equal(p.calls[0], 5000, 'the given heap first');
  t.equal(p.calls[1], 1, 'then shrinking tries the bottom of the range');
  t.ok(r.runs <= 16, `a binary search over 1..5000 (${r.runs} runs)`);
  t.equal(r.runs, p.calls.length, 'no prediction run');

  const q = fake({ need: 123, predict: null });
  const s = await minimalHeap(q, { monotonicitySamples: 0 });
  t.match(s, { minimalHeap: 123, verified: true, prediction: null });
  t.equal(q.calls[0], 100000, 'from max when there is no given heap');
  t.equal(s.runs, q.calls.length + 1, 'the failed prediction is a run');
});

t.test('a program that passes nowhere up to max has no minimal heap', async (t) => {
  const p = fake({ need: 500, predict: 400, givenHeap: 300 });
  const r = await minimalHeap(p, { max: 450 });
  t.match(r, { minimalHeap: null, verified: false, monotonic: true });
  t.match(r.reason, /does not pass at heap 450 \(the largest searched\) nor at heap 400 or 300/);
  t.same(p.calls, [400, 450, 300], 'prediction, max, then the given heap below the prediction');
});

t.test('a test that expects to run out of memory has no minimal heap', async (t) => {
  const p = fake({ need: 6, predict: 6, givenHeap: 5, expectsOom: true });
  const r = await minimalHeap(p, { max: 100000 });
  t.match(r, { minimalHeap: null, expectsOutOfMemory: true, verified: false, runs: 3 });
  t.match(r.reason, /expects the program to run out of memory \(it passes at heap 5/);
  t.same(p.calls, [6, 5]);
});

t.test('verification: min, no allocation, out of memory below, or not verified', async (t) => {
  const atMin = await minimalHeap(fake({ need: 0, predict: 4 }));
  t.match(atMin, { minimalHeap: 1, verified: true });

  const none = fake({ need: 0, predict: 0, allocatesNothing: true });
  t.match(await minimalHeap(none, { monotonicitySamples: 0 }), { minimalHeap: 1, verified: true, runs: 2, prediction: 1 });
  t.same(none.calls, [1]);

  const other = await minimalHeap(fake({ need: 30, predict: 30, otherFailure: true }), { monotonicitySamples: 0 });
  t.match(other, { minimalHeap: 30, verified: false });
  t.match(other.reason, /at heap 29 the test fails without running out of memory/);

  const fromMin = await minimalHeap(fake({ need: 3, predict: 3 }), { min: 3, monotonicitySamples: 0 });
  t.match(fromMin, { minimalHeap: 3, verified: true, runs: 2 }, 'h = min needs no run below');
});

t.test('the search stops at maxRuns and says so', async (t) => {
  const p = fake({ need: 12345 });
  const r = await minimalHeap(p, { maxRuns: 3, monotonicitySamples: 0 });
  t.same(p.calls.slice(0, 3), [100000, 1, 50001], 'max, the bottom, then halfway (100000 − ⌊99999/2⌋)');
  t.equal(r.minimalHeap, 50001, 'the best counterexample so far');
  t.equal(r.verified, false);
  t.match(r.reason, /also passes at heap 50000 \(the search stopped after 3 runs\)/);
  t.equal(r.runs, 4, 'three search runs and one verification run');

  const q = fake({ need: 10, givenHeap: 5 });
  const s = await minimalHeap(q, { maxRuns: 1 });
  t.match(s, { minimalHeap: null, reason: 'no passing heap found within 1 runs' });
});

t.test("a runner's exception propagates; it is never taken for a passing heap", async (t) => {
  const boom = new Error('cannot start the program');
  const p: HeapProgram = { run: async (h) => (h < 50 ? { pass: false, outOfMemory: true } : Promise.reject(boom)) };
  await t.rejects(minimalHeap(p, { max: 100 }), boom);
});

t.test('monotonicity: a violation is reported with a seed and path that replay it', async (t) => {
  // Passes from 10 up to 60 only: a runtime that breaks on big heaps.
  const make = () => fake({ need: 10, predict: 10, passes: (h) => h <= 60 });
  const first = make();
  const r = await minimalHeap(first, { max: 1000, seed: 42, monotonicitySamples: 5 });
  t.match(r, { minimalHeap: 10, verified: true, runs: 3 });
  t.not(r.monotonic, true, 'the violation is found');
  const v = r.monotonic as Exclude<typeof r.monotonic, true>;
  t.equal(v.counterexample, 61, 'shrunk to the first failing heap');
  t.equal(v.seed, 42);
  t.match(v.path, /^\d+(:\d+)*$/);
  t.ok(r.monotonicityRuns > 0 && r.monotonicityRuns <= 40);

  // Replay with a fresh runner and a different search seed: the same counterexample, directly.
  const again = make();
  const replayed = await minimalHeap(again, { max: 1000, seed: 7, replay: { seed: v.seed, path: v.path } });
  t.same(replayed.monotonic, v, 'same counterexample, seed and path');
  t.ok(replayed.monotonicityRuns <= r.monotonicityRuns, `replay runs ${replayed.monotonicityRuns} ≤ ${r.monotonicityRuns}`);
  t.ok(again.calls.includes(61));

  // A monotone program: the same samples find nothing.
  const fine = await minimalHeap(fake({ need: 10, predict: 10 }), { max: 1000, seed: 42, monotonicitySamples: 5 });
  t.equal(fine.monotonic, true);
  t.ok(fine.monotonicityRuns > 0 && fine.monotonicityRuns <= 5);
});

t.test('a fixed seed gives identical results', async (t) => {
  const make = () => fake({ need: 77, predict: 90, passes: (h) => h % 97 !== 0 });
  const a = await minimalHeap(make(), { seed: 3, max: 5000, monotonicitySamples: 8 });
  const b = await minimalHeap(make(), { seed: 3, max: 5000, monotonicitySamples: 8 });
  t.same(a, b);
  t.equal(a.minimalHeap, 77);
});

t.test('constraints are validated at once, with precise messages', async (t) => {
  const p = fake({ need: 1 });
  const bad: Array<[unknown, RegExp]> = [
    [{ min: -1 }, /^minimalHeap: 'min' must be from 0 to 16777216, got -1$/],
    [{ min: 1.5 }, /^minimalHeap: 'min' must be an integer from 0 to 16777216, got 1\.5$/],
    [{ max: '10' }, /^minimalHeap: 'max' must be an integer from 0 to 16777216, got "10"$/],
    [{ min: 10, max: 5 }, /^minimalHeap: 'max' \(5\) must be at least 'min' \(10\)$/],
    [{ max: 2 ** 24 + 1 }, /'max' must be from 0 to 16777216, got 16777217/],
    [{ seed: 2 ** 31 }, /'seed' must be from -2147483648 to 2147483647, got 2147483648/],
    [{ maxRuns: 0 }, /'maxRuns' must be from 1 to 10000, got 0/],
    [{ monotonicitySamples: -1 }, /'monotonicitySamples' must be from 0 to 1000, got -1/],
    [{ maxRun: 3 }, /unknown constraint 'maxRun'; expected one of 'min', 'max', 'seed', 'maxRuns', 'monotonicitySamples', 'replay'/],
    [[], /constraints must be an object, got an array/],
    [{ replay: { seed: 1, path: 'a:b' } }, /'replay\.path' must be a fast-check path such as "0:1:3", got "a:b"/],
    [{ replay: { path: '0' } }, /'replay\.seed' is missing/],
    [{ replay: { seed: 1, path: '0', extra: 1 } }, /unknown key 'extra' in 'replay'/],
  ];
  for (const [constraints, message] of bad) {
    // Synchronous: the error comes before any program runs (not a rejected promise).
    t.throws(() => minimalHeap(p, constraints as never), { code: 'E_CONSTRAINT', message }, JSON.stringify(constraints));
  }
  t.same(p.calls, [], 'nothing ran');
  t.throws(() => minimalHeap({} as HeapProgram), { message: /the program must have a run\(heap\) method/ });

  const tc = { dialect: 'sp19', timeoutMs: 15000 } as Toolchain;
  const test = { valid: true, heap: 6 } as LoadedTest;
  const built = { ok: false as const, outcome: { status: 'compile-error' as const, message: 'x' } };
  t.throws(() => minimalHeapForTest(tc, test, built, { predictionTimeoutMs: 0 }), {
    message: /^minimalHeapForTest: 'predictionTimeoutMs' must be from 1 to 600000, got 0$/,
  });
  t.throws(() => minimalHeapForTest(tc, test, built, { predict: 'yes' } as never), { message: /'predict' must be true or false, got "yes"/ });
  t.throws(() => minimalHeapForTest(tc, test, built, { max: 0, min: 2 }), { message: /^minimalHeapForTest: 'max' \(0\) must be at least 'min' \(2\)$/ });
  t.throws(() => minimalHeapForTest(tc, test, built, { nope: 1 } as never), { message: /unknown constraint 'nope'; expected one of 'predict', 'predictionTimeoutMs'/ });
  // Valid constraints on a program that did not compile: null, no runs.
  t.match(await minimalHeapForTest(tc, test, built, { seed: 9 }), { minimalHeap: null, runs: 0, seed: 9, reason: /does not compile/ });
});

t.test('killingHeap searches from the minimal heap upward and shrinks toward it', async (t) => {
  const calls: number[] = [];
  const killedFrom500 = async (h: number) => (calls.push(h), h >= 500);
  const r = await killingHeap(killedFrom500, { minimal: 10, max: 1000, seed: 5 });
  t.equal(calls[0], 10, 'the minimal heap first');
  t.equal(r.killingHeap, 500, 'the smallest killing heap');
  t.ok(r.runs <= 30, `bounded (${r.runs} runs)`);
  t.equal(r.runs, new Set(calls).size);
  t.match(r, { seed: 5, path: /^\d+(:\d+)*$/ });

  const atMinimal = await killingHeap(async () => true, { minimal: 14 });
  t.same(atMinimal, { killingHeap: 14, runs: 1, seed: 1, path: '0' });

  const never: number[] = [];
  const n = await killingHeap(async (h) => (never.push(h), false), { minimal: 8, max: 100, samples: 6 });
  t.match(n, { killingHeap: null, seed: 1 });
  t.ok(n.runs <= 6, 'at most the samples');
  t.equal(n.path, undefined);

  const capped = await killingHeap(async (h) => h >= 99_000, { minimal: 1, samples: 1000, maxRuns: 4 });
  t.ok(capped.runs <= 4, 'maxRuns bounds the runs');

  t.throws(() => killingHeap(async () => true, {} as never), { code: 'E_CONSTRAINT', message: /'minimal' is required/ });
  t.throws(() => killingHeap(async () => true, { minimal: 10, max: 5 }), { message: /'max' \(5\) must be at least 'minimal' \(10\)/ });
  t.throws(() => killingHeap(async () => true, { minimal: 1, samples: 0 }), { message: /'samples' must be from 1 to 1000, got 0/ });
  t.throws(() => killingHeap(5 as never, { minimal: 1 }), { message: /must be a function/ });
});

t.test('heapNote: only when the heap is above the minimal one', async (t) => {
  t.equal(heapNote(6, 6), undefined);
  t.equal(heapNote(5, 6), undefined, 'below: a failing test, another problem');
  t.equal(heapNote(100000, null), undefined);
  t.equal(heapNote(100000, undefined), undefined);
  const note = heapNote(100000, 6);
  t.match(note, /^heap 100000 is larger than 6, the smallest heap at which this test passes/);
  t.match(note, /collector runs less often or not at all/);
  t.match(note, /try "heap": 6$/);
  t.throws(() => heapNote(-1, 6), { code: 'E_CONSTRAINT' });
  t.throws(() => heapNote(6, 1.5), { code: 'E_CONSTRAINT' });
});
