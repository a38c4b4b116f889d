// The build cache's entries (build.ts has the layout): made once per process and path, written
// under a temporary name and renamed into place, verified against their .sha256 sidecar before
// use; stale temporaries of dead processes swept.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A name that no other writer, in this process or another, will pick. */
function tempName(finalPath: string): string {
  return `${finalPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Scratch directories and temporary files carry the pid of their process: `cc-1234-AbC123`. */
const OWNED = /^(?:[a-z]+-(\d+)-[A-Za-z0-9]+|.*\.(\d+)\.[0-9a-f]+\.tmp)$/;
/** Unowned scratch (older versions' names) left this long is an interrupted run's. */
const STALE_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const swept = new Set<string>();

/**
 * Removes what interrupted runs left in the cache: scratch directories under tmp/ and temporary
 * files under obj/ and bin/ whose process is gone (or, without a pid, that are an hour old).
 * Once per cache directory and process.
 */
export async function sweepCache(cacheDir: string): Promise<void> {
  if (swept.has(cacheDir)) return;
  swept.add(cacheDir);
  const now = Date.now();
  for (const sub of ['tmp', 'obj', 'bin']) {
    const dir = join(cacheDir, sub);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        if (sub !== 'tmp' && !name.endsWith('.tmp')) return;
        const m = OWNED.exec(name);
        const pid = m ? Number(m[1] ?? m[2]) : undefined;
        const path = join(dir, name);
        if (pid !== undefined ? alive(pid) : now - (await lstat(path).catch(() => undefined))!?.mtimeMs < STALE_MS) return;
        await rm(path, { recursive: true, force: true }).catch(() => undefined);
      }),
    );
  }
}

export async function scratchDir(cacheDir: string, prefix: string): Promise<string> {
  await mkdir(join(cacheDir, 'tmp'), { recursive: true });
  await sweepCache(cacheDir);
  return mkdtemp(join(cacheDir, 'tmp', `${prefix}-${process.pid}-`));
}

/** One in-flight build per product: concurrent callers in this process share the work. */
const inFlight = new Map<string, Promise<string>>();
/** Entries verified by this process, with the identity of the file that was verified. */
const verified = new Map<string, string>();

const identity = (st: Stats): string => `${st.ino}:${st.size}:${st.mode}:${st.mtimeMs}`;

function sumPath(entry: string): string {
  return `${entry}.sha256`;
}

/** Whether `entry` is a complete, unchanged product (see the header). */
async function intact(entry: string, st: Stats): Promise<boolean> {
  if (!st.isFile() || (st.mode & 0o222) !== 0) return false;
  const [content, sum] = await Promise.all([readFile(entry), readFile(sumPath(entry), 'utf8').catch(() => undefined)]);
  return sum !== undefined && sum.trim() === createHash('sha256').update(content).digest('hex');
}

/**
 * The cache entry `path`, verified, or made by `make(temp)` (which writes the product at `temp`)
 * and put in place with its digest and read-only `mode`.
 */
export async function once(path: string, make: (temp: string) => Promise<void>, mode = 0o444): Promise<string> {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st !== undefined) {
    if (verified.get(path) === identity(st)) return path;
    if (!inFlight.has(path)) {
      if (await intact(path, st)) {
        verified.set(path, identity(st));
        return path;
      }
      verified.delete(path);
      await rm(path, { force: true });
    }
  }
  let pending = inFlight.get(path);
  if (pending === undefined) {
    pending = (async () => {
      const temp = tempName(path);
      try {
        await make(temp);
        await chmod(temp, mode);
        const digest = createHash('sha256').update(await readFile(temp)).digest('hex');
        const sumTemp = tempName(sumPath(path));
        await writeFile(sumTemp, `${digest}\n`);
        await rename(sumTemp, sumPath(path));
        await rename(temp, path);
        verified.set(path, identity(await lstat(path)));
        return path;
      } finally {
        await rm(temp, { force: true });
      }
    })().finally(() => inFlight.delete(path));
    inFlight.set(path, pending);
  }
  return pending;
}
