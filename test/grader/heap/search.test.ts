// The minimal-heap search (grader/heap/search.ts) on fake programs, no native code: program
// validation, the stop on a passing out-of-memory run, the run budget across the phases, the
// fallback phases, the reason texts, verification at heap 1, and monotonicity replay.
import t from 'tap';
import { minimalHeap, type HeapProgram, type HeapRun } from '../../../grader/heap/minimal-heap.js';
import { fake } from './fixtures/fake.js';

t.test('the program is validated before anything runs', async (t) => {
  const runMessage = /^minimalHeap: the program must have a run\(heap\) method$/;
  t.throws(() => minimalHeap(null as never), { code: 'E_CONSTRAINT', message: runMessage }, 'null');
  const calls: number[] = [];
  const run = async (heap: number): Promise<HeapRun> => (calls.push(heap), { pass: true, outOfMemory: false });
  t.throws(() => minimalHeap(Object.assign(async () => 0, { run }) as never), { code: 'E_CONSTRAINT', message: runMessage }, 'a function is not a program object');
  t.throws(() => minimalHeap({ run, predict: 5 } as never), {
    code: 'E_CONSTRAINT',
    message: /^minimalHeap: the program's predict must be a method when present$/,
  });
  t.same(calls, [], 'nothing ran');
  // minimalHeap accepts exactly the documented constraints, and lists them.
  t.throws(() => minimalHeap({ run }, { heap: 5 } as never), {
    code: 'E_CONSTRAINT',
    message: /^minimalHeap: unknown constraint 'heap'; expected one of 'min', 'max', 'seed', 'maxRuns', 'monotonicitySamples', 'replay'$/,
  });
});

t.test('the whole result of a right prediction just above min: one phase, no reason', async (t) => {
  const p = fake({ need: 36, predict: 37 });
  const r = await minimalHeap(p, { min: 36, monotonicitySamples: 0 });
  // The prediction passes, shrinking tries prediction − 1 = min, which passes too: the answer is
  // min, from the first phase's path (the prediction, shrunk once); no second phase over [min, max].
  t.strictSame(r, { minimalHeap: 36, verified: true, runs: 3, monotonicityRuns: 0, prediction: 37, seed: 1, monotonic: true, path: '0:0' });
  t.same(p.calls, [37, 36]);
});

t.test("a runner's error stops the search at once", async (t) => {
  const boom = new Error('cannot start the program');
  const calls: number[] = [];
  // Fails to start at one heap only (the first one tried): no heap is taken for a passing one.
  const p: HeapProgram = {
    run: async (h) => {
      calls.push(h);
      if (h === 100000) throw boom;
      return { pass: h >= 20, outOfMemory: h < 20 };
    },
  };
  await t.rejects(minimalHeap(p), boom);
  t.same(calls, [100000], 'no run after the error');
});

t.test('a test that passes by running out of memory stops the search at that heap', async (t) => {
  const p = fake({ need: 50, givenHeap: 5, expectsOom: true });
  const r = await minimalHeap(p, { max: 1000 });
  t.match(r, { minimalHeap: null, expectsOutOfMemory: true, verified: false, runs: 1 });
  t.match(r.reason, /\(it passes at heap 5, and so at every smaller heap\)$/);
  t.same(p.calls, [5], 'the given heap, and nothing after it');

  // Stopped in the first phase (at the prediction): the given heap below it is not searched.
  const q = fake({ need: 50, predict: 40, givenHeap: 5, expectsOom: true });
  const s = await minimalHeap(q, { max: 1000 });
  t.match(s, { minimalHeap: null, expectsOutOfMemory: true, runs: 2 });
  t.match(s.reason, /\(it passes at heap 40, and so at every smaller heap\)$/);
  t.same(q.calls, [40]);
});

t.test('memoised heaps cost nothing from the budget', async (t) => {
  // A prediction too high: the second phase starts from prediction − 1, already run.
  const free = fake({ need: 20, predict: 30 });
  const r = await minimalHeap(free, { monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 20, verified: true });
  t.equal(r.reason, undefined);
  const needed = free.calls.length; // every run is a search run: the verification's are memoised
  t.ok(free.calls.includes(19) && free.calls.includes(20));

  const exact = fake({ need: 20, predict: 30 });
  const s = await minimalHeap(exact, { maxRuns: needed, monotonicitySamples: 0 });
  t.same(s, r, `a budget of exactly the ${needed} runs needed is enough`);
  t.same(exact.calls, free.calls);
});

t.test('maxRuns bounds the runs of all the phases together', async (t) => {
  const p = fake({ need: 20, predict: 30 });
  const r = await minimalHeap(p, { maxRuns: 4, monotonicitySamples: 0 });
  t.same(p.calls.slice(0, 2), [30, 29], 'the first phase: the prediction and prediction − 1');
  t.equal(r.verified, false);
  t.not(r.minimalHeap, 20, 'stopped before the boundary');
  t.match(r.reason, /\(the search stopped after 4 runs\)$/);
  t.ok(p.calls.length <= 5, `4 search runs and at most one verification run (${p.calls})`);
  t.equal(r.runs, p.calls.length + 1);
});

t.test('out of runs before the given heap below the prediction: no passing heap within maxRuns', async (t) => {
  const p = fake({ need: 500, predict: 400, givenHeap: 300 });
  const r = await minimalHeap(p, { max: 450, maxRuns: 2 });
  t.match(r, { minimalHeap: null, verified: false, runs: 3, reason: 'no passing heap found within 2 runs' });
  t.same(p.calls, [400, 450], 'the given heap is not run: no budget left');
});

t.test('a prediction too low: the given heap below it plays no part', async (t) => {
  const p = fake({ need: 50, predict: 30, givenHeap: 5 });
  const r = await minimalHeap(p, { max: 1000, monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 50, verified: true, prediction: 30 });
  t.equal(r.reason, undefined);
  t.notOk(p.calls.includes(5), 'the given heap is not searched once a passing heap is found');
});

t.test('no passing heap: the reason names each tried heap once', async (t) => {
  const alone = fake({ need: 500 });
  const r = await minimalHeap(alone, { max: 450 });
  t.equal(r.reason, 'the test does not pass at heap 450 (the largest searched)', 'only max was tried');
  t.same(alone.calls, [450]);

  // The prediction, clamped to max, is max itself: not named twice.
  const clamped = fake({ need: 500, predict: 5000, givenHeap: 300 });
  const s = await minimalHeap(clamped, { max: 450 });
  t.match(s, { minimalHeap: null, prediction: 450 });
  t.equal(s.reason, 'the test does not pass at heap 450 (the largest searched) nor at heap 300');
  t.same(clamped.calls, [450, 300]);

  const given = fake({ need: 500, givenHeap: 450 });
  const u = await minimalHeap(given, { max: 450 });
  t.equal(u.reason, 'the test does not pass at heap 450 (the largest searched)', 'the given heap is max');
});

t.test('verification at heap 1 above min 0', async (t) => {
  // The runtime refuses heap 0 (a failure that is not out of memory); heap 1 passes.
  const none = fake({ need: 1, otherFailure: true, predict: 0, allocatesNothing: true });
  const r = await minimalHeap(none, { min: 0, monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 1, verified: true, prediction: 0 });
  t.equal(r.reason, undefined, 'a program that allocates nothing needs heap 1 whatever heap 0 does');

  // Without a prediction, nothing says the program allocates nothing: heap 0 must run out of memory.
  const unknown = fake({ need: 1, otherFailure: true });
  const s = await minimalHeap(unknown, { min: 0, monotonicitySamples: 0 });
  t.match(s, { minimalHeap: 1, verified: false, prediction: null });
  t.equal(s.reason, 'at heap 0 the test fails without running out of memory');

  // "Allocates nothing" vouches for heap 1 only.
  const wrong = fake({ need: 5, otherFailure: true, predict: 0, allocatesNothing: true });
  const w = await minimalHeap(wrong, { min: 0, monotonicitySamples: 0 });
  t.match(w, { minimalHeap: 5, verified: false });
  t.equal(w.reason, 'at heap 4 the test fails without running out of memory');
});

t.test('the answer is read again before it is called verified', async (t) => {
  // A runner that reuses one result object: after the search it holds the last run (heap 36,
  // out of memory), so the answer's run no longer passes when read again.
  const calls: number[] = [];
  const result: HeapRun = { pass: false, outOfMemory: false };
  const p: HeapProgram = {
    predict: async () => ({ heap: 37, allocatesNothing: false }),
    run: async (heap) => {
      calls.push(heap);
      result.pass = heap >= 37;
      result.outOfMemory = heap < 37;
      return result;
    },
  };
  const r = await minimalHeap(p, { monotonicitySamples: 0 });
  t.same(calls, [37, 36]);
  t.match(r, { minimalHeap: 37, verified: false });
  t.equal(r.reason, 'the test does not pass at heap 37 when run again');
});

t.test('monotonicity replay follows the path, not new samples', async (t) => {
  // Fails only in a narrow band far above its minimal heap: a few random draws miss it.
  const make = () => fake({ need: 10, predict: 10, passes: (h) => h < 700 || h > 720 });
  const found = await minimalHeap(make(), { max: 1000, seed: 11, monotonicitySamples: 1000, maxRuns: 10000 });
  t.not(found.monotonic, true, 'many samples find the band');
  const v = found.monotonic as Exclude<typeof found.monotonic, true>;
  t.equal(v.counterexample, 700, 'shrunk to the band\'s first heap');

  const none = await minimalHeap(make(), { max: 1000, seed: v.seed, monotonicitySamples: 1 });
  t.equal(none.monotonic, true, 'one draw of the same seed misses it');

  for (const monotonicitySamples of [0, 1]) {
    const again = make();
    const replayed = await minimalHeap(again, { max: 1000, monotonicitySamples, replay: { seed: v.seed, path: v.path } });
    t.same(replayed.monotonic, v, `replayed with ${monotonicitySamples} samples`);
    t.ok(again.calls.includes(v.counterexample));
  }
});

t.test('monotonicitySamples draws that many heaps above the answer', async (t) => {
  const p = fake({ need: 10, predict: 10 });
  const r = await minimalHeap(p, { max: 1 << 24, seed: 5, monotonicitySamples: 20 });
  t.match(r, { minimalHeap: 10, verified: true, monotonic: true });
  const drawn = p.calls.slice(2);
  t.equal(r.monotonicityRuns, drawn.length);
  t.ok(drawn.every((h) => h > 10));
  t.ok(r.monotonicityRuns > 10 && r.monotonicityRuns <= 20, `${r.monotonicityRuns} distinct heaps of 20 draws`);
});
