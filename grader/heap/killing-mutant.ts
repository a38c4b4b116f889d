// killingHeap (grader/heap/killing.ts) wired to the mutant catalog's schemata runner
// (mutants/schemata.ts): for a mutant that survives a test at the test's heap, the smallest heap
// found, from the test's minimal heap up, at which the same program kills it.
import type { Mutant } from '../../mutants/mutant.js';
import { runMutant, type MutantPrograms, type MutantToolchain } from '../../mutants/schemata.js';
import { killingHeap, type KillingHeapConstraints, type KillingHeapResult } from './killing.js';
import type { LoadedTest } from '../../suites/test-file.js';

export interface KillingHeapForMutantOptions extends Omit<KillingHeapConstraints, 'minimal'> {
  /** The reference's run time of the test (scales the mutant's time limit, as in grading). */
  referenceDurationMs: number;
}

/**
 * Searches heaps in [minimal, max] for one at which `test`'s program kills `mutant` (a kill or a
 * timeout); `note` reads "test t would kill mutant m at heap h" when one is found.
 */
export async function killingHeapForMutant(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  test: LoadedTest,
  minimal: number,
  options: KillingHeapForMutantOptions,
): Promise<KillingHeapResult & { note?: string }> {
  const { referenceDurationMs, ...constraints } = options;
  const result = await killingHeap(
    async (heap) => (await runMutant(mtc, programs, mutant, test.expected, heap, { referenceDurationMs })).status !== 'survived',
    { ...constraints, minimal },
  );
  if (result.killingHeap === null) return result;
  return { ...result, note: `test ${test.displayName} would kill mutant ${mutant.id} at heap ${result.killingHeap}` };
}
