// --sanitize is honest: the reference runtime built with AddressSanitizer runs every official
// test that collects exactly as the plain build does (same exit status, same output), and the
// sanitizer says nothing. Before the generated code kept ESP 16-byte aligned at calls into C,
// the ASan runtime aborted at the first collection of many of these ("CHECK failed", exit 23)
// and those runs counted as clean.
import t from 'tap';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { assembleAndLink, buildRuntime } from '../../../reference/build.js';
import { compile } from '../../../reference/compiler/index.js';
import { defaultCacheDir, suitesDir } from '../../../reference/paths.js';
import { runProgram } from '../../../reference/run.js';
import { ASAN_CFLAGS, ASAN_LDFLAGS, asanOptions, classifySanitizedRun, probeLeakSanitizer } from '../../../grader/collector/sanitize.js';
import { loadTestFile } from '../../../suites/test-file.js';

const cacheDir = defaultCacheDir();
const collecting = loadTestFile(join(suitesDir, 'fox.json')).tests.filter((x) => x.valid && x.heapGiven && x.code !== undefined && !x.anf);

// Where ASan cannot start at all (i386 under qemu-user: no room for its shadow), --sanitize says
// so and runs nothing sanitized (student-gc-fixtures.test.ts); there is nothing to compare here.
const probe = await probeLeakSanitizer(cacheDir);
const skip = probe.asanStarts ? false : `AddressSanitizer cannot start for -m32 programs here: ${probe.detail}`;

t.test('the sanitizer-built reference is clean on every official test with a heap', { skip }, async (t) => {
  t.ok(collecting.length >= 40, `${collecting.length} tests`);
  const plain = await buildRuntime({ cacheDir });
  const asan = await buildRuntime({ cacheDir, cflags: [...ASAN_CFLAGS] });
  const limit = pLimit(2);
  await Promise.all(
    collecting.map((test) =>
      limit(async () => {
        const compiled = compile(test.code!, { filename: `${test.name}.fox`, taggedReturnAddresses: true });
        if (!compiled.ok) return; // a compile-error test: no program runs
        const p = await runProgram(await assembleAndLink(compiled.asm, plain, { cacheDir }), { heap: test.heap });
        const a = await runProgram(await assembleAndLink(compiled.asm, asan, { cacheDir, ldflags: [...ASAN_LDFLAGS] }), {
          heap: test.heap,
          limits: false,
          timeoutMs: 60_000,
          env: { ASAN_OPTIONS: asanOptions(false) },
        });
        t.same(
          { status: a.status, exitCode: a.exitCode, stdout: a.stdout },
          { status: p.status, exitCode: p.exitCode, stdout: p.stdout },
          `${test.name}: the sanitized run ends as the plain one`,
        );
        t.notMatch(a.stderr, /Sanitizer|CHECK failed/, `${test.name}: the sanitizer says nothing`);
        t.equal(classifySanitizedRun(a, p, () => undefined), undefined, `${test.name}: no finding`);
      }),
    ),
  );
});

t.test('a run the sanitizer stopped without a report is never clean', async (t) => {
  const plain = { status: 'exited' };
  const abort = classifySanitizedRun(
    { status: 'exited', exitCode: 23, stderr: '==12==AddressSanitizer: CHECK failed: asan_thread.cpp:369 "((ptr[0] == kCurrentStackFrameMagic)) != (0)" (0x0, 0x0)\n' },
    plain,
    () => undefined,
  );
  t.match(abort, { kind: 'internal-error', error: false, summary: /^the sanitizer stopped without a report: AddressSanitizer: CHECK failed/ });
  t.match(classifySanitizedRun({ status: 'exited', exitCode: 23, stderr: '' }, plain, () => undefined), { kind: 'internal-error' });
  const noShadow = classifySanitizedRun(
    { status: 'signaled', signal: 'SIGABRT', stderr: '==7==ERROR: AddressSanitizer failed to allocate 0x4001000 (67112960) bytes at address 1ffff000 (errno: 12)\n' },
    plain,
    () => undefined,
  );
  t.match(noShadow, { kind: 'internal-error', error: false }, "the sanitizer's own start-up failure is not a finding about the student");
  t.match(classifySanitizedRun({ status: 'signaled', signal: 'SIGSEGV', stderr: '' }, plain, () => undefined), { kind: 'internal-error' });
  t.equal(classifySanitizedRun({ status: 'signaled', signal: 'SIGSEGV', stderr: '' }, { status: 'signaled' }, () => undefined), undefined, "the program's own crash");
  t.equal(classifySanitizedRun({ status: 'exited', exitCode: 9, stderr: 'out of memory' }, { status: 'exited' }, () => undefined), undefined);
});
