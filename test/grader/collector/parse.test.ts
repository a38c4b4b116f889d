// The pure parts of `fox-grade gc`: gcc, linker and sanitizer output, the harness's line, the
// include check, reason classes. The samples are real outputs of the tools (LC_ALL=C, gcc 12).
import t from 'tap';
import {
  COLLECTOR_FUNCTION_NAMES,
  expectedSignature,
  formatCompilerMessage,
  parseGccOutput,
  parseLinkerOutput,
  repoNamer,
  signatureProblems,
} from '../../../grader/collector/compile.js';
import { formatDiagnosis, parseDiagnosisLine } from '../../../grader/collector/harness.js';
import { asanOptions, formatFinding, parseSanitizerReport, studentFileNamer } from '../../../grader/collector/sanitize.js';
import { scanIncludes } from '../../../grader/collector/source.js';
import { hiddenReason } from '../../../grader/collector/grade-collector.js';

const name = repoNamer(new Set(['gc.c', 'gc.h']), 'c-bits');

t.test('gcc diagnostics are located in the repository, with their function', async (t) => {
  const output = [
    'In file included from gc.c:1:',
    "gc.h: In function 'h':",
    "gc.h:1:23: error: expected ';' before '}' token",
    '    1 | int h(void) { return 1 }',
    '      |                       ^~',
    '      |                       ;',
    "gc.c: In function 'forward':",
    "gc.c:4:14: warning: implicit declaration of function 'g' [-Wimplicit-function-declaration]",
    '    4 |   return a + g(a);',
    '      |              ^',
    "gc.c:3:7: warning: unused variable 'unused' [-Wunused-variable]",
    'main.c:30: error: unterminated #if',
    'cc1: some warnings being treated as errors',
  ].join('\n');
  const messages = parseGccOutput(output, name);
  t.same(messages, [
    { file: 'c-bits/gc.h', line: 1, col: 23, severity: 'error', message: "expected ';' before '}' token", function: 'h' },
    { file: 'c-bits/gc.c', line: 4, col: 14, severity: 'warning', message: "implicit declaration of function 'g' [-Wimplicit-function-declaration]", function: 'forward' },
    { file: 'c-bits/gc.c', line: 3, col: 7, severity: 'warning', message: "unused variable 'unused' [-Wunused-variable]", function: 'forward' },
    { file: 'reference/runtime/main.c', line: 30, severity: 'error', message: 'unterminated #if' },
  ]);
  t.equal(formatCompilerMessage(messages[0]), "c-bits/gc.h:1:23: error: expected ';' before '}' token");
  t.equal(formatCompilerMessage(messages[3]), 'reference/runtime/main.c:30: error: unterminated #if');
  t.same(parseGccOutput('', name), [], 'no output, no messages');
});

t.test('linker errors name the source, not the cache object', async (t) => {
  const output = [
    '/usr/bin/ld: /cache/obj/1111.o: in function `collect\':',
    '/cache/tmp/cc-abc/main.c:142: undefined reference to `gc\'',
    '/usr/bin/ld: /cache/obj/2222.o: in function `print_heap\':',
    '/cache/obj/2222.o:(.text+0x1a): multiple definition of `print_heap\'; /cache/obj/3333.o:(.text+0x0): first defined here',
    'collect2: error: ld returned 1 exit status',
  ].join('\n');
  const objects = new Map([
    ['/cache/obj/1111.o', 'reference/runtime/main.c'],
    ['/cache/obj/2222.o', 'c-bits/gc.c'],
    ['/cache/obj/3333.o', 'c-bits/types.c'],
  ]);
  const messages = parseLinkerOutput(output, objects, name);
  t.same(messages[0], { file: 'reference/runtime/main.c', line: 142, severity: 'error', message: "undefined reference to `gc'", function: 'collect' });
  t.equal(messages[1].file, 'c-bits/gc.c');
  t.match(messages[1].message, /^multiple definition of `print_heap'; c-bits\/types\.c/);
  t.equal(messages.length, 2, 'the collect2 summary is not a message of its own');
  t.same(parseLinkerOutput('something odd happened', objects, name), [{ file: 'ld', severity: 'error', message: 'something odd happened' }]);
});

const ASAN_OVERFLOW = `=================================================================
==15939==ERROR: AddressSanitizer: heap-buffer-overflow on address 0xf6200780 at pc 0x5659f286 bp 0xff896408 sp 0xff8963fc
WRITE of size 4 at 0xf6200780 thread T0
    #0 0x5659f285 in compact /work/.fox-cache/tmp/cc-x1/gc.c:126
    #1 0x5659f2a0 in gc /work/.fox-cache/tmp/cc-x1/gc.c:133
    #2 0x5659f300 in collect /work/.fox-cache/tmp/cc-x1/main.c:142
    #3 0xf77042d4  (/lib32/libc.so.6+0x232d4)

0xf6200780 is located 0 bytes to the right of 24-byte region [0xf6200768,0xf6200780)
allocated by thread T0 here:
    #0 0xf79c4b2b in __interceptor_posix_memalign ../../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69
    #1 0x5659f23d in allocate_heap /work/.fox-cache/tmp/cc-x1/main.c:220

SUMMARY: AddressSanitizer: heap-buffer-overflow /work/.fox-cache/tmp/cc-x1/gc.c:126 in compact
Shadow bytes around the buggy address:
`;

const LSAN_LEAK = `
=================================================================
==15937==ERROR: LeakSanitizer: detected memory leaks

Direct leak of 128 byte(s) in 1 object(s) allocated from:
    #0 0xf795bb2b in __interceptor_malloc ../../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69
    #1 0x56625216 in mark /tmp/cc-y/gc.c:40
    #2 0x56625300 in gc /tmp/cc-y/gc.c:90

SUMMARY: AddressSanitizer: 128 byte(s) leaked in 1 allocation(s).
`;

t.test('sanitizer reports become findings without addresses', async (t) => {
  const student = studentFileNamer(new Set(['gc.c', 'types.c']), 'c-bits');
  const overflow = parseSanitizerReport(`(1, 1, 1)\n${ASAN_OVERFLOW}`, student);
  t.same(overflow, {
    kind: 'heap-buffer-overflow',
    error: true,
    summary: 'ERROR: AddressSanitizer: heap-buffer-overflow on address 0x… at pc 0x… bp 0x… sp 0x…',
    access: 'WRITE of size 4 at 0x… thread T0',
    region: '0x… is located 0 bytes to the right of 24-byte region [0x…,0x…)',
    frames: ['compact c-bits/gc.c:126', 'gc c-bits/gc.c:133'],
  });
  t.equal(formatFinding(overflow!), 'heap-buffer-overflow: WRITE of size 4 at 0x… thread T0 in compact c-bits/gc.c:126');

  const leak = parseSanitizerReport(LSAN_LEAK, student);
  t.equal(leak?.kind, 'memory-leak');
  t.equal(leak?.error, false, 'a leak does not fail a test');
  t.same(leak?.frames, ['mark c-bits/gc.c:40', 'gc c-bits/gc.c:90']);

  t.equal(parseSanitizerReport('Error: tuple index too large.', student), undefined, 'no report, no finding');
  t.match(asanOptions(true), /(^|:)detect_leaks=1(:|$)/);
  t.match(asanOptions(false), /(^|:)detect_leaks=0(:|$)/);
  t.match(asanOptions(true), /exitcode=23/);
});

t.test("the harness's line", async (t) => {
  const diverged = parseDiagnosisLine(
    JSON.stringify({
      diagnose: 1,
      status: 'diverged',
      collection: 2,
      collections: 2,
      heapWords: 24,
      phase: 'forward',
      message: 'forward: block at heap+12 got forwarding address heap+5, expected heap+6',
      differences: [{ where: 'heap+13', what: 'GC word of block heap+12', expected: 'forwarding address heap+6 with the mark bit', actual: 'forwarding address heap+5 with the mark bit' }],
      moreDifferences: 0,
      notes: [],
    }) + '\n',
  );
  t.equal(diverged.status, 'diverged');
  t.equal(diverged.phase, 'forward');
  t.equal(diverged.collection, 2);
  t.equal(diverged.differences?.length, 1);
  t.notOk('notes' in diverged, 'empty notes are left out');
  t.equal(formatDiagnosis(diverged), 'forward: block at heap+12 got forwarding address heap+5, expected heap+6 (collection 2)');

  const crashed = parseDiagnosisLine('{"diagnose":1,"status":"crashed","collection":1,"collections":1,"phase":"mark","message":"mark: crashed with SIGSEGV at collection 1","signal":"SIGSEGV","notes":["gc() as a whole crashed"]}');
  t.same([crashed.status, crashed.phase, crashed.signal, crashed.notes], ['crashed', 'mark', 'SIGSEGV', ['gc() as a whole crashed']]);

  t.match(parseDiagnosisLine('{"diagnose":1,"status":"agree","collections":0,"compared":0}').message, /no collection happened/);
  t.match(parseDiagnosisLine('{"diagnose":1,"status":"agree","collections":3,"compared":3}').message, /agreed with the reference in all 3 collection/);
  t.equal(parseDiagnosisLine('not json').status, 'unavailable');
  t.equal(parseDiagnosisLine('{"status":"weird"}').status, 'unavailable');
});

t.test('include lines that could read outside the collector are refused', async (t) => {
  const ok = scanIncludes('#include <stdio.h>\n#include "gc.h"\n  #  include "helpers.h"\n#define X 1\n');
  t.same(ok, { quoted: ['gc.h', 'helpers.h'], problems: [] });
  const bad = scanIncludes(['#include "/etc/passwd"', '#include <../../etc/shadow>', '#include_next "../gc.h"', '#include HEADER', 'asm(".incbin \\"/etc/hosts\\"");'].join('\n'));
  t.same(
    bad.problems.map((p) => [p.line, p.col]),
    [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 6],
    ],
  );
  t.match(bad.problems[0].message, /reaches outside/);
  t.match(bad.problems[3].message, /computed name/);
  t.match(bad.problems[4].message, /incbin/);
});

t.test('hidden tests get a reason class, never the judge phrase', async (t) => {
  t.equal(hiddenReason('wrong value'), 'wrong output');
  t.equal(hiddenReason('missing "out of memory"'), 'wrong output');
  t.equal(hiddenReason('expected a failure but the program printed a value'), 'wrong output');
  t.equal(hiddenReason('expected a value but the program failed (exit 9)'), 'runtime error');
  t.equal(hiddenReason('killed by SIGSEGV'), 'crashed');
  t.equal(hiddenReason('timeout'), 'timeout');
});

t.test('signature problems from nm and the type check', async (t) => {
  const symbols = new Map([
    ['gc', 'T'],
    ['mark', 't'],
    ['forward', 'T'],
    ['redirect', 'T'],
  ]);
  const ok = { status: 'ok' } as const;
  const problems = signatureProblems(
    symbols,
    { gc: ok, mark: ok, forward: { status: 'differs', actual: 'int * (*)(int *)', compatible: false }, redirect: { status: 'differs', actual: 'void (*)(unsigned int *, int *, int *, int *, int *)', compatible: true }, compact: ok },
    'c-bits/gc.c',
  );
  t.same(
    problems.map((p) => [p.function, p.problem]),
    [
      ['mark', 'static'],
      ['forward', 'signature'],
      ['compact', 'missing'],
    ],
    'an ABI-compatible difference (unsigned int*) is no problem',
  );
  t.equal(problems[1].message, 'forward has type int * (*)(int *), expected int* forward(int*, int*)');
  t.same(COLLECTOR_FUNCTION_NAMES, ['gc', 'mark', 'forward', 'redirect', 'compact']);
  t.equal(expectedSignature('compact'), 'void compact(int*, int*, int*)');
});
