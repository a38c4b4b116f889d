// Where fox-grade's own files live. Works from the TypeScript sources (tests) and from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'fox-grade') return dir;
    if (dirname(dir) === dir) throw new Error(`fox-grade: cannot find the project root above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const runtimeDir = join(projectRoot, 'reference', 'runtime');
export const suitesDir = join(projectRoot, 'suites');
export const templatesDir = join(projectRoot, 'reports', 'templates');
export const examplesDir = join(projectRoot, 'examples');

/** The cache of compiled objects and binaries: FOX_GRADE_CACHE, else `.fox-cache/` in the project. */
export function defaultCacheDir(): string {
  return resolve(process.env.FOX_GRADE_CACHE ?? join(projectRoot, '.fox-cache'));
}
