import t from 'tap';
import {
  describeOutcome,
  END_OF_TEXT,
  firstDifferingLine,
  judge,
  type Outcome,
  printedText,
} from '../../suites/judge.js';

const ran = (stdout: string, exitCode = 0, stderr = ''): Outcome => ({ status: 'exited', exitCode, stdout, stderr });
const value = (text: string) => ({ kind: 'value' as const, text });
const failure = (text: string) => ({ kind: 'failure' as const, text });
const compileError: Outcome = { status: 'compile-error', message: "t.fox:1:5-5: unbound variable 'y'\n  x + y\n      ^" };
const segfault: Outcome = { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: '' };
const timeout: Outcome = { status: 'timeout', stdout: '1\n', stderr: '' };
const outOfMemory = ran('', 9, '\nout of memory: needed 6 words, but only 4 remain after collection!\n\n');

t.test('value tests: the program must exit 0 with the expected trimmed stdout', async (t) => {
  t.same(judge(value('(1, 1, 1)'), ran('(1, 1, 1)\n')), { pass: true }, 'FOX.md example gc-0');
  t.same(judge(value('  12\n12 \n'), ran('\n12\n12\n\n')), { pass: true }, 'both sides trimmed at both ends');
  t.same(judge(value(''), ran('')), { pass: true }, 'empty expected, empty output');
  t.same(judge(value('1'), ran('1\n', 0, 'noise on stderr')), { pass: true }, 'stderr is ignored');

  t.same(judge(value('12\n12'), ran('12 12\n')), {
    pass: false,
    reason: 'wrong value',
    expectedText: '12\n12',
    actualText: '12 12',
    firstDifference: { line: 1, expected: '12', actual: '12 12' },
  }, 'inner newlines must match');
  t.match(judge(value('1\n\n2'), ran('1\n2')), { pass: false, reason: 'wrong value', firstDifference: { line: 2, expected: '', actual: '2' } }, 'blank inner lines count');
  t.match(judge(value('(1,  2)'), ran('(1, 2)')), { pass: false, reason: 'wrong value' }, 'inner spaces are not trimmed');
  t.match(judge(value('true'), ran('True')), { pass: false, reason: 'wrong value' }, 'values are case-sensitive');
  t.match(judge(value('true'), ran('True'), { caseInsensitive: true }), { pass: false }, 'even in the fa18 dialect');
  t.match(judge(value('1\n2'), ran('1\n2\n3')), { firstDifference: { line: 3, expected: END_OF_TEXT, actual: '3' } });
});

t.test('value tests: every way of failing has its reason', async (t) => {
  t.same(judge(value('1'), compileError), {
    pass: false,
    reason: 'expected a value but compilation failed',
    expectedText: '1',
    actualText: compileError.status === 'compile-error' ? compileError.message : '',
  });
  t.same(judge(value(' 1 '), ran('1\n', 1, 'Error: expected a number but got 0xffffffff\n')), {
    pass: false,
    reason: 'expected a value but the program failed (exit 1)',
    expectedText: '1',
    actualText: '1\nError: expected a number but got 0xffffffff\n',
  });
  t.match(judge(value('(1, 1, 1)'), outOfMemory), { pass: false, reason: 'expected a value but the program failed (exit 9)' });
  t.match(judge(value('1'), segfault), { pass: false, reason: 'killed by SIGSEGV', actualText: '' });
  t.match(judge(value('1'), timeout), { pass: false, reason: 'timeout', actualText: '1\nTIMEOUT' });
  t.equal((judge(value('1'), segfault) as { firstDifference?: unknown }).firstDifference, undefined, 'no line diff when no value was printed');
});

t.test('failure tests: the compile or the run must fail and print the text', async (t) => {
  t.same(judge(failure('out of memory'), outOfMemory), { pass: true }, 'FOX.md example gc-0-neg, text on stderr');
  t.same(judge(failure('unbound variable'), compileError), { pass: true }, 'compile error message');
  t.same(judge(failure('partial'), ran('partial output', 1, 'Error: arithmetic overflow.')), { pass: true }, 'text on stdout');
  t.same(judge(failure('outputError'), ran('partial output', 1, 'Error: x')), { pass: true }, 'stdout then stderr, concatenated as printed');
  t.same(judge(failure('out of memory'), { status: 'signaled', signal: 'SIGABRT', stdout: '', stderr: 'out of memory\n' }), { pass: true }, 'a signal is a failure');

  t.same(judge(failure('out of memory'), ran('(1, 1, 1)\n')), {
    pass: false,
    reason: 'expected a failure but the program printed a value',
    expectedText: 'out of memory',
    actualText: '(1, 1, 1)',
  });
  t.same(judge(failure('out of memory'), segfault), {
    pass: false,
    reason: 'missing "out of memory"',
    expectedText: 'out of memory',
    actualText: '',
  });
  t.match(judge(failure('Out of memory'), outOfMemory), { pass: false, reason: 'missing "Out of memory"' }, 'case-sensitive by default');
  t.same(judge(failure('Out of memory'), outOfMemory, { caseInsensitive: true }), { pass: true }, 'fa18 matches ignoring case');
  t.same(judge(failure('OUT OF MEMORY'), outOfMemory, { caseInsensitive: true }), { pass: true });
  t.match(judge(failure('overflow'), outOfMemory, { caseInsensitive: true }), { pass: false, reason: 'missing "overflow"' });
  t.match(judge(failure('x'.repeat(100)), segfault), { reason: /^missing "x{58}…$/ }, 'long texts are clipped in the reason');
});

t.test('failure "" accepts any failure and nothing else', async (t) => {
  for (const outcome of [compileError, outOfMemory, ran('', 1), segfault, timeout]) {
    t.same(judge(failure(''), outcome), { pass: true }, describeOutcome(outcome));
  }
  t.match(judge(failure(''), ran('')), { pass: false, reason: 'expected a failure but the program printed a value' });
});

t.test('a timeout is a failure whose text is TIMEOUT', async (t) => {
  t.same(judge(failure('TIMEOUT'), timeout), { pass: true });
  t.same(judge(failure('TIMEOUT'), { status: 'timeout', stdout: '', stderr: '' }), { pass: true });
  t.same(judge(failure('1'), timeout), { pass: true }, 'what it printed before counts too');
  t.match(judge(failure('TIMEOUT'), ran('', 1)), { pass: false, reason: 'missing "TIMEOUT"' }, 'only a timeout prints TIMEOUT');
  t.match(judge(failure('timeout'), timeout), { pass: false }, 'case-sensitive');
  t.same(judge(failure('timeout'), timeout, { caseInsensitive: true }), { pass: true });
  t.match(judge(failure('out of memory'), timeout), { pass: false, reason: 'missing "out of memory"', actualText: '1\nTIMEOUT' });
});

t.test('printedText', async (t) => {
  t.equal(printedText(ran('a', 1, 'b')), 'ab');
  t.equal(printedText(compileError), compileError.status === 'compile-error' ? compileError.message : '');
  t.equal(printedText({ status: 'timeout', stdout: 'a', stderr: '' }), 'a\nTIMEOUT', 'TIMEOUT on a line of its own');
  t.equal(printedText({ status: 'timeout', stdout: '', stderr: 'e\n' }), 'e\nTIMEOUT');
  t.equal(printedText({ status: 'signaled', signal: 'SIGKILL', stdout: 'o', stderr: 'e' }), 'oe', 'a signal prints nothing of its own');
});

t.test('describeOutcome', async (t) => {
  t.equal(describeOutcome(compileError), 'compile error');
  t.equal(describeOutcome(ran('', 0)), 'exit 0');
  t.equal(describeOutcome(outOfMemory), 'exit 9');
  t.equal(describeOutcome(segfault), 'killed by SIGSEGV');
  t.equal(describeOutcome(timeout), 'timeout');
});

t.test('firstDifferingLine', async (t) => {
  t.equal(firstDifferingLine('a\nb', 'a\nb'), undefined);
  t.same(firstDifferingLine('a\nb', 'a\nc'), { line: 2, expected: 'b', actual: 'c' });
  t.same(firstDifferingLine('x', 'y\nz'), { line: 1, expected: 'x', actual: 'y' });
  t.same(firstDifferingLine('a\nb', 'a'), { line: 2, expected: 'b', actual: END_OF_TEXT });
  t.same(firstDifferingLine('a', 'a\n'), { line: 2, expected: END_OF_TEXT, actual: '' }, 'a trailing newline is a difference here');
  t.same(firstDifferingLine('', 'a'), { line: 1, expected: '', actual: 'a' });
});
