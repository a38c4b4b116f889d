// Grading a whole class: many repos in parallel, sharing one build of the reference and the
// mutants and one pool of workers sized to the cores. A repo that cannot be graded is listed
// with its reason; the others complete.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatError } from './errors.js';
import { createCatalogEngine } from './grade/defaults.js';
import { gradeRepo } from './grade/index.js';
import { resolveGradeOptions, type GradeOptions } from './grade/options.js';
import { createPool } from './grade/pool.js';
import type { GradeResult } from './result.js';

export interface ClassMember {
  /** Unique among the class: the directory name, or `name-2`, … when two repos share one. */
  name: string;
  path: string;
  result?: GradeResult;
  error?: string;
}

const isRepo = (dir: string) => existsSync(join(dir, 'tests'));

/** The repos named: each argument is a repo, or a directory whose subdirectories are repos. */
export function expandRepos(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory() || isRepo(dir)) return [dir];
    const children = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name))
      .sort();
    return children.length > 0 ? children : [dir];
  });
}

/** `onStudent` is called as students finish (a class's progress; each student's own is not reported). */
export async function gradeClass(paths: readonly string[], options: GradeOptions = {}, onStudent?: (done: number, total: number) => void): Promise<ClassMember[]> {
  const opts = resolveGradeOptions(options);
  const engine = await createCatalogEngine(opts);
  const pool = createPool(opts.jobs);
  const seen = new Map<string, number>();
  const members = expandRepos(paths).map((path) => {
    const base = basename(path);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { path, name: count === 1 ? base : `${base}-${count}` };
  });
  let finished = 0;
  const tick = <T>(value: T): T => (onStudent?.(++finished, members.length), value);
  return Promise.all(
    members.map(async ({ path, name }): Promise<ClassMember> => {
      try {
        // Progress is per class, not per student: the callers' onProgress would interleave.
        return tick({ name, path, result: await gradeRepo(path, { ...options, onProgress: undefined }, { engine, pool }) });
      } catch (error) {
        return tick({ name, path, error: formatError(error) });
      }
    }),
  );
}
