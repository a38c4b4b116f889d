// Phase 5: every valid test against every mutant. All killing tests are recorded, not only the
// first, so each (test, mutant) pair runs. The reference's run time sets each pair's timeout.
import type { Cell } from '../result.js';
import type { ReferenceRun } from './4-reference-run.js';
import type { CatalogMutant, MutantEngine } from './engine.js';
import type { Pool } from './pool.js';

export async function runMutants<P>(
  valid: ReferenceRun<P>[],
  engine: MutantEngine<P>,
  mutants: readonly CatalogMutant[],
  pool: Pool,
  progress: (done: number, total: number) => void,
): Promise<Cell[][]> {
  const total = valid.length * mutants.length;
  let done = 0;
  return Promise.all(
    valid.map((ref) =>
      Promise.all(
        mutants.map((mutant) =>
          pool(async (): Promise<Cell> => {
            const { test, mutantPrograms } = ref.built;
            const run = await engine.run(mutantPrograms, mutant, test.expected, test.heap, { referenceDurationMs: ref.durationMs });
            progress(++done, total);
            return run.status === 'survived' ? { status: 'survived', reason: 'survived' } : { status: run.status, reason: run.reason };
          }),
        ),
      ),
    ),
  );
}
