// minimalHeapForTest: the minimal-heap search for one loaded test, on a toolchain. No native
// program runs: the module is loaded with reference/run.js's runProgram replaced by a fake runtime
// (FOX.md §5: a program whose largest demand is `need` words passes at every heap with at least
// `need` usable words and runs out of memory below; fa18 loses 2 words, §8). The rest is real:
// runBuiltProgram (environment, statistics file), runAndJudge (the test's expected result,
// judged per dialect), the search.
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import type { BuiltProgram, GcStats, Toolchain } from '../../../suites/execute.js';
import type { LoadedTest } from '../../../suites/test-file.js';
import type { Expected } from '../../../suites/judge.js';
import type { RunOptions, RunResult } from '../../../reference/run.js';
import type { Dialect } from '../../../grader/result.js';

type ForTestModule = typeof import('../../../grader/heap/for-test.js');

interface Call {
  exe: string;
  heap: number | undefined;
  env: Record<string, string>;
  timeoutMs: number | undefined;
  stress: boolean;
}

interface FakeProgram {
  /** Largest demand in words (maxDemand). */
  need: number;
  /** What the stress run's collections reclaim. Default 0. */
  reclaimed?: number;
  /** What the program prints when it runs to its end. Default `5`. */
  value?: string;
  /** Replaces the stress run: its outcome, and the statistics written (undefined: none). */
  stressRun?: (heap: number) => { result: RunResult; stats?: Partial<GcStats> };
}

const LOST = { sp19: 0, fa18: 2 } as const;

function outOfMemory(dialect: Dialect, need: number, usable: number): RunResult {
  const stderr =
    dialect === 'sp19'
      ? `\nout of memory: needed ${need} words, but only ${Math.max(0, usable)} remain after collection!\n\n`
      : `\nOut of memory: needed ${need} words, but only ${Math.max(0, usable)} remain after collection!\n\n`;
  return { status: 'exited', exitCode: 9, stdout: '', stderr, durationMs: 1, truncated: false };
}

/** A fake runtime of `dialect` running `program`, recording every run. */
function fakeRuntime(dialect: Dialect, program: FakeProgram) {
  const calls: Call[] = [];
  const runProgram = async (exe: string, opts: RunOptions = {}): Promise<RunResult> => {
    const env = { ...(opts.env ?? {}) };
    const heap = opts.heap ?? 100000;
    const stress = env.FOX_GC_STRESS === '1';
    calls.push({ exe, heap: opts.heap, env, timeoutMs: opts.timeoutMs, stress });
    const usable = heap - LOST[dialect];
    // A program that allocates nothing never calls try_gc: it runs at any heap.
    const fits = program.need === 0 || usable >= program.need;
    const writeStats = (stats: Partial<GcStats>) => {
      if (env.FOX_GC_STATS === undefined) return;
      const full: GcStats = {
        collections: 1,
        wordsReclaimed: program.reclaimed ?? 0,
        liveAfter: [],
        maxDemand: program.need,
        gcNanoseconds: 1,
        heapWords: heap,
        usableWords: usable,
        ...stats,
      };
      writeFileSync(env.FOX_GC_STATS, JSON.stringify(full));
    };
    if (stress && program.stressRun) {
      const { result, stats } = program.stressRun(heap);
      if (stats) writeStats(stats);
      return result;
    }
    writeStats({});
    if (!fits) return outOfMemory(dialect, program.need, usable);
    return { status: 'exited', exitCode: 0, stdout: `${program.value ?? '5'}\n`, stderr: '', durationMs: 1, truncated: false };
  };
  return { calls, runProgram };
}

/**
 * for-test.js with suites/execute.js loaded with runProgram replaced. (tap's mocks reach only the
 * imports they can resolve, and a `.js` import of a `.ts` file is not one: execute.js is mocked
 * with its own mocked copy.)
 */
async function loadWith(t: Test, runProgram: (exe: string, opts?: RunOptions) => Promise<RunResult>): Promise<ForTestModule> {
  const real = await import('../../../reference/run.js');
  const execute = await t.mockImport<typeof import('../../../suites/execute.js')>('../../../suites/execute.js', {
    '../../../reference/run.js': { ...real, runProgram },
  });
  return t.mockImport<ForTestModule>('../../../grader/heap/for-test.js', { '../../../suites/execute.js': execute });
}

async function load(t: Test, dialect: Dialect, program: FakeProgram) {
  const runtime = fakeRuntime(dialect, program);
  const mod = await loadWith(t, runtime.runProgram);
  return { ...runtime, minimalHeapForTest: mod.minimalHeapForTest };
}

const tc = (dialect: Dialect, timeoutMs = 15000) => ({ dialect, timeoutMs, cacheDir: '/nonexistent', runtime: {} }) as unknown as Toolchain;
const built: BuiltProgram = { ok: true, exe: '/nonexistent/fake-program', anf: '' };
const value = (text: string): Expected => ({ kind: 'value', text });
const failure = (text: string): Expected => ({ kind: 'failure', text });
const loaded = (heap: number, expected: Expected, more: Partial<LoadedTest> = {}) =>
  ({ index: 0, name: 't', displayName: 't', source: 'inline', code: '5', expected, heap, heapGiven: true, anf: false, valid: true, ...more }) as LoadedTest;

const stressRuns = (calls: Call[]) => calls.filter((c) => c.stress);
const normalRuns = (calls: Call[]) => calls.filter((c) => !c.stress);

t.test('sp19: one stress run with statistics at the test heap predicts maxDemand; normal runs judge the test', async (t) => {
  const f = await load(t, 'sp19', { need: 30 });
  const r = await f.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built);
  t.match(r, { minimalHeap: 30, verified: true, prediction: 30, neverCollects: true });
  t.notOk('reason' in r && r.reason !== undefined, 'no reason for a verified answer');

  const [stressRun, ...otherStress] = stressRuns(f.calls);
  t.same(otherStress, [], 'one prediction run');
  t.equal(stressRun.heap, 100, 'at the test\'s own heap');
  t.equal(stressRun.env.FOX_GC_STRESS, '1', 'stress mode');
  t.type(stressRun.env.FOX_GC_STATS, 'string', 'with statistics');
  t.equal(stressRun.timeoutMs, 5000, 'the toolchain\'s limit, at most 5000');
  t.equal(f.calls[0], stressRun, 'the prediction comes first');

  const normal = normalRuns(f.calls);
  t.ok(normal.length >= 2);
  for (const c of normal) {
    t.equal(c.env.FOX_GC_STATS, undefined, `heap ${c.heap}: no statistics`);
    t.equal(c.timeoutMs, 15000, `heap ${c.heap}: the toolchain's limit`);
    t.equal(c.exe, built.ok ? built.exe : '');
  }
  const heaps = normal.map((c) => c.heap);
  t.ok(heaps.includes(30) && heaps.includes(29), 'the answer and the heap below it');
  t.equal(r.runs + r.monotonicityRuns, f.calls.length, 'every run counted, the prediction too');
});

t.test('the prediction run\'s limit: the toolchain\'s when smaller, or predictionTimeoutMs', async (t) => {
  const f = await load(t, 'sp19', { need: 8 });
  await f.minimalHeapForTest(tc('sp19', 2000), loaded(100, value('5')), built);
  t.equal(stressRuns(f.calls)[0].timeoutMs, 2000);
  t.ok(normalRuns(f.calls).every((c) => c.timeoutMs === 2000));

  const g = await load(t, 'sp19', { need: 8 });
  await g.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built, { predictionTimeoutMs: 1234 });
  t.equal(stressRuns(g.calls)[0].timeoutMs, 1234);
});

t.test('fa18: the prediction adds the 2 words its prelude loses', async (t) => {
  const f = await load(t, 'fa18', { need: 30, reclaimed: 12 });
  const r = await f.minimalHeapForTest(tc('fa18'), loaded(100, value('5')), built);
  t.match(r, { minimalHeap: 32, verified: true, prediction: 32, neverCollects: false });
});

t.test('neverCollects: whether the stress run reclaimed anything', async (t) => {
  const f = await load(t, 'sp19', { need: 12, reclaimed: 40 });
  const r = await f.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built);
  t.match(r, { minimalHeap: 12, verified: true, prediction: 12, neverCollects: false });

  const g = await load(t, 'sp19', { need: 12, reclaimed: 0 });
  t.match(await g.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built), { minimalHeap: 12, neverCollects: true });
});

t.test('a program that allocates nothing is predicted at the smallest heap', async (t) => {
  for (const dialect of ['sp19', 'fa18'] as const) {
    const f = await load(t, dialect, { need: 0 });
    const r = await f.minimalHeapForTest(tc(dialect), loaded(100, value('5')), built);
    t.match(r, { minimalHeap: 1, verified: true, prediction: 1, neverCollects: true }, dialect);
  }
});

t.test('predict: false makes no stress run', async (t) => {
  const f = await load(t, 'sp19', { need: 30 });
  const r = await f.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built, { predict: false });
  t.same(stressRuns(f.calls), []);
  t.match(r, { minimalHeap: 30, verified: true, prediction: null });
  t.notOk('neverCollects' in r, 'no stress run, no neverCollects');
});

t.test('a test that expects to run out of memory: judged against its failure text, per dialect', async (t) => {
  // FOX.md §6's gc-0-neg: heap 5, failure `out of memory`; the program needs 6 words.
  const f = await load(t, 'sp19', { need: 6 });
  const r = await f.minimalHeapForTest(tc('sp19'), loaded(5, failure('out of memory')), built);
  t.match(r, { minimalHeap: null, expectsOutOfMemory: true, reason: /expects the program to run out of memory \(it passes at heap 5/ });
  t.equal(r.prediction, 6);
  // The stress run itself ran out of memory: it did not see every allocation.
  t.notOk('neverCollects' in r, 'no neverCollects from a run that ran out of memory');

  // fa18 matched failure text case-insensitively: `Out of memory` passes `out of memory`.
  const g = await load(t, 'fa18', { need: 6 });
  const s = await g.minimalHeapForTest(tc('fa18'), loaded(7, failure('out of memory')), built);
  t.match(s, { minimalHeap: null, expectsOutOfMemory: true, reason: /it passes at heap 7/ });
  t.notOk('neverCollects' in s);
});

t.test('a failure that is not out of memory below the answer leaves it unverified', async (t) => {
  // The test expects `5` and the program prints `5` from 20 words up; below, it prints a wrong
  // value (not out of memory): the answer is not verified.
  const runtime = fakeRuntime('sp19', { need: 0 });
  const wrapped = async (exe: string, opts: RunOptions = {}): Promise<RunResult> => {
    const res = await runtime.runProgram(exe, opts);
    if (opts.env?.FOX_GC_STRESS === '1') return res;
    return (opts.heap ?? 0) >= 20 ? res : { ...res, stdout: '6\n' };
  };
  const mod = await loadWith(t, wrapped);
  const r = await mod.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built, { predict: false });
  t.match(r, { minimalHeap: 20, verified: false, reason: 'at heap 19 the test fails without running out of memory' });
});

t.test('a prediction run that did not go to its end gives no prediction', async (t) => {
  const stats = {};
  const cases: [string, FakeProgram['stressRun']][] = [
    ['timeout, no statistics', () => ({ result: { status: 'timeout', limit: 'wall', stdout: '', stderr: '', durationMs: 5000, truncated: false } })],
    ['timeout, statistics written', () => ({ result: { status: 'timeout', limit: 'wall', stdout: '', stderr: '', durationMs: 5000, truncated: false }, stats })],
    ['signaled, no statistics', () => ({ result: { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: '', durationMs: 1, truncated: false } })],
    ['signaled, statistics written', () => ({ result: { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: '', durationMs: 1, truncated: false }, stats })],
    ['exited, no statistics (a runtime without FOX_GC_STATS)', () => ({ result: { status: 'exited', exitCode: 0, stdout: '5\n', stderr: '', durationMs: 1, truncated: false } })],
  ];
  for (const [name, stressRun] of cases) {
    const f = await load(t, 'sp19', { need: 30, stressRun });
    const r = await f.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built);
    t.equal(stressRuns(f.calls).length, 1, `${name}: tried once`);
    t.match(r, { minimalHeap: 30, verified: true, prediction: null }, `${name}: the search goes on without it`);
    t.notOk('neverCollects' in r, `${name}: no neverCollects`);
  }
});

t.test('max defaults to the larger of 100000 and the test\'s heap; an explicit max holds', async (t) => {
  const f = await load(t, 'sp19', { need: 150000 });
  t.match(await f.minimalHeapForTest(tc('sp19'), loaded(200000, value('5')), built), { minimalHeap: 150000, verified: true, prediction: 150000 });

  const g = await load(t, 'sp19', { need: 60 });
  const r = await g.minimalHeapForTest(tc('sp19'), loaded(40, value('5')), built, { max: 50 });
  t.match(r, { minimalHeap: null, reason: /does not pass at heap 50/ });
  t.ok(g.calls.every((c) => (c.heap ?? 0) <= 100), 'nothing run above the given max (but the test\'s own heap)');

  // A min above 100000 and the test's heap: the range is [min, min].
  const h = await load(t, 'sp19', { need: 6 });
  t.match(await h.minimalHeapForTest(tc('sp19'), loaded(6, value('5')), built, { min: 150000 }), { minimalHeap: 150000, verified: true });
});

t.test('the search constraints are passed on', async (t) => {
  const f = await load(t, 'sp19', { need: 30 });
  const r = await f.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built, { maxRuns: 30, monotonicitySamples: 0, seed: 4 });
  t.match(r, { minimalHeap: 30, verified: true, monotonicityRuns: 0, seed: 4 });

  const g = await load(t, 'sp19', { need: 30 });
  const s = await g.minimalHeapForTest(tc('sp19'), loaded(100, value('5')), built, { replay: { seed: 3, path: '0' } });
  t.match(s, { minimalHeap: 30, verified: true, monotonic: true });
  t.ok(s.monotonicityRuns >= 1, 'the replayed monotonicity check ran');
});

t.test('no heap plays a part: null with a reason, no runs', async (t) => {
  const base = { minimalHeap: null, verified: false, runs: 0, monotonicityRuns: 0, prediction: null, seed: 1, monotonic: true };
  const f = await load(t, 'sp19', { need: 6 });
  const compileError: BuiltProgram = { ok: false, outcome: { status: 'compile-error', message: 'x' } };
  t.same(await f.minimalHeapForTest(tc('sp19'), loaded(6, value('5')), compileError), {
    ...base,
    reason: 'the program does not compile: no heap plays a part',
  });
  const anf: BuiltProgram = { ok: false, outcome: { status: 'exited', exitCode: 0, stdout: '(let x = 1 in x)', stderr: '' } };
  t.same(await f.minimalHeapForTest(tc('sp19'), loaded(6, value('(let x = 1 in x)'), { anf: true }), anf), {
    ...base,
    reason: 'an ANF test compares the A-normal form and does not run its program',
  });
  t.same(await f.minimalHeapForTest(tc('sp19'), loaded(6, value('5'), { valid: false, problem: 'tests.json:3:5: "heap" must be an integer' }), built), {
    ...base,
    reason: 'the test is invalid: tests.json:3:5: "heap" must be an integer',
  });
  t.same(await f.minimalHeapForTest(tc('sp19'), loaded(6, value('5'), { valid: false }), built), {
    ...base,
    reason: 'the test is invalid: unusable test',
  });
  t.same(f.calls, [], 'nothing ran');
});
