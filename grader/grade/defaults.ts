// The real parts behind the pipeline's interfaces: the mutant catalog (mutants/) and the
// minimal-heap search (grader/heap/).
import { mutants as catalog } from '../../mutants/registry.js';
import {
  buildMutantPrograms,
  createMutantToolchain,
  noCoverageReason,
  runMutant,
  runMutantsSplit,
  splittable,
  type MutantPrograms,
  type MutantRun as SchemataRun,
} from '../../mutants/schemata.js';
import { minimalHeapForTest } from '../heap/for-test.js';
import { FoxGradeError } from '../../suites/errors.js';
import type { MinimalHeapSearch } from './4-reference-run.js';
import type { MutantEngine, MutantRun } from './engine.js';
import type { ResolvedGradeOptions } from './options.js';

/** Seed of the minimal-heap search in grading: fixed, so that results are reproducible. */
export const gradingSeed = 20190401;

/**
 * The catalog behind the pipeline: one schemata toolchain (with hooks) for the whole run. Each
 * test program is linked once (runtime mutants, and the reference run with no mutant active);
 * its codegen variants that differ from the reference share one more link. `coverage` and
 * `splitStream` (default true) switch the coverage analysis and split-stream execution.
 */
export async function createCatalogEngine(
  opts: Pick<ResolvedGradeOptions, 'dialect' | 'cacheDir' | 'timeoutMs' | 'mutantIds'> & Partial<Pick<ResolvedGradeOptions, 'coverage' | 'splitStream'>>,
): Promise<MutantEngine<MutantPrograms>> {
  const selected = opts.mutantIds === undefined ? catalog : selectMutants(opts.mutantIds);
  const mtc = await createMutantToolchain({ dialect: opts.dialect, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs, mutants: selected, hooks: true });
  const byId = new Map(selected.map((m) => [m.id, m]));
  const plain = (run: SchemataRun): MutantRun => (run.status === 'survived' ? { status: 'survived' } : { status: run.status, reason: run.reason });
  const engine: MutantEngine<MutantPrograms> = {
    mutants: selected,
    dialect: opts.dialect,
    build: (program) => buildMutantPrograms(mtc, program, { codegen: 'combined' }),
    referenceProgram: (programs) => programs.asReference,
    run: async (programs, mutant, expected, heap, runOpts) => plain(await runMutant(mtc, programs, byId.get(mutant.id)!, expected, heap, runOpts)),
  };
  if (opts.coverage ?? true) {
    engine.noCoverage = (programs, mutant, reference) => noCoverageReason(mtc, programs, byId.get(mutant.id)!, reference);
  }
  if (opts.splitStream ?? true) {
    engine.split = {
      qualifies: (mutant) => splittable(mtc, byId.get(mutant.id)!),
      run: async (programs, mutants, expected, heap, runOpts) =>
        (await runMutantsSplit(mtc, programs, mutants.map((m) => byId.get(m.id)!), expected, heap, runOpts)).map(plain),
    };
  }
  return engine;
}

const engines = new Map<string, Promise<MutantEngine<MutantPrograms>>>();

/**
 * createCatalogEngine, once per process for the same options: a class run whose students are of
 * different offerings builds the other offering's catalog once, not once per student.
 */
export function sharedCatalogEngine(opts: Parameters<typeof createCatalogEngine>[0]): Promise<MutantEngine<MutantPrograms>> {
  const key = JSON.stringify([opts.dialect, opts.cacheDir ?? null, opts.timeoutMs, opts.mutantIds ?? null, opts.coverage ?? true, opts.splitStream ?? true]);
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = createCatalogEngine(opts);
    engines.set(key, engine);
    engine.catch(() => engines.delete(key)); // a failed build may be retried
  }
  return engine;
}

function selectMutants(ids: readonly string[]) {
  const unknown = ids.filter((id) => !catalog.some((m) => m.id === id));
  if (unknown.length > 0) {
    throw new FoxGradeError('E_OPTION', `unknown mutant id(s): ${unknown.join(', ')}`, { remedy: 'List the catalog with `fox-grade mutants`.' });
  }
  return catalog.filter((m) => ids.includes(m.id));
}

export const defaultMinimalHeapSearch: MinimalHeapSearch = async (tc, built) => {
  const result = await minimalHeapForTest(tc, built.test, built.reference, { seed: gradingSeed });
  const failsAbove = result.monotonic === true ? undefined : { heap: result.monotonic.counterexample, seed: result.monotonic.seed, path: result.monotonic.path };
  return {
    minimalHeap: result.minimalHeap,
    runs: result.runs,
    ...(failsAbove ? { failsAbove } : {}),
    ...(result.neverCollects !== undefined ? { neverCollects: result.neverCollects } : {}),
  };
};
