// Phase 2: decide which tests can run at all. A test with a file problem (schema, name, missing
// input, unsafe path) is invalid here, with the loader's located reason; the reference decides
// about the rest in phase 4.
import type { LoadedTest, LoadedTestFile } from '../../suites/test-file.js';
import type { TestResult } from '../result.js';

/** A test that can be compiled and run. */
export interface RunnableTest {
  test: LoadedTest & { code: string };
  file: string;
}

export interface Validated {
  runnable: RunnableTest[];
  /** Invalid tests, already in their final form, keyed by display name for ordering later. */
  invalid: Map<string, TestResult>;
}

export function validateTests(file: LoadedTestFile): Validated {
  const runnable: RunnableTest[] = [];
  const invalid = new Map<string, TestResult>();
  for (const test of file.tests) {
    if (test.valid && test.code !== undefined) {
      runnable.push({ test: test as RunnableTest['test'], file: file.file });
    } else {
      invalid.set(test.displayName, invalidTest(test, file.file, test.problem ?? 'the test cannot be read'));
    }
  }
  return { runnable, invalid };
}

export function invalidTest(test: LoadedTest, file: string, reason: string, extra: Partial<TestResult> = {}): TestResult {
  return {
    name: test.displayName,
    originalName: test.name,
    file,
    index: test.index,
    valid: false,
    reason,
    expected: test.expected,
    heap: test.heap,
    collections: null,
    killed: [],
    killedAlone: [],
    notes: [],
    ...extra,
  };
}
