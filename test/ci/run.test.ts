// .ci/run: CI reads its last line, "N passed, N failed", and keeps only the end of the output, so
// the failures are named just above that line. Run here on a copy with a fake `npm` that prints
// a canned tap output, so the real suite does not run inside itself.
import t, { type Test } from 'tap';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

const projectRoot = join(import.meta.dirname, '..', '..');

/** A project folder holding a copy of .ci/run, and a bin folder whose `npm` prints `tap` and exits `status`. */
function fakeProject(t: Test, tap: string, status: number) {
  const dir = t.testdir({ '.ci': {}, bin: {}, 'tap.txt': `${tap}\n` });
  copyFileSync(join(projectRoot, '.ci', 'run'), join(dir, '.ci', 'run'));
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'npm'), `#!/usr/bin/env bash\ncat "${join(dir, 'tap.txt')}"\nexit ${status}\n`);
  chmodSync(join(dir, 'bin', 'npm'), 0o755);
  return async () => {
    const run = await execa('bash', [join(dir, '.ci', 'run')], { reject: false, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
    return { exitCode: run.exitCode, lines: run.stdout.split('\n') };
  };
}

const failing = [
  'ok 1 - test/a.test.ts # time=1ms',
  '# Subtest: test/b.test.ts',
  '    ok 1 - fine',
  '    not ok 2 - the reference passes good',
  '    not ok 3 - marked # TODO later',
  'not ok 2 - test/b.test.ts # time=2ms',
  '# { total: 4, pass: 2, fail: 1, skip: 0 }',
].join('\n');

t.test('a failing run: the failures above the final count, the exit status kept', async (t) => {
  const { exitCode, lines } = await fakeProject(t, failing, 1)();
  t.equal(exitCode, 1);
  t.same(lines.slice(-4), ['failed:', '    not ok 2 - the reference passes good', 'not ok 2 - test/b.test.ts # time=2ms', '2 passed, 1 failed']);
});

t.test('a passing run ends with the count alone', async (t) => {
  const { exitCode, lines } = await fakeProject(t, 'ok 1 - test/a.test.ts\n# { total: 3, pass: 3, skip: 0 }', 0)();
  t.equal(exitCode, 0);
  t.equal(lines.at(-1), '3 passed, 0 failed');
  t.notOk(lines.includes('failed:'));
});

t.test('a non-zero exit with no failed assertion (setup failed) still counts one failure', async (t) => {
  const { exitCode, lines } = await fakeProject(t, 'scripts/setup: nasm is missing', 2)();
  t.equal(exitCode, 2);
  t.same(lines.slice(-3), ['failed:', '  no test reported a failure (exit 2): see the output above', '0 passed, 1 failed']);
});
