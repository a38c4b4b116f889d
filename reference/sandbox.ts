// The containment of student-written C (a student's collector and its compilation): every
// program that runs code a student wrote runs in a "jail" made here (docs/DESIGN.md, Sandbox).
//
// Three kinds, the first that works on this machine (detectContainment):
// - `bubblewrap`: bwrap with every namespace unshared (no network, own PID namespace, so every
//   process the program started dies with it and it cannot signal the grader), a read-only /usr
//   (the system's programs, libraries and headers) and nothing else of the host: not fox-grade's
//   sources, its cache, the reference runtime or other repositories. The jail's one writable
//   directory (/work: cwd and $HOME) is a fresh host directory, removed afterwards. When the
//   grader runs as root, bwrap itself is started as an unprivileged uid of its own (setpriv), so
//   the process-count limit applies (the kernel does not apply RLIMIT_NPROC to root).
// - `user`: where bwrap cannot start (no user namespaces, as in many autograding containers) and
//   the grader is root: the program runs as an unprivileged uid of its own (one per jail, so
//   that `kill -1` as that uid after the run ends exactly this run's processes, setsid() ones
//   included). It must not be able to read fox-grade's files or its cache; the probe checks
//   that, and says what to chmod when it can.
// - `none`: neither; student C runs only with --unsafe-no-sandbox.
//
// The executable to run is copied into the jail: the cache is never visible, let alone
// writable, and a jail's uid needs no access to the grader's directories.
import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './paths.js';

const exec = promisify(execFile);

export type ContainmentKind = 'bubblewrap' | 'user' | 'none';

export interface Containment {
  kind: ContainmentKind;
  /** For people: what is used, and why not something stronger. */
  note: string;
}

export type SandboxErrorCode = 'E_NO_SANDBOX';

/** Student C cannot be contained here and --unsafe-no-sandbox was not given. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  readonly code: SandboxErrorCode;
  readonly remedy: string;
  constructor(code: SandboxErrorCode, message: string, opts: { remedy: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.remedy = opts.remedy;
  }
}

/** The bwrap program: FOX_GRADE_BWRAP, so that a test (or a course) can make it unavailable. */
function bwrapProgram(): string {
  return process.env.FOX_GRADE_BWRAP ?? 'bwrap';
}

const isRoot = (): boolean => process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------
// Uids: one per open jail, never shared by two jails at once. The base is far above any
// account's uid; each grader process takes its own block of 64 (by pid), so two graders on
// one machine do not share uids either.
// ---------------------------------------------------------------------------------------------

const UIDS_PER_PROCESS = 64;
const freeSlots: number[] = Array.from({ length: UIDS_PER_PROCESS }, (_, i) => i);
const slotWaiters: ((slot: number) => void)[] = [];

function uidBase(): number {
  const base = Number(process.env.FOX_GRADE_SANDBOX_UID ?? 1_900_000_000);
  return base + (process.pid % 8192) * UIDS_PER_PROCESS;
}

function takeSlot(): Promise<number> {
  const slot = freeSlots.pop();
  if (slot !== undefined) return Promise.resolve(slot);
  return new Promise((resolve) => slotWaiters.push(resolve));
}

function giveSlot(slot: number): void {
  const waiter = slotWaiters.shift();
  if (waiter) waiter(slot);
  else freeSlots.push(slot);
}

function setprivArgs(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--no-new-privs', '--'];
}

// ---------------------------------------------------------------------------------------------
// The jail
// ---------------------------------------------------------------------------------------------

/** The host's top-level entries bwrap mirrors read-only (symbolic links as links: /lib → usr/lib). */
const SYSTEM_ENTRIES = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of SYSTEM_ENTRIES) {
    try {
      const st = lstatSync(`/${name}`);
      if (st.isSymbolicLink()) args.push('--symlink', `usr/${name}`, `/${name}`);
      else if (st.isDirectory()) args.push('--ro-bind', `/${name}`, `/${name}`);
    } catch {
      // absent on this system
    }
  }
  return args;
}

/** Where the jail's writable directory is, seen from inside. */
const INSIDE_WORK = '/work';
const INSIDE_PROGRAM = '/fox/program';

export interface JailCommand {
  file: string;
  args: string[];
  /** The whole environment (nothing of the grader's is inherited). */
  env: Record<string, string>;
  cwd: string;
}

export interface Jail {
  readonly containment: Containment;
  /** The host directory the program may write (its cwd and $HOME); removed by close(). */
  readonly workDir: string;
  /** A path under workDir as the program sees it. */
  inside(hostPath: string): string;
  /** Copies `exe` into the jail (read-only there); returns the path to run it by, inside. */
  install(exe: string): Promise<string>;
  /**
   * The command that runs `file args` in the jail with exactly `env` (plus PATH, HOME, LANG).
   * `prefix` (prlimit and its limits) runs inside, before `file`.
   */
  command(file: string, args: readonly string[], env: Record<string, string>, prefix?: readonly string[]): JailCommand;
  /**
   * A run in the jail starts; the function returned says it ended. When the last run of the jail
   * has ended, every process the jail still holds is ended (as its own user: `kill -1` as that
   * uid, which would also end the jail's other runs, hence the count).
   */
  track(): () => Promise<void>;
  /** Ends every process the jail still holds. */
  sweep(): Promise<void>;
  /** sweep(), then removes the jail's directory. */
  close(): Promise<void>;
}

/** The environment of student code: only what it needs (issue 19). */
export function cleanEnv(home: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: home, ...extra };
}

let sweptJails = false;

/** Removes the jail directories of interrupted runs (`fox-jail-<pid>-…` whose process is gone). */
async function sweepJails(): Promise<void> {
  if (sweptJails) return;
  sweptJails = true;
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(/^fox-jail-(\d+)-/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid) return;
      try {
        process.kill(pid, 0);
        return; // its process is alive
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPERM') return;
      }
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

/** Opens a jail of the given containment: its directory (owned by the jail's uid) and uid. */
export async function openJail(containment: Containment): Promise<Jail> {
  await sweepJails();
  const dir = await mkdtemp(join(tmpdir(), `fox-jail-${process.pid}-`));
  const work = join(dir, 'work');
  await mkdir(work);
  const ownUid = containment.kind !== 'none' && isRoot();
  const slot = ownUid ? await takeSlot() : undefined;
  const uid = slot === undefined ? undefined : uidBase() + slot;
  if (uid !== undefined) {
    await chown(dir, uid, uid);
    await chown(work, uid, uid);
  }
  await chmod(dir, 0o700);
  let closed = false;
  let running = 0;

  const inside = (hostPath: string): string => {
    if (containment.kind !== 'bubblewrap') return hostPath;
    if (hostPath === work) return INSIDE_WORK;
    if (!hostPath.startsWith(`${work}/`)) throw new Error(`${hostPath} is not in the jail's directory`);
    return INSIDE_WORK + hostPath.slice(work.length);
  };

  const sweep = async (): Promise<void> => {
    // bwrap: the PID namespace died with its init. `user`: everything left running as the uid.
    if (containment.kind === 'user' && uid !== undefined) {
      await exec(setprivArgs(uid)[0], [...setprivArgs(uid).slice(1), 'kill', '-KILL', '-1']).catch(() => undefined);
    }
  };

  return {
    containment,
    workDir: work,
    inside,
    async install(exe) {
      const target = join(dir, 'program');
      await copyFile(exe, target);
      await chmod(target, 0o555);
      return containment.kind === 'bubblewrap' ? INSIDE_PROGRAM : target;
    },
    command(file, args, env, prefix = []) {
      const fullEnv = cleanEnv(inside(work), env);
      const asUid = uid !== undefined ? setprivArgs(uid) : [];
      // env -i, last before the program: nothing between the grader and the program (a spawn
      // hook, bwrap's own PWD) adds to the environment.
      const clean = ['env', '-i', ...Object.entries(fullEnv).map(([k, v]) => `${k}=${v}`)];
      if (containment.kind === 'bubblewrap') {
        const program = join(dir, 'program');
        const jail = [
          bwrapProgram(),
          '--unshare-all',
          '--die-with-parent',
          '--new-session',
          ...systemMounts(),
          '--proc', '/proc',
          '--dev', '/dev',
          '--tmpfs', '/tmp',
          '--bind', work, INSIDE_WORK,
          ...(existsProgram(program) ? ['--ro-bind', program, INSIDE_PROGRAM] : []),
          '--chdir', INSIDE_WORK,
          '--',
        ];
        const all = [...asUid, ...jail, ...clean, ...prefix, file, ...args];
        return { file: all[0], args: all.slice(1), env: fullEnv, cwd: work };
      }
      const all = [...asUid, ...clean, ...prefix, file, ...args];
      return { file: all[0], args: all.slice(1), env: fullEnv, cwd: work };
    },
    sweep,
    track() {
      running++;
      let ended = false;
      return async () => {
        if (ended) return;
        ended = true;
        if (--running === 0) await sweep();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await sweep();
      await rm(dir, { recursive: true, force: true });
      if (slot !== undefined) giveSlot(slot);
    },
  };
}

function existsProgram(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Which containment this machine allows
// ---------------------------------------------------------------------------------------------

let detected: Promise<Containment> | undefined;

/** What containment student C gets here. Probed once per process. */
export function detectContainment(cacheDir: string): Promise<Containment> {
  detected ??= probe(cacheDir);
  return detected;
}

/** For tests that change FOX_GRADE_BWRAP: probe again on next use. */
export function forgetContainment(): void {
  detected = undefined;
}

async function runsInJail(kind: ContainmentKind, file: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const jail = await openJail({ kind, note: '' });
  try {
    const cmd = jail.command(file, args, {});
    const r = await exec(cmd.file, cmd.args, { env: cmd.env, cwd: cmd.cwd, timeout: 10_000 });
    return { ok: true, output: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { stderr?: string; message?: string; code?: unknown };
    return { ok: false, output: (e.stderr || e.message || String(error)).trim() };
  } finally {
    await jail.close();
  }
}

async function probe(cacheDir: string): Promise<Containment> {
  const bw = await runsInJail('bubblewrap', 'true', []);
  if (bw.ok) return { kind: 'bubblewrap', note: 'student C runs in bubblewrap (no network, own PID namespace, read-only system, private scratch)' };
  const why = `bubblewrap cannot start here (${bw.output.split('\n')[0] || 'unknown error'})`;
  if (!isRoot()) {
    return { kind: 'none', note: `${why}, and fox-grade does not run as root, so it cannot run student C as a user of its own` };
  }
  // The fallback user must not read fox-grade's files nor its cache.
  const readable: string[] = [];
  for (const path of [join(projectRoot, 'package.json'), cacheDir]) {
    const r = await runsInJail('user', 'test', ['-r', path]);
    if (r.ok) readable.push(path);
  }
  if (readable.length > 0) {
    return {
      kind: 'none',
      note: `${why}, and an unprivileged user could read ${readable.join(' and ')}, so running student C as one would not keep fox-grade's files secret (chmod -R o-rwx ${projectRoot} ${cacheDir})`,
    };
  }
  return { kind: 'user', note: `${why}: student C runs as an unprivileged user of its own, which cannot read fox-grade's files (network and other processes are not isolated)` };
}

/**
 * The containment to use, or a SandboxError when there is none and `allowUnsafe` is false
 * (--unsafe-no-sandbox).
 */
export async function requireContainment(cacheDir: string, allowUnsafe: boolean): Promise<Containment> {
  const c = await detectContainment(cacheDir);
  if (c.kind !== 'none') return c;
  if (allowUnsafe) return { kind: 'none', note: `${c.note}; --unsafe-no-sandbox: student C runs uncontained, as the grader's user` };
  throw new SandboxError('E_NO_SANDBOX', `refusing to run student C without a sandbox: ${c.note}`, {
    remedy:
      'Install bubblewrap (scripts/setup does) on a system that allows user namespaces, or run fox-grade as root with its files unreadable to others; ' +
      'only for code you trust, pass --unsafe-no-sandbox.',
  });
}
