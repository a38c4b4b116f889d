// Running one test program on a toolchain: compile once, run at any heap, judge by FOX.md §6.
// Shared by `check`, the grade pipeline, the minimal-heap search and the mutant runs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime, type Runtime } from '../reference/build.js';
import { compile } from '../reference/compiler/index.js';
import { defaultCacheDir } from '../reference/paths.js';
import { runProgram, DEFAULT_TIMEOUT_MS } from '../reference/run.js';
import { judge, type Expected, type Outcome, type Verdict } from './judge.js';
import type { Dialect } from './result.js';

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
  | { ok: true; exe: string; anf: string }
  /** The Fox compiler rejected it, or it is an ANF test: the outcome is known without running. */
  | { ok: false; outcome: Outcome };

export async function buildTestProgram(tc: Toolchain, program: ProgramSource, variant?: string): Promise<BuiltProgram> {
  const compiled = compile(program.code, { filename: program.filename, dialect: tc.dialect, variant });
  if (!compiled.ok) return { ok: false, outcome: { status: 'compile-error', message: compiled.message } };
  if (program.anf) return { ok: false, outcome: { status: 'exited', exitCode: 0, stdout: compiled.anf, stderr: '' } };
  const exe = await assembleAndLink(compiled.asm, tc.runtime, { cacheDir: tc.cacheDir });
  return { ok: true, exe, anf: compiled.anf };
}

export interface RunBuiltOptions {
  env?: Record<string, string>;
  /** Collect FOX_GC_STATS. */
  stats?: boolean;
  /** Collect at every allocation (FOX_GC_STRESS). */
  stress?: boolean;
  timeoutMs?: number;
}

export interface ProgramRun {
  outcome: Outcome;
  durationMs: number;
  stats?: GcStats;
}

export async function runBuiltProgram(tc: Toolchain, built: BuiltProgram, heap: number, opts: RunBuiltOptions = {}): Promise<ProgramRun> {
  if (!built.ok) return { outcome: built.outcome, durationMs: 0 };
  const env: Record<string, string> = { ...opts.env };
  if (opts.stress) env.FOX_GC_STRESS = '1';
  let statsDir: string | undefined;
  if (opts.stats) {
    statsDir = await mkdtemp(join(tmpdir(), 'fox-stats-'));
    env.FOX_GC_STATS = join(statsDir, 'stats.json');
  }
  try {
    const result = await runProgram(built.exe, { heap, env, timeoutMs: opts.timeoutMs ?? tc.timeoutMs });
    const stats = statsDir ? await readStats(env.FOX_GC_STATS!) : undefined;
    return { outcome: result, durationMs: result.durationMs, stats };
  } finally {
    if (statsDir) await rm(statsDir, { recursive: true, force: true });
  }
}

/** The stats file, or undefined when the program died before writing it (a signal, a timeout). */
async function readStats(path: string): Promise<GcStats | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as GcStats;
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
