// Phase 5 on a fake catalog (no native program runs): which pairs are skipped as no-coverage,
// which mutants run together split-stream and which alone, and that every result lands in its
// own (test, mutant) cell whatever order the runs finish in.
import t from 'tap';
import { runMutants } from '../../../grader/grade/5-mutant-runs.js';
import type { ReferenceRun } from '../../../grader/grade/4-reference-run.js';
import type { CatalogMutant, MutantEngine, MutantRun, ReferenceFacts } from '../../../grader/grade/engine.js';
import type { RunnableTest } from '../../../grader/grade/2-validate.js';
import { createPool } from '../../../grader/grade/pool.js';
import type { Cell } from '../../../grader/result.js';

const mutant = (id: string, kind: 'runtime' | 'codegen' = 'runtime'): CatalogMutant => ({ id, title: id, phase: kind === 'runtime' ? 'mark' : 'codegen', kind, description: '', hint: '' });

/** A test whose "programs" are just its name; `facts` is what its reference run learnt. */
function ref(name: string, facts: ReferenceFacts = {}, durationMs = 10): ReferenceRun<string> {
  const test = { name, displayName: name, index: 0, code: '1', heap: 64, expected: { kind: 'value', text: '1' } } as unknown as RunnableTest['test'];
  return {
    built: { test, file: 'student.json', program: { code: '1', filename: `${name}.fox` }, reference: {} as never, mutantPrograms: name },
    verdict: { pass: true },
    ran: true,
    durationMs,
    ...(facts.stats ? { stats: facts.stats } : {}),
    ...(facts.coverage ? { coverage: [...facts.coverage] } : {}),
  };
}

interface Call {
  how: 'alone' | 'split';
  test: string;
  mutants: string[];
  referenceDurationMs: number;
  heap: number;
}

/**
 * A fake engine: `verdict(test, mutant)` decides each run; runs finish after a delay that makes
 * completion order differ from start order.
 */
function engine(opts: {
  mutants: CatalogMutant[];
  verdict: (test: string, m: string) => MutantRun;
  noCoverage?: (test: string, m: CatalogMutant, facts: ReferenceFacts) => string | undefined;
  splits?: (m: CatalogMutant) => boolean;
  fail?: (test: string, m: string) => boolean;
}): MutantEngine<string> & { calls: Call[] } {
  const calls: Call[] = [];
  const later = <T>(value: () => T, ms: number) => new Promise<T>((resolve, reject) => setTimeout(() => { try { resolve(value()); } catch (err) { reject(err); } }, ms));
  const decide = (test: string, m: string) => {
    if (opts.fail?.(test, m)) throw new Error(`fox-grade broke on ${test}/${m}`);
    return opts.verdict(test, m);
  };
  return {
    calls,
    mutants: opts.mutants,
    build: async () => 'unused',
    run: (programs, m, _expected, heap, o) => {
      calls.push({ how: 'alone', test: programs, mutants: [m.id], referenceDurationMs: o.referenceDurationMs, heap });
      // Later mutants finish first.
      return later(() => decide(programs, m.id), 20 - opts.mutants.indexOf(m) * 3);
    },
    ...(opts.noCoverage ? { noCoverage: (programs: string, m: CatalogMutant, facts: ReferenceFacts) => opts.noCoverage!(programs, m, facts) } : {}),
    ...(opts.splits
      ? {
          split: {
            qualifies: opts.splits,
            run: (programs: string, ms: CatalogMutant[], _expected: unknown, heap: number, o: { referenceDurationMs: number }) => {
              calls.push({ how: 'split', test: programs, mutants: ms.map((m) => m.id), referenceDurationMs: o.referenceDurationMs, heap });
              return later(() => ms.map((m) => decide(programs, m.id)), 5);
            },
          },
        }
      : {}),
  };
}

const killed = (reason = 'wrong value'): MutantRun => ({ status: 'killed', reason });
const survived: MutantRun = { status: 'survived' };
const statuses = (rows: (Cell[] | undefined)[]) => rows.map((row) => row?.map((c) => c.status));

t.test('every pair runs and lands in its own cell, whatever the completion order', async (t) => {
  const ms = [mutant('m0'), mutant('m1'), mutant('m2'), mutant('m3')];
  const e = engine({ mutants: ms, verdict: (test, m) => (test === 'a' ? (m === 'm1' ? killed() : survived) : m === 'm3' ? { status: 'timeout', reason: 'timeout' } : survived) });
  const rows = await runMutants([ref('a', {}, 7), ref('b', {}, 30)], e, ms, createPool(4), () => {});
  t.same(rows, [
    [{ status: 'survived', reason: 'survived' }, { status: 'killed', reason: 'wrong value' }, { status: 'survived', reason: 'survived' }, { status: 'survived', reason: 'survived' }],
    [{ status: 'survived', reason: 'survived' }, { status: 'survived', reason: 'survived' }, { status: 'survived', reason: 'survived' }, { status: 'timeout', reason: 'timeout' }],
  ]);
  t.equal(e.calls.length, 8, 'no split engine: one run per pair');
  t.ok(e.calls.every((c) => c.how === 'alone'));
  t.same(e.calls.filter((c) => c.test === 'a').map((c) => c.referenceDurationMs), [7, 7, 7, 7], "each test's runs get its reference duration");
  t.same(e.calls.filter((c) => c.test === 'b').map((c) => c.referenceDurationMs), [30, 30, 30, 30]);
  t.ok(e.calls.every((c) => c.heap === 64), "runs at the test's heap");
});

t.test('a pair the coverage analysis rules out is no-coverage with its reason, and never runs', async (t) => {
  const ms = [mutant('gc-only'), mutant('everywhere'), mutant('cg', 'codegen')];
  const seen: ReferenceFacts[] = [];
  const e = engine({
    mutants: ms,
    verdict: () => killed('exit 9'),
    noCoverage: (test, m, facts) => {
      seen.push(facts);
      if (m.id === 'gc-only' && facts.stats?.maxDemand === 0) return 'never calls try_gc';
      if (m.id === 'cg' && test === 'b') return 'same code for this program';
      return undefined;
    },
  });
  const stats = { maxDemand: 0 } as ReferenceFacts['stats'];
  const rows = await runMutants([ref('a', { stats, coverage: ['gc.c:mark'] }), ref('b', { stats: { maxDemand: 5 } as ReferenceFacts['stats'] })], e, ms, createPool(2), () => {});
  t.same(rows, [
    [{ status: 'no-coverage', reason: 'never calls try_gc' }, { status: 'killed', reason: 'exit 9' }, { status: 'killed', reason: 'exit 9' }],
    [{ status: 'killed', reason: 'exit 9' }, { status: 'killed', reason: 'exit 9' }, { status: 'no-coverage', reason: 'same code for this program' }],
  ]);
  t.same(
    e.calls.map((c) => `${c.test}/${c.mutants.join('+')}`).sort(),
    ['a/cg', 'a/everywhere', 'b/everywhere', 'b/gc-only'],
    'only the pairs that can detect the mutant ran',
  );
  t.same(seen[0], { stats, coverage: ['gc.c:mark'] }, "the analysis sees the reference run's statistics and coverage");
});

t.test('split-stream: the qualifying mutants of a test run together, the others alone', async (t) => {
  const ms = [mutant('r0'), mutant('cg', 'codegen'), mutant('r1'), mutant('r2')];
  const e = engine({
    mutants: ms,
    verdict: (test, m) => (m === 'r1' ? killed('missing "out of memory"') : m === 'cg' ? killed('exit 1') : test === 'b' && m === 'r2' ? killed() : survived),
    splits: (m) => m.kind === 'runtime',
    noCoverage: (test, m) => (test === 'b' && m.id === 'r0' ? 'mutated code not reached' : undefined),
  });
  const rows = await runMutants([ref('a'), ref('b')], e, ms, createPool(3), () => {});
  t.same(statuses(rows), [
    ['survived', 'killed', 'killed', 'survived'],
    ['no-coverage', 'killed', 'killed', 'killed'],
  ]);
  t.same(rows[0]![2], { status: 'killed', reason: 'missing "out of memory"' }, 'a split result keeps its reason');
  const split = e.calls.filter((c) => c.how === 'split');
  t.same(split.map((c) => `${c.test}:${c.mutants.join(',')}`).sort(), ['a:r0,r1,r2', 'b:r1,r2'], 'together, in catalog order, without the skipped pair');
  t.same(e.calls.filter((c) => c.how === 'alone').map((c) => `${c.test}:${c.mutants[0]}`).sort(), ['a:cg', 'b:cg'], 'a mutant that does not qualify runs alone');
});

t.test('one qualifying mutant left is run alone, not split', async (t) => {
  const ms = [mutant('r0'), mutant('r1')];
  const e = engine({ mutants: ms, verdict: () => survived, splits: () => true, noCoverage: (_test, m) => (m.id === 'r0' ? 'never calls try_gc' : undefined) });
  const rows = await runMutants([ref('a')], e, ms, createPool(2), () => {});
  t.same(statuses(rows), [['no-coverage', 'survived']]);
  t.same(e.calls.map((c) => c.how), ['alone']);
});

t.test('progress counts every pair once, skipped ones included, up to the total', async (t) => {
  const ms = [mutant('r0'), mutant('r1'), mutant('r2'), mutant('cg', 'codegen')];
  const e = engine({ mutants: ms, verdict: () => survived, splits: (m) => m.kind === 'runtime', noCoverage: (test, m) => (test === 'a' && m.id === 'r2' ? 'never calls try_gc' : undefined) });
  const ticks: Array<[number, number]> = [];
  await runMutants([ref('a'), ref('b'), ref('c')], e, ms, createPool(2), (done, total) => ticks.push([done, total]));
  t.equal(ticks.length, 12, 'one tick per (test, mutant) pair');
  t.same(ticks.map(([done]) => done), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'counting up by one');
  t.ok(ticks.every(([, total]) => total === 12), 'tests × mutants');
});

t.test("a run that throws is fox-grade's failure: the test's row is dropped and reported", async (t) => {
  const ms = [mutant('r0'), mutant('r1'), mutant('cg', 'codegen')];
  const errors: Array<{ test: string; phase: string; message: string }> = [];
  const e = engine({ mutants: ms, verdict: () => survived, splits: (m) => m.kind === 'runtime', fail: (test, m) => test === 'b' && m === 'cg' });
  const rows = await runMutants([ref('a'), ref('b'), ref('c')], e, ms, createPool(2), () => {}, (runnable, phase, error) =>
    errors.push({ test: runnable.test.name, phase, message: (error as Error).message }),
  );
  t.same(statuses(rows), [['survived', 'survived', 'survived'], undefined, ['survived', 'survived', 'survived']]);
  t.same(errors, [{ test: 'b', phase: 'running the mutants on', message: 'fox-grade broke on b/cg' }]);

  const split = engine({ mutants: ms, verdict: () => survived, splits: (m) => m.kind === 'runtime', fail: (test, m) => test === 'a' && m === 'r1' });
  await t.rejects(runMutants([ref('a')], split, ms, createPool(2), () => {}), { message: 'fox-grade broke on a/r1' }, 'without onError, a failing split run rejects');
});

t.test('a failing run does not leave the rest of its test running after the answer', async (t) => {
  const ms = [mutant('fast-fail'), mutant('slow')];
  let slowDone = false;
  const e: MutantEngine<string> = {
    mutants: ms,
    build: async () => 'p',
    run: async (_p, m) => {
      if (m.id === 'fast-fail') throw new Error('boom');
      await new Promise((r) => setTimeout(r, 40));
      slowDone = true;
      return survived;
    },
  };
  const errors: unknown[] = [];
  await runMutants([ref('a')], e, ms, createPool(2), () => {}, (_r, _p, err) => errors.push(err));
  t.equal(slowDone, true, 'the answer waits for every run of the test (allSettled)');
  t.equal(errors.length, 1);
});
