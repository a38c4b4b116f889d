// Path arguments and hostile files at the command line: located, early errors, no hang, nothing
// written outside the temporary area, the report written whenever grading could happen.
import t from 'tap';
import { execa } from 'execa';
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../grader/cli/cli.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import { projectRoot } from '../../../../reference/paths.js';

async function cli(argv: string[], cwd = process.cwd()) {
  const io = memoryIo({ cwd });
  const code = await main(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const TESTS = JSON.stringify([{ name: 'one', code: '(1, 2)', result: { value: '(1, 2)' }, heap: 4 }]);
const fast = ['--no-minimize', '--jobs', '2'];

t.test('--out at /proc/x fails at once, with its path (it used to spin forever)', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': TESTS } } });
  const r = await cli([join(dir, 'repo'), '--out', '/proc/fox-grade-x', ...fast]);
  t.equal(r.code, 2);
  t.match(r.err, /^fox-grade: \/proc\/fox-grade-x: the report directory cannot be created: \/proc does not accept new directories/);
  t.notMatch(r.err, /reference runs/, 'nothing was graded');
});

t.test('--out at a file or a dangling link fails before grading, with a clear message', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': TESTS } }, 'a-file': 'x' });
  symlinkSync(join(dir, 'nowhere', 'deeper'), join(dir, 'dangling'));
  const file = await cli([join(dir, 'repo'), '--out', join(dir, 'a-file'), ...fast]);
  t.equal(file.code, 2);
  t.match(file.err, /a-file: the report directory is not a directory/);
  t.notMatch(file.err, /reference runs|EEXIST|ENOTDIR/);
  const dangling = await cli([join(dir, 'repo'), '--out', join(dir, 'dangling'), ...fast]);
  t.equal(dangling.code, 2);
  t.match(dangling.err, /dangling: the report directory is a dangling symbolic link/);
  t.notOk(existsSync(join(dir, 'nowhere')), 'nothing created where the link points');
  t.equal(readFileSync(join(dir, 'a-file'), 'utf8'), 'x');
});

t.test('FOX_GRADE_CACHE at /proc/x fails at once (it used to spin forever)', async (t) => {
  const dir = t.testdir({ 'p.fox': '1' });
  const saved = process.env.FOX_GRADE_CACHE;
  process.env.FOX_GRADE_CACHE = '/proc/fox-grade-cache';
  t.teardown(() => (saved === undefined ? delete process.env.FOX_GRADE_CACHE : (process.env.FOX_GRADE_CACHE = saved)));
  const r = await cli(['run', join(dir, 'p.fox')]);
  t.equal(r.code, 1);
  t.match(r.err, /\/proc\/fox-grade-cache: the build cache \(FOX_GRADE_CACHE\) cannot be created/);
});

t.test('run FIFO and run /dev/zero fail fast; a huge program is refused by size', async (t) => {
  const dir = t.testdir({ 'big.fox': ' '.repeat(1024 * 1024 + 1) });
  await execa('mkfifo', [join(dir, 'pipe.fox')]);
  const fifo = await cli(['run', join(dir, 'pipe.fox')]);
  t.equal(fifo.code, 1);
  t.match(fifo.err, /cannot read .*pipe\.fox: it is a FIFO \(named pipe\), not a regular file/);
  const zero = await cli(['run', '/dev/zero']);
  t.match(zero.err, /cannot read \/dev\/zero: it is a device, not a regular file/);
  const big = await cli(['run', join(dir, 'big.fox')]);
  t.match(big.err, /it is too large \(1048577 bytes; the limit is 1048576 bytes\)/);
});

t.test('run says the output cap fired, not only "killed by SIGKILL"', async (t) => {
  const dir = t.testdir({ 'loud.fox': 'def f(n): f(print(n))\nf(1)' });
  const r = await cli(['run', join(dir, 'loud.fox')]);
  t.match(r.err, /the program printed more than 1048576 bytes on one stream and was killed \(SIGKILL\); the rest of its output was dropped/);
});

t.test('a parse error names a NUL byte instead of echoing it', async (t) => {
  const dir = t.testdir({ 'nul.fox': '1 + \u0000' });
  const r = await cli(['run', join(dir, 'nul.fox')]);
  t.equal(r.code, 1);
  t.match(r.err, /parse error: unexpected character U\+0000\n1 \+ \uFFFD\n {4}\^/);
  t.notMatch(r.err, /\u0000/);
});

t.test('gc --suite: a missing or invalid suite file is an error, not "0/0 passed"', async (t) => {
  const dir = t.testdir({ repo: {}, 'bad.json': '[ { "name": ', 'ok.json': '[]' });
  const missing = await cli(['gc', join(dir, 'repo'), '--suite', join(dir, 'none.json')]);
  t.equal(missing.code, 2);
  t.match(missing.err, /--suite .*none\.json: the test file .*none\.json does not exist/);
  t.notMatch(missing.out, /0\/0 passed/);
  const invalid = await cli(['gc', join(dir, 'repo'), '--suite', join(dir, 'bad.json'), '--suite', join(dir, 'ok.json')]);
  t.equal(invalid.code, 2);
  t.match(invalid.err, /bad\.json:1:\d+: --suite .*bad\.json: invalid JSON/);
  t.notMatch(invalid.err, /ok\.json/);
});

t.test('a hard link to a file outside the repository is not read, nor echoed into the reports', async (t) => {
  const secret = JSON.stringify([{ name: 'TOP-SECRET-MARKER', code: '1', result: { value: '1' } }]);
  const dir = t.testdir({ repo: { tests: {} }, outside: { 'secret.json': secret } });
  linkSync(join(dir, 'outside', 'secret.json'), join(dir, 'repo', 'tests', 'yourTests.json'));
  const out = join(dir, 'out');
  const r = await cli([join(dir, 'repo'), '--out', out, ...fast]);
  t.equal(r.code, 0, 'graded, with the problem reported');
  t.match(r.err + r.out, /is a hard link \(2 names\)/);
  for (const name of readdirSync(out)) t.notMatch(readFileSync(join(out, name), 'utf8'), /TOP-SECRET-MARKER/, `${name} does not echo it`);
  t.equal(readFileSync(join(dir, 'outside', 'secret.json'), 'utf8'), secret);
});

t.test('a hard link whose names are all inside the repository is read', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': TESTS } } });
  linkSync(join(dir, 'repo', 'tests', 'yourTests.json'), join(dir, 'repo', 'copy.json'));
  const r = await cli(['check', join(dir, 'repo', 'tests', 'yourTests.json')]);
  t.equal(r.code, 0, r.err);
});

t.test('a full disk: the error names the path, and no 0-byte *.tmp is left', { skip: process.getuid?.() !== 0 && 'needs root to mount a tmpfs' }, async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': TESTS } } });
  // Outside the test directory: it must be unmounted before that is removed.
  const full = mkdtempSync(join(tmpdir(), 'fox-full-'));
  try {
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', full]);
  } catch {
    rmSync(full, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here');
    return;
  }
  t.teardown(async () => {
    await execa('umount', [full]);
    rmSync(full, { recursive: true, force: true });
  });
  writeFileSync(join(full, 'filler'), Buffer.alloc(4096, 1)); // leave almost no room
  const r = await cli([join(dir, 'repo'), '--out', full, ...fast]);
  t.equal(r.code, 1);
  t.match(r.err, /cannot write .*fox-full-[^/]+\/result\.json: the disk is full \(ENOSPC\)/);
  t.same(readdirSync(full).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
});

// Unreadability cannot be staged as root (root reads everything): run as `nobody`.
const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
t.test('unreadable: a yourTests.json gives a report; a repository directory says unreadable', { skip: !asNobody && 'needs root and setpriv' }, async (t) => {
  const area = mkdtempSync(join(tmpdir(), 'fox-unreadable-'));
  t.teardown(() => rmSync(area, { recursive: true, force: true }));
  chmodSync(area, 0o755);
  const repo = join(area, 'repo');
  mkdirSync(join(repo, 'tests'), { recursive: true });
  writeFileSync(join(repo, 'tests', 'yourTests.json'), TESTS);
  chmodSync(join(repo, 'tests', 'yourTests.json'), 0o000);
  const locked = join(area, 'locked');
  mkdirSync(join(locked, 'tests'), { recursive: true });
  writeFileSync(join(locked, 'tests', 'yourTests.json'), TESTS);
  chmodSync(locked, 0o000);
  const cache = join(area, 'cache');
  const out = join(area, 'out');
  for (const d of [cache, out]) {
    mkdirSync(d);
    chownSync(d, 65534, 65534);
  }
  const run = (args: string[]) =>
    execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(projectRoot, 'dist', 'grader', 'bin.js'), ...args], {
      env: { FOX_GRADE_CACHE: cache, PATH: process.env.PATH },
      extendEnv: false,
      reject: false,
      cwd: area,
    });
  const file = await run([repo, '--out', out, ...fast]);
  t.equal(file.exitCode, 0, file.stderr);
  t.match(file.stdout + file.stderr, /yourTests\.json cannot be read \(EACCES/);
  t.ok(existsSync(join(out, 'result.json')), 'the report is written');
  const dir = await run([locked, '--out', out, ...fast]);
  t.equal(dir.exitCode, 2);
  t.match(dir.stderr, /cannot be read: .*yourTests\.json cannot be examined \(EACCES\)/);
  t.notMatch(dir.stderr, /has no tests/);
});

t.test('class --out at a file fails before grading', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': TESTS } }, 'a-file': 'x' });
  const r = await cli(['class', join(dir, 'repo'), '--out', join(dir, 'a-file'), '--no-minimize']);
  t.equal(r.code, 2);
  t.match(r.err, /a-file: the report directory is not a directory/);
  t.equal(readFileSync(join(dir, 'a-file'), 'utf8'), 'x');
});
