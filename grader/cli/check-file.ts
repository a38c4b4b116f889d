// `fox-grade check`: run every test of a test file on the reference and judge it (FOX.md §6).
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { availableParallelism } from 'node:os';
import { buildTestProgram, createToolchain, runAndJudge, type ToolchainOptions } from '../../suites/execute.js';
import { errorMessage } from '../grade/internal-error.js';
import type { Outcome, Verdict } from '../../suites/judge.js';
import { loadTestFile, type LoadedTest, type Problem, type Warning } from '../../suites/test-file.js';

export interface CheckOptions extends ToolchainOptions {
  /** Where `"code": "file"` programs live; default `input/` beside the test file. */
  inputsDir?: string;
  /** Programs run at once; default: the number of cores. */
  jobs?: number;
  /** Called as tests finish, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export type CheckedTest =
  | { test: LoadedTest; status: 'invalid'; problem: string }
  | { test: LoadedTest; status: 'pass' | 'fail'; verdict: Verdict; outcome: Outcome };

export interface CheckReport {
  file: string;
  results: CheckedTest[];
  problems: Problem[];
  warnings: Warning[];
}

export async function checkTestFile(path: string, opts: CheckOptions = {}): Promise<CheckReport> {
  const file = resolve(path);
  // No root: `check` reads the instructor's own files (student repos are confined by the grader).
  const loaded = loadTestFile(file, { inputsDir: opts.inputsDir && resolve(opts.inputsDir), dialect: opts.dialect });
  const tc = await createToolchain(opts);
  const limit = pLimit(opts.jobs ?? availableParallelism());
  let finished = 0;
  const tick = <T>(value: T): T => (opts.onProgress?.(++finished, loaded.tests.length), value);

  const results = await Promise.all(
    loaded.tests.map((test) =>
      limit(async (): Promise<CheckedTest> => {
        if (!test.valid || test.code === undefined) return { test, status: 'invalid', problem: test.problem ?? 'unusable test' };
        try {
          const built = await buildTestProgram(tc, { code: test.code, filename: `${test.name}.fox`, anf: test.anf });
          const run = await runAndJudge(tc, built, test.expected, test.heap);
          return { test, status: run.verdict.pass ? 'pass' : 'fail', verdict: run.verdict, outcome: run.outcome };
        } catch (error) {
          // fox-grade's own failure on this test: reported on it, the other tests still checked.
          return { test, status: 'invalid', problem: `internal error of fox-grade on this test: ${errorMessage(error)}` };
        }
      }).then(tick),
    ),
  );
  return { file: loaded.file, results, problems: loaded.problems, warnings: loaded.warnings };
}
