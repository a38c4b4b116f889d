// Where the collector's results show: the `gc` command's terminal report (failures first, passes
// as one line, --verbose), and the grade reports (terminal, HTML), sanitizer findings of passing
// tests (leaks) included. Built from a result object: no program runs here.
import t from 'tap';
import { formatCollectorReport } from '../../../grader/cli/commands/gc.js';
import type { CollectorResult } from '../../../grader/collector/grade-collector.js';
import { clip, collectorReason, hiddenReason } from '../../../grader/collector/grade-collector.js';
import { scrubPaths } from '../../../grader/collector/compile.js';
import { renderStudentHtml } from '../../../reports/html.js';
import { renderTerminal } from '../../../reports/terminal.js';
import { loadFixture } from '../../fixtures/results/helpers.js';

const leak = { kind: 'memory-leak', error: false, summary: 'ERROR: LeakSanitizer: detected memory leaks', frames: ['mark c-bits/gc.c:40'] };
const result: CollectorResult = {
  version: 1,
  repo: 'alice',
  dialect: 'sp19',
  verdict: 'passed 2/3 tests; first wrong phase: forward (1 failing test(s))',
  build: { ok: true, files: [], warnings: [] },
  sanitizer: { enabled: true, leakCheck: true, notes: [] },
  suites: [
    {
      file: 'suites/fox.json',
      hidden: false,
      tests: [
        { name: 'a-pass', pass: true },
        { name: 'b-leaks', pass: true, sanitizer: leak },
        {
          name: 'c-fails',
          pass: false,
          reason: 'wrong value',
          expected: { kind: 'value', text: '(1, 2)' },
          actual: '(1, 3)',
          diagnosis: { status: 'diverged', phase: 'forward', collection: 2, collections: 2, message: 'forward: block at heap+6 got forwarding address heap+2, expected heap+4' },
        },
      ],
      passed: 2,
      total: 3,
    },
  ],
  score: { passed: 2, total: 3 },
  diagnosis: { available: true, diagnosed: 1, byPhase: { forward: 1 }, phase: 'forward', binding: ['mark(stack_top, first_frame, stack_bottom, heap_start) by parameter names'] },
  notes: [],
};

t.test('gc: failures first, then one count line; --verbose lists every test', async (t) => {
  const out = formatCollectorReport(result);
  const fail = out.indexOf('FAIL    c-fails');
  const count = out.indexOf('PASS    2 test(s)');
  t.ok(fail > 0 && count > fail, 'the failure comes before the count line');
  t.notMatch(out, /PASS {4}a-pass/);
  t.match(out, /PASS {4}b-leaks\n {10}sanitizer: memory-leak in mark c-bits\/gc\.c:40/, 'a leak of a passing test shows');
  t.match(out, /diagnosis: called mark\(stack_top, first_frame, stack_bottom, heap_start\) by parameter names/);
  const verbose = formatCollectorReport(result, { verbose: true });
  t.match(verbose, /PASS {4}a-pass\n/);
});

t.test('grade reports show the leak of a passing test (terminal and HTML)', async (t) => {
  const graded = { ...loadFixture('strong'), collector: result };
  t.match(renderTerminal(graded, { color: false, width: 100 }), /b-leaks: memory-leak in mark c-bits\/gc\.c:40/);
  t.match(renderStudentHtml(graded), /<code>b-leaks<\/code> passes; sanitizer: memory-leak in mark c-bits\/gc\.c:40/);
});

t.test('crashes and timeouts keep their class in every kind of test', async (t) => {
  t.equal(collectorReason('missing "out of memory"', { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: '' }), 'killed by SIGSEGV');
  t.equal(hiddenReason(collectorReason('missing "out of memory"', { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: '' })), 'crashed');
  t.equal(collectorReason('missing "out of memory"', { status: 'timeout', stdout: '', stderr: '' }), 'timeout');
  t.equal(collectorReason('missing "out of memory"', { status: 'exited', exitCode: 1, stdout: '', stderr: 'x' }), 'missing "out of memory"');
});

t.test('messages carry no temporary paths', async (t) => {
  t.equal(
    scrubPaths("/usr/bin/ld: /root/.fox-cache/tmp/link-Xa12/gc.o:(.bss+0x0): multiple definition of `HEAP_END'; /tmp/fox-gc-abc/main.o:(.bss+0x4): first defined here"),
    "/usr/bin/ld: gc.o:(.bss+0x0): multiple definition of `HEAP_END'; main.o:(.bss+0x4): first defined here",
  );
});

t.test('long outputs are cut with a note', async (t) => {
  t.equal(clip('x'.repeat(10), 20), 'x'.repeat(10));
  t.equal(clip('x'.repeat(2500)), `${'x'.repeat(2000)}… [cut: 500 more characters]`);
});
