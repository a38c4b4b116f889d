// A failure of fox-grade itself on one test (a compiler exception, a build that throws, a run
// that cannot be started) must not take the other tests, or the report, down with it: the test
// becomes invalid with an "internal error" reason that carries the message, and grading goes on.
import type { TestResult } from '../result.js';
import { invalidTest, type RunnableTest } from './2-validate.js';

export { errorMessage } from '../../suites/errors.js';
import { errorMessage } from '../../suites/errors.js';

export function internalErrorTest({ test, file }: RunnableTest, phase: string, error: unknown): TestResult {
  return invalidTest(
    test,
    file,
    `internal error of fox-grade while ${phase} this test: ${errorMessage(error)} (the test is not held against you; please report it)`,
  );
}

/** Where a phase puts the tests it could not handle. */
export type OnInternalError = (runnable: RunnableTest, phase: string, error: unknown) => void;

/** Collects internal errors into a validated file's invalid tests; `errors` keeps what was thrown. */
export function recordInto(invalid: Map<string, TestResult>): OnInternalError & { errors: unknown[] } {
  const errors: unknown[] = [];
  const record = (runnable: RunnableTest, phase: string, error: unknown) => {
    errors.push(error);
    invalid.set(runnable.test.displayName, internalErrorTest(runnable, phase, error));
  };
  return Object.assign(record, { errors });
}

/**
 * A broken toolchain (nasm missing, the cache unwritable) fails every test the same way: that is
 * not the tests' fault, and a report of zeros would hide it. When at least two tests ran and every
 * one failed with the same message, the first error is thrown for the whole grading instead.
 */
export function throwIfToolchainWide(errors: readonly unknown[], runnable: number): void {
  if (runnable < 2 || errors.length < runnable) return;
  const first = errorMessage(errors[0]);
  if (errors.every((e) => errorMessage(e) === first)) throw errors[0];
}
