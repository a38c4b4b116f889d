// Mutant schemata, coverage: which (test, mutant) pairs cannot kill, from the reference run's
// statistics and the coverage hook, so the pipeline skips them as `no-coverage`.
import type { GcStats } from '../suites/execute.js';
import { mutatedFunctions, type Mutant, type RuntimeFile, type RuntimeMutant } from './mutant.js';
import type { MutantPrograms, MutantToolchain } from './schemata-build.js';

/**
 * The reference runtime's functions that run only inside try_gc: all of gc.c (the collector
 * is called from nowhere else), and try_gc and collect in main.c. A mutant that changes only
 * these cannot change a run in which the program never calls try_gc.
 */
const collectorFunctions: Readonly<Record<RuntimeFile, readonly string[] | 'all'>> = {
  'gc.c': 'all',
  'main.c': ['try_gc', 'collect'],
  'types.c': [],
};

/** Whether every change of the mutant is in code that runs only when the program calls try_gc. */
export function onlyInCollector(mutant: Mutant): boolean {
  if (mutant.kind === 'codegen') return false;
  return mutant.patches.every((p) => {
    const fns = collectorFunctions[p.file];
    return fns === 'all' || fns.includes(p.function);
  });
}

/**
 * Coverage analysis (as Stryker's): whether a test can possibly detect the mutant, given the
 * reference run's GC statistics (FOX_GC_STATS). The reference records a positive `maxDemand` at
 * every call of try_gc, so `maxDemand === 0` means try_gc never ran, and a mutant confined to the
 * collector (onlyInCollector) behaves exactly like the reference: the cell is "no coverage" and
 * need not be run. Without statistics (the run died before writing them), assume it is covered.
 */
export function mutantCovered(mutant: Mutant, referenceStats: Pick<GcStats, 'maxDemand'> | undefined): boolean {
  if (!onlyInCollector(mutant) || referenceStats === undefined) return true;
  return referenceStats.maxDemand > 0;
}

/** Why a (test, mutant) pair is `no-coverage`: the cell's reason. */
export type NoCoverageReason = 'never calls try_gc' | 'mutated code not reached' | 'same code for this program';

const functionKeys = new Map<string, string[]>();

/** The `file:function` keys of the functions a runtime mutant changes (as FOX_COVERAGE names them). */
export function mutatedFunctionKeys(mutant: RuntimeMutant): string[] {
  let keys = functionKeys.get(mutant.id);
  if (keys === undefined) {
    keys = mutatedFunctions(mutant).map((f) => `${f.file}:${f.original.name}`);
    functionKeys.set(mutant.id, keys);
  }
  return keys;
}

/**
 * Why the mutant provably behaves like the reference on this test, so that running it is
 * useless (it would survive), or undefined when it must run:
 * - `never calls try_gc`: a collector-only mutant, and the reference run never called try_gc
 *   (its statistics say maxDemand 0; mutantCovered);
 * - `mutated code not reached`: the reference run (of the schemata build, with FOX_COVERAGE)
 *   never entered any function the mutant changes; the mutant's run is the same instruction
 *   for instruction until it enters one, so it never does either;
 * - `same code for this program`: a codegen mutant whose variant compiles this program to the
 *   reference's very assembly.
 * Programs that do not run (compile error, ANF test) are left alone: they cost nothing.
 */
export function noCoverageReason(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  reference: { stats?: Pick<GcStats, 'maxDemand'>; coverage?: readonly string[] },
): NoCoverageReason | undefined {
  if (!programs.schemata.ok) return undefined;
  if (mutant.kind === 'codegen') return programs.sameCode(mutant.variant) ? 'same code for this program' : undefined;
  if (!mutantCovered(mutant, reference.stats)) return 'never calls try_gc';
  const reached = reference.coverage;
  if (reached !== undefined && mtc.hooks) {
    const keys = mutatedFunctionKeys(mutant);
    if (keys.every((key) => mtc.functions.includes(key) && !reached.includes(key))) return 'mutated code not reached';
  }
  return undefined;
}
