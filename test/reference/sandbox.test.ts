// reference/sandbox.ts with run.ts: the hostile collectors of test/fixtures/collectors/hostile-*
// run in a jail, and nothing escapes. The fixtures' gc() is called here by a small native
// driver (the attack is plain C, the same on any architecture), so these tests need no 32-bit
// program; test/grader/collector/hostile.test.ts runs them through `fox-grade gc`.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runtimeDir } from '../../reference/paths.js';
import { runProgram } from '../../reference/run.js';
import { detectContainment, openJail, requireContainment, SandboxError, type Containment } from '../../reference/sandbox.js';

const fixtures = fileURLToPath(new URL('../fixtures/collectors/', import.meta.url));
const dir = t.testdir();
const MARKER_DIR = '/tmp/fox-grade-hostile';
// The marker is valid C too (test/grader/collector/hostile.test.ts #includes it at build time).
const SECRET = 'fox-grade-hostile-secret';
const MARKER = `42424242 /* ${SECRET} */\n`;

// The driver: gc() on a small heap, then a line on stdout.
const driver = join(dir, 'driver.c');
writeFileSync(
  driver,
  '#include <stdio.h>\n#include "gc.h"\nint main(void) {\n  static int heap[16];\n  int* top = gc(heap + 16, heap, heap, heap, heap + 16);\n' +
    '  printf("collected %d\\n", (int)(top - heap));\n  return 0;\n}\n',
);

/** The fixture's gc.c with the driver, as a native program. */
function build(fixture: string): string {
  const exe = join(dir, fixture);
  execFileSync('gcc', ['-O1', '-w', '-I', runtimeDir, join(fixtures, fixture, 'c-bits', 'gc.c'), driver, '-o', exe]);
  return exe;
}

// Planted before the first jail opens: what an interrupted run (pid 99999999: none) left.
const leftoverJail = join(tmpdir(), 'fox-jail-99999999-AbCdEf');
mkdirSync(join(leftoverJail, 'work'), { recursive: true });

const canRoot = process.getuid?.() === 0;
const containment = await detectContainment(join(dir, 'cache'));
const bwrap: Containment = { kind: 'bubblewrap', note: 'test' };
const user: Containment = { kind: 'user', note: 'test' };
const hasBwrap = containment.kind === 'bubblewrap';

/** Processes running a jail's copy of a program (`/fox/program` in bubblewrap, `…/fox-jail-…/program` otherwise). */
function leftovers(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      if (cmd === '/fox/program' || /\/fox-jail-[^/]+\/program$/.test(cmd)) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

const kinds: [string, Containment, boolean][] = [
  ['bubblewrap', bwrap, hasBwrap],
  ['own user', user, canRoot],
];

t.test('this machine has a containment (bubblewrap here, since scripts/setup installs it)', async (t) => {
  t.not(containment.kind, 'none', containment.note);
});

for (const [label, kind, available] of kinds) {
  t.test(`${label}: reads a marker outside the repository and fox-grade's files`, { skip: !available && `${label} is not available here` }, async (t) => {
    mkdirSync(MARKER_DIR, { recursive: true, mode: 0o700 });
    chmodSync(MARKER_DIR, kind.kind === 'user' ? 0o700 : 0o755);
    writeFileSync(join(MARKER_DIR, 'marker.txt'), MARKER, { mode: 0o644 });
    const r = await runProgram(build('hostile-reads-marker'), { containment: kind, timeoutMs: 5000 });
    t.equal(r.containment, kind.kind);
    t.match(r.stdout, /collected 0/);
    t.notMatch(r.stdout, SECRET);
    t.notMatch(r.stdout, /LEAK .*package\.json/);
    t.match(r.stdout, /cannot read \/tmp\/fox-grade-hostile\/marker\.txt/);
  });

  t.test(`${label}: writes into its working directory, $HOME and /tmp`, { skip: !available && `${label} is not available here` }, async (t) => {
    rmSync('/tmp/fox-hostile-was-here.txt', { force: true });
    const home = join(dir, `home-${kind.kind}`);
    const cwd = join(dir, `cwd-${kind.kind}`);
    mkdirSync(home, { recursive: true });
    mkdirSync(cwd, { recursive: true });
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      const r = await runProgram(build('hostile-writes'), { containment: kind, timeoutMs: 5000, cwd });
      t.match(r.stdout, /collected 0/);
    } finally {
      process.env.HOME = before;
    }
    t.same(readdirSync(home), []);
    t.same(readdirSync(cwd), []);
    t.notOk(existsSync(join(process.cwd(), 'fox-hostile-was-here.txt')));
    // A jail's /tmp is its own (bubblewrap); as its own user, /tmp is shared, and the file, if
    // written, is the only trace: what must not exist is a write into the grader's places.
    if (kind.kind === 'bubblewrap') t.notOk(existsSync('/tmp/fox-hostile-was-here.txt'));
  });

  t.test(`${label}: a child sleeping 600 s with stdout ends with the run`, { skip: !available && `${label} is not available here` }, async (t) => {
    const started = Date.now();
    const r = await runProgram(build('hostile-sleeping-child'), { containment: kind, timeoutMs: 20_000 });
    t.match(r, { status: 'exited', exitCode: 0 });
    t.match(r.stdout, /collected 0/);
    t.ok(Date.now() - started < 10_000, 'the run did not wait for the child');
    await new Promise((r) => setTimeout(r, 300));
    t.same(leftovers(), [], 'nothing of the jail is left');
  });

  t.test(`${label}: a setsid() child does not outlive the run`, { skip: !available && `${label} is not available here` }, async (t) => {
    const started = Date.now();
    const r = await runProgram(build('hostile-setsid-child'), { containment: kind, timeoutMs: 20_000 });
    t.match(r, { status: 'exited', exitCode: 0 });
    t.ok(Date.now() - started < 10_000, 'the run did not wait for the child');
    await new Promise((r) => setTimeout(r, 300));
    t.same(leftovers(), [], 'nothing of the jail is left');
  });

  t.test(`${label}: forks 1000 processes`, { skip: !available && `${label} is not available here` }, async (t) => {
    const r = await runProgram(build('hostile-forks'), { containment: kind, timeoutMs: 20_000, limits: { processes: 32 } });
    const forked = Number(/forked (\d+)/.exec(r.stdout)?.[1]);
    t.ok(forked < 32, `the process-count limit held (${forked} forked)`);
    await new Promise((r) => setTimeout(r, 300));
    t.same(leftovers(), []);
  });

  t.test(`${label}: kills its parent and everything it can signal`, { skip: !available && `${label} is not available here` }, async (t) => {
    const r = await runProgram(build('hostile-kills-grader'), { containment: kind, timeoutMs: 5000 });
    // This process is alive (the test goes on); the program carried on or was killed by itself.
    t.ok(r.status === 'exited' || r.status === 'signaled');
    t.ok(process.pid > 0);
  });

  t.test(`${label}: the environment is clean`, { skip: !available && `${label} is not available here` }, async (t) => {
    process.env.FOX_TEST_SECRET_TOKEN = SECRET;
    try {
      const r = await runProgram(build('hostile-environment'), { containment: kind, timeoutMs: 5000, env: { FOX_GC_STATS: '1' } });
      const names = [...r.stdout.matchAll(/^ENV ([^=]+)=/gm)].map((m) => m[1]).sort();
      t.same(names, ['FOX_GC_STATS', 'HOME', 'LANG', 'PATH']);
      t.notMatch(r.stdout, SECRET);
    } finally {
      delete process.env.FOX_TEST_SECRET_TOKEN;
    }
  });
}

t.test('bubblewrap: no network, not even 127.0.0.1', { skip: !hasBwrap && 'bubblewrap is not available here' }, async (t) => {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(47913, '127.0.0.1', resolve));
  try {
    const r = await runProgram(build('hostile-connects'), { containment: bwrap, timeoutMs: 5000 });
    t.match(r.stdout, /no connection/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  t.equal(connections, 0);
});

t.test('uncontained (--unsafe-no-sandbox): a child holding stdout still ends with the run', async (t) => {
  const started = Date.now();
  const r = await runProgram(build('hostile-setsid-child'), { containment: { kind: 'none', note: 'test' }, timeoutMs: 20_000 });
  t.match(r, { status: 'exited', exitCode: 0, containment: 'none' });
  t.ok(Date.now() - started < 10_000, 'the pipes were closed after the program exited');
  // No jail: the setsid() child escaped the group (it is what --unsafe-no-sandbox means); end it.
  for (const pid of leftovers()) process.kill(pid, 'SIGKILL');
});

t.test("an interrupted run's jail directory is removed by the next run", async (t) => {
  t.notOk(existsSync(leftoverJail), 'the jail of a dead pid was removed at the first openJail');
});

t.test('a jail directory is private and removed after the run', async (t) => {
  const jail = await openJail(containment);
  const work = jail.workDir;
  t.ok(existsSync(work));
  await jail.close();
  t.notOk(existsSync(work));
});

t.test('without bubblewrap nor root, student C is refused unless --unsafe-no-sandbox', async (t) => {
  const { forgetContainment } = await import('../../reference/sandbox.js');
  const saved = process.env.FOX_GRADE_BWRAP;
  const getuid = process.getuid;
  process.env.FOX_GRADE_BWRAP = '/nonexistent/bwrap';
  process.getuid = () => 1000;
  forgetContainment();
  try {
    await t.rejects(requireContainment(join(dir, 'cache'), false), SandboxError);
    await t.rejects(requireContainment(join(dir, 'cache'), false), { code: 'E_NO_SANDBOX', message: /bubblewrap cannot start/ });
    const unsafe = await requireContainment(join(dir, 'cache'), true);
    t.equal(unsafe.kind, 'none');
    t.match(unsafe.note, /--unsafe-no-sandbox/);
  } finally {
    process.getuid = getuid;
    if (saved === undefined) delete process.env.FOX_GRADE_BWRAP;
    else process.env.FOX_GRADE_BWRAP = saved;
    forgetContainment();
  }
});
