// The real parts behind the pipeline's interfaces: the mutant catalog (mutants/) and the
// minimal-heap search (grader/minimal-heap*.ts).
import { mutants as catalog } from '../../mutants/registry.js';
import { buildMutantPrograms, createMutantToolchain, runMutant, type MutantPrograms } from '../../mutants/schemata.js';
import { minimalHeapForTest } from '../minimal-heap-for-test.js';
import { FoxGradeError } from '../errors.js';
import type { MinimalHeapSearch } from './4-reference-run.js';
import type { MutantEngine } from './engine.js';
import type { ResolvedGradeOptions } from './options.js';

/** Seed of the minimal-heap search in grading: fixed, so that results are reproducible. */
export const gradingSeed = 20190401;

export async function createCatalogEngine(opts: Pick<ResolvedGradeOptions, 'dialect' | 'cacheDir' | 'timeoutMs' | 'mutantIds'>): Promise<MutantEngine<MutantPrograms>> {
  const selected = opts.mutantIds === undefined ? catalog : selectMutants(opts.mutantIds);
  const mtc = await createMutantToolchain({ dialect: opts.dialect, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs, mutants: selected });
  const byId = new Map(selected.map((m) => [m.id, m]));
  return {
    mutants: selected,
    build: (program) => buildMutantPrograms(mtc, program),
    run: async (programs, mutant, expected, heap, runOpts) => {
      const run = await runMutant(mtc, programs, byId.get(mutant.id)!, expected, heap, runOpts);
      return run.status === 'survived' ? { status: 'survived' } : { status: run.status, reason: run.reason };
    },
  };
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
  return { minimalHeap: result.minimalHeap, runs: result.runs };
};
