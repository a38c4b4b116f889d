// Running one test program on a toolchain: compile once, run at any heap, judge by FOX.md §6.
// Shared by `check`, the grade pipeline, the minimal-heap search and the mutant runs.
import { accessSync, constants as fsConstants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime, type Runtime } from '../reference/build.js';
import { anfPrintout, compile } from '../reference/compiler/index.js';
import { defaultCacheDir } from '../reference/paths.js';
import { runProgram, DEFAULT_TIMEOUT_MS } from '../reference/run.js';
import { judge, type Expected, type Outcome, type Verdict } from './judge.js';
import type { Dialect } from '../reference/compiler/variants.js';

/** What the runtime's FOX_GC_STATS switch writes at exit (docs/DESIGN.md, Runtime). */
export interface GcStats {
  collections: number;
  wordsReclaimed: number;
  liveAfter: number[];
  maxDemand: number;
  gcNanoseconds: number;
  heapWords: number;
  usableWords: number;
}

export interface Toolchain {
  dialect: Dialect;
  cacheDir: string;
  runtime: Runtime;
  timeoutMs: number;
}

export interface ToolchainOptions {
  /** Default `sp19`. */
  dialect?: Dialect;
  /** Default: FOX_GRADE_CACHE or `.fox-cache/` in the project. */
  cacheDir?: string;
  /** Wall-clock limit of one program run. Default 15000 (the course's 15 s). */
  timeoutMs?: number;
  /** A runtime to use instead of the reference (a mutant schemata, a student's collector). */
  runtime?: Runtime;
}

export async function createToolchain(opts: ToolchainOptions = {}): Promise<Toolchain> {
  const dialect = opts.dialect ?? 'sp19';
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const runtime = opts.runtime ?? (await buildRuntime({ dialect, cacheDir }));
  return { dialect, cacheDir, runtime, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS };
}

/** A test's program: its text and the name its diagnostics carry. */
export interface ProgramSource {
  code: string;
  filename: string;
  /** Compare the ANF printout instead of running (`"anf": true`). */
  anf?: boolean;
}

export type BuiltProgram =
  /**
   * `env`: variables every run of it needs (a schemata binary run as the reference sets
   * FOX_MUTANT to '', a codegen variant inside a schemata binary sets FOX_CODEGEN).
   */
  | { ok: true; exe: string; anf: string; env?: Record<string, string> }
  /** The Fox compiler rejected it, or it is an ANF test: the outcome is known without running. */
  | { ok: false; outcome: Outcome };

export async function buildTestProgram(tc: Toolchain, program: ProgramSource, variant?: string): Promise<BuiltProgram> {
  if (program.anf) return { ok: false, outcome: anfOutcome(program, tc.dialect, variant) };
  const compiled = compile(program.code, { filename: program.filename, dialect: tc.dialect, variant });
  if (!compiled.ok) return { ok: false, outcome: { status: 'compile-error', message: compiled.message } };
  const exe = await assembleAndLink(compiled.asm, tc.runtime, { cacheDir: tc.cacheDir });
  return { ok: true, exe, anf: compiled.anf };
}

/** An `anf` test's outcome (FOX.md §6): the printout as stdout, or the parse error; no static check. */
export function anfOutcome(program: ProgramSource, dialect: Dialect, variant?: string): Outcome {
  const r = anfPrintout(program.code, { filename: program.filename, dialect, variant });
  return r.ok ? { status: 'exited', exitCode: 0, stdout: r.anf, stderr: '' } : { status: 'compile-error', message: r.message };
}

export interface RunBuiltOptions {
  env?: Record<string, string>;
  /** Collect FOX_GC_STATS. */
  stats?: boolean;
  /** Collect at every allocation (FOX_GC_STRESS). */
  stress?: boolean;
  /**
   * Collect the mutated functions the run entered (FOX_COVERAGE; only a schemata binary built
   * with hooks writes them, mutants/schemata.ts).
   */
  coverage?: boolean;
  timeoutMs?: number;
  /** CPU-time limit in seconds (RLIMIT_CPU; the run is then a timeout with limit 'cpu'). Default: the runner's. */
  cpuSeconds?: number;
}

export interface ProgramRun {
  outcome: Outcome;
  durationMs: number;
  stats?: GcStats;
  /** With `coverage`: the mutated functions entered (`gc.c:mark` …), or undefined when none were written. */
  coverage?: string[];
}

let scratch: string | undefined;

/**
 * Where runs put their small files (statistics, coverage, split-stream outputs): /dev/shm when it
 * is there (memory, no disk journal), else the system's temporary directory.
 */
export function scratchRoot(): string {
  if (scratch === undefined) {
    try {
      accessSync('/dev/shm', fsConstants.W_OK);
      scratch = '/dev/shm';
    } catch {
      scratch = tmpdir();
    }
  }
  return scratch;
}

export async function runBuiltProgram(tc: Toolchain, built: BuiltProgram, heap: number, opts: RunBuiltOptions = {}): Promise<ProgramRun> {
  if (!built.ok) return { outcome: built.outcome, durationMs: 0 };
  const env: Record<string, string> = { ...built.env, ...opts.env };
  if (opts.stress) env.FOX_GC_STRESS = '1';
  let statsDir: string | undefined;
  if (opts.stats || opts.coverage) {
    // Synchronous: a tiny directory in memory, faster than a round trip to the thread pool.
    statsDir = mkdtempSync(join(scratchRoot(), 'fox-stats-'));
    if (opts.stats) env.FOX_GC_STATS = join(statsDir, 'stats.json');
    if (opts.coverage) env.FOX_COVERAGE = join(statsDir, 'coverage.txt');
  }
  try {
    const limits = opts.cpuSeconds !== undefined ? { cpuSeconds: opts.cpuSeconds } : undefined;
    const result = await runProgram(built.exe, { heap, env, timeoutMs: opts.timeoutMs ?? tc.timeoutMs, limits });
    const stats = opts.stats ? readStats(env.FOX_GC_STATS!) : undefined;
    const coverage = opts.coverage ? readCoverage(env.FOX_COVERAGE!) : undefined;
    return { outcome: result, durationMs: result.durationMs, stats, ...(coverage ? { coverage } : {}) };
  } finally {
    if (statsDir) rmSync(statsDir, { recursive: true, force: true });
  }
}

/** The stats file, or undefined when the program died before writing it (a signal, a timeout). */
function readStats(path: string): GcStats | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GcStats;
  } catch {
    return undefined;
  }
}

/** The coverage file (one function per line), or undefined when the program did not write it. */
function readCoverage(path: string): string[] | undefined {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  } catch {
    return undefined;
  }
}

export interface TestRun extends ProgramRun {
  verdict: Verdict;
}

/** Runs a built program at `heap` and judges it against the expected result. */
export async function runAndJudge(
  tc: Toolchain,
  built: BuiltProgram,
  expected: Expected,
  heap: number,
  opts: RunBuiltOptions = {},
): Promise<TestRun> {
  const run = await runBuiltProgram(tc, built, heap, opts);
  return { ...run, verdict: judge(expected, run.outcome, { caseInsensitive: tc.dialect === 'fa18' }) };
}
