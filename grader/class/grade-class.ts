// Grading a whole class: many repos in parallel, sharing one build of the reference and the
// mutants (one engine per dialect) and one pool of workers sized to the cores. A repo that cannot
// be graded is listed with its reason; the others complete.
//
// - Dialect: decided per student by the pipeline, unless the caller forces one.
// - Streaming: each student's result goes to `onStudent` as soon as it is graded (the command
//   writes its reports there) and only a slim copy stays in memory for the class summary.
// - Cache (cache.ts): a student whose repository did not change is not graded again; a
//   changed one runs only its new (test, mutant) pairs and heap searches; collectors and
//   all-pairs pairs likewise.
// - Progress: per student and for the class, with an estimate of the time left.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { defaultCacheDir } from '../../reference/paths.js';
import { runAllPairs, type AllPairsResult, type AllPairsStudent, type PairTest } from './all-pairs.js';
import { cacheKey, codeKey, openResultCache, type ResultCache } from './cache.js';
import { cachingEngine, cachingHeapSearch, cachingReferenceRun } from './cache-wrap.js';
import { formatError } from '../../suites/errors.js';
import { loadRepo } from '../grade/1-load.js';
import { defaultMinimalHeapSearch, sharedCatalogEngine } from '../grade/defaults.js';
import { runOnReference } from '../grade/4-reference-run.js';
import type { MutantEngine } from '../grade/engine.js';
import { gradeRepo } from '../grade/index.js';
import { resolveGradeOptions, type GradeOptions } from '../grade/options.js';
import { createPool } from '../grade/pool.js';
import type { Dialect, GradeResult } from '../result.js';
import { gradeCollector, referenceRuntimeFiles, type CollectorResult, type SuiteSpec } from '../collector/grade-collector.js';
import { readCollectorSources } from '../collector/source.js';

export interface ClassMember {
  /** Unique among the class: the directory name, or `name-2`, … when two repos share one. */
  name: string;
  path: string;
  /** A slim copy of the result (no matrix, no per-test details): the full one went to onStudent. */
  result?: GradeResult;
  error?: string;
  /** Whether the result came from the cache. */
  cached?: boolean;
}

export interface ClassProgress {
  /** The student the event is about; absent for all-pairs. */
  student?: string;
  phase: 'reference' | 'mutants' | 'collector' | 'done' | 'all-pairs';
  done: number;
  total: number;
  /** Students finished, of the class. */
  finished: number;
  students: number;
  /** Share of the whole job done, 0..1. */
  fraction: number;
  /** Estimated time left, from the time so far and `fraction`; null until something finished. */
  etaMs: number | null;
}

export interface ClassOptions extends Omit<GradeOptions, 'onProgress'> {
  /** Every student's tests against every student's faulty collector (implies `collector`). */
  allPairs?: boolean;
  /** Run the official suite on each collector (default true); hidden instructor suites come from `collector.suites`. */
  collectorOfficial?: boolean;
  /** More suites for the collectors, visible ones included (their failing tests are diagnosed). */
  collectorSuites?: SuiteSpec[];
  /** The result cache's directory, or true for `<cacheDir>/results`. Default: no cache (the command turns it on). */
  resultCache?: string | boolean;
  /** Keep each member's full result in memory (benchmarks, tests); default a slim copy. */
  keepFullResults?: boolean;
  /** Students graded at once (their program runs share the pool). Default 2 × jobs. */
  concurrentStudents?: number;
  onProgress?: (event: ClassProgress) => void;
  /** Called with each student's full result (or error) as soon as it is known. */
  onStudent?: (member: ClassMember & { full?: GradeResult }) => Promise<void> | void;
}

export interface ClassRun {
  members: ClassMember[];
  allPairs?: AllPairsResult;
  cache?: ResultCache;
}

const isRepo = (dir: string) => existsSync(join(dir, 'tests'));

/** The repos named: each argument is a repo, or a directory whose subdirectories are repos. */
export function expandRepos(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory() || isRepo(dir)) return [dir];
    const children = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name))
      .sort();
    return children.length > 0 ? children : [dir];
  });
}

/** The class's members, named uniquely. */
export function classMembers(paths: readonly string[]): Array<{ name: string; path: string }> {
  const seen = new Map<string, number>();
  return expandRepos(paths).map((path) => {
    const base = basename(path);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { path, name: count === 1 ? base : `${base}-${count}` };
  });
}

/**
 * The bytes a repository's grade depends on: every regular file under tests/ (names and
 * contents), bounded; anything else by its name and kind. Read fresh at each run.
 */
export function repoContentKey(root: string): string {
  // c-bits/main.c too: the pipeline reads the offering (dialect) from it when tests/fox.json does not tell.
  const main = join(root, 'c-bits', 'main.c');
  let mainKey = 'none';
  try {
    const st = lstatSync(main);
    mainKey = st.isFile() && st.size <= 1024 * 1024 ? cacheKey(readFileSync(main).toString('base64')) : `other ${st.size}`;
  } catch {
    // no main.c
  }
  return cacheKey(dirContentKey(join(root, 'tests'), 'tests'), mainKey);
}

/** Names and contents of the regular files under `dir` (4 levels, 10000 entries, 16 MiB a file at most). */
export function dirContentKey(dir: string, label: string): string {
  const parts: Array<[string, string]> = [];
  const walk = (dir: string, rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      parts.push([rel, 'unreadable']);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      const name = `${rel}/${e.name}`;
      if (e.isDirectory() && depth < 4 && parts.length < 10_000) walk(path, name, depth + 1);
      else if (e.isFile()) {
        const size = lstatSync(path).size;
        parts.push([name, size <= 16 * 1024 * 1024 ? cacheKey(readFileSync(path).toString('base64')) : `size ${size}`]);
      } else parts.push([name, e.isSymbolicLink() ? 'symlink' : 'other']);
    }
  };
  walk(dir, label, 0);
  return cacheKey(parts);
}

/** Why a repository cannot be graded at all, or undefined: no test file, or one that yields no test because of a file-level problem. */
function ungradableReason(path: string): string | undefined {
  try {
    const repo = loadRepo(path);
    const fileProblems = repo.student.problems.filter((p) => !p.location?.test);
    if (repo.student.tests.length === 0 && fileProblems.length > 0) return fileProblems.map((p) => formatError(p)).join('\n');
    return undefined;
  } catch (error) {
    return formatError(error);
  }
}

/** The result without what the class summary does not read (streamed to disk, not kept). */
export function slimResult(result: GradeResult): GradeResult {
  const { matrix: _matrix, officialTests: _official, collector, ...rest } = result;
  return {
    ...rest,
    matrix: { tests: [], mutants: [], cells: [] },
    officialTests: [],
    tests: result.tests.map(({ name, originalName, file, index, valid, heap, collections, killed, killedAlone }) => ({
      name, originalName, file, index, valid, heap, collections, killed, killedAlone, notes: [],
    })),
    mutants: result.mutants.map(({ description: _d, hint: _h, killedBy: _k, ...m }) => ({ ...m, killedBy: [] })),
    ...(collector ? { collector: { ...collector, suites: collector.suites.map((s) => ({ ...s, tests: [] })) } } : {}),
  };
}

export async function gradeClass(paths: readonly string[], options: ClassOptions = {}): Promise<ClassRun> {
  const { allPairs, collectorOfficial, collectorSuites, resultCache, keepFullResults, concurrentStudents, onProgress, onStudent, ...gradeOptions } = options;
  const collectorWanted = allPairs === true || gradeOptions.collector !== undefined;
  const collectorOpts = { suites: [...(gradeOptions.collector?.suites ?? []), ...(collectorSuites ?? [])], sanitize: gradeOptions.collector?.sanitize ?? false, official: collectorOfficial !== false };
  // The dialect is forced only when given; otherwise the pipeline decides per student.
  const opts = resolveGradeOptions(gradeOptions);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const cache = resultCache === undefined || resultCache === false ? undefined : openResultCache(resultCache === true ? join(cacheDir, 'results') : resultCache);
  const pool = createPool(opts.jobs);

  const engines = new Map<Dialect, Promise<MutantEngine>>();
  const engineFor = (dialect: Dialect): Promise<MutantEngine> => {
    let engine = engines.get(dialect);
    if (!engine) {
      engine = sharedCatalogEngine({ ...opts, dialect }).then((e) => (cache ? (cachingEngine(e, cache, dialect, opts.timeoutMs) as MutantEngine) : e));
      engines.set(dialect, engine);
    }
    return engine;
  };
  const search = cache ? cachingHeapSearch(defaultMinimalHeapSearch, cache) : defaultMinimalHeapSearch;
  const referenceRun = cache ? cachingReferenceRun(runOnReference, cache) : runOnReference;
  const mutants = (await engineFor(opts.dialect)).mutants;

  const members = classMembers(paths);
  const repoShare = collectorWanted ? 0.8 : 1;
  const started = Date.now();
  const partial = new Map<string, number>();
  let finished = 0;
  // all-pairs, when asked, is given a share of the job equal to one more student.
  const units = members.length + (allPairs ? 1 : 0);
  const emit = (event: Omit<ClassProgress, 'finished' | 'students' | 'fraction' | 'etaMs'>, share: number) => {
    if (!onProgress) return;
    if (event.student !== undefined) partial.set(event.student, share);
    const sum = [...partial.values()].reduce((a, b) => a + b, 0) + (event.student === undefined ? share : 0);
    const fraction = Math.min(1, sum / Math.max(1, units));
    const elapsed = Date.now() - started;
    onProgress({ ...event, finished, students: members.length, fraction, etaMs: fraction > 0 ? Math.round((elapsed * (1 - fraction)) / fraction) : null });
  };

  const collectorKeyOf = async (path: string, dialect: Dialect): Promise<{ key: string; sources?: Record<string, string> }> => {
    const reference = await referenceRuntimeFiles();
    const read = readCollectorSources(path, (n) => reference.get(n));
    const suites = collectorOpts.suites.map((s) => {
      const spec = typeof s === 'string' ? { path: s } : s;
      // The file and the programs its `"code": "file"` tests read (input/ beside it, or inputsDir).
      const inputs = spec.inputsDir ?? join(dirname(spec.path), 'input');
      return [spec, existsSync(spec.path) ? cacheKey(readFileSync(spec.path).toString('base64')) : 'missing', dirContentKey(inputs, 'input')];
    });
    const sources = read.ok ? read.value.sources : undefined;
    return { key: cacheKey('collector', codeKey(), dialect, opts.timeoutMs, collectorOpts.sanitize, collectorOpts.official, suites, sources ?? `unread ${read.ok ? '' : read.problem.code}`), sources };
  };
  const gradeCollectorCached = async (path: string, dialect: Dialect): Promise<{ result: CollectorResult; sources?: Record<string, string> }> => {
    const { key, sources } = await collectorKeyOf(path, dialect);
    const hit = await cache?.get<CollectorResult>('collector', key);
    if (hit) return { result: hit, sources };
    const result = await gradeCollector(path, { dialect, jobs: opts.jobs, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs, ...collectorOpts });
    await cache?.set('collector', key, result);
    return { result, sources };
  };

  const pairStudents: AllPairsStudent[] = [];
  const limit = pLimit(concurrentStudents ?? 2 * opts.jobs);
  const results = await Promise.all(
    members.map(({ path, name }) =>
      limit(async (): Promise<ClassMember> => {
        let member: ClassMember & { full?: GradeResult };
        try {
          const reason = ungradableReason(path);
          if (reason !== undefined) member = { name, path, error: reason };
          else {
            const key = cacheKey('student', codeKey(), name, repoContentKey(path), {
              dialect: gradeOptions.dialect ?? 'auto', reveal: opts.reveal, minimize: opts.minimize, timeoutMs: opts.timeoutMs,
              coverage: opts.coverage, mutantIds: opts.mutantIds ?? null, killingHeaps: opts.killingHeaps,
            });
            let full = await cache?.get<GradeResult>('student', key);
            const cached = full !== undefined;
            if (!full) {
              full = await gradeRepo(
                path,
                {
                  ...gradeOptions,
                  collector: undefined,
                  onProgress: (e) => {
                    // Of a student's work: reference runs ~20 %, mutant runs ~80 % (the collector, when graded, a fifth of the whole).
                    const f = e.done / Math.max(1, e.total);
                    emit({ student: name, phase: e.phase, done: e.done, total: e.total }, repoShare * (e.phase === 'reference' ? 0.2 * f : 0.2 + 0.8 * f));
                  },
                },
                { engineFor, pool, minimalHeapSearch: search, referenceRun },
              );
              await cache?.set('student', key, full);
            }
            let collectorSources: Record<string, string> | undefined;
            if (collectorWanted) {
              emit({ student: name, phase: 'collector', done: 0, total: 1 }, repoShare);
              const graded = await gradeCollectorCached(path, full.dialect);
              full = { ...full, collector: graded.result };
              collectorSources = graded.sources;
            }
            member = { name, path, result: keepFullResults ? full : slimResult(full), full, cached };
            if (allPairs) pairStudents.push(pairStudent(name, path, full, collectorSources));
          }
        } catch (error) {
          member = { name, path, error: formatError(error) };
        }
        try {
          await onStudent?.(member);
        } catch (error) {
          // A student whose reports cannot be written is listed with the reason; the class goes on.
          member = { name, path, error: `graded, but the reports could not be written: ${formatError(error)}` };
        }
        finished++;
        emit({ student: name, phase: 'done', done: 1, total: 1 }, 1);
        const { full: _full, ...kept } = member;
        return kept;
      }),
    ),
  );

  let pairs: AllPairsResult | undefined;
  if (allPairs) {
    pairs = await runAllPairs(pairStudents, {
      cacheDir,
      timeoutMs: opts.timeoutMs,
      pool,
      cache,
      mutants,
      onProgress: (done, total) => emit({ phase: 'all-pairs', done, total }, done / Math.max(1, total)),
    });
  }
  return { members: results, ...(pairs ? { allPairs: pairs } : {}), ...(cache ? { cache } : {}) };
}

/** What all-pairs needs of a graded student: their valid tests (program, expected, heap, kills) and collector. */
function pairStudent(name: string, path: string, result: GradeResult, sources: Record<string, string> | undefined): AllPairsStudent {
  const repo = loadRepo(path);
  const byIndex = new Map(repo.student.tests.map((t) => [t.index, t]));
  const tests: PairTest[] = [];
  for (const t of result.tests) {
    const loaded = byIndex.get(t.index);
    if (!t.valid || !loaded || loaded.code === undefined || t.file !== repo.student.file) continue;
    tests.push({
      name: t.name,
      code: loaded.code,
      filename: `${loaded.name || `test-${loaded.index + 1}`}.fox`,
      anf: loaded.anf,
      expected: loaded.expected,
      heap: loaded.heap,
      killed: t.killed,
    });
  }
  return {
    name,
    dialect: result.dialect,
    mutationScore: result.score.thoroughness,
    tests,
    ...(result.collector ? { collector: { result: result.collector, ...(sources ? { sources } : {}) } } : {}),
  };
}
