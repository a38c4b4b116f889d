// Checking instructor suite files (`--suite`) before grading. Apart from grader/cli/options.ts, which
// the CLI loads at start-up: this needs the test-file loader (ajv), which --version must not pay for.
import type { Diagnostic } from './errors.js';
import { loadTestFile } from './test-file.js';

/**
 * File-level problems of instructor suite files (`--suite`), found before any grading: a missing,
 * unreadable or invalid suite is an error with a non-zero exit, never a silent "0/0 passed".
 */
export function suiteFileProblems(paths: readonly string[]): Diagnostic[] {
  return paths.flatMap((path) => {
    const loaded = loadTestFile(path);
    return loaded.problems.filter((p) => p.location?.test === undefined).map((p) => ({ ...p, message: `--suite ${path}: ${p.message}` }));
  });
}
