// Printing a test file's problems once. The loader lists every problem in `problems` and, for a
// problem of one test, also in that test's `problem` text, which the commands print under the
// test (`INVALID name`). On stderr go only the others: the file's own problems.
import { formatError, type Diagnostic } from '../../../suites/errors.js';

export function fileLevelProblems(problems: readonly Diagnostic[], shownWithTests: readonly string[]): Diagnostic[] {
  const shown = new Set(shownWithTests.flatMap((text) => text.split('\n')).map((line) => line.trim()));
  return problems.filter((p) => !shown.has(formatError(p).split('\n')[0].trim()));
}
