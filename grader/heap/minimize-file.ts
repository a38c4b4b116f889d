// `fox-grade minimize`: the minimal heap of every test of a test file (grader/heap/minimal-heap.ts), and
// optionally the file rewritten with them (--write) and with `-neg` twins at h − 1 (--neg).
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { FoxGradeError } from '../../suites/errors.js';
import pLimit from 'p-limit';
import { buildTestProgram, createToolchain, runAndJudge, type BuiltProgram, type Toolchain, type ToolchainOptions } from '../../suites/execute.js';
import { errorMessage } from '../../suites/errors.js';
import { minimalHeapForTest, type MinimalHeapForTestConstraints } from './for-test.js';
import { outOfMemoryText } from './out-of-memory.js';
import type { MinimalHeapResult } from './minimal-heap.js';
import { rewriteTestFile, type TestFileChange } from './minimize-rewrite.js';
import { createExclusive, explainErrno, withFileLock, writeFileAtomic } from '../safe-write.js';
import { loadTestFile, MAX_TEST_FILE_BYTES, readRegularFile, type LoadedTest, type Problem, type Warning } from '../../suites/test-file.js';

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
  /** The text the tests were loaded from (what the backup holds). */
  original?: string;
  /** The repository root, when a repository was given (writes stay inside it). */
  root?: string;
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
        try {
          const built = await buildTestProgram(tc, { code: test.code, filename: `${test.name}.fox`, anf: test.anf });
          builds.set(test.index, built);
          const result = await minimalHeapForTest(tc, test, built, options.constraints);
          return { test, status: built.ok ? 'searched' : 'not-run', result };
        } catch (error) {
          // fox-grade's own failure on this test: reported on it, the other tests still searched.
          return { test, status: 'invalid', problem: `internal error of fox-grade on this test: ${errorMessage(error)}` };
        }
      }).then(tick),
    ),
  );

  const report: MinimizeReport = { file: loaded.file, path, tests, problems: loaded.problems, warnings: loaded.warnings, original: loaded.text, ...(root !== undefined ? { root } : {}) };
  // A file-level problem leaves no tests (and nothing to write); an invalid test is only skipped.
  if ((options.write || options.neg) && loaded.tests.length > 0) {
    await rewrite(report, tc, builds, options);
  }
  return report;
}

async function rewrite(report: MinimizeReport, tc: Toolchain, builds: Map<number, BuiltProgram>, options: MinimizeOptions): Promise<void> {
  const changes: TestFileChange[] = [];
  const names = new Set(report.tests.map((t) => t.test.name));
  const inputs: { to: string; code: string }[] = [];
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
        if (twin.input) inputs.push({ to: twin.input.to, code: t.test.code! });
        t.twin = { added: twin.name };
        twins++;
      }
    }
    if (change.heap !== undefined || change.twin) changes.push(change);
  }
  if (changes.length === 0) return;

  const original = report.original;
  if (original === undefined) return; // not readable: the loader reported it, and there are no tests
  await withFileLock(report.path, () => {
    // Under the lock, the file must still be what the tests were loaded from: another writer
    // (a second `minimize --write`) may have replaced it meanwhile, and its output must not
    // become our backup. Re-read the same safe way (a regular file, no link, inside the repo).
    const now = readRegularFile(report.path, report.root === undefined ? undefined : realpathSync(report.root), MAX_TEST_FILE_BYTES, true);
    if (!now.ok || now.text !== original) {
      report.problems.push({
        code: 'E_TESTFILE_CHANGED',
        message: `${report.file} changed while its heaps were being searched (${now.ok ? 'its content differs' : now.detail}); nothing was written`,
        remedy: 'run minimize again once no other program writes the file',
        location: { file: report.file },
      });
      return;
    }
    // The directory too may have been swapped for a link out of the repository since loading.
    if (report.root !== undefined) assertInside(realpathSync(report.root), dirname(report.path));
    const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
    const text = rewriteTestFile(original.slice(bom.length), changes);
    const backup = `${report.path}.bak`;
    // Backup first (the original, as loaded), then the new inputs, then the file: each written
    // to a fresh temporary name and renamed, so a planted link is replaced, never followed.
    writeFileAtomic(backup, original, 'E_MINIMIZE_WRITE');
    for (const input of inputs) {
      try {
        createExclusive(input.to, input.code);
      } catch (error) {
        throw new FoxGradeError('E_MINIMIZE_WRITE', `cannot create ${input.to}: ${explainErrno(error)}`, { cause: error, remedy: `remove ${input.to}, then run again`, location: { file: input.to } });
      }
    }
    writeFileAtomic(report.path, bom + text, 'E_MINIMIZE_WRITE');
    report.rewritten = { backup, heaps, twins, inputs: inputs.map((i) => i.to) };
  });
}

/** Refuses to write into `dir` when it resolves outside the repository. */
function assertInside(rootReal: string, dir: string): void {
  const real = realpathSync(dir);
  if (real !== rootReal && !real.startsWith(rootReal + sep)) {
    throw new FoxGradeError('E_MINIMIZE_WRITE', `refusing to write into ${dir}: it resolves to ${real}, outside the repository`, {
      remedy: 'replace the symbolic link by a directory',
      location: { file: dir },
    });
  }
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
