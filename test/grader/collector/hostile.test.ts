// `fox-grade gc` on hostile collectors (test/fixtures/collectors/hostile-*): nothing escapes the
// sandbox, at build time or at run time, and nothing outside the temporary area changes.
// test/reference/sandbox.test.ts runs the same attacks through a native driver; here they go
// through the whole grading, which runs 32-bit programs: those tests are skipped on a machine
// that cannot run them (a kernel without IA32 emulation).
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetContainment } from '../../../reference/sandbox.js';
import { gradeCollector, type CollectorResult } from '../../../grader/collector/grade-collector.js';

const fixtures = fileURLToPath(new URL('../../fixtures/collectors/', import.meta.url));
const dir = t.testdir({
  'suite.json': JSON.stringify([
    { name: 'gc-0', code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', result: { value: '(1, 1, 1)' }, heap: 6 },
  ]),
});
const cacheDir = join(dir, 'cache');
const MARKER_DIR = '/tmp/fox-grade-hostile';
const SECRET = 'fox-grade-hostile-secret';
mkdirSync(MARKER_DIR, { recursive: true });
writeFileSync(join(MARKER_DIR, 'marker.txt'), `42424242 /* ${SECRET} */\n`, { mode: 0o644 });

const grade = (fixture: string, extra: Parameters<typeof gradeCollector>[1] = {}): Promise<CollectorResult> =>
  gradeCollector(join(fixtures, fixture), {
    official: false,
    suites: [{ path: join(dir, 'suite.json'), hidden: false, label: 'suite.json' }],
    referenceCheck: false,
    diagnose: false,
    timeoutMs: 5000,
    jobs: 1,
    cacheDir,
    ...extra,
  });

/** Whether this machine runs 32-bit programs (the Fox runtime is -m32). */
function runs32(): boolean {
  const exe = join(dir, 'probe32');
  writeFileSync(`${exe}.c`, 'int main(void) { return 0; }\n');
  execFileSync('gcc', ['-m32', `${exe}.c`, '-o', exe]);
  return spawnSync(exe).status === 0;
}
const no32 = !runs32() && 'this machine cannot run 32-bit programs';

t.test('build time: %:include and a split .incbin of a file outside the repository', async (t) => {
  const r = await grade('hostile-include');
  t.equal(r.containment, 'bubblewrap');
  t.equal(r.build.ok, false, 'the file is not there in the jail: the build fails');
  t.match(r.verdict, /build failed: c-bits\/gc\.c:\d+:\d+: .*marker\.txt: No such file or directory/);
  t.notMatch(JSON.stringify(r), SECRET);
  t.notMatch(JSON.stringify(r), /42424242/);
});

t.test('no sandbox: student C is refused, nothing is compiled, and the result says why', async (t) => {
  const saved = process.env.FOX_GRADE_BWRAP;
  const getuid = process.getuid;
  process.env.FOX_GRADE_BWRAP = '/nonexistent/bwrap';
  process.getuid = () => 1000;
  forgetContainment();
  const fresh = join(dir, 'fresh-cache');
  try {
    const r = await grade('hostile-environment', { cacheDir: fresh });
    t.equal(r.error?.code, 'E_NO_SANDBOX');
    t.equal(r.containment, 'not run');
    t.match(r.verdict, /not run: refusing to run student C without a sandbox: bubblewrap cannot start/);
    t.match(r.error?.remedy, /--unsafe-no-sandbox/);
    t.notOk(existsSync(join(fresh, 'obj')) && readdirSync(join(fresh, 'obj')).length > 0, 'nothing was compiled');
  } finally {
    process.getuid = getuid;
    if (saved === undefined) delete process.env.FOX_GRADE_BWRAP;
    else process.env.FOX_GRADE_BWRAP = saved;
    forgetContainment();
  }
});

t.test("as root without bubblewrap: the fallback user is refused when it could read fox-grade's files", { skip: process.getuid?.() !== 0 && 'needs root' }, async (t) => {
  const saved = process.env.FOX_GRADE_BWRAP;
  process.env.FOX_GRADE_BWRAP = '/nonexistent/bwrap';
  forgetContainment();
  try {
    const r = await grade('hostile-environment', { cacheDir: join(dir, 'fresh-cache-2') });
    // This checkout is world-readable: the fallback would not keep it secret.
    t.equal(r.error?.code, 'E_NO_SANDBOX');
    t.match(r.error?.message, /an unprivileged user could read .*package\.json.*chmod -R o-rwx/);
  } finally {
    if (saved === undefined) delete process.env.FOX_GRADE_BWRAP;
    else process.env.FOX_GRADE_BWRAP = saved;
    forgetContainment();
  }
});

t.test('run time: the hostile collectors', { skip: no32 }, async (t) => {
  t.test('reads a marker outside its repository', async (t) => {
    const r = await grade('hostile-reads-marker');
    t.equal(r.containment, 'bubblewrap');
    t.notMatch(JSON.stringify(r), SECRET);
    t.notMatch(JSON.stringify(r), /LEAK/);
  });
  t.test('writes into the working directory and $HOME', async (t) => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      await grade('hostile-writes');
    } finally {
      process.env.HOME = before;
    }
    t.same(readdirSync(home), []);
    t.notOk(existsSync(join(process.cwd(), 'fox-hostile-was-here.txt')));
    t.notOk(existsSync(join(fixtures, 'hostile-writes', 'fox-hostile-was-here.txt')));
  });
  t.test('a child that sleeps 600 s holding stdout: the run ends within its timeout', async (t) => {
    const started = Date.now();
    const r = await grade('hostile-sleeping-child');
    t.ok(Date.now() - started < 60_000);
    t.ok(r.build.ok);
  });
  t.test('a setsid() child', async (t) => {
    const started = Date.now();
    await grade('hostile-setsid-child');
    t.ok(Date.now() - started < 60_000);
  });
  t.test('1000 processes', async (t) => {
    const r = await grade('hostile-forks');
    const actual = r.suites[0]?.tests[0]?.actual ?? '';
    const forked = Number(/forked (\d+)/.exec(actual)?.[1] ?? 0);
    t.ok(forked < 1000, `the process-count limit held (${forked})`);
  });
  t.test('kill(getppid(), SIGKILL): the grader survives and reports', async (t) => {
    const r = await grade('hostile-kills-grader');
    t.equal(r.suites[0]?.tests.length, 1);
  });
  t.test('the environment is clean', async (t) => {
    process.env.FOX_TEST_SECRET_TOKEN = SECRET;
    try {
      const r = await grade('hostile-environment');
      const actual = r.suites[0]?.tests[0]?.actual ?? '';
      // PWD: set by a shell between the kernel and the program on machines that run 32-bit
      // programs through a binfmt_misc wrapper (qemu-user); harmless, and no secret.
      const names = [...actual.matchAll(/^ENV ([^=]+)=/gm)].map((m) => m[1]).filter((n) => n !== 'PWD');
      t.same(names.sort(), ['HOME', 'LANG', 'PATH']);
      t.notMatch(JSON.stringify(r), SECRET);
    } finally {
      delete process.env.FOX_TEST_SECRET_TOKEN;
    }
  });
  t.test('TCP to 127.0.0.1', async (t) => {
    const r = await grade('hostile-connects');
    t.notMatch(JSON.stringify(r), /CONNECTED/);
  });
  t.end();
});
