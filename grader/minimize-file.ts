// `fox-grade minimize`: the minimal heap of every test of a test file (grader/minimal-heap.ts), and
// optionally the file rewritten with them (--write) and with `-neg` twins at h − 1 (--neg).
import { copyFileSync, lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { buildTestProgram, createToolchain, runAndJudge, type BuiltProgram, type Toolchain, type ToolchainOptions } from './execute.js';
import { minimalHeapForTest, type MinimalHeapForTestConstraints } from './minimal-heap-for-test.js';
import { outOfMemoryText } from './minimal-heap-out-of-memory.js';
import type { MinimalHeapResult } from './minimal-heap.js';
import { rewriteTestFile, type TestFileChange } from './minimize-rewrite.js';
import { loadTestFile, type LoadedTest, type Problem, type Warning } from './test-file.js';

export interface MinimizeOptions extends ToolchainOptions {
  /** Rewrite the file with the minimal heaps (a backup `<file>.bak` first). */
  write?: boolean;
  /** Add a `<name>-neg` twin at h − 1 expecting out of memory after each verified test with h > 1. */
  neg?: boolean;
  /** Constraints of every search (seed, maxRuns, …). */
  constraints?: MinimalHeapForTestConstraints;
  /** Tests searched at once. Default: the number of cores. */
  jobs?: number;
  /** Called as tests finish, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export type MinimizedTest =
  | { test: LoadedTest; status: 'invalid'; problem: string }
  | {
      test: LoadedTest;
      /** `searched`: a search ran; `not-run`: the outcome does not depend on the heap (compile error, ANF). */
      status: 'searched' | 'not-run';
      result: MinimalHeapResult;
      /** --write: the new heap was written. */
      written?: boolean;
      /** --neg: the twin added, or why none was. */
      twin?: { added: string } | { skipped: string };
    };

export interface MinimizeReport {
  /** The test file as messages name it. */
  file: string;
  path: string;
  tests: MinimizedTest[];
  problems: Problem[];
  warnings: Warning[];
  /** When the file was rewritten: the backup, and what changed. */
  rewritten?: { backup: string; heaps: number; twins: number; inputs: string[] };
}

/** REPO (a directory holding tests/yourTests.json) or a test file. */
function locate(target: string): { path: string; label: string; root?: string } {
  const abs = resolve(target);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // a missing file is reported by the loader
  }
  return isDir ? { path: join(abs, 'tests', 'yourTests.json'), label: '', root: abs } : { path: abs, label: target };
}

/** Whether a result is a usable answer (the command's exit status). */
export function minimizedOk(t: MinimizedTest): boolean {
  if (t.status === 'invalid') return false;
  if (t.status === 'not-run' || t.result.expectsOutOfMemory) return true;
  return t.result.minimalHeap !== null && t.result.verified && t.result.monotonic === true;
}

export async function minimizeTestFile(target: string, options: MinimizeOptions = {}): Promise<MinimizeReport> {
  const { path, label, root } = locate(target);
  // Messages name the file as given, or relative to the repository.
  const loaded = loadTestFile(root !== undefined ? path : label, { ...(root !== undefined ? { root } : {}), dialect: options.dialect });
  const tc = await createToolchain(options);
  const limit = pLimit(options.jobs ?? availableParallelism());
  const builds = new Map<number, BuiltProgram>();
  let finished = 0;
  const tick = <T>(value: T): T => (options.onProgress?.(++finished, loaded.tests.length), value);

  const tests = await Promise.all(
    loaded.tests.map((test) =>
      limit(async (): Promise<MinimizedTest> => {
        if (!test.valid || test.code === undefined) return { test, status: 'invalid', problem: test.problem ?? 'unusable test' };
        const built = await buildTestProgram(tc, { code: test.code, filename: `${test.name}.fox`, anf: test.anf });
        builds.set(test.index, built);
        const result = await minimalHeapForTest(tc, test, built, options.constraints);
        return { test, status: built.ok ? 'searched' : 'not-run', result };
      }).then(tick),
    ),
  );

  const report: MinimizeReport = { file: loaded.file, path, tests, problems: loaded.problems, warnings: loaded.warnings };
  // A file-level problem leaves no tests (and nothing to write); an invalid test is only skipped.
  if ((options.write || options.neg) && loaded.tests.length > 0) {
    await rewrite(report, tc, builds, options);
  }
  return report;
}

async function rewrite(report: MinimizeReport, tc: Toolchain, builds: Map<number, BuiltProgram>, options: MinimizeOptions): Promise<void> {
  const changes: TestFileChange[] = [];
  const names = new Set(report.tests.map((t) => t.test.name));
  const inputs: { from: string; to: string }[] = [];
  let heaps = 0;
  let twins = 0;

  for (const t of report.tests) {
    if (t.status === 'invalid') continue;
    const h = t.result.minimalHeap;
    if (h === null) continue;
    const change: TestFileChange = { index: t.test.index };
    if (options.write && (!t.test.heapGiven || t.test.heap !== h)) {
      change.heap = h;
      t.written = true;
      heaps++;
    }
    if (options.neg) {
      const twin = await planTwin(t, tc, builds.get(t.test.index)!, names);
      if ('skipped' in twin) t.twin = twin;
      else {
        names.add(twin.name);
        change.twin = { name: twin.name, failure: twin.failure, heap: h - 1 };
        if (twin.input) inputs.push(twin.input);
        t.twin = { added: twin.name };
        twins++;
      }
    }
    if (change.heap !== undefined || change.twin) changes.push(change);
  }
  if (changes.length === 0) return;

  // The raw text: the loader read the same file; a byte-order mark is kept as it was.
  const raw = readFileSync(report.path, 'utf8');
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = rewriteTestFile(raw.slice(bom.length), changes);
  const backup = `${report.path}.bak`;
  writeFileSync(backup, raw);
  for (const input of inputs) copyFileSync(input.from, input.to);
  writeFileSync(report.path, bom + text);
  report.rewritten = { backup, heaps, twins, inputs: inputs.map((i) => i.to) };
}

type TwinPlan = { name: string; failure: string; input?: { from: string; to: string } } | { skipped: string };

/** The `-neg` twin of a test: its name, the failure text that matches its run at h − 1, its program file. */
async function planTwin(t: Extract<MinimizedTest, { result: MinimalHeapResult }>, tc: Toolchain, built: BuiltProgram, names: Set<string>): Promise<TwinPlan> {
  const h = t.result.minimalHeap!;
  if (!t.result.verified) return { skipped: 'the minimal heap is not verified' };
  if (h <= 1) return { skipped: 'the minimal heap is 1: there is no smaller heap' };
  const name = `${t.test.name}-neg`;
  if (names.has(name)) return { skipped: `a test named '${name}' exists already` };
  if (name.length > 100) return { skipped: `the name '${name}' would be longer than 100 characters` };

  // The twin must pass: judge its run at h − 1 (sp19 prints "out of memory"; fa18's empty-heap
  // message does not, its twin expects "words too large").
  const run = await runAndJudge(tc, built, { kind: 'failure', text: 'out of memory' }, h - 1);
  const failure = run.verdict.pass ? 'out of memory' : outOfMemoryText(run.outcome, tc.dialect);
  if (failure === undefined) return { skipped: `the program does not run out of memory at heap ${h - 1}` };

  if (t.test.source !== 'file') return { name, failure };
  // "code": "file": the twin reads input/<twin>.fox; copy the program unless that file exists.
  const from = t.test.programPath!;
  const to = join(dirname(from), `${name}.fox`);
  const kind = fileKind(to);
  if (kind === 'none') return { name, failure, input: { from, to } };
  if (kind === 'file' && readFileSafe(to) === readFileSafe(from)) return { name, failure };
  return { skipped: `${to} exists ${kind === 'file' ? 'with another program' : 'and is not a regular file'}` };
}

function fileKind(path: string): 'none' | 'file' | 'other' {
  try {
    return lstatSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

function readFileSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
