// Phase 1: read a student repository in the course layout (docs/SPEC.md §7). Problems with single tests
// travel with those tests; only a repo that has no test file at all cannot be graded.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FoxGradeError, formatError } from '../../suites/errors.js';
import type { Dialect } from '../result.js';
import { loadTestFile, type LoadedTestFile } from '../../suites/test-file.js';

export const studentTestsPath = 'tests/yourTests.json';
export const officialTestsPath = 'tests/fox.json';

export interface LoadedRepo {
  /** Real path of the repo; nothing outside it is read. */
  root: string;
  /** The repo's directory name, as results show it. */
  name: string;
  student: LoadedTestFile;
  /** The student's copy of the official tests, when present. */
  official?: LoadedTestFile;
  warnings: string[];
}

/** `dialect` decides what a heap of 0 or below means (FOX.md §6, §8); default sp19. */
export function loadRepo(path: string, dialect: Dialect = 'sp19'): LoadedRepo {
  const root = repoRoot(path);
  const inputsDir = join(root, 'tests', 'input');
  const studentFile = join(root, studentTestsPath);
  const probe = probeEntry(studentFile);
  if (probe !== 'exists' && probe !== 'missing') {
    // EACCES on the repository or its tests/ directory is not "no tests": say what it is.
    throw new FoxGradeError('E_REPO_UNREADABLE', `${path} cannot be read: ${join(path, studentTestsPath)} cannot be examined (${probe})`, {
      remedy: 'Make the repository readable by the user running fox-grade (chmod -R u+rX, or run as its owner).',
      location: { file: join(path, studentTestsPath) },
    });
  }
  if (probe === 'missing') {
    throw new FoxGradeError('E_REPO_NO_TESTS', `${path} has no ${studentTestsPath}`, {
      remedy: `A student repository keeps its tests in ${studentTestsPath} (docs/SPEC.md §7); check the path, or that the repo was cloned whole.`,
      location: { file: join(path, studentTestsPath) },
    });
  }
  const student = loadTestFile(studentFile, { root, inputsDir, dialect });
  const officialFile = join(root, officialTestsPath);
  const official = existsSync(officialFile) || isSymlink(officialFile) ? loadTestFile(officialFile, { root, inputsDir, dialect }) : undefined;

  const warnings = [student, official]
    .flatMap((file) => (file ? [...file.problems.filter((p) => !p.location?.test), ...file.warnings] : []))
    .map((d) => formatError(d));
  return { root, name: basename(root), student, official, warnings };
}

/** The repository's real path; throws E_REPO_MISSING / E_REPO_NOT_DIR. */
export function repoRoot(path: string): string {
  const absolute = resolve(path);
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch (cause) {
    throw new FoxGradeError('E_REPO_MISSING', `${path} does not exist`, { cause, remedy: 'Give the path of a student repository (a directory with tests/yourTests.json).', location: { file: path } });
  }
  if (!stat.isDirectory()) {
    throw new FoxGradeError('E_REPO_NOT_DIR', `${path} is not a directory`, { remedy: 'Give the path of a student repository (a directory with tests/yourTests.json).', location: { file: path } });
  }
  return realpathSync(absolute);
}

/** Whether a directory entry exists, without following it; an error other than "no such entry" is returned as its code. */
function probeEntry(path: string): 'exists' | 'missing' | string {
  try {
    lstatSync(path);
    return 'exists';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
