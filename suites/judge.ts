// Whether one run of one test passed (FOX.md §6), as a pure function of what was expected and
// what happened. The reasons are short fixed phrases so that a report can count and group them.

export interface Expected {
  kind: 'value' | 'failure';
  text: string;
}

/** What compiling and running a test's program produced. */
export type Outcome =
  | { status: 'compile-error'; message: string }
  | { status: 'exited'; exitCode: number; stdout: string; stderr: string }
  /** `truncated`: the output passed the runner's cap and the program was killed for it. */
  | { status: 'signaled'; signal: string; stdout: string; stderr: string; truncated?: boolean }
  | { status: 'timeout'; stdout: string; stderr: string };

export interface Difference {
  /** 1-based. */
  line: number;
  expected: string;
  actual: string;
}

export type Verdict =
  | { pass: true }
  | { pass: false; reason: string; expectedText: string; actualText: string; firstDifference?: Difference };

export interface JudgeOptions {
  /** Match failure text ignoring case (the fa18 offering did). */
  caseInsensitive?: boolean;
}

/** The text a timeout counts as having printed. */
export const TIMEOUT_TEXT = 'TIMEOUT';
/** Stands for the line that one side of a comparison does not have. */
export const END_OF_TEXT = '<end of text>';

/**
 * Everything the compile and the run printed, as a failure test searches it: stdout then stderr,
 * concatenated as they are (the course's harness did the same), and `TIMEOUT` on a line of its
 * own after a timeout.
 */
export function printedText(outcome: Outcome): string {
  if (outcome.status === 'compile-error') return outcome.message;
  const text = outcome.stdout + outcome.stderr;
  if (outcome.status !== 'timeout') return text;
  return text === '' || text.endsWith('\n') ? text + TIMEOUT_TEXT : `${text}\n${TIMEOUT_TEXT}`;
}

/** A short phrase: `compile error`, `exit 0`, `exit 9`, `killed by SIGSEGV`, `timeout`. */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.status) {
    case 'compile-error':
      return 'compile error';
    case 'exited':
      return `exit ${outcome.exitCode}`;
    case 'signaled':
      return outcome.truncated ? 'too much output (killed)' : `killed by ${outcome.signal}`;
    case 'timeout':
      return 'timeout';
  }
}

/** The first line where two texts differ, or undefined when they are equal. */
export function firstDifferingLine(expected: string, actual: string): Difference | undefined {
  if (expected === actual) return undefined;
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; ; i++) {
    if (e[i] !== a[i]) return { line: i + 1, expected: e[i] ?? END_OF_TEXT, actual: a[i] ?? END_OF_TEXT };
  }
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function judge(expected: Expected, outcome: Outcome, options: JudgeOptions = {}): Verdict {
  const succeeded = outcome.status === 'exited' && outcome.exitCode === 0;

  if (expected.kind === 'value') {
    const want = expected.text.trim();
    if (succeeded) {
      const got = outcome.stdout.trim();
      if (got === want) return { pass: true };
      const firstDifference = firstDifferingLine(want, got) as Difference;
      return { pass: false, reason: 'wrong value', expectedText: want, actualText: got, firstDifference };
    }
    return { pass: false, reason: valueFailureReason(outcome), expectedText: want, actualText: printedText(outcome) };
  }

  if (succeeded) {
    return {
      pass: false,
      reason: 'expected a failure but the program printed a value',
      expectedText: expected.text,
      actualText: outcome.stdout.trim(),
    };
  }
  const printed = printedText(outcome);
  const found = options.caseInsensitive
    ? printed.toLowerCase().includes(expected.text.toLowerCase())
    : printed.includes(expected.text);
  if (found) return { pass: true };
  return { pass: false, reason: `missing ${clip(JSON.stringify(expected.text))}`, expectedText: expected.text, actualText: printed };
}

/** Why a value test failed when its program did not exit 0. */
function valueFailureReason(outcome: Outcome): string {
  switch (outcome.status) {
    case 'compile-error':
      return 'expected a value but compilation failed';
    case 'exited':
      return `expected a value but the program failed (exit ${outcome.exitCode})`;
    case 'signaled':
      return outcome.truncated ? 'too much output (killed)' : `killed by ${outcome.signal}`;
    case 'timeout':
      return 'timeout';
  }
}
