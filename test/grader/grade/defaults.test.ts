// The catalog engine's time limits: a timeout at the fast limit (10 × the reference's time, at
// least 2 s) is confirmed at the course's limit before it counts. Without it a loaded machine
// (or qemu) turns surviving mutants into "timeout", i.e. detected: the benchmark's naive grader
// and fox-grade disagreed on 25 of 78 pairs under load 20–30. Load is simulated here by a fast
// limit of 1 ms, which every run overruns.
import t from 'tap';
import { createCatalogEngine } from '../../../grader/grade/defaults.js';
import type { MutantEngine, MutantRun } from '../../../grader/grade/engine.js';

// Heap 12: two collections. Killed by some of these mutants (crash, wrong value), survived by others.
const program = { code: 'def mk(n): let junk = (0, 0) in (n, n + 1)\nlet p1 = mk(1), p2 = mk(2) in (p1, p2)', filename: 'fun-live.fox' };
const expected = { kind: 'value' as const, text: '((1, 2), (2, 3))' };
const heap = 12;
// Collector mutants (split-stream candidates), a runtime mutant outside the collector, codegen mutants.
const mutantIds = ['mark-skips-nested', 'mark-innermost-frame-only', 'redirect-drops-tag', 'compact-size-after-move', 'print-drops-last', 'keep-let-slots', 'elements-from-word-one'];
const statuses = (runs: MutantRun[]) => runs.map((r) => r.status);

async function allRuns(check: (ok: boolean, message: string) => void, engine: MutantEngine, split: boolean): Promise<MutantRun[]> {
  const programs = await engine.build(program);
  const opts = { referenceDurationMs: 0 };
  if (split && engine.split) {
    const together = engine.mutants.filter((m) => engine.split!.qualifies(m));
    check(together.length >= 2, 'some mutants run split-stream');
    const splitRuns = await engine.split.run(programs, together, expected, heap, opts);
    const byId = new Map(together.map((m, i) => [m.id, splitRuns[i]]));
    return Promise.all(engine.mutants.map(async (m) => byId.get(m.id) ?? engine.run(programs, m, expected, heap, opts)));
  }
  return Promise.all(engine.mutants.map((m) => engine.run(programs, m, expected, heap, opts)));
}

t.test('a machine too slow for the fast limit gives the verdicts of a quiet one', async (t) => {
  const quiet = await createCatalogEngine({ dialect: 'sp19', timeoutMs: 15_000, mutantIds, coverage: false, splitStream: false });
  const expectedStatuses = statuses(await allRuns((ok, m) => t.ok(ok, m), quiet, false));
  t.ok(expectedStatuses.includes('survived') && expectedStatuses.includes('killed'), `both verdicts occur (${expectedStatuses.join(', ')})`);
  t.notOk(expectedStatuses.includes('timeout'), 'none of these mutants loops');
  for (const split of [false, true]) {
    const loaded = await createCatalogEngine({ dialect: 'sp19', timeoutMs: 15_000, mutantIds, coverage: false, splitStream: split, minTimeoutMs: 1, timeoutFactor: 0 });
    t.same(statuses(await allRuns((ok, m) => t.ok(ok, m), loaded, split)), expectedStatuses, `every run over the fast limit, confirmed at the course's (${split ? 'split-stream' : 'one process per mutant'})`);
  }
});

t.test('a program that loops is still a timeout after the confirmation', async (t) => {
  // A tail-recursive loop: it never ends and never grows the stack. The course's limit is 3 s here.
  const loops = { code: 'def spin(n): spin(n)\nspin(1)', filename: 'spin.fox' };
  const engine = await createCatalogEngine({ dialect: 'sp19', timeoutMs: 3000, mutantIds: ['mark-skips-nested'], coverage: false, splitStream: false, minTimeoutMs: 1, timeoutFactor: 0 });
  const programs = await engine.build(loops);
  const run = await engine.run(programs, engine.mutants[0], { kind: 'value', text: '1' }, 100, { referenceDurationMs: 0 });
  t.equal(run.status, 'timeout', 'confirmed (test/mutants/confirm-timeout.test.ts: by its CPU seconds)');
});
