// `fox-grade check TESTS.json [--inputs DIR]`: one line per test, a summary, exit 0 iff all pass.
import { resolve } from 'node:path';
import { checkTestFile, type CheckOptions } from '../check-file.js';
import { formatError } from '../../../suites/errors.js';
import type { Io } from '../io.js';
import { progressReporter } from '../progress.js';
import { fileLevelProblems } from './problems.js';

/** commander names `--inputs <dir>` `inputs`; the library option is `inputsDir`. */
export type CheckCommandOptions = CheckOptions & { inputs?: string };

export async function checkCommand(path: string, opts: CheckCommandOptions, io: Io): Promise<number> {
  const given = opts.inputs ?? opts.inputsDir;
  const inputsDir = given === undefined ? undefined : resolve(io.cwd, given);
  const progress = progressReporter(io);
  const report = await checkTestFile(resolve(io.cwd, path), { ...opts, inputsDir, onProgress: (done, total) => progress.update('tests', done, total) }).finally(() =>
    progress.done(),
  );
  const shownWithTests = report.results.flatMap((r) => (r.status === 'invalid' ? [r.problem] : []));
  const fileProblems = fileLevelProblems(report.problems, shownWithTests);
  for (const p of fileProblems) io.stderr(`${formatError(p)}\n`);
  for (const w of report.warnings) io.stderr(`warning: ${formatError(w)}\n`);

  let passed = 0;
  let failed = 0;
  let invalid = 0;
  for (const r of report.results) {
    const name = r.test.displayName;
    if (r.status === 'invalid') {
      invalid++;
      io.stdout(`INVALID ${name}\n${indent(r.problem)}\n`);
    } else if (r.verdict.pass) {
      passed++;
      io.stdout(`PASS    ${name}\n`);
    } else {
      failed++;
      const v = r.verdict;
      io.stdout(`FAIL    ${name}: ${v.reason}\n${indent(`expected: ${v.expectedText}\nactual:   ${v.actualText.trim()}`)}\n`);
    }
  }
  const fileNote = fileProblems.length > 0 ? `, ${fileProblems.length} file problem${fileProblems.length === 1 ? '' : 's'} (above)` : '';
  io.stdout(`${report.file}: ${passed} passed, ${failed} failed, ${invalid} invalid${fileNote}\n`);
  return failed === 0 && invalid === 0 && report.problems.length === 0 ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
}
