// `fox-grade gc` on broken collectors (test/fixtures/collectors/): each gets a clear verdict.
// A small suite (test/fixtures/collectors/suite.json, six official tests) keeps this fast.
import t from 'tap';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { main } from '../../../grader/cli/cli.js';
import { FoxGradeError } from '../../../suites/errors.js';
import { memoryIo } from '../../../grader/cli/io.js';
import { probeLeakSanitizer } from '../../../grader/collector/sanitize.js';
import { gradeCollector, type CollectorResult, type GradeCollectorOptions } from '../../../grader/collector/grade-collector.js';
import { defaultCacheDir, examplesDir } from '../../../reference/paths.js';
import { collectorRepo } from '../../fixtures/collectors/repo.js';

const fixtures = fileURLToPath(new URL('../../fixtures/collectors/', import.meta.url));
const suite = join(fixtures, 'suite.json');
const suiteTests = JSON.parse(readFileSync(suite, 'utf8')) as { name: string; code: string; result: { value?: string; failure?: string } }[];
const correctGc = readFileSync(join(examplesDir, 'collectors', 'correct-mark-stack', 'c-bits', 'gc.c'), 'utf8');

// Two programs at a time in all (2 cores).
const limit = pLimit(2);
const grade = (repo: string, opts: GradeCollectorOptions = {}): Promise<CollectorResult> =>
  limit(() =>
    gradeCollector(repo, {
      official: false,
      suites: [{ path: suite, hidden: false, label: 'suite.json' }],
      timeoutMs: 4000,
      phaseTimeoutMs: 500,
      jobs: 1,
      ...opts,
    }),
  );

/** A repository with c-bits/gc.c = `gc` (and other files). */
function repoWith(dir: string, files: Record<string, string>): string {
  mkdirSync(join(dir, 'c-bits'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'c-bits', name), content);
  return dir;
}

/** 1-based line and column of `needle` (at `offset` in `context`) in a fixture's gc.c, outside comments. */
function locate(fixture: string, context: string, offset = 0): { line: number; col: number } {
  const lines = readFileSync(join(collectorRepo(fixture), 'c-bits', 'gc.c'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(context) && !/^\s*(\* |\*\/|\/\/|\/\*)/.test(l));
  return { line: i + 1, col: lines[i].indexOf(context) + 1 + offset };
}

const byName = (r: CollectorResult) => new Map(r.suites.flatMap((s) => s.tests).map((x) => [x.name, x]));

// Started at once, awaited by the tests below.
const loops = grade(collectorRepo('loops-forever'));
const segfaults = grade(collectorRepo('segfaults'));
const noCompile = grade(collectorRepo('does-not-compile'));
const overflowSanitized = grade(collectorRepo('heap-overflow'), { sanitize: true });
const overflowPlain = grade(collectorRepo('heap-overflow'));
const badSignature = grade(collectorRepo('bad-signature'));

t.test('a collector that loops forever: timeout, and the phase that does not return', async (t) => {
  const r = await loops;
  t.ok(r.build.ok);
  t.same([r.score.passed, r.score.total], [4, 6]);
  const tests = byName(r);
  for (const name of ['gc-middle', 'gc-odd-move']) {
    const x = tests.get(name)!;
    t.equal(x.pass, false, `${name} fails`);
    t.equal(x.reason, 'timeout', `${name}: timeout verdict`);
    t.equal(x.diagnosis?.status, 'timeout');
    t.equal(x.diagnosis?.phase, 'compact', 'compact is the phase that does not return');
    t.equal(x.diagnosis?.message, "compact: did not return within 500 ms at collection 1 (the reference's compact returned)");
  }
  t.ok(tests.get('gc-0')?.pass, 'a collection with nothing live below the top does not loop');
  t.equal(r.diagnosis?.phase, 'compact');
});

t.test('a collector that segfaults: killed by SIGSEGV, in mark', async (t) => {
  const r = await segfaults;
  t.same([r.score.passed, r.score.total], [5, 6]);
  const x = byName(r).get('gc-bools')!;
  t.equal(x.reason, 'killed by SIGSEGV');
  t.same(x.expected, { kind: 'value', text: '((true, false), true)' });
  t.equal(x.diagnosis?.status, 'crashed');
  t.equal(x.diagnosis?.phase, 'mark');
  t.equal(x.diagnosis?.signal, 'SIGSEGV');
  t.equal(x.diagnosis?.message, "mark: crashed with SIGSEGV at collection 1 (the reference's mark did not)");
  t.same(x.diagnosis?.notes, ['gc() as a whole crashed with SIGSEGV'], 'gc() as a whole crashed the same way: the phase explains it');
});

t.test('a collector that does not compile: a located build error, no test runs', async (t) => {
  const r = await noCompile;
  const at = locate('does-not-compile', '(blok)', 1);
  t.equal(r.build.ok, false);
  t.match(r.build.errors?.[0], { file: 'c-bits/gc.c', line: at.line, col: at.col, severity: 'error', function: 'forward' });
  t.match(r.build.errors?.[0].message, /^'blok' undeclared/);
  t.equal(r.verdict.startsWith(`build failed: c-bits/gc.c:${at.line}:${at.col}: error: 'blok' undeclared`), true, r.verdict);
  t.same(r.suites.map((s) => [s.file, s.tests.length, s.passed, s.total]), [['suite.json', 0, 0, 6]]);
  t.same(r.score, { passed: 0, total: 6 });
  t.notOk(r.error, 'a build failure is a verdict, not a repository error');
});

t.test('a collector that writes past the heap end: invisible without ASan, caught with --sanitize', async (t) => {
  const plain = await overflowPlain;
  t.same([plain.score.passed, plain.score.total], [6, 6], 'the stray word lands in malloc padding: every test passes');
  t.notOk(plain.sanitizer);

  const r = await overflowSanitized;
  const probe = await probeLeakSanitizer(defaultCacheDir());
  if (!probe.asanStarts) {
    // Under i386 emulation ASan finds no room for its shadow: said plainly, never a student finding.
    t.equal(r.sanitizer?.enabled, false, `AddressSanitizer cannot start here: ${probe.detail}`);
    t.match(r.sanitizer?.notes.join('\n'), /no test ran sanitized: AddressSanitizer cannot start/);
    t.same([r.score.passed, r.score.total], [6, 6], 'no test is failed for it');
    return;
  }
  t.equal(r.sanitizer?.enabled, true);
  t.equal(r.sanitizer?.leakCheck, probe.works, 'leak checking is on exactly when LeakSanitizer works here');
  if (!probe.works) t.match(r.sanitizer?.notes.join('\n'), /LeakSanitizer does not work/);
  const line = locate('heap-overflow', '*end = CABOOSE').line;
  const caught = r.suites[0].tests.filter((x) => !x.pass);
  // gc-odd-move too: before the generated code kept ESP 16-aligned at calls into C, ASan aborted
  // there at the first collection and the run counted as clean.
  t.same(caught.map((x) => x.name).sort(), ['gc-0', 'gc-bools', 'gc-middle', 'gc-odd-move'], 'every test with a collection fails sanitized');
  for (const x of caught) {
    t.equal(x.reason, 'memory error: heap-buffer-overflow', x.name);
    t.equal(x.sanitizer?.kind, 'heap-buffer-overflow');
    t.equal(x.sanitizer?.error, true);
    t.match(x.sanitizer?.summary, /^ERROR: AddressSanitizer: heap-buffer-overflow on address 0x…/);
    t.match(x.sanitizer?.access, /^WRITE of size 4 at 0x…/);
    t.match(x.sanitizer?.region, /0 bytes (to the right of|after) \d+-byte region/);
    t.equal(x.sanitizer?.frames[0], `compact c-bits/gc.c:${line}`, 'the first frame is the student line that writes');
    t.notOk(x.diagnosis, 'no phase diagnosis for a memory error alone: the heap contents agree');
  }
  t.ok(byName(r).get('num')?.pass, 'a test without a collection is clean');
});

t.test('LeakSanitizer reports a collector that leaks, without failing the test', async (t) => {
  const probe = await probeLeakSanitizer(defaultCacheDir());
  if (!probe.works) {
    t.comment(`LeakSanitizer does not work here: ${probe.detail}`);
    return;
  }
  const leaky = correctGc.replace('  free(todo.items);\n', '');
  t.not(leaky, correctGc, 'the worklist is no longer freed');
  const r = await grade(repoWith(t.testdir(), { 'gc.c': leaky }), { sanitize: true });
  const x = byName(r).get('gc-middle')!;
  t.equal(x.pass, true, 'a leak does not fail the test');
  t.equal(x.sanitizer?.kind, 'memory-leak');
  t.equal(x.sanitizer?.error, false);
  t.match(x.sanitizer?.frames[0], /^(worklist_push|push_root|mark) c-bits\/gc\.c:\d+$/, "allocated by mark's worklist");
  t.same([r.score.passed, r.score.total], [6, 6]);
});

t.test('a collector whose phases have other signatures: whole-program tests only', async (t) => {
  const r = await badSignature;
  t.same(r.signatureProblems, [
    {
      function: 'mark',
      problem: 'signature',
      expected: 'int* mark(int*, int*, int*, int*)',
      actual: 'void (*)(int *, int *, int *)',
      message: 'mark has type void (*)(int *, int *, int *), expected int* mark(int*, int*, int*, int*)',
    },
  ]);
  t.equal(r.diagnosis?.available, false);
  t.match(r.diagnosis?.reason, /signatures \(mark\)/);
  t.same([r.score.passed, r.score.total], [6, 6], 'the tests still run');
  t.match(r.verdict, /no per-phase diagnosis/);
});

t.test('a phase that is not a global function is found by nm', async (t) => {
  const header = readFileSync(join(examplesDir, 'collectors', 'correct-mark-stack', 'c-bits', 'gc.h'), 'utf8');
  const files = {
    'gc.h': header.replace('int* forward(int* heap_start, int* max_address);\n', ''),
    'gc.c': correctGc.replace('\nint* forward(int* heap_start', '\nstatic int* forward(int* heap_start'),
  };
  t.not(files['gc.h'], header);
  const r = await grade(repoWith(t.testdir(), files));
  t.ok(r.build.ok, r.verdict);
  t.equal(r.signatureProblems?.length, 1);
  t.equal(r.signatureProblems?.[0].function, 'forward');
  // gcc may keep the static function (nm: t) or inline it away (no symbol at all).
  t.ok(['static', 'missing'].includes(r.signatureProblems?.[0].problem ?? ''), r.signatureProblems?.[0].message);
  t.equal(r.diagnosis?.available, false);
  t.same([r.score.passed, r.score.total], [6, 6]);
});

t.test('no phase is blamed when the phases composed do not reproduce gc()', async (t) => {
  const broken = correctGc.replace('  compact(heap_start, max_address, heap_end);\n  return new_top;', '  compact(heap_start, max_address, heap_end);\n  return max_address;');
  t.not(broken, correctGc);
  const r = await grade(repoWith(t.testdir(), { 'gc.c': broken }));
  const x = byName(r).get('gc-odd-move')!;
  t.equal(x.pass, false);
  t.equal(x.diagnosis?.status, 'unattributed');
  t.notOk(x.diagnosis?.phase);
  t.equal(
    x.diagnosis?.message,
    'cannot attribute to one phase: your gc() does more than the four phases (forward returned heap+14, but your gc() returned heap+12) at collection 1',
  );
  t.ok((r.diagnosis?.unattributed ?? 0) >= 1, 'counted as unattributed');
});

t.test('a wrong max_address is blamed on mark when it leads to a difference', async (t) => {
  const broken = correctGc.replace('if (highest == NULL || blk > highest) {', 'if (highest == NULL || blk < highest) {');
  t.not(broken, correctGc, 'mark returns the lowest live block');
  const r = await grade(repoWith(t.testdir(), { 'gc.c': broken }));
  const x = byName(r).get('gc-middle')!;
  t.equal(x.pass, false);
  t.equal(x.diagnosis?.phase, 'mark');
  t.equal(x.diagnosis?.message, 'mark: returned max_address heap+0, expected heap+8');
  t.same(x.diagnosis?.differences?.[0], { where: 'return value', what: 'max_address', expected: 'heap+8', actual: 'heap+0' });
  t.match(x.diagnosis?.consequence, /^then forward: block at heap\+8 has GC word 1 \(marked, no forwarding address\)/);
});

t.test("the student's own types.c and headers are built", async (t) => {
  const r = await grade(join(examplesDir, 'collectors', 'correct-mark-stack'));
  t.same(
    r.build.files.map((f) => [f.path, f.from]),
    [
      ['c-bits/gc.c', 'student'],
      ['c-bits/types.c', 'student'],
      ['c-bits/gc.h', 'student'],
      ['c-bits/types.h', 'student'],
    ],
  );
  t.same(r.notes, []);
  t.same([r.score.passed, r.score.total], [6, 6]);
});

t.test('hidden suites show names, pass/fail and a reason class only', async (t) => {
  const r = await grade(collectorRepo('segfaults'), { suites: [suite] });
  const [hidden] = r.suites;
  t.equal(hidden.hidden, true);
  t.same([hidden.passed, hidden.total], [5, 6]);
  for (const x of hidden.tests) t.same(Object.keys(x).sort(), x.pass ? ['name', 'pass'] : ['name', 'pass', 'reason'], x.name);
  t.equal(hidden.tests.find((x) => x.name === 'gc-bools')?.reason, 'crashed');
  const json = JSON.stringify(r);
  for (const test of suiteTests.filter((x) => x.code.length > 10)) {
    t.notOk(json.includes(test.code), `the code of ${test.name} is not shown`);
    const expected = test.result.value ?? test.result.failure ?? '';
    if (expected !== '42') t.notOk(json.includes(expected), `the expected output of ${test.name} is not shown`);
  }
  t.notOk(r.diagnosis?.diagnosed, 'hidden failures are not diagnosed');
});

t.test('repositories without a usable collector', async (t) => {
  const empty = t.testdir({ 'c-bits': { 'types.c': '' } });
  const missing = await grade(empty);
  t.equal(missing.error?.code, 'E_GC_MISSING');
  t.match(missing.verdict, /^no collector: .* has no c-bits\/gc\.c/);
  t.equal(missing.build.ok, false);
  t.same(missing.score, { passed: 0, total: 6 });

  const linked = t.testdir({ 'real.c': correctGc, 'c-bits': {} });
  symlinkSync(join(linked, 'real.c'), join(linked, 'c-bits', 'gc.c'));
  const link = await grade(linked);
  t.equal(link.error?.code, 'E_GC_SYMLINK', 'a symbolic link, even inside the repository, is refused');
  t.match(link.error?.message, /c-bits\/gc\.c is a symbolic link/);

  const outside = t.testdir({ elsewhere: { 'gc.c': correctGc }, repo: {} });
  symlinkSync(join(outside, 'elsewhere'), join(outside, 'repo', 'c-bits'));
  const dirLink = await grade(join(outside, 'repo'));
  t.equal(dirLink.error?.code, 'E_GC_SYMLINK', 'a linked c-bits/ is refused');

  const include = await grade(repoWith(t.testdir(), { 'gc.c': `#include <stdio.h>\n#include "/etc/passwd"\n${correctGc}` }));
  t.equal(include.error?.code, 'E_GC_INCLUDE');
  t.same(include.error?.location, { file: 'c-bits/gc.c', line: 2, col: 1 });

  await t.rejects(gradeCollector(join(empty, 'nope')), FoxGradeError, 'a repository that does not exist throws');
});

t.test('a link error is a located build failure', async (t) => {
  const renamed = correctGc.replace('\nint* gc(int* stack_bottom', '\nint* collect_garbage(int* stack_bottom');
  const r = await grade(repoWith(t.testdir(), { 'gc.c': renamed }));
  t.equal(r.build.ok, false);
  t.match(r.build.errors?.[0], { file: 'reference/runtime/main.c', severity: 'error', message: "undefined reference to `gc'", function: 'collect' });
  t.match(r.verdict, /^build failed: reference\/runtime\/main\.c:\d+: error: undefined reference to `gc'$/);
});

t.test('the command line', async (t) => {
  const io = memoryIo();
  const status = await main(['gc', collectorRepo('does-not-compile')], io);
  t.equal(status, 1);
  const at = locate('does-not-compile', '(blok)', 1);
  t.match(io.out.join(''), `build failed: c-bits/gc.c:${at.line}:${at.col}: error: 'blok' undeclared`);

  const json = memoryIo();
  t.equal(await main(['gc', collectorRepo('segfaults'), '--no-official', '--suite', suite, '--json', '--jobs', '2', '--timeout', '4'], json), 1);
  const result = JSON.parse(json.out.join('')) as CollectorResult;
  t.same(result.suites.map((s) => [s.file, s.hidden, s.passed, s.total]), [[suite, true, 5, 6]]);

  const ok = memoryIo();
  t.equal(await main(['gc', collectorRepo('bad-signature'), '--no-official', '--suite', suite], ok), 0, 'every counted test passes: exit 0');
  t.match(ok.out.join(''), /signature: mark has type void/);

  t.equal(await main(['gc'], memoryIo()), 2, 'a missing repository argument is a usage error');
});
