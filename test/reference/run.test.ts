// reference/run.ts: statuses, process-group kills, resource limits, output caps.
import t from 'tap';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime } from '../../reference/build.js';
import { combinedOutput, i386Emulated, QEMU_OVERHEAD_MB, runCommand, runProgram, RunError } from '../../reference/run.js';
import * as asm from './runtime/fixtures/asm.js';

const dir = t.testdir();
const runtime = await buildRuntime({ cacheDir: dir });
const link = (source: string) => assembleAndLink(source, runtime, { cacheDir: dir });

let scripts = 0;
function script(body: string): string {
  const path = join(dir, `script-${scripts++}.sh`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Whether a process is gone (a zombie waiting for its reaper counts as gone). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function eventuallyGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (gone(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

t.test('a normal exit', async (t) => {
  const r = await runProgram(await link(asm.returns(asm.num(42))), { heap: 10 });
  t.match(r, { status: 'exited', exitCode: 0, stdout: '42\n', stderr: '', truncated: false });
  t.type(r.durationMs, 'number');
  t.equal(combinedOutput(r), '42\n');
});

t.test('a non-zero exit keeps both streams; combinedOutput joins them', async (t) => {
  const r = await runProgram(await link(asm.callsError(4, 0)));
  t.match(r, { status: 'exited', exitCode: 1, stdout: '5\n', stderr: 'Error: tuple index too small.' });
  t.equal(combinedOutput(r), '5\nError: tuple index too small.');
});

t.test('the heap option is the program argument; no option, no argument', async (t) => {
  const echo = script('echo "$#:$1"');
  t.equal((await runProgram(echo, { heap: 6 })).stdout, '1:6\n');
  t.equal((await runProgram(echo)).stdout, '0:\n');
});

t.test('a signal', async (t) => {
  const r = await runProgram(await link(asm.segfaults()));
  t.match(r, { status: 'signaled', signal: 'SIGSEGV' });
});

t.test('the default limits, as the program sees them', async (t) => {
  // dash's ulimit: -t seconds, -v KiB, -f 512-byte blocks.
  const limits = script('ulimit -c; ulimit -t; ulimit -H -t; ulimit -v; ulimit -f');
  // Under qemu-user the address space grows by the emulator's room (QEMU_OVERHEAD_MB).
  const addressSpaceKiB = (512 + (i386Emulated() ? QEMU_OVERHEAD_MB : 0)) * 1024;
  t.equal((await runProgram(limits)).stdout, `0\n15\n16\n${addressSpaceKiB}\n32768\n`, 'no core dumps, CPU 15 s (hard 16), 512 MiB (+ qemu-user\'s room), 16 MiB');
  const custom = await runProgram(limits, { limits: { cpuSeconds: 3, addressSpaceMB: 100, fileSizeMB: 1 } });
  t.equal(custom.stdout, '0\n3\n4\n102400\n2048\n', 'custom limits');
});

t.test('a timeout kills the whole process group', async (t) => {
  const pids = join(dir, 'pids');
  const sh = script(`sleep 300 &\necho "$$ $!" > ${pids}\nwait`);
  const r = await runProgram(sh, { timeoutMs: 500 });
  t.match(r, { status: 'timeout', limit: 'wall' });
  const [shell, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
  t.ok(await eventuallyGone(shell!), 'the program is gone');
  t.ok(await eventuallyGone(child!), 'the child it started is gone too');
});

t.test('the CPU limit is reported as a timeout', async (t) => {
  const r = await runProgram(script('while :; do :; done'), { limits: { cpuSeconds: 1 }, timeoutMs: 60_000 });
  t.match(r, { status: 'timeout', limit: 'cpu' });
});

t.test('the file-size limit', async (t) => {
  const out = join(dir, 'big');
  const r = await runProgram(script(`exec head -c 3000000 /dev/zero > ${out}`), { limits: { fileSizeMB: 1 } });
  t.match(r, { status: 'signaled', signal: 'SIGXFSZ' });
  t.equal((await stat(out)).size, 1024 * 1024, 'the file stopped at the limit');
  const unlimited = await runProgram(script(`exec head -c 3000000 /dev/zero > ${out}`), { limits: false });
  t.match(unlimited, { status: 'exited', exitCode: 0 }, 'limits: false lifts it');
});


t.test('the address-space limit', async (t) => {
  const exe = await link(asm.returns(asm.num(1)));
  // A heap of 25 M words (100 MB) fits in the default 512 MiB but not in 64 MiB.
  t.match(await runProgram(exe, { heap: 25_000_000 }), { status: 'exited', exitCode: 0, stdout: '1\n' });
  if (i386Emulated()) {
    // qemu-user's own ~480 MiB: the default limit leaves it room (QEMU_OVERHEAD_MB); 512 MiB alone is too tight.
    t.match(await runProgram(exe, { limits: { addressSpaceMB: 512 + QEMU_OVERHEAD_MB } }), { status: 'exited', exitCode: 0 });
    t.match(await runProgram(exe, { limits: { addressSpaceMB: 400 } }), { status: 'exited', exitCode: 1, stderr: /Unable to reserve|Cannot allocate memory/ }, 'qemu itself does not fit in 400 MiB');
  }
  const small = await runProgram(exe, { heap: 25_000_000, limits: { addressSpaceMB: 64 } });
  if (i386Emulated()) {
    // Under qemu-user (scripts/setup) the emulator itself does not fit in 64 MiB: it still fails.
    t.match(small, { status: 'exited', exitCode: 1, stderr: /Cannot allocate memory|cannot allocate/ });
  } else {
    t.match(small, { status: 'exited', exitCode: 1, stderr: 'Error: cannot allocate a 25000000-word heap\n' });
  }
});

t.test('output is capped and an endless writer stopped', async (t) => {
  const r = await runProgram(script('exec yes'), { maxOutputBytes: 1000, timeoutMs: 60_000 });
  t.equal(r.status, 'signaled', 'killed, not timed out');
  t.equal(r.truncated, true);
  t.equal(r.stdout.length, 1000);
  t.equal(r.stdout.slice(0, 4), 'y\ny\n', 'the first bytes are kept');
  const small = await runProgram(script('printf 12345'), { maxOutputBytes: 5 });
  t.match(small, { status: 'exited', stdout: '12345', truncated: false }, 'exactly at the cap is not truncated');
  const err = await runProgram(script('head -c 5000 /dev/zero | tr "\\0" e >&2; sleep 30'), {
    maxOutputBytes: 100,
    timeoutMs: 60_000,
  });
  t.match(err, { status: 'signaled', truncated: true }, 'stderr is capped too');
  t.equal(err.stderr, 'e'.repeat(100));
});

t.test('the environment: FOX_GC_* only when given', async (t) => {
  const env = script('echo "${FOX_GC_STRESS:-unset} ${FOX_GC_LOG:-unset} ${OTHER:-unset}"');
  const saved = process.env.FOX_GC_STRESS;
  process.env.FOX_GC_STRESS = '1';
  try {
    t.equal((await runProgram(env)).stdout, 'unset unset unset\n', 'not inherited from the grader');
    t.equal((await runProgram(env, { env: { FOX_GC_LOG: '1', OTHER: 'x' } })).stdout, 'unset 1 x\n', 'passed explicitly');
  } finally {
    if (saved === undefined) delete process.env.FOX_GC_STRESS;
    else process.env.FOX_GC_STRESS = saved;
  }
});

t.test('a missing executable is a RunError', async (t) => {
  const error = await runProgram(join(dir, 'no-such-program')).catch((e: unknown) => e);
  t.ok(error instanceof RunError);
  t.match(error, { code: 'E_NO_EXE', remedy: String });
});

t.test('what cannot be executed is a RunError E_SPAWN; a file without #! runs under sh (as execvp does)', async (t) => {
  const error = await runProgram(dir).catch((e: unknown) => e);
  t.ok(error instanceof RunError, 'a directory');
  t.match(error, { code: 'E_SPAWN' });
  const plain = join(dir, 'no-shebang');
  writeFileSync(plain, 'echo "from sh $1"\n');
  chmodSync(plain, 0o755);
  t.match(await runProgram(plain, { heap: 3 }), { status: 'exited', exitCode: 0, stdout: 'from sh 3\n' });
});

t.test('runCommand: a tool run to completion, both streams, status, PATH, time limit', async (t) => {
  const r = await runCommand('sh', ['-c', 'echo out; echo err >&2; echo "$LC_ALL"; exit 3'], { timeoutMs: 10_000, env: { LC_ALL: 'C' } });
  t.match(r, { notFound: false, timedOut: false, exitCode: 3, stdout: 'out\nC\n', stderr: 'err\n' });
  t.match(await runCommand('sh', ['-c', 'pwd'], { timeoutMs: 10_000, cwd: dir }), { exitCode: 0, stdout: `${dir}\n` }, 'cwd');
  t.match(await runCommand('no-such-tool-anywhere', [], { timeoutMs: 10_000 }), { notFound: true });
  t.match(await runCommand('sleep', ['30'], { timeoutMs: 300 }), { timedOut: true });
});

t.test('concurrent runs each get their own answer', async (t) => {
  const exe = await link(asm.returns(asm.num(7)));
  const many = await Promise.all(Array.from({ length: 12 }, () => runProgram(exe)));
  t.same(new Set(many.map((r) => r.stdout)), new Set(['7\n']), 'concurrent runs, each its own answer');
});
