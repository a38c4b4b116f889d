// Reading a file of a student's repository for a test file: regular files only, inside the
// repository, bounded in size; each refusal a kind the caller turns into its own problem.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Reading files of the repository: regular files only, inside the root, bounded

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; kind: 'missing' | 'symlink' | 'hardlink' | 'not-file' | 'outside' | 'too-large' | 'encoding' | 'io'; detail: string };

export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

export function readRegularFile(path: string, rootReal: string | undefined, maxBytes: number, keepBom: boolean): ReadResult {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', detail: 'does not exist' };
    return { ok: false, kind: 'io', detail: `cannot be read (${String((cause as Error).message)})` };
  }
  if (stat.isSymbolicLink()) return { ok: false, kind: 'symlink', detail: 'is a symbolic link' };
  if (!stat.isFile()) return { ok: false, kind: 'not-file', detail: stat.isDirectory() ? 'is a directory' : 'is not a regular file' };
  let fd: number | undefined;
  try {
    // A directory on the way may still be a link out of the repository: compare real paths.
    if (rootReal !== undefined) {
      const real = realpathSync(path);
      if (!isInside(rootReal, real)) return { ok: false, kind: 'outside', detail: real };
    }
    if (stat.size > maxBytes) return { ok: false, kind: 'too-large', detail: `${stat.size} bytes` };
    // O_NOFOLLOW closes the gap between the lstat above and the read; O_NONBLOCK keeps a FIFO
    // swapped in meanwhile from blocking the open (the fstat below then refuses it).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) return { ok: false, kind: 'not-file', detail: 'was replaced while being read' };
    // A hard link passes every path check: it is the file itself, wherever its other names are
    // (DESIGN.md "Hard links"). Refused unless all its names are inside the repository.
    if (rootReal !== undefined && opened.nlink > 1 && linksInside(rootReal, opened) < opened.nlink) {
      return { ok: false, kind: 'hardlink', detail: `is a hard link (${opened.nlink} names) to a file outside the repository` };
    }
    const bytes = readFileSync(fd);
    if (bytes.length > maxBytes) return { ok: false, kind: 'too-large', detail: `more than ${maxBytes} bytes` };
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes) };
    } catch {
      return { ok: false, kind: 'encoding', detail: 'is not valid UTF-8 text' };
    }
  } catch (cause) {
    if (errnoCode(cause) === 'ELOOP') return { ok: false, kind: 'symlink', detail: 'is a symbolic link' };
    return { ok: false, kind: 'io', detail: `cannot be read (${String((cause as Error).message)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Past this many directory entries the search for a hard link's other names gives up (refuses). */
const MAX_LINK_SEARCH_ENTRIES = 100000;

/**
 * How many names of `file` (same device and inode) are inside `rootReal`, walking the tree with
 * an explicit stack, links not followed. Only called for a file with several names, which real
 * repositories almost never have.
 */
function linksInside(rootReal: string, file: Stats): number {
  let found = 0;
  let seen = 0;
  const dirs = [rootReal];
  while (dirs.length > 0) {
    const dir = dirs.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_LINK_SEARCH_ENTRIES) return found;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) dirs.push(path);
      else if (entry.isFile()) {
        try {
          const s = lstatSync(path);
          if (s.ino === file.ino && s.dev === file.dev) found++;
        } catch {
          // vanished meanwhile
        }
      }
    }
  }
  return found;
}
