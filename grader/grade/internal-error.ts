// A failure of fox-grade itself on one test (a compiler exception, a build that throws, a run
// that cannot be started) must not take the other tests, or the report, down with it: the test
// becomes invalid with an "internal error" reason that carries the message, and grading goes on.
import type { TestResult } from '../result.js';
import { invalidTest, type RunnableTest } from './2-validate.js';

/** The one-line message of whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}

export function internalErrorTest({ test, file }: RunnableTest, phase: string, error: unknown): TestResult {
  return invalidTest(
    test,
    file,
    `internal error of fox-grade while ${phase} this test: ${errorMessage(error)} (the test is not held against you; please report it)`,
  );
}

/** Where a phase puts the tests it could not handle. */
export type OnInternalError = (runnable: RunnableTest, phase: string, error: unknown) => void;

/** Collects internal errors into a validated file's invalid tests. */
export function recordInto(invalid: Map<string, TestResult>): OnInternalError {
  return (runnable, phase, error) => void invalid.set(runnable.test.displayName, internalErrorTest(runnable, phase, error));
}
