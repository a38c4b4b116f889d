// judge.ts at its edges, found by StrykerJS (npm run mutate): what a student reads when a line is
// missing, when a program printed nothing before its timeout, when it was killed for too much
// output, and where a long failure text is clipped.
import t from 'tap';
import { describeOutcome, firstDifferingLine, judge, printedText, type Outcome } from '../../suites/judge.js';

const value = (text: string) => ({ kind: 'value' as const, text });
const failure = (text: string) => ({ kind: 'failure' as const, text });

t.test('a missing line is shown as something no program prints, never as an empty line', async (t) => {
  for (const [expected, actual] of [
    ['1\n', '1'],
    ['1', '1\n'],
    ['(1, 2)\n\n', '(1, 2)\n'],
  ]) {
    const d = firstDifferingLine(expected, actual)!;
    t.not(d.expected, d.actual, `${JSON.stringify(expected)} vs ${JSON.stringify(actual)}: the two sides read differently`);
    t.ok(d.expected !== '' || d.actual !== '', 'one side is the empty line, the other the end of the text');
  }
});

t.test('a timeout with no output prints TIMEOUT alone, without an empty line before it', async (t) => {
  const silent: Outcome = { status: 'timeout', stdout: '', stderr: '' };
  t.equal(printedText(silent), 'TIMEOUT');
  t.equal(printedText({ status: 'timeout', stdout: '1', stderr: '' }), '1\nTIMEOUT', 'after a partial line: on a line of its own');
  t.equal(printedText({ status: 'timeout', stdout: '1\n', stderr: '' }), '1\nTIMEOUT');
  // A failure test written for a silent loop matches the whole text, line for line.
  t.same(judge(failure('TIMEOUT'), silent), { pass: true });
  t.equal(judge(value('1'), silent).pass, false);
  t.match(judge(value('1'), silent), { reason: 'timeout', actualText: 'TIMEOUT' });
});

t.test('a program killed for too much output says so, not which signal killed it', async (t) => {
  const flood: Outcome = { status: 'signaled', signal: 'SIGKILL', stdout: 'x'.repeat(10), stderr: '', truncated: true };
  t.equal(describeOutcome(flood), 'too much output (killed)');
  t.match(judge(value('1'), flood), { pass: false, reason: 'too much output (killed)' });
  const killed: Outcome = { status: 'signaled', signal: 'SIGKILL', stdout: '', stderr: '' };
  t.equal(describeOutcome(killed), 'killed by SIGKILL');
  t.match(judge(value('1'), killed), { pass: false, reason: 'killed by SIGKILL' });
});

t.test('a failure text is quoted whole in the reason up to 60 characters, then clipped', async (t) => {
  const ok: Outcome = { status: 'exited', exitCode: 1, stdout: '', stderr: 'nope' };
  // JSON.stringify adds the two quotes: 58 characters of text quote to exactly 60.
  const fits = 'a'.repeat(58);
  t.equal(judge(failure(fits), ok).pass, false);
  t.match(judge(failure(fits), ok), { reason: `missing "${fits}"` }, '60 characters: whole');
  const long = 'a'.repeat(59);
  const reason = (judge(failure(long), ok) as { reason: string }).reason;
  t.equal(reason, `missing "${'a'.repeat(58)}…`, '61 characters: clipped to 60 with an ellipsis');
  t.equal(reason.length, 'missing '.length + 60);
});
