// Runs a built Fox program once, the way a test runs it (FOX.md §6): heap size as the only
// argument, stdin closed, a wall-clock limit, resource limits, bounded output.
//
// - The program runs in its own process group (detached), so that a timeout kills it and
//   everything it may have started (a shell wrapper, an ASan symbolizer) in one kill(-pgid).
// - Resource limits are set by prlimit(1), which sets them on itself and then execs the
//   program in place: the pid, the exit status and the signal are the program's own.
//   CPU and file-size limits stop runaway programs that the wall clock would stop late;
//   the address-space limit keeps a runaway heap from exhausting the grader's machine;
//   core dumps are disabled, since mutants crash by design.
// - Output beyond maxOutputBytes per stream is dropped and the program killed: a program that
//   prints forever is a failure long before its output is useful.
// - The runtime's debug switches (FOX_GC_*) and the schemata's switches (FOX_MUTANT,
//   FOX_CODEGEN, FOX_COVERAGE, FOX_SPLIT_*: mutants/schemata.ts) are not inherited from the
//   grader's environment, only passed explicitly through `env`, so that a run does not depend on
//   the shell it was started from.
// - With `jail` or `containment` (student code: reference/sandbox.ts), the program runs in a
//   sandbox, with a clean environment and a process-count limit; the reference's programs (the
//   mutant runs, the hot path) run as before, without it.
// - No wait without a limit: when the program exits, its process group (and the jail's
//   processes) is killed, so that a child that still holds stdout does not keep the run open;
//   the pipes are closed a moment later whatever holds them.
import { constants, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { access } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { openJail, type Containment, type Jail } from './sandbox.js';

export interface RunLimits {
  /** CPU time; exceeding it is reported as a timeout (limit: 'cpu'). Default 15. */
  cpuSeconds?: number;
  /** Virtual address space. Default 512 (MiB). */
  addressSpaceMB?: number;
  /** Largest file the program may write. Default 16 (MiB). */
  fileSizeMB?: number;
  /**
   * Processes (threads included) the program may have at once. Default 64. Applied in a jail
   * only: outside one it would count every process of the grader's user.
   */
  processes?: number;
}

export interface RunOptions {
  /** Heap size in words, passed as the program's argument; without it the runtime's default. */
  heap?: number;
  /** Wall-clock limit. Default 15000 (the course's 15 s). */
  timeoutMs?: number;
  /** Extra environment variables (FOX_GC_STATS, FOX_GC_STRESS, ASAN_OPTIONS, …). */
  env?: Record<string, string>;
  /** Resource limits, or false for none (an ASan build needs a huge address space). */
  limits?: RunLimits | false;
  /** Bytes kept of stdout and of stderr each. Default 1 MiB. */
  maxOutputBytes?: number;
  cwd?: string;
  /**
   * Run in this jail (the caller opens and closes it: it keeps files the program wrote there).
   * `cwd` is then the jail's directory.
   */
  jail?: Jail;
  /** Run in a jail of this containment, opened for this run and removed after it. */
  containment?: Containment;
}

interface Output {
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Output went beyond maxOutputBytes: the rest was dropped and the program killed. */
  truncated: boolean;
  /** How the program was contained, when it ran in a jail. */
  containment?: Containment['kind'];
}

export type RunResult =
  | ({ status: 'exited'; exitCode: number } & Output)
  | ({ status: 'signaled'; signal: string } & Output)
  | ({ status: 'timeout'; limit: 'wall' | 'cpu' } & Output);

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_LIMITS: Required<RunLimits> = { cpuSeconds: 15, addressSpaceMB: 512, fileSizeMB: 16, processes: 64 };
/**
 * After the program exited, how long its pipes may stay open (a descendant that escaped the
 * process group, outside a jail) before they are closed from this side.
 */
const PIPE_GRACE_MS = 200;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export type RunErrorCode = 'E_NO_EXE' | 'E_SPAWN' | 'E_PRLIMIT';

/** The program could not be started at all (as opposed to a program that failed). */
export class RunError extends Error {
  override name = 'RunError';
  readonly code: RunErrorCode;
  readonly remedy: string;
  constructor(code: RunErrorCode, message: string, opts: { remedy: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.remedy = opts.remedy;
  }
}

// Process groups still running, killed if the grader itself exits first (execa's own
// cleanup does not apply to detached processes).
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid);
  });
}

/**
 * Under qemu-user (a kernel without IA32 emulation: scripts/setup registers it for i386 ELF) the
 * emulator's own mappings count against RLIMIT_AS: about 480 MiB with its 256 MiB guest
 * reservation, a margin of some 30 MiB under the default 512 MiB, so thin that qemu now and then
 * failed to start or grow ("program failed (exit 1)" on a correct program, seen in CI). The guest
 * stays bounded by qemu's reservation; the default host limit grows by this much there.
 */
export const QEMU_OVERHEAD_MB = 512;

let emulated: boolean | undefined;

/** Whether i386 programs run through qemu-user on this machine (its binfmt_misc entry is enabled). */
export function i386Emulated(): boolean {
  if (emulated === undefined) {
    try {
      emulated = readFileSync('/proc/sys/fs/binfmt_misc/qemu-i386', 'utf8').startsWith('enabled');
    } catch {
      emulated = false;
    }
  }
  return emulated;
}

function limitArgs(limits: RunLimits, jailed = false): string[] {
  const defaultAddressSpaceMB = DEFAULT_LIMITS.addressSpaceMB + (i386Emulated() ? QEMU_OVERHEAD_MB : 0);
  const l = { ...DEFAULT_LIMITS, addressSpaceMB: defaultAddressSpaceMB, ...limits };
  const mib = 1024 * 1024;
  const cpu = Math.max(1, Math.ceil(l.cpuSeconds));
  return [
    // soft:hard. At the soft limit the kernel sends SIGXCPU, which we report as a timeout;
    // with soft == hard it would send SIGKILL instead, indistinguishable from other kills.
    `--cpu=${cpu}:${cpu + 1}`,
    `--as=${Math.floor(l.addressSpaceMB * mib)}`,
    `--fsize=${Math.floor(l.fileSizeMB * mib)}`,
    '--core=0',
    ...(jailed ? [`--nproc=${l.processes}`] : []),
    '--',
  ];
}

/** `SIGSEGV` for 139 (128 + 11), the way a shell or bwrap reports a signal as an exit status. */
function signalOfExit(exitCode: number | undefined): string | undefined {
  if (exitCode === undefined || exitCode <= 128) return undefined;
  return Object.entries(osConstants.signals).find(([, n]) => n === exitCode - 128)?.[0];
}

/** Variables a program run never inherits from the grader (only `env` sets them). */
function isRuntimeSwitch(name: string): boolean {
  return name.startsWith('FOX_GC_') || name.startsWith('FOX_SPLIT_') || name === 'FOX_MUTANT' || name === 'FOX_CODEGEN' || name === 'FOX_COVERAGE';
}

function runEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !isRuntimeSwitch(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Collects at most `max` bytes of a stream; calls onOverflow once when more arrives. */
function capture(stream: Readable | null, max: number, onOverflow: () => void): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflowed = false;
  stream?.on('data', (chunk: Buffer) => {
    if (size < max) chunks.push(chunk.subarray(0, max - size));
    size += chunk.length;
    if (size > max && !overflowed) {
      overflowed = true;
      onOverflow();
    }
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs `exe` once and reports how it ended. Throws RunError only when it cannot be started. */
export async function runProgram(exe: string, opts: RunOptions = {}): Promise<RunResult> {
  try {
    await access(exe, constants.X_OK);
  } catch (cause) {
    throw new RunError('E_NO_EXE', `${exe} is not an executable file`, {
      remedy: 'Build the program first (reference/build.ts); a cleaned cache directory removes executables.',
      cause,
    });
  }
  const args = opts.heap === undefined ? [] : [String(opts.heap)];
  if (opts.containment && !opts.jail) {
    const jail = await openJail(opts.containment);
    try {
      return await runSpawned(exe, args, { ...opts, jail });
    } finally {
      await jail.close();
    }
  }
  return runSpawned(exe, args, opts);
}

/**
 * Runs a program of the system (`gcc`, found on the jail's PATH) in `jail`, like runProgram:
 * limits, wall clock, bounded output, everything killed at the end. `opts.heap` is ignored.
 */
export function runInJail(jail: Jail, file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return runSpawned(file, [...args], { ...opts, jail }, true);
}

/** execa (the program in its own process group) and prlimit, in the jail when there is one. */
// Programs started by this process (every runProgram, a split-stream run counting once): the
// benchmark multiplies it by the cost of one exec to say how much of a command is the exec floor.
let programsStarted = 0;

/** How many programs this process has started so far (FOX_GRADE_TIMINGS reports it). */
export function programRunCount(): number {
  return programsStarted;
}

async function runSpawned(exe: string, args: string[], opts: RunOptions, systemProgram = false): Promise<RunResult> {
  programsStarted++;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const jail = opts.jail;
  let file: string;
  let argv: string[];
  let env: Record<string, string>;
  let cwd = opts.cwd;
  if (jail) {
    const program = systemProgram ? exe : await jail.install(exe);
    const prefix = opts.limits === false ? [] : ['prlimit', ...limitArgs(opts.limits ?? {}, jail.containment.kind !== 'none')];
    const cmd = jail.command(program, args, opts.env ?? {}, prefix);
    [file, argv, env, cwd] = [cmd.file, cmd.args, cmd.env, cmd.cwd];
  } else {
    [file, argv] = opts.limits === false ? [exe, args] : ['prlimit', [...limitArgs(opts.limits ?? {}), exe, ...args]];
    env = runEnv(opts.env);
  }

  installExitHook();
  const ended = jail?.track();
  const started = performance.now();
  const child = execa(file, argv, {
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    env,
    extendEnv: false,
    cwd,
  });
  const pid = child.pid;
  let timedOut = false;
  let truncated = false;
  const stillRunning = () => child.exitCode === null && child.signalCode === null;

  const stop = () => {
    if (pid !== undefined) killGroup(pid);
  };
  const stdout = capture(child.stdout, maxOutput, () => {
    truncated = true;
    stop();
  });
  const stderr = capture(child.stderr, maxOutput, () => {
    truncated = true;
    stop();
  });
  const timer = setTimeout(() => {
    if (!stillRunning()) return;
    timedOut = true;
    stop();
  }, timeoutMs);
  if (pid !== undefined) liveGroups.add(pid);
  // The program is gone: so is everything it started (its group, the jail's processes); pipes
  // that something outside both still holds are closed after a grace for the last output.
  let grace: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    stop();
    void ended?.();
    grace = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, PIPE_GRACE_MS);
  });

  const result = await child;
  clearTimeout(timer);
  clearTimeout(grace);
  await ended?.();
  if (pid !== undefined) liveGroups.delete(pid);
  const durationMs = performance.now() - started;

  if (pid === undefined || (result.failed && result.exitCode === undefined && result.signal === undefined)) {
    const missingPrlimit = opts.limits !== false && result.code === 'ENOENT';
    throw new RunError('E_SPAWN', `cannot start ${missingPrlimit ? 'prlimit' : exe}: ${result.shortMessage ?? ''}`, {
      remedy: missingPrlimit
        ? 'prlimit comes with util-linux (apt-get install util-linux); or run with limits: false.'
        : 'Check that the executable is a 32-bit program this machine can run (scripts/setup installs gcc-multilib).',
      cause: result,
    });
  }

  const output: Output = { stdout: stdout(), stderr: stderr(), durationMs, truncated, ...(jail ? { containment: jail.containment.kind } : {}) };
  if (timedOut) return { status: 'timeout', limit: 'wall', ...output };
  // Past the output cap the group was killed, but the program may have crashed on its own just
  // before the kill landed: which signal ends it is a race. Report the kill, whatever came
  // first, so that the same program always gets the same result.
  if (truncated) return { status: 'signaled', signal: 'SIGKILL', ...output };
  // bwrap's init reports a program killed by signal N as exit 128 + N (a Fox program exits 0, 1,
  // 9, 10, or ASan's 23): read it back as the signal.
  const signal = result.signal ?? (jail?.containment.kind === 'bubblewrap' ? signalOfExit(result.exitCode) : undefined);
  if (signal === 'SIGXCPU') return { status: 'timeout', limit: 'cpu', ...output };
  if (signal !== undefined) return { status: 'signaled', signal, ...output };
  const exitCode = result.exitCode ?? -1;
  // The jail could not be set up (bwrap or setpriv said why before running anything).
  if (jail && jail.containment.kind !== 'none' && exitCode === 1 && /^(bwrap|setpriv): /.test(output.stderr)) {
    throw new RunError('E_SPAWN', `cannot start ${exe} in the sandbox: ${output.stderr.trim()}`, {
      remedy: 'The sandbox worked when fox-grade started and fails now: check the machine (user namespaces, free uids), or report it.',
      cause: result,
    });
  }
  // prlimit cannot execute the file (not a program this machine runs): it could not be started.
  if (opts.limits !== false && (exitCode === 126 || exitCode === 127) && output.stderr.startsWith('prlimit: failed to execute')) {
    throw new RunError('E_SPAWN', `cannot start ${exe}: ${output.stderr.trim()}`, {
      remedy: 'Check that the executable is a 32-bit program this machine can run (scripts/setup installs gcc-multilib).',
      cause: result,
    });
  }
  // prlimit reports its own failures (a limit above the caller's hard limit) this way; a Fox
  // program's stderr never starts with "prlimit: ".
  if (opts.limits !== false && exitCode === 1 && output.stderr.startsWith('prlimit: ')) {
    throw new RunError('E_PRLIMIT', output.stderr.trim(), {
      remedy: 'Lower the limits (they cannot exceed the hard limits of the grader itself, see `ulimit -H -a`), or pass limits: false.',
      cause: result,
    });
  }
  return { status: 'exited', exitCode, ...output };
}

// ---------------------------------------------------------------------------------------------
// Tools (gcc, nasm)

export interface CommandOptions {
  cwd?: string;
  /** Added to the grader's environment (which the command inherits, as execa's does). */
  env?: Record<string, string>;
  timeoutMs: number;
  /** Bytes kept of stdout and of stderr each. Default 1 MiB. */
  maxOutputBytes?: number;
}

export interface CommandResult {
  /** The command was not found on PATH (or could not be executed). */
  notFound: boolean;
  timedOut: boolean;
  exitCode?: number;
  signal?: string;
  stdout: string;
  stderr: string;
}

/**
 * Runs a tool to completion (no resource limits, killed at the time limit): the build's gcc and
 * nasm runs. The output of both streams is returned separately.
 */
export async function runCommand(file: string, args: readonly string[], opts: CommandOptions): Promise<CommandResult> {
  const r = await execa(file, [...args], {
    cwd: opts.cwd,
    reject: false,
    stdin: 'ignore',
    timeout: opts.timeoutMs,
    env: opts.env,
    maxBuffer: opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    stripFinalNewline: false,
  });
  return {
    notFound: r.code === 'ENOENT',
    timedOut: r.timedOut === true,
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
  };
}

/**
 * Everything a run printed, for failure tests (FOX.md §6): stdout then stderr. The two are
 * captured separately, so their interleaving is lost; a substring match does not need it.
 */
export function combinedOutput(r: RunResult): string {
  return r.stdout + r.stderr;
}
