// Phase 5: every valid test against every mutant. All killing tests are recorded, not only the
// first, so each (test, mutant) pair is decided. The reference's run time sets each pair's timeout.
// - Coverage (engine.noCoverage): a pair that provably behaves like the reference is recorded
//   `no-coverage` with the reason, without running (it would survive).
// - Split-stream (engine.split): the test's remaining collector mutants run together, in one
//   process forked at the first call of try_gc; the others one process each.
// Results are gathered by position, so they do not depend on the pool or on completion order.
// A test whose runs throw (fox-grade's failure, not the mutant's) gets no row (undefined) and goes
// to `onError`.
import type { Cell } from '../result.js';
import type { ReferenceRun } from './4-reference-run.js';
import type { CatalogMutant, MutantEngine, MutantRun } from './engine.js';
import type { OnInternalError } from './internal-error.js';
import type { Pool } from './pool.js';

const cellOf = (run: MutantRun): Cell => (run.status === 'survived' ? { status: 'survived', reason: 'survived' } : { status: run.status, reason: run.reason });

export async function runMutants<P>(
  valid: ReferenceRun<P>[],
  engine: MutantEngine<P>,
  mutants: readonly CatalogMutant[],
  pool: Pool,
  progress: (done: number, total: number) => void,
  onError?: OnInternalError,
): Promise<(Cell[] | undefined)[]> {
  const total = valid.length * mutants.length;
  let done = 0;
  const advance = (n: number) => {
    for (let i = 0; i < n; i++) progress(++done, total);
  };
  return Promise.all(
    valid.map(async (ref) => {
      const { test, mutantPrograms } = ref.built;
      const runOpts = { referenceDurationMs: ref.durationMs };
      const cells: (Cell | undefined)[] = mutants.map((mutant) => {
        const reason = engine.noCoverage?.(mutantPrograms, mutant, { stats: ref.stats, coverage: ref.coverage });
        return reason === undefined ? undefined : { status: 'no-coverage', reason };
      });
      advance(cells.filter((c) => c !== undefined).length);

      const toRun = mutants.map((_, j) => j).filter((j) => cells[j] === undefined);
      // Stryker disable next-line ArrayDeclaration: equivalent, without a split engine the list (one entry at most) is under the 2 a split needs, so every mutant still runs alone
      const together = engine.split ? toRun.filter((j) => engine.split!.qualifies(mutants[j])) : [];
      const alone = together.length >= 2 ? toRun.filter((j) => !together.includes(j)) : toRun;
      // Stryker disable next-line ArrayDeclaration: equivalent, allSettled fulfils a non-promise entry, which is no rejection
      const tasks: Promise<void>[] = [];
      if (together.length >= 2) {
        // Queued first: the longest task of the test.
        tasks.push(
          pool(async () => {
            const runs = await engine.split!.run(mutantPrograms, together.map((j) => mutants[j]), test.expected, test.heap, runOpts);
            together.forEach((j, i) => (cells[j] = cellOf(runs[i])));
            advance(together.length);
          }),
        );
      }
      for (const j of alone) {
        tasks.push(
          pool(async () => {
            cells[j] = cellOf(await engine.run(mutantPrograms, mutants[j], test.expected, test.heap, runOpts));
            advance(1);
          }),
        );
      }
      // allSettled: a throwing run must not leave the test's other runs going after the answer.
      const failed = (await Promise.allSettled(tasks)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        if (!onError) throw failed.reason;
        // The row is dropped: the caller removes the test from the valid ones.
        onError(ref.built, 'running the mutants on', failed.reason);
        return undefined;
      }
      return cells as Cell[];
    }),
  );
}
