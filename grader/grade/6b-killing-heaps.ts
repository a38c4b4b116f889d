// Phase 6b (instructor view, `--killing-heaps`): for each mutant no test detects, would one of the
// student's own programs detect it at another heap? The answer gives tests away, so it is
// computed only on request and shown only in instructor output.
import { killingHeap } from '../heap/killing.js';
import type { KillingHeap } from '../result.js';
import type { ReferenceRun } from './4-reference-run.js';
import type { Scored } from './6-score.js';
import type { CatalogMutant, MutantEngine } from './engine.js';
import type { Pool } from './pool.js';

/** Seed of the killing-heap draws: fixed, so that results are reproducible. */
export const killingHeapSeed = 1;

export async function findKillingHeaps<P>(
  valid: ReferenceRun<P>[],
  engine: MutantEngine<P>,
  mutants: readonly CatalogMutant[],
  scored: Scored,
  pool: Pool,
): Promise<KillingHeap[]> {
  const survivors = mutants.filter((_, j) => scored.killedBy[j].length === 0);
  const found = await Promise.all(
    survivors.map(async (mutant) => {
      // Tests in file order; the first that kills at some heap is the answer for this mutant.
      for (const ref of valid) {
        const { test, mutantPrograms } = ref.built;
        const minimal = ref.minimal?.minimalHeap;
        if (!ref.ran || typeof minimal !== 'number') continue;
        const result = await killingHeap(
          (heap) =>
            pool(async () => (await engine.run(mutantPrograms, mutant, test.expected, heap, { referenceDurationMs: ref.durationMs })).status !== 'survived'),
          { minimal, max: Math.max(minimal, test.heap), seed: killingHeapSeed },
        );
        if (result.killingHeap !== null) return { mutant: mutant.id, test: test.displayName, heap: result.killingHeap };
      }
      return undefined;
    }),
  );
  return found.filter((k): k is KillingHeap => k !== undefined);
}
