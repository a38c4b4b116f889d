// One contender of the benchmark, run in a child process of its own (so that its CPU time and
// peak memory are its own): `node dist/bench/contender.js <spec.json>` prints one JSON line,
// { usage, ...what it found }. Set-up (loading, building what the contender does not time) happens
// before the measurement starts.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { gradeClass } from '../grader/class/grade-class.js';
import { buildTestProgram, createToolchain, runAndJudge, type BuiltProgram } from '../suites/execute.js';
import { gradingSeed } from '../grader/grade/defaults.js';
import type { GradeOptions } from '../grader/grade/options.js';
import { minimalHeapForTest } from '../grader/heap/for-test.js';
import type { GradeResult } from '../grader/result.js';
import { loadTestFile, type LoadedTest } from '../suites/test-file.js';
import { mutants } from '../mutants/registry.js';
import { renderClassHtml, renderClassJson, summarizeClass } from '../reports/class.js';
import { writeReports } from '../reports/registry.js';
import { runProgram } from '../reference/run.js';
import { startMeasure, type Usage } from './measure.js';
import { naiveGrade, type NaiveTest } from './naive.js';

export type ContenderSpec =
  /** fox-grade's class run (gradeClass), options as given; `warmFrom`: copy that cache's runtime objects first. */
  | { kind: 'fox-grade'; repos: string[]; cacheDir: string; jobs: number; options: GradeOptions; warmFrom?: string; resultFile?: string }
  /** `fox-grade class` as the command runs it: result cache on, each student's reports written as graded, nothing kept. */
  | { kind: 'class-scale'; repos: string[]; cacheDir: string; jobs: number; outDir: string; warmFrom?: string }
  /** The naive grader on the tests of these test files (bench/naive.ts). */
  | { kind: 'naive'; testFiles: string[]; jobs: number; workDir: string; resultFile?: string }
  /** The exec floor: one run of the reference build per (test, mutant) pair, nothing else. */
  | { kind: 'floor'; tests: FloorTest[]; mutants: number; jobs: number; cacheDir: string }
  /** The minimal-heap search (as grading runs it) and a plain bisection, on the same tests. */
  | { kind: 'heap-search'; tests: FloorTest[]; jobs: number; cacheDir: string };

/** A valid test of the class: its file and its position there. */
export interface FloorTest {
  file: string;
  index: number;
}

export interface ContenderReport {
  usage: Usage;
  [key: string]: unknown;
}

/** The tests named, loaded from their files (each file once). */
function loadTests(tests: readonly FloorTest[]): LoadedTest[] {
  const files = new Map<string, LoadedTest[]>();
  return tests.map(({ file, index }) => {
    let loaded = files.get(file);
    if (loaded === undefined) {
      loaded = loadTestFile(file, { inputsDir: join(file, '..', 'input') }).tests;
      files.set(file, loaded);
    }
    return loaded[index];
  });
}

async function foxGrade(spec: Extract<ContenderSpec, { kind: 'fox-grade' }>): Promise<ContenderReport> {
  if (spec.warmFrom !== undefined) cpSync(join(spec.warmFrom, 'obj'), join(spec.cacheDir, 'obj'), { recursive: true });
  const stop = startMeasure();
  const { members } = await gradeClass(spec.repos, { ...spec.options, onProgress: undefined, jobs: spec.jobs, cacheDir: spec.cacheDir, keepFullResults: true });
  const usage = stop();
  const results = members.map((m) => m.result).filter((r): r is GradeResult => r !== undefined);
  if (spec.resultFile) writeFileSync(spec.resultFile, JSON.stringify(members.map((m) => ({ name: m.name, result: m.result, error: m.error }))));
  const cells: Record<string, number> = {};
  for (const r of results) for (const row of r.matrix.cells) for (const c of row) cells[c.status === 'no-coverage' ? `no-coverage: ${c.reason}` : c.status] = (cells[c.status === 'no-coverage' ? `no-coverage: ${c.reason}` : c.status] ?? 0) + 1;
  const searched = results.flatMap((r) => r.tests.filter((t) => t.valid && typeof t.heapSearchRuns === 'number' && t.heapSearchRuns > 0));
  return {
    usage,
    errors: members.filter((m) => m.error).map((m) => `${m.name}: ${m.error}`),
    tests: results.reduce((n, r) => n + r.tests.length, 0),
    validTests: results.reduce((n, r) => n + r.score.validTests, 0),
    mutants: results[0]?.mutants.length ?? 0,
    cells,
    heapSearch: { tests: searched.length, runs: searched.reduce((n, t) => n + (t.heapSearchRuns ?? 0), 0) },
  };
}

async function classScale(spec: Extract<ContenderSpec, { kind: 'class-scale' }>): Promise<ContenderReport> {
  if (spec.warmFrom !== undefined) cpSync(join(spec.warmFrom, 'obj'), join(spec.cacheDir, 'obj'), { recursive: true, force: false });
  const stop = startMeasure();
  const run = await gradeClass(spec.repos, {
    jobs: spec.jobs,
    cacheDir: spec.cacheDir,
    resultCache: true,
    onStudent: async (member) => {
      if (member.full) await writeReports(join(spec.outDir, member.name), member.full, { formats: ['json', 'html'] });
    },
  });
  const summary = summarizeClass(run.members.map((m) => ({ dir: m.name, result: m.result, error: m.error, reportHref: m.result ? `${m.name}/report.html` : undefined })));
  mkdirSync(spec.outDir, { recursive: true });
  writeFileSync(join(spec.outDir, 'class.json'), renderClassJson(summary));
  writeFileSync(join(spec.outDir, 'class.html'), renderClassHtml(summary));
  const usage = stop();
  return {
    usage,
    students: run.members.length,
    graded: summary.graded,
    cachedStudents: run.members.filter((m) => m.cached).length,
    errors: run.members.filter((m) => m.error).map((m) => `${m.name}: ${m.error}`),
    cache: run.cache?.stats ?? null,
  };
}

async function naive(spec: Extract<ContenderSpec, { kind: 'naive' }>): Promise<ContenderReport> {
  const tests: NaiveTest[] = spec.testFiles.flatMap((file, f) =>
    loadTestFile(file, { inputsDir: join(file, '..', 'input') })
      .tests.filter((t) => t.valid && t.code !== undefined)
      .map((t) => ({ id: `${f}:${t.displayName}`, code: t.code!, heap: t.heap, expected: t.expected, anf: t.anf })),
  );
  const stop = startMeasure();
  const result = await naiveGrade(tests, { mutants, jobs: spec.jobs, workDir: spec.workDir });
  const usage = stop();
  if (spec.resultFile) writeFileSync(spec.resultFile, JSON.stringify(result));
  return { usage, tests: tests.length, validTests: result.valid.length, pairs: result.valid.length * mutants.length, builds: result.builds, runs: result.runs };
}

async function builtTests(tests: readonly LoadedTest[], cacheDir: string, jobs: number) {
  const tc = await createToolchain({ cacheDir });
  const limit = pLimit(jobs);
  const built = await Promise.all(
    tests.map((t) => limit(() => buildTestProgram(tc, { code: t.code!, filename: `${t.name}.fox`, anf: t.anf }))),
  );
  return { tc, built };
}

async function floor(spec: Extract<ContenderSpec, { kind: 'floor' }>): Promise<ContenderReport> {
  const tests = loadTests(spec.tests);
  const { built } = await builtTests(tests, spec.cacheDir, spec.jobs);
  const runnable = tests.map((t, i) => ({ t, b: built[i] })).filter((x): x is { t: LoadedTest; b: BuiltProgram & { ok: true } } => x.b.ok);
  const limit = pLimit(spec.jobs);
  const stop = startMeasure();
  await Promise.all(runnable.flatMap(({ t, b }) => Array.from({ length: spec.mutants }, () => limit(() => runProgram(b.exe, { heap: t.heap })))));
  return { usage: stop(), pairs: runnable.length * spec.mutants, tests: runnable.length };
}

/** The smallest heap in [1, 100000] at which the test passes, by plain bisection (assuming monotonicity). */
async function bisect(pass: (heap: number) => Promise<boolean>): Promise<{ heap: number | null; runs: number }> {
  const memo = new Map<number, Promise<boolean>>();
  const run = (h: number) => {
    let p = memo.get(h);
    if (p === undefined) memo.set(h, (p = pass(h)));
    return p;
  };
  let lo = 1;
  let hi = 100_000;
  if (!(await run(hi))) return { heap: null, runs: memo.size };
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await run(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { heap: lo, runs: memo.size };
}

async function heapSearch(spec: Extract<ContenderSpec, { kind: 'heap-search' }>): Promise<ContenderReport> {
  const tests = loadTests(spec.tests);
  const { tc, built } = await builtTests(tests, spec.cacheDir, spec.jobs);
  const limit = pLimit(spec.jobs);
  const stop = startMeasure();
  const rows = await Promise.all(
    tests.map((t, i) =>
      limit(async () => {
        const search = await minimalHeapForTest(tc, t, built[i], { seed: gradingSeed });
        const plain = await bisect(async (heap) => (await runAndJudge(tc, built[i], t.expected, heap)).verdict.pass);
        return { search, plain };
      }),
    ),
  );
  const usage = stop();
  // Compared on the tests with a minimal heap (value tests; a test expecting "out of memory" has none).
  const compared = rows.filter((r) => typeof r.search.minimalHeap === 'number');
  return {
    usage,
    tests: compared.length,
    searchRuns: compared.reduce((n, r) => n + r.search.runs, 0),
    monotonicityRuns: compared.reduce((n, r) => n + r.search.monotonicityRuns, 0),
    bisectionRuns: compared.reduce((n, r) => n + r.plain.runs, 0),
    sameAnswer: compared.filter((r) => r.plain.heap === r.search.minimalHeap).length,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ContenderSpec;
  const report =
    spec.kind === 'fox-grade' ? await foxGrade(spec) : spec.kind === 'class-scale' ? await classScale(spec) : spec.kind === 'naive' ? await naive(spec) : spec.kind === 'floor' ? await floor(spec) : await heapSearch(spec);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
