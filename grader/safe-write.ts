// Writing files safely where a student (or a full disk) can interfere.
// - Never through a link: a new file is created with O_CREAT|O_EXCL (which refuses any existing
//   name, a symbolic link included) under a random name, then renamed over the target. A rename
//   replaces a link planted at the target instead of writing where it points.
// - Atomic: readers see the old file or the new one, never half of one; a failed write (ENOSPC)
//   removes its temporary file, so no 0-byte `*.tmp` is left behind.
// - Located: every failure names the path and says what happened in words.
// - Directories are created one component at a time: Node's recursive mkdir spins forever on
//   paths like /proc/x (the kernel answers ENOENT for a parent that exists).
import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FoxGradeError } from '../suites/errors.js';

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

const explanations: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a component of the path is not a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'it exists already',
  ELOOP: 'it is a symbolic link',
  EISDIR: 'it is a directory',
};

/** `the disk is full (ENOSPC)`: the words, then the code a search engine knows. */
export function explainErrno(error: unknown): string {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return explanations[code] ? `${explanations[code]} (${code})` : code;
}

/** `ENOENT (no such file or directory)`: the code first, where messages have always shown it. */
export function errnoThenWords(error: unknown): string {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return explanations[code] ? `${code} (${explanations[code]})` : code;
}

function writeError(code: string, path: string, error: unknown, remedy: string): FoxGradeError {
  return new FoxGradeError(code, `cannot write ${path}: ${explainErrno(error)}`, { cause: error, remedy, location: { file: path } });
}

/** Creates `path` (which must not exist, not even as a link) holding `data`; removes it on failure. */
export function createExclusive(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(path);
    throw error;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** A fresh name beside `path`, hidden, that no one can have planted in advance. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Replaces `path` with `data` atomically, never following a link at `path` or at the temporary
 * name. Throws a located FoxGradeError (`code`) on failure, with nothing left behind.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, code = 'E_WRITE'): void {
  const temporary = temporaryName(path);
  try {
    createExclusive(temporary, data);
  } catch (error) {
    throw writeError(code, path, error, 'free some space or fix the permissions of the directory, then run again');
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkQuietly(temporary);
    throw writeError(code, path, error, errnoCode(error) === 'EISDIR' ? `remove the directory ${path}` : 'fix the permissions of the directory, then run again');
  }
}

/**
 * Makes sure `dir` is a directory fox-grade can write into, creating it (and missing parents)
 * one component at a time; probes writability with a temporary file. Throws a located
 * FoxGradeError naming `what` (e.g. `the report directory`).
 */
export function prepareDirectory(dir: string, what: string, code: string, remedy: string): string {
  const abs = resolve(dir);
  const fail = (why: string, cause?: unknown): never => {
    // The location names the path; the message says what is wrong with it.
    throw new FoxGradeError(code, `${what} ${why}`, { ...(cause !== undefined ? { cause } : {}), remedy, location: { file: abs } });
  };
  // The missing components, outermost first.
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    let exists = true;
    try {
      lstatSync(p);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') fail(`cannot be examined: ${explainErrno(error)}`, error);
      exists = false;
    }
    if (exists) {
      let stat;
      try {
        stat = statSync(p);
      } catch (error) {
        fail(p === abs ? 'is a dangling symbolic link' : `cannot be created: ${p} is a dangling symbolic link`, error);
      }
      if (!stat!.isDirectory()) fail(p === abs ? 'is not a directory' : `cannot be created: ${p} is not a directory`);
      break;
    }
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST' && statSync(p).isDirectory()) continue; // created meanwhile
      // ENOENT with the parent present: a file system that has no room for new names (/proc).
      fail(`cannot be created: ${errnoCode(error) === 'ENOENT' ? `${dirname(p)} does not accept new directories (ENOENT)` : explainErrno(error)}`, error);
    }
  }
  const probe = temporaryName(join(abs, 'probe'));
  try {
    createExclusive(probe, '');
  } catch (error) {
    fail(`is not writable: ${explainErrno(error)}`, error);
  }
  unlinkQuietly(probe);
  return abs;
}

/**
 * Runs `fn` holding `<path>.lock` (created exclusively, holding our pid). A lock left by a process
 * that no longer exists is taken over; a live one is an error: two writers of one file must not
 * interleave.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const lock = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      createExclusive(lock, `${process.pid}\n`);
      break;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST' || attempt > 0 || holderAlive(lock)) {
        throw new FoxGradeError('E_LOCKED', `cannot lock ${path}: ${errnoCode(error) === 'EEXIST' ? `another fox-grade is writing it (${lock} exists)` : explainErrno(error)}`, {
          cause: error,
          remedy: `wait for the other run to finish; if none is running, remove ${lock}`,
          location: { file: path },
        });
      }
      unlinkQuietly(lock); // stale: its process is gone
    }
  }
  try {
    return await fn();
  } finally {
    unlinkQuietly(lock);
  }
}

/** Whether the pid in a lock file is a running process (an unreadable lock counts as live). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    if (!lstatSync(lock).isFile()) return true;
    pid = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) !== 'ESRCH';
  }
}
