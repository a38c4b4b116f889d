// The result cache put between the grade pipeline and what it runs: a mutant engine whose runs
// of (test, mutant) pairs are looked up first, and a minimal-heap search likewise. The pipeline
// is unchanged (it takes both as dependencies); a pair already graded in an earlier run, by any
// student with the same program, expected result and heap, is not run again.
import type { ProgramSource } from '../../suites/execute.js';
import type { Expected } from '../../suites/judge.js';
import type { BuiltTest } from '../grade/3-build.js';
import type { MinimalHeapFinding, MinimalHeapSearch, ReferenceTestRun, ReferenceVerdict } from '../grade/4-reference-run.js';
import type { CatalogMutant, MutantEngine, MutantRun } from '../grade/engine.js';
import type { Dialect } from '../result.js';
import { cacheKey, codeKey, type ResultCache } from './cache.js';

/** The wrapped engine's programs: the inner ones and the content key of the program they came from. */
export interface CachedPrograms<P> {
  inner: P;
  key: string;
}

export function programKey(program: ProgramSource, dialect: Dialect): string {
  return cacheKey('program', codeKey(), dialect, program.code, program.filename, program.anf ?? false);
}

export function cachingEngine<P>(engine: MutantEngine<P>, cache: ResultCache, dialect: Dialect, timeoutMs: number): MutantEngine<CachedPrograms<P>> {
  const cellKey = (programs: CachedPrograms<P>, mutant: CatalogMutant, expected: Expected, heap: number) =>
    cacheKey('cell', programs.key, mutant.id, expected, heap, timeoutMs);
  const run = async (programs: CachedPrograms<P>, mutant: CatalogMutant, expected: Expected, heap: number, opts: { referenceDurationMs: number }) => {
    const key = cellKey(programs, mutant, expected, heap);
    const hit = await cache.get<MutantRun>('cell', key);
    if (hit) return hit;
    const result = await engine.run(programs.inner, mutant, expected, heap, opts);
    await cache.set('cell', key, result);
    return result;
  };
  const wrapped: MutantEngine<CachedPrograms<P>> = {
    dialect: engine.dialect ?? dialect,
    mutants: engine.mutants,
    build: async (program) => ({ inner: await engine.build(program), key: programKey(program, dialect) }),
    run,
  };
  if (engine.referenceProgram) wrapped.referenceProgram = (programs) => engine.referenceProgram!(programs.inner);
  if (engine.noCoverage) wrapped.noCoverage = (programs, mutant, reference) => engine.noCoverage!(programs.inner, mutant, reference);
  if (engine.split) {
    const split = engine.split;
    wrapped.split = {
      qualifies: (mutant) => split.qualifies(mutant),
      run: async (programs, mutants, expected, heap, opts) => {
        const keys = mutants.map((m) => cellKey(programs, m, expected, heap));
        const results: (MutantRun | undefined)[] = await Promise.all(keys.map((k) => cache.get<MutantRun>('cell', k)));
        const missing = mutants.map((_, i) => i).filter((i) => results[i] === undefined);
        if (missing.length > 0) {
          // Only the missing mutants run, still together (split-stream's results equal run's one by one).
          const runs = await split.run(programs.inner, missing.map((i) => mutants[i]), expected, heap, opts);
          await Promise.all(missing.map(async (i, n) => {
            results[i] = runs[n];
            await cache.set('cell', keys[i], runs[n]);
          }));
        }
        return results as MutantRun[];
      },
    };
  }
  return wrapped;
}

/** A minimal-heap search whose findings are cached by the test's program, expected result, heap and dialect. */
export function cachingHeapSearch(search: MinimalHeapSearch, cache: ResultCache): MinimalHeapSearch {
  return async (tc, built: BuiltTest) => {
    const { test } = built;
    const key = cacheKey('heap', codeKey(), tc.dialect, tc.timeoutMs, built.program.code, built.program.anf ?? false, test.expected, test.heap);
    const hit = await cache.get<MinimalHeapFinding>('heap', key);
    if (hit) return hit;
    const finding = await search(tc, built);
    await cache.set('heap', key, finding);
    return finding;
  };
}

/**
 * A reference run (phase 4) whose passes are cached by the test's program, expected result, heap
 * and dialect. A failing run is never cached: a timeout or a crash may be the machine's load, and
 * the student's test gets its fresh chance at the validity gate every time.
 */
export function cachingReferenceRun(run: ReferenceTestRun, cache: ResultCache): ReferenceTestRun {
  return async (tc, built) => {
    const { test } = built;
    const key = cacheKey('reference', codeKey(), tc.dialect, tc.timeoutMs, built.program.code, built.program.filename, built.program.anf ?? false, test.expected, test.heap);
    const hit = await cache.get<ReferenceVerdict>('reference', key);
    if (hit) return hit;
    const result = await run(tc, built);
    if (result.verdict.pass) await cache.set('reference', key, result);
    return result;
  };
}
