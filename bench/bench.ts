// `npm run bench` (node dist/bench/bench.js): fox-grade against the naive grader and the exec
// floor, side by side, on a synthetic class generated from a seed (bench/class.ts).
//
//   --quick           a 2-repo × 10-test class, every contender once (under a minute)
//   --json            print the figures as JSON instead of the table
//   --seed N          the class's seed (default 1)
//   --repos N --tests N --naive-tests N --repeat N --jobs N   override the sizes
//   --keep            keep the temporary directory (its path is printed)
//   --class-size N    students of the class-scale figure (default 20; --quick 3); 200 is the README's figure
//   --class-scale-only  only the class-scale figure (e.g. `npm run bench -- --class-scale-only --class-size 200`)
//   --cli-only        only the command a TA types (--version, REPO cold/warm/--no-cache) and its exec floor
//   (`npm run bench -- --help` lists them)
//
// Every contender runs in a child process of its own (bench/contender.ts) and is measured there:
// wall clock, its own CPU, the CPU of the processes it waited for (/proc/self/stat cutime and
// cstime: compilers, linkers, Fox programs), and its peak RSS (getrusage maxrss). The fox-grade
// runs start from the class's sources with the runtimes already compiled (a machine compiles
// them once) and no program compiled (a class's programs are new). The CLI contender
// (bench/cli.ts) is the command a TA types, as a fresh process: `--version`, and `fox-grade REPO`
// on the class's first student, cold and warm, with where its seconds go.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToolchain } from '../suites/execute.js';
import { resolveGradeOptions, type GradeOptions } from '../grader/grade/options.js';
import type { Cell, GradeResult } from '../grader/result.js';
import { createMutantToolchain } from '../mutants/schemata.js';
import { benchCli, formatBreakdown, type CliFigures } from './cli.js';
import { classScaleFigure, formatClassScale, runClassScale, type ClassScaleFigure } from './class-scale.js';
import { parseArgs, type BenchOptions } from './options.js';
import { runContender } from './run-contender.js';
import { execShare, measureExecCost, type ExecCost } from './exec-cost.js';
import { generateClass, testFileText, writeClass } from './class.js';
import type { ContenderReport, FloorTest } from './contender.js';
import type { Usage } from './measure.js';
import type { NaiveResult } from './naive.js';
import { compareWithNaive, formatAgreement, formatDisagreements, modeDifferences, type Agreement } from './agreement.js';

export { parseArgs, type BenchOptions };
export { classScaleFigure, formatClassScale, runClassScale, type ClassScaleFigure };

/** A result with every no-coverage cell read as survived: what plain mode gives. */
export function asPlain(result: GradeResult): GradeResult {
  const cells = result.matrix.cells.map((row) => row.map((c): Cell => (c.status === 'no-coverage' ? { status: 'survived', reason: 'survived' } : c)));
  return { ...result, matrix: { ...result.matrix, cells } };
}

type Members = Array<{ name: string; result?: GradeResult; error?: string }>;
const readMembers = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Members;
const sameAsPlain = (a: Members, b: Members) =>
  JSON.stringify(a.map((m) => ({ ...m, result: m.result && asPlain(m.result) }))) === JSON.stringify(b.map((m) => ({ ...m, result: m.result && asPlain(m.result) })));

interface Row {
  label: string;
  usage: Usage;
  pairs?: number;
  note?: string;
}

export interface BenchFigures {
  ratios: { naiveOverFoxGrade: number; foxGradeOverFloor: number; naiveOverFoxGradeClassEstimate: number };
  heapSearchRunsPerTest: number;
  monotonicityRunsPerTest: number;
  bisectionRunsPerTest: number;
  heapSearchTests: number;
  heapSearchSameAnswer: number;
  peakMemoryMB: number;
  perStudentSeconds: number;
  perStudentTests: number;
  splitStream: { wallSeconds: number; withoutWallSeconds: number; speedup: number; default: boolean };
  resultsIdentical: {
    coverageVsPlain: boolean;
    splitVsPlain: boolean;
    naiveAgreement: string;
    /** Every pair on which the naive grader and fox-grade disagree, with both reasons (bench/agreement.ts). */
    naiveDisagreements: string[];
    /** Naive timeouts at the fast limit that its run at the course's limit did not confirm: the machine's load. */
    naiveUnconfirmedTimeouts: number;
    /** Every cell where coverage + split-stream (as shipped) and coverage alone differ from plain. */
    modeDifferences: { splitVsPlain: string[]; coverageVsPlain: string[] };
  };
  class: { seed: number; repos: number; testsPerRepo: number; tests: number; validTests: number; mutants: number; pairs: number; cells: Record<string, number>; jobs: number; cores: number };
  contenders: Record<string, { wallSeconds: number; cpuSeconds: number; selfCpuSeconds: number; childrenCpuSeconds: number; peakRssMB: number; pairs?: number; note?: string }>;
  /** The CLI as a TA runs it (bench/cli.ts): --version, and `fox-grade REPO` cold and warm with its breakdown. */
  cli: CliFigures;
  /**
   * The exec floor of the warm `fox-grade REPO`: its programs × one program start / jobs, and its
   * wall time were an i386 program to start as fast as /bin/true (bench/exec-cost.ts).
   */
  cliExec: ExecCost & { programRuns: number; floorSeconds: number; nativeEstimateSeconds: number; noCache: { programRuns: number; floorSeconds: number; nativeEstimateSeconds: number } };
  targets: Record<string, { target: string; value: number; met: boolean }>;
  classScale: ClassScaleFigure;
}

export async function runBench(opts: BenchOptions, log: (line: string) => void): Promise<BenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fox-bench-'));
  try {
    return await benchIn(dir, opts, log);
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIn(dir: string, opts: BenchOptions, log: (line: string) => void): Promise<BenchFigures> {
  log(`fox-grade benchmark: class of ${opts.repos} × ${opts.tests} tests, seed ${opts.seed}, ${opts.jobs} jobs, in ${dir}`);
  const repos = generateClass({ seed: opts.seed, repos: opts.repos, testsPerRepo: opts.tests });
  const paths = writeClass(join(dir, 'class'), repos);

  // The runtimes, compiled once (set-up): every fox-grade run copies these objects.
  const warm = join(dir, 'warm');
  await Promise.all([createMutantToolchain({ cacheDir: warm }), createToolchain({ cacheDir: warm })]);
  let runs = 0;
  const fresh = () => {
    const cache = join(dir, `cache-${++runs}`);
    mkdirSync(cache, { recursive: true });
    return cache;
  };
  const foxGrade = (label: string, repoPaths: string[], options: GradeOptions, resultFile?: string) =>
    runContender({ kind: 'fox-grade', repos: repoPaths, cacheDir: fresh(), jobs: opts.jobs, options, warmFrom: warm, resultFile }, dir, label, log);

  // 1. The whole class, per mode, interleaved (a noisy machine drifts).
  const modes = {
    shipped: { label: 'fox-grade (as shipped: coverage + split-stream)', options: { coverage: true, splitStream: true } },
    noSplit: { label: 'fox-grade, coverage, no split-stream', options: { coverage: true, splitStream: false } },
    plain: { label: 'fox-grade, plain (no coverage, no split)', options: { coverage: false, splitStream: false } },
  } as const;
  const reports: Record<keyof typeof modes, ContenderReport[]> = { shipped: [], noSplit: [], plain: [] };
  const resultFile = (mode: string) => join(dir, `result-${mode}.json`);
  for (let r = 0; r < opts.repeat; r++) {
    for (const mode of ['shipped', 'noSplit'] as const) {
      reports[mode].push(await foxGrade(`${modes[mode].label} #${r + 1}`, paths, modes[mode].options, r === 0 ? resultFile(mode) : undefined));
    }
  }
  reports.plain.push(await foxGrade(modes.plain.label, paths, modes.plain.options, resultFile('plain')));
  const shipped = reports.shipped[0];
  const members = readMembers(resultFile('shipped'));
  const errors = shipped.errors as string[];
  if (errors.length > 0) throw new Error(`fox-grade could not grade: ${errors.join('; ')}`);

  // The valid tests of the class, for the floor and the heap search.
  const valid: FloorTest[] = members.flatMap((m, r) =>
    (m.result?.tests ?? []).filter((t) => t.valid).map((t) => ({ file: join(paths[r], t.file), index: t.index })),
  );
  const validTests = shipped.validTests as number;
  const mutantCount = shipped.mutants as number;
  const pairs = validTests * mutantCount;

  // 2. The exec floor and the heap searches.
  const floor = await runContender({ kind: 'floor', tests: valid, mutants: mutantCount, jobs: opts.jobs, cacheDir: fresh() }, dir, 'exec floor', log);
  const heap = await runContender({ kind: 'heap-search', tests: valid, jobs: opts.jobs, cacheDir: fresh() }, dir, 'minimal-heap search and bisection', log);

  // 2b. The command a TA types, end to end, on the class's first student.
  const { cli, cliExec, targets: cliTargets } = await cliFigures(paths[0], fresh(), warm, opts, log);

  // 3. One student alone (the class's first repo), the runtime compiled, its programs not.
  const perStudent: ContenderReport[] = [];
  for (let r = 0; r < opts.repeat; r++) perStudent.push(await foxGrade(`one student (${opts.tests} tests) #${r + 1}`, [paths[0]], {}));

  // 4. The naive grader on a subset of the class's tests, spread evenly; fox-grade on the same.
  const all = repos.flatMap((repo, r) => repo.tests.map((test) => ({ r, test })));
  const picked = Array.from({ length: Math.min(opts.naiveTests, all.length) }, (_, j) => all[Math.floor((j * all.length) / Math.max(1, opts.naiveTests))]);
  const subsetRoot = join(dir, 'subset', 'subset');
  mkdirSync(join(subsetRoot, 'tests'), { recursive: true });
  const subsetFile = join(subsetRoot, 'tests', 'yourTests.json');
  writeFileSync(subsetFile, testFileText(picked.map(({ r, test }) => ({ ...test, name: `r${r + 1}-${test.name}`, asFile: false }))));
  const subsetFox = await foxGrade('fox-grade on the naive subset', [subsetRoot], {}, join(dir, 'result-subset.json'));
  const subsetResult = readMembers(join(dir, 'result-subset.json'))[0].result!;
  mkdirSync(join(dir, 'naive'), { recursive: true });
  // The naive grader in the offering fox-grade detected for the subset (it has no detection).
  const naive = await runContender(
    { kind: 'naive', testFiles: [subsetFile], jobs: opts.jobs, workDir: join(dir, 'naive'), resultFile: join(dir, 'result-naive.json'), dialect: subsetResult.dialect },
    dir,
    `naive grader on ${picked.length} tests`,
    log,
  );

  // Agreement: fox-grade's cells and the naive grader's on the subset (bench/agreement.ts).
  const naiveResult = JSON.parse(readFileSync(join(dir, 'result-naive.json'), 'utf8')) as NaiveResult;
  const agreement = compareWithNaive(subsetResult, naiveResult);
  for (const line of formatDisagreements(agreement)) log(`  disagreement: ${line}`);

  // Figures.
  const cpu = (u: Usage) => (u.selfCpuMs + u.childrenCpuMs) / 1000;
  const medianUsage = (rs: ContenderReport[]): Usage => {
    const sorted = [...rs].sort((a, b) => a.usage.wallMs - b.usage.wallMs);
    return sorted[Math.floor((sorted.length - 1) / 2)].usage;
  };
  const shippedUsage = medianUsage(reports.shipped);
  const noSplitUsage = medianUsage(reports.noSplit);
  const perStudentUsage = medianUsage(perStudent);
  const naivePairs = naive.pairs as number;
  const classNaiveEstimate = (naive.usage.wallMs / Math.max(1, naivePairs)) * pairs;
  const heapTests = heap.tests as number;
  const peakMemoryMB = Math.max(...[...reports.shipped, ...reports.noSplit, ...reports.plain, ...perStudent, subsetFox].map((r) => r.usage.peakRssMB));

  const rows: Row[] = [
    ...(['shipped', 'noSplit', 'plain'] as const).map((mode) => ({
      label: modes[mode].label,
      usage: medianUsage(reports[mode]),
      pairs,
      note: reports[mode].length > 1 ? `median of ${reports[mode].length}` : undefined,
    })),
    { label: 'exec floor (1 reference run per pair)', usage: floor.usage, pairs: floor.pairs as number },
    { label: `one student (${opts.tests} tests × ${mutantCount} mutants)`, usage: perStudentUsage, pairs: (perStudent[0].validTests as number) * mutantCount, note: perStudent.length > 1 ? `median of ${perStudent.length}` : undefined },
    { label: `fox-grade on the naive subset (${picked.length} tests)`, usage: subsetFox.usage, pairs: (subsetFox.validTests as number) * mutantCount },
    { label: `naive grader on the same ${picked.length} tests`, usage: naive.usage, pairs: naivePairs },
    { label: 'minimal-heap search + bisection', usage: heap.usage, note: `${heapTests} tests` },
  ];
  const contenders: BenchFigures['contenders'] = Object.fromEntries(
    rows.map((row) => [
      row.label,
      {
        wallSeconds: row.usage.wallMs / 1000,
        cpuSeconds: cpu(row.usage),
        selfCpuSeconds: row.usage.selfCpuMs / 1000,
        childrenCpuSeconds: row.usage.childrenCpuMs / 1000,
        peakRssMB: row.usage.peakRssMB,
        ...(row.pairs !== undefined ? { pairs: row.pairs } : {}),
        ...(row.note ? { note: row.note } : {}),
      },
    ]),
  );
  const naiveOverFoxGrade = naive.usage.wallMs / subsetFox.usage.wallMs;
  const foxGradeOverFloor = shippedUsage.wallMs / floor.usage.wallMs;
  const splitSpeedup = noSplitUsage.wallMs / shippedUsage.wallMs;
  const figures: BenchFigures = {
    ratios: { naiveOverFoxGrade, foxGradeOverFloor, naiveOverFoxGradeClassEstimate: classNaiveEstimate / shippedUsage.wallMs },
    heapSearchRunsPerTest: (heap.searchRuns as number) / heapTests,
    monotonicityRunsPerTest: (heap.monotonicityRuns as number) / heapTests,
    bisectionRunsPerTest: (heap.bisectionRuns as number) / heapTests,
    heapSearchTests: heapTests,
    heapSearchSameAnswer: heap.sameAnswer as number,
    peakMemoryMB,
    perStudentSeconds: perStudentUsage.wallMs / 1000,
    perStudentTests: opts.tests,
    splitStream: { wallSeconds: shippedUsage.wallMs / 1000, withoutWallSeconds: noSplitUsage.wallMs / 1000, speedup: splitSpeedup, default: resolveGradeOptions({}).splitStream },
    resultsIdentical: {
      coverageVsPlain: sameAsPlain(readMembers(resultFile('noSplit')), readMembers(resultFile('plain'))),
      splitVsPlain: sameAsPlain(members, readMembers(resultFile('plain'))),
      naiveAgreement: formatAgreement(agreement),
      naiveDisagreements: formatDisagreements(agreement),
      naiveUnconfirmedTimeouts: naiveResult.unconfirmedTimeouts,
      modeDifferences: {
        splitVsPlain: modeDifferences(members, readMembers(resultFile('plain'))),
        coverageVsPlain: modeDifferences(readMembers(resultFile('noSplit')), readMembers(resultFile('plain'))),
      },
    },
    class: {
      seed: opts.seed,
      repos: opts.repos,
      testsPerRepo: opts.tests,
      tests: shipped.tests as number,
      validTests,
      mutants: mutantCount,
      pairs,
      cells: shipped.cells as Record<string, number>,
      jobs: opts.jobs,
      cores: availableParallelism(),
    },
    contenders,
    cli,
    cliExec,
    targets: {},
    classScale: undefined as unknown as ClassScaleFigure,
  };
  figures.classScale = await classScaleFigure(dir, opts, warm, log);
  figures.targets = {
    regrade: { target: 're-grading after one changed test under 10% of a full class run', value: figures.classScale.regradeRatio, met: figures.classScale.regradeRatio < 0.1 },
    perStudent: { target: `one ${opts.tests}-test student × ${mutantCount} mutants under 3 s wall`, value: figures.perStudentSeconds, met: figures.perStudentSeconds < 3 },
    naive: { target: 'at least 20× faster than the naive grader', value: naiveOverFoxGrade, met: naiveOverFoxGrade >= 20 },
    naiveAgreement: { target: 'the naive grader and fox-grade agree on every pair', value: agreementRatio(agreement), met: agreementRatio(agreement) === 1 },
    floor: { target: 'within 3× of the exec floor', value: foxGradeOverFloor, met: foxGradeOverFloor <= 3 },
    memory: { target: 'grader memory under 300 MB', value: peakMemoryMB, met: peakMemoryMB < 300 },
    ...cliTargets,
  };
  return figures;
}

type Targets = BenchFigures['targets'];

/**
 * The command a TA types (bench/cli.ts) on one student, the cost of one program start measured
 * in the same run (bench/exec-cost.ts: qemu-user here), and the CLI's targets.
 */
export async function cliFigures(
  repo: string,
  workDir: string,
  warm: string,
  opts: BenchOptions,
  log: (line: string) => void,
): Promise<{ cli: CliFigures; cliExec: BenchFigures['cliExec']; targets: Targets }> {
  log(`  the CLI (fox-grade ${repo}) …`);
  const cli = await benchCli(repo, workDir, opts.repeat, opts.tests, log);
  const execCost = await measureExecCost(warm);
  const share = execShare(cli.warm.wallSeconds, cli.warm.programRuns, execCost, opts.jobs);
  const shareNoCache = execShare(cli.warmNoCache.wallSeconds, cli.warmNoCache.programRuns, execCost, opts.jobs);
  log(
    `  one program start: ${execCost.foxProgramMs.toFixed(1)} ms (Fox program), ${execCost.nativeMs.toFixed(1)} ms (/bin/true); ` +
      `warm fox-grade REPO started ${cli.warm.programRuns} programs, --no-cache ${cli.warmNoCache.programRuns}`,
  );
  return {
    cli,
    cliExec: { ...execCost, programRuns: cli.warm.programRuns, ...share, noCache: { programRuns: cli.warmNoCache.programRuns, ...shareNoCache } },
    targets: {
      cliWarm: { target: `\`fox-grade REPO\` (${opts.tests} tests), warm, under 2.0 s wall`, value: cli.warm.wallSeconds, met: cli.warm.wallSeconds < 2 },
      cliWarmNoCache: { target: `\`fox-grade REPO --no-cache\` (${opts.tests} tests), warm, under 2.0 s wall`, value: cli.warmNoCache.wallSeconds, met: cli.warmNoCache.wallSeconds < 2 },
      cliVersion: { target: '`fox-grade --version` under 0.2 s wall', value: cli.version.medianSeconds, met: cli.version.medianSeconds < 0.2 },
    },
  };
}

/** `--cli-only`: one generated student of `--tests` tests, the runtimes compiled first (as in the full run). */
export async function runCliOnly(opts: BenchOptions, log: (line: string) => void): Promise<Pick<BenchFigures, 'cli' | 'cliExec' | 'targets'>> {
  const dir = mkdtempSync(join(tmpdir(), 'fox-bench-'));
  try {
    const [repo] = writeClass(join(dir, 'class'), generateClass({ seed: opts.seed, repos: 1, testsPerRepo: opts.tests }));
    const warm = join(dir, 'warm');
    await Promise.all([createMutantToolchain({ cacheDir: warm }), createToolchain({ cacheDir: warm })]);
    mkdirSync(join(dir, 'cli'), { recursive: true });
    return await cliFigures(repo, join(dir, 'cli'), warm, opts, log);
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's rows of the table: `--version`, `REPO` cold and warm, where the seconds go, the exec floor. */
function cliLines(f: Pick<BenchFigures, 'cli' | 'cliExec'>, jobs: number): string[] {
  return [
    `CLI (a TA's command)       fox-grade --version ${f.cli.version.medianSeconds.toFixed(3)} s (median of ${f.cli.version.runs}, best ${f.cli.version.bestSeconds.toFixed(3)}) · fox-grade REPO (${f.cli.tests} tests): ` +
      `cold ${f.cli.cold.wallSeconds.toFixed(2)} s, warm ${f.cli.warm.wallSeconds.toFixed(2)} s, warm --no-cache ${f.cli.warmNoCache.wallSeconds.toFixed(2)} s, warm --no-cache --no-minimize ${f.cli.warmNoMinimize.wallSeconds.toFixed(2)} s`,
    `  where a warm run goes     ${formatBreakdown(f.cli.warm.breakdown)} (s; pairs, heap searches and passing reference runs from the result cache)`,
    `  … with --no-cache         ${formatBreakdown(f.cli.warmNoCache.breakdown)} (s; heap search ≈ ${f.cli.heapSearchSeconds.toFixed(2)} of the reference step)`,
    `  where a cold run goes     ${formatBreakdown(f.cli.cold.breakdown)} (s)`,
    `  its exec floor            ${f.cliExec.programRuns} programs × ${f.cliExec.foxProgramMs.toFixed(0)} ms a start / ${jobs} jobs = ${f.cliExec.floorSeconds.toFixed(2)} s; ` +
      `with native starts (${f.cliExec.nativeMs.toFixed(1)} ms) the warm run would take ≈ ${f.cliExec.nativeEstimateSeconds.toFixed(2)} s`,
    `  … with --no-cache         ${f.cliExec.noCache.programRuns} programs = ${f.cliExec.noCache.floorSeconds.toFixed(2)} s of starts; with native starts ≈ ${f.cliExec.noCache.nativeEstimateSeconds.toFixed(2)} s`,
  ];
}

function targetLines(targets: Targets): string[] {
  return Object.values(targets).map((t) => `  ${t.met ? 'met    ' : 'MISSED '} ${t.target}: ${t.value.toFixed(2)}`);
}

/** `--cli-only`'s output: the table's CLI rows and the CLI's targets. */
export function formatCli(f: Pick<BenchFigures, 'cli' | 'cliExec' | 'targets'>, jobs: number): string {
  return [...cliLines(f, jobs), ...targetLines(f.targets), ''].join('\n');
}

/** Agreeing pairs over compared ones; 0 when the valid tests or some pairs differ (nothing to trust). */
export function agreementRatio(a: Agreement): number {
  return a.sameValidTests && a.missing === 0 && a.compared > 0 ? a.agree / a.compared : 0;
}

export function formatTable(f: BenchFigures, opts: BenchOptions): string {
  const out: string[] = [];
  const c = f.class;
  out.push('');
  out.push(`fox-grade benchmark · seed ${c.seed} · ${c.repos} repos × ${c.testsPerRepo} tests = ${c.tests} tests, ${c.validTests} valid · ${c.mutants} mutants · ${c.pairs} (valid test, mutant) pairs · ${c.cores} cores, jobs ${c.jobs}`);
  out.push(`cells (as shipped): ${Object.entries(c.cells).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  out.push('Each contender runs in a child process; wall = its work only; CPU = its own + every process it waited for');
  out.push('(/proc/self/stat cutime+cstime: compilers, linkers, Fox programs); peak RSS = its Node process (maxrss).');
  out.push('fox-grade starts with the runtimes compiled (once per machine) and no program compiled. The naive grader');
  out.push(`builds every (valid test, mutant) pair from scratch (runtime C, nasm, link) in a fresh cache and runs it once;`);
  out.push(`it is timed on ${opts.naiveTests} tests spread over the class, and fox-grade on a repo of the same tests.`);
  out.push('');
  const header = ['contender', 'wall s', 'CPU s', '(self', 'children)', 'peak RSS MB', 'pairs', 'note'];
  const rows = Object.entries(f.contenders).map(([label, x]) => [
    label,
    x.wallSeconds.toFixed(2),
    x.cpuSeconds.toFixed(2),
    x.selfCpuSeconds.toFixed(2),
    x.childrenCpuSeconds.toFixed(2),
    x.peakRssMB.toFixed(0),
    x.pairs !== undefined ? String(x.pairs) : '',
    x.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  out.push(line(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(line(r));
  out.push('');
  out.push(`naive / fox-grade          ${f.ratios.naiveOverFoxGrade.toFixed(1)}×  (both measured on the same ${opts.naiveTests} tests; whole class, naive scaled from its per-pair time: ${f.ratios.naiveOverFoxGradeClassEstimate.toFixed(0)}×)`);
  out.push(`fox-grade / exec floor     ${f.ratios.foxGradeOverFloor.toFixed(2)}×  (whole class)`);
  out.push(`split-stream               ${f.splitStream.speedup.toFixed(2)}× (${f.splitStream.withoutWallSeconds.toFixed(2)} s → ${f.splitStream.wallSeconds.toFixed(2)} s wall, class); default: ${f.splitStream.default ? 'on' : 'off'}`);
  out.push(`minimal heap               ${f.heapSearchRunsPerTest.toFixed(1)} runs/test (+ ${f.monotonicityRunsPerTest.toFixed(1)} monotonicity-check runs) vs plain bisection over [1, 100000] ${f.bisectionRunsPerTest.toFixed(1)} runs/test, on ${f.heapSearchTests} tests (same answer on ${f.heapSearchSameAnswer})`);
  out.push(`peak RSS of the grader     ${f.peakMemoryMB.toFixed(0)} MB`);
  out.push(`per student                ${f.perStudentSeconds.toFixed(2)} s wall for one ${f.perStudentTests}-test student`);
  out.push(...cliLines(f, f.class.jobs));
  out.push(formatClassScale(f.classScale));
  out.push(`results identical          coverage vs plain: ${f.resultsIdentical.coverageVsPlain ? 'yes' : 'NO'} · coverage + split vs plain: ${f.resultsIdentical.splitVsPlain ? 'yes' : 'NO'} · naive vs fox-grade: ${f.resultsIdentical.naiveAgreement} agree`);
  for (const line of f.resultsIdentical.naiveDisagreements) out.push(`  disagreement: ${line}`);
  for (const line of f.resultsIdentical.modeDifferences.splitVsPlain) out.push(`  as shipped vs plain: ${line}`);
  for (const line of f.resultsIdentical.modeDifferences.coverageVsPlain) out.push(`  coverage vs plain: ${line}`);
  out.push('');
  out.push('targets (2-core machine):');
  out.push(...targetLines(f.targets));
  out.push('');
  return out.join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (opts.cliOnly) {
    const figures = await runCliOnly(opts, log);
    process.stdout.write(opts.json ? `${JSON.stringify(figures, null, 2)}\n` : formatCli(figures, opts.jobs));
    return;
  }
  if (opts.classScaleOnly) {
    const figure = await runClassScale(opts, log);
    process.stdout.write(opts.json ? `${JSON.stringify({ classScale: figure }, null, 2)}\n` : `${formatClassScale(figure)}\n`);
    return;
  }
  const figures = await runBench(opts, log);
  process.stdout.write(opts.json ? `${JSON.stringify(figures, null, 2)}\n` : formatTable(figures, opts));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
