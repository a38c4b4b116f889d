// `fox-grade REPO` with the result cache of `class` (grader/class/cache*.ts): a (test, mutant)
// pair or a minimal-heap search already done, by this repo or any other with the same program,
// expected result, heap and offering, under the same fox-grade and mutant catalog, is read back
// instead of run again. A TA re-grading a student after a small change, or running the same
// command twice, runs only what changed. A reference run (the validity gate) is read back only
// when it passed; a failing one runs again.
import { join } from 'node:path';
import { cachingEngine, cachingHeapSearch, cachingReferenceRun } from '../../class/cache-wrap.js';
import { openResultCache, type ResultCache } from '../../class/cache.js';
import { defaultMinimalHeapSearch, sharedCatalogEngine } from '../../grade/defaults.js';
import { runOnReference } from '../../grade/4-reference-run.js';
import type { GradeDependencies } from '../../grade/index.js';
import { resolveGradeOptions, type GradeOptions } from '../../grade/options.js';
import type { MutantEngine } from '../../grade/engine.js';
import type { Dialect } from '../../result.js';
import { defaultCacheDir } from '../../../reference/paths.js';

/** A cache that never fails the grading: an entry it cannot write is simply not cached. */
function tolerant(cache: ResultCache): ResultCache {
  return {
    ...cache,
    get: async (kind, key) => {
      try {
        return await cache.get(kind, key);
      } catch {
        return undefined;
      }
    },
    set: async (kind, key, value) => {
      try {
        await cache.set(kind, key, value);
      } catch {
        // a read-only or full cache directory: this result is graded again next time
      }
    },
  };
}

/** The engine (per offering) and the heap search of gradeRepo, both behind the result cache in `<cache>/results`. */
export function cachedGradeDependencies(options: GradeOptions): GradeDependencies & { cache: ResultCache } {
  const opts = resolveGradeOptions(options);
  const cache = tolerant(openResultCache(join(opts.cacheDir ?? defaultCacheDir(), 'results')));
  const engines = new Map<Dialect, Promise<MutantEngine>>();
  const engineFor = (dialect: Dialect): Promise<MutantEngine> => {
    let engine = engines.get(dialect);
    if (engine === undefined) {
      engine = sharedCatalogEngine({ ...opts, dialect }).then((e) => cachingEngine(e, cache, dialect, opts.timeoutMs) as MutantEngine);
      engines.set(dialect, engine);
    }
    return engine;
  };
  return { cache, engineFor, minimalHeapSearch: cachingHeapSearch(defaultMinimalHeapSearch, cache), referenceRun: cachingReferenceRun(runOnReference, cache) };
}
