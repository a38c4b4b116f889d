// All-pairs grading (Perretta et al. 2022): every student's valid tests against every student's
// faulty collector, each collector built once with the reference compiler's programs. It answers
// whether the mutants stand for the bugs students make:
// - per student, the share of the class's faulty collectors their tests detect, beside their
//   mutation score, and the Spearman rank correlation between the two over the class;
// - per faulty collector, the mutants coupled to it (every test that detects the collector kills
//   the mutant too) and the phase its diagnosis blames;
// - the faults coupled to no mutant: candidates for new mutants.
//
// Choices (docs/DESIGN.md, Class): a collector is faulty when it fails a counted official or
// hidden test; one that does not build, or is missing, is not run (it is listed with its verdict:
// every test would "detect" it). Only faulty collectors are run. A test runs against a collector
// built in the test's own dialect (the test owner's). A student's own collector counts among the
// faulty ones like any other. Pairs are cached by content (cache.ts, kind `pair`).
import { assembleAndLink, BuildError, buildRuntime, type Runtime } from '../../reference/build.js';
import { compile } from '../../reference/compiler/index.js';
import { DEFAULT_LIMITS, RunError, runProgram } from '../../reference/run.js';
import { cacheKey, codeKey, type ResultCache } from './cache.js';
import type { CatalogMutant } from '../grade/engine.js';
import type { Pool } from '../grade/pool.js';
import { judge, type Expected } from '../../suites/judge.js';
import type { Dialect } from '../result.js';
import type { CollectorResult } from '../collector/grade-collector.js';

/** A valid test of a student, with the mutants it kills (from the student's grade). */
export interface PairTest {
  name: string;
  code: string;
  filename: string;
  anf: boolean;
  expected: Expected;
  heap: number;
  killed: readonly string[];
}

export interface AllPairsStudent {
  name: string;
  dialect: Dialect;
  /** killed / total of the student's own grade. */
  mutationScore: number;
  tests: readonly PairTest[];
  /** The student's collector graded (`--gc`), and its sources for the build (student files only). */
  collector?: { result: Pick<CollectorResult, 'verdict' | 'score' | 'build' | 'error' | 'diagnosis'>; sources?: Record<string, string> };
}

export type CollectorStatus = 'faulty' | 'correct' | 'not run';

export interface AllPairsCollector {
  /** The student whose collector it is. */
  student: string;
  status: CollectorStatus;
  /** The collector's verdict (official and hidden suites). */
  verdict: string;
  passed: number;
  total: number;
  /** The phase the per-phase diagnosis blames most, when it ran. */
  phase: string | null;
  /** The tests that detect it, by student (faulty collectors only). */
  detectedBy: Array<{ student: string; tests: string[] }>;
  detectingTests: number;
  /** Mutants every detecting test kills (faulty and detected collectors only), catalog order. */
  coupled: string[];
  /** The mutant the most detecting tests kill, when none is coupled: how near the catalog comes. */
  closest: { mutant: string; tests: number } | null;
}

export interface AllPairsStudentScore {
  student: string;
  mutationScore: number;
  /** Faulty collectors their valid tests detect. */
  faultsDetected: number;
  faultyCollectors: number;
  /** faultsDetected / faultyCollectors; null when the class has no faulty collector. */
  faultScore: number | null;
  validTests: number;
}

export interface AllPairsResult {
  students: AllPairsStudentScore[];
  collectors: AllPairsCollector[];
  /** Spearman's rank correlation of faultScore and mutationScore; null below 3 students or with no spread. */
  spearman: number | null;
  /** Faulty collectors some test detects but no mutant is coupled to: candidates for new mutants. */
  uncoupled: string[];
  /** Faulty collectors no valid test of the class detects. */
  undetected: string[];
  /** Pairs run now, and found in the cache. */
  pairs: { run: number; cached: number; total: number };
}

export interface AllPairsOptions {
  cacheDir: string;
  timeoutMs: number;
  pool: Pool;
  cache?: ResultCache;
  /** The catalog, for the order of coupled mutants. */
  mutants: readonly CatalogMutant[];
  onProgress?: (done: number, total: number) => void;
}

/** Spearman's rho with average ranks for ties (Pearson's r of the ranks). */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length || xs.length < 3) return null;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k].i] = rank;
    start = end + 1;
  }
  return result;
}

function collectorStatus(student: AllPairsStudent): { status: CollectorStatus; verdict: string; passed: number; total: number; phase: string | null } {
  const c = student.collector;
  if (!c) return { status: 'not run', verdict: 'not graded', passed: 0, total: 0, phase: null };
  const { result } = c;
  const base = { verdict: result.verdict, passed: result.score.passed, total: result.score.total, phase: result.diagnosis?.phase ?? null };
  if (result.error || !result.build.ok || !c.sources) return { ...base, status: 'not run' };
  return { ...base, status: result.score.passed < result.score.total ? 'faulty' : 'correct' };
}

export async function runAllPairs(students: readonly AllPairsStudent[], opts: AllPairsOptions): Promise<AllPairsResult> {
  const sorted = [...students].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const statuses = sorted.map((s) => ({ student: s, ...collectorStatus(s) }));
  const faulty = statuses.filter((s) => s.status === 'faulty');

  // The collectors' runtimes, one build per (collector, dialect), on first need.
  const runtimes = new Map<string, Promise<Runtime>>();
  const runtimeOf = (owner: AllPairsStudent, dialect: Dialect) => {
    const key = `${owner.name}\0${dialect}`;
    let runtime = runtimes.get(key);
    if (!runtime) runtimes.set(key, (runtime = buildRuntime({ dialect, cacheDir: opts.cacheDir, sources: owner.collector!.sources })));
    return runtime;
  };
  const collectorKey = (owner: AllPairsStudent, dialect: Dialect) => cacheKey('collector-build', codeKey(), dialect, owner.collector!.sources);

  // detects[c][s][t]: test t of student s detects faulty collector c.
  const total = faulty.length * sorted.reduce((n, s) => n + s.tests.length, 0);
  let done = 0;
  let run = 0;
  let cached = 0;
  const detects = await Promise.all(
    faulty.map((c) =>
      Promise.all(
        sorted.map((s) =>
          Promise.all(
            s.tests.map(async (t) => {
              const key = cacheKey('pair', codeKey(), s.dialect, opts.timeoutMs, collectorKey(c.student, s.dialect), t.code, t.filename, t.anf, t.expected, t.heap);
              let pass = (await opts.cache?.get<{ pass: boolean }>('pair', key))?.pass;
              if (pass === undefined) {
                pass = await opts.pool(() => runPair(t, s.dialect, () => runtimeOf(c.student, s.dialect), opts));
                run++;
                await opts.cache?.set('pair', key, { pass });
              } else cached++;
              opts.onProgress?.(++done, total);
              return !pass;
            }),
          ),
        ),
      ),
    ),
  );

  const faultIndex = new Map(faulty.map((c, i) => [c.student.name, i]));
  const collectors: AllPairsCollector[] = statuses.map((c) => {
    const i = faultIndex.get(c.student.name);
    const base = { student: c.student.name, status: c.status, verdict: c.verdict, passed: c.passed, total: c.total, phase: c.phase };
    if (i === undefined) return { ...base, detectedBy: [], detectingTests: 0, coupled: [], closest: null };
    const detecting = sorted.flatMap((s, si) => s.tests.filter((_, ti) => detects[i][si][ti]));
    const detectedBy = sorted
      .map((s, si) => ({ student: s.name, tests: s.tests.filter((_, ti) => detects[i][si][ti]).map((t) => t.name) }))
      .filter((d) => d.tests.length > 0);
    const killCount = (m: CatalogMutant) => detecting.filter((t) => t.killed.includes(m.id)).length;
    const coupled = detecting.length === 0 ? [] : opts.mutants.filter((m) => killCount(m) === detecting.length).map((m) => m.id);
    let closest: AllPairsCollector['closest'] = null;
    if (coupled.length === 0 && detecting.length > 0) {
      for (const m of opts.mutants) {
        const n = killCount(m);
        if (n > 0 && (closest === null || n > closest.tests)) closest = { mutant: m.id, tests: n };
      }
    }
    return { ...base, detectedBy, detectingTests: detecting.length, coupled, closest };
  });

  const scores: AllPairsStudentScore[] = sorted.map((s, si) => {
    const faultsDetected = faulty.filter((_, i) => detects[i][si].some(Boolean)).length;
    return {
      student: s.name,
      mutationScore: s.mutationScore,
      faultsDetected,
      faultyCollectors: faulty.length,
      faultScore: faulty.length === 0 ? null : faultsDetected / faulty.length,
      validTests: s.tests.length,
    };
  });
  const scored = scores.filter((s) => s.faultScore !== null);
  return {
    students: scores,
    collectors,
    spearman: spearman(scored.map((s) => s.faultScore!), scored.map((s) => s.mutationScore)),
    uncoupled: collectors.filter((c) => c.status === 'faulty' && c.detectingTests > 0 && c.coupled.length === 0).map((c) => c.student),
    undetected: collectors.filter((c) => c.status === 'faulty' && c.detectingTests === 0).map((c) => c.student),
    pairs: { run, cached, total },
  };
}

/** One test on one collector: does it pass? (A build or run error of the pair is a failure, i.e. detection.) */
async function runPair(t: PairTest, dialect: Dialect, runtime: () => Promise<Runtime>, opts: AllPairsOptions): Promise<boolean> {
  const caseInsensitive = dialect === 'fa18';
  const compiled = compile(t.code, { filename: t.filename, dialect });
  // A compile error or an ANF test does not involve the collector: it passes on every collector as on the reference.
  if (!compiled.ok || t.anf) return true;
  try {
    const exe = await assembleAndLink(compiled.asm, await runtime(), { cacheDir: opts.cacheDir });
    const result = await runProgram(exe, { heap: t.heap, timeoutMs: opts.timeoutMs, limits: { cpuSeconds: Math.max(DEFAULT_LIMITS.cpuSeconds, Math.ceil(opts.timeoutMs / 1000)) } });
    return judge(t.expected, result, { caseInsensitive }).pass;
  } catch (error) {
    if (error instanceof BuildError || error instanceof RunError) return false;
    throw error;
  }
}
