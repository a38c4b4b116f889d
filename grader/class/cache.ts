// The class's result cache: what grading computed, stored by the content it depends on, so that
// re-grading a class after one student changes one test runs only that student's new pairs.
//
// Entries are JSON files `<dir>/<kind>/<aa>/<sha256>.json`, keyed by a hash of everything the
// value depends on (test text and heap, dialect, the mutant catalog, the runtime, fox-grade's
// version: see `codeKey`). Nothing is ever updated in place: an entry is written to a temporary
// file and renamed, so another process, a later run or a run stopped by SIGINT sees either the
// whole entry or none. An entry that cannot be read or parsed is a miss (and is rewritten).
//
// Kinds: `student` (a whole GradeResult, when nothing of the repository changed), `cell` (one
// test against one mutant), `heap` (one test's minimal heap), `collector` (a student's collector
// graded), `pair` (one test against one student's collector, all-pairs).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeDir } from '../../reference/paths.js';
import { toolVersion } from '../version.js';

export type CacheKind = 'student' | 'cell' | 'heap' | 'collector' | 'pair';

export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
}

export interface ResultCache {
  readonly dir: string;
  get<T>(kind: CacheKind, key: string): Promise<T | undefined>;
  set(kind: CacheKind, key: string, value: unknown): Promise<void>;
  /** Per kind; counts since the cache was opened. */
  readonly stats: Record<CacheKind, CacheStats>;
}

/** JSON with object keys sorted, so that equal values hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function cacheKey(...parts: unknown[]): string {
  return createHash('sha256').update(stableJson(parts)).digest('hex');
}

let codeKeyMemo: string | undefined;

/**
 * What every entry depends on besides its own inputs: fox-grade's version, and the content of
 * the mutant catalog's files and of the reference runtime's C. The version alone would keep a
 * stale entry across a development build that changed a mutant without a version bump.
 */
export function codeKey(): string {
  if (codeKeyMemo !== undefined) return codeKeyMemo;
  const hash = createHash('sha256').update(toolVersion());
  const mutantsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'mutants');
  for (const dir of [mutantsDir, runtimeDir]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      hash.update(`missing ${dir}`);
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!/\.(js|ts|c|h)$/.test(name) || !statSync(path).isFile()) continue;
      hash.update(`\0${name}\0`).update(readFileSync(path));
    }
  }
  codeKeyMemo = hash.digest('hex');
  return codeKeyMemo;
}

const emptyStats = (): Record<CacheKind, CacheStats> => ({
  student: { hits: 0, misses: 0, writes: 0 },
  cell: { hits: 0, misses: 0, writes: 0 },
  heap: { hits: 0, misses: 0, writes: 0 },
  collector: { hits: 0, misses: 0, writes: 0 },
  pair: { hits: 0, misses: 0, writes: 0 },
});

export function openResultCache(dir: string): ResultCache {
  const stats = emptyStats();
  const pathOf = (kind: CacheKind, key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`result cache: malformed key ${JSON.stringify(key)}`);
    return join(dir, kind, key.slice(0, 2), `${key}.json`);
  };
  return {
    dir,
    stats,
    async get<T>(kind: CacheKind, key: string): Promise<T | undefined> {
      const path = pathOf(kind, key);
      try {
        const value = JSON.parse(await readFile(path, 'utf8')) as { key: string; value: T };
        // The key inside guards against a file renamed by hand or a hash prefix collision of names.
        if (value.key === key) {
          stats[kind].hits++;
          return value.value;
        }
      } catch {
        // missing, unreadable or torn by a crash outside our rename: a miss
      }
      stats[kind].misses++;
      return undefined;
    },
    async set(kind: CacheKind, key: string, value: unknown): Promise<void> {
      const path = pathOf(kind, key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify({ key, value }));
        await rename(tmp, path);
        stats[kind].writes++;
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
  };
}

/**
 * Removes temporary files a killed process left behind, once they are an hour old (a younger one
 * may be another process's write in flight). Never a finished entry.
 */
export async function sweepCache(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.tmp') && now - (await stat(p).catch(() => ({ mtimeMs: now }))).mtimeMs > 3_600_000) {
        await rm(p, { force: true });
        removed++;
      }
    }
  };
  await walk(dir);
  return removed;
}
