// `fox-grade STUDENT_REPO`: grade one repository, print a summary, write the reports.
// Exit status: 0 graded, 2 the repo could not be graded at all, 1 internal error.
import { join, relative, resolve, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import { MAX_TEST_FILE_BYTES, readRegularFile } from '../test-file.js';
import { mutationSources } from '../../mutants/report-sources.js';
import { studentTestsPath } from '../grade/1-load.js';
import { instructorSourceWithGradescope, prepareReportDirectory, writeReports } from '../../reports/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { FoxGradeError, formatError } from '../errors.js';
import { gradeRepo, type GradeOptions, type ProgressEvent } from '../grade/index.js';
import type { Io } from '../io.js';
import { suiteFileProblems } from '../options.js';
import type { Reveal } from '../result.js';

export interface GradeCommandOptions extends Pick<GradeOptions, 'dialect' | 'jobs' | 'minimize' | 'killingHeaps' | 'witnesses' | 'coverage' | 'splitStream'> {
  json?: boolean;
  out?: string;
  reveal: Reveal;
  gradescope?: boolean;
  mutationHtml?: boolean;
  /** Instructors: mutation.json/html with the reference sources and each mutant's code change. */
  instructorFullSource?: boolean;
  gc?: boolean;
  suite?: string[];
  sanitize?: boolean;
  /** --unsafe-no-sandbox: student C uncontained where no sandbox works. */
  unsafeNoSandbox?: boolean;
}

export const defaultOutDir = 'fox-grade-report';

export async function gradeCommand(repoPath: string, opts: GradeCommandOptions, io: Io): Promise<number> {
  const repo = resolve(io.cwd, repoPath);
  const outDir = resolve(io.cwd, opts.out ?? defaultOutDir);
  if (opts.out === undefined && isInside(outDir, repo)) {
    io.stderr(
      `fox-grade: the default report directory ${outDir} is inside the student repository\n` +
        `  remedy: run fox-grade from outside the repository, or pass --out DIR to write there on purpose\n`,
    );
    return 2;
  }

  if (opts.instructorFullSource && opts.gradescope) {
    // Refused before grading: minutes of work must not end in a refusal.
    io.stderr(`fox-grade: ${formatError(instructorSourceWithGradescope())}\n`);
    return 2;
  }

  // Before grading: a bad --out (a file, a dangling link, /proc/x) fails now, not minutes later.
  try {
    prepareReportDirectory(outDir);
  } catch (error) {
    io.stderr(`fox-grade: ${formatError(error)}\n`);
    return 2;
  }

  const suiteProblems = suiteFileProblems((opts.suite ?? []).map((file) => resolve(io.cwd, file)));
  if (suiteProblems.length > 0) {
    for (const p of suiteProblems) io.stderr(`fox-grade: ${formatError(p)}\n`);
    return 2;
  }

  const progress = progressPrinter(io, Boolean(opts.json));
  let result;
  try {
    result = await gradeRepo(repo, { dialect: opts.dialect, jobs: opts.jobs, minimize: opts.minimize, killingHeaps: opts.killingHeaps, witnesses: opts.witnesses, coverage: opts.coverage, splitStream: opts.splitStream, reveal: opts.reveal,
      collector: opts.gc || opts.suite || opts.sanitize ? { suites: (opts.suite ?? []).map((file) => resolve(io.cwd, file)), sanitize: opts.sanitize, unsafeNoSandbox: opts.unsafeNoSandbox === true } : undefined,
      onProgress: progress.update });
  } catch (error) {
    progress.done();
    if (error instanceof FoxGradeError && error.code.startsWith('E_REPO')) {
      io.stderr(`fox-grade: cannot grade ${repoPath}: ${formatError(error)}\n`);
      return 2;
    }
    throw error;
  }
  progress.done();

  const formats = ['json', 'html', 'mutation-json', ...(opts.mutationHtml ? ['mutation-html'] : []), ...(opts.gradescope ? ['gradescope'] : [])];
  // The test file's text lets viewers show each test. Read the way the loader reads it (a regular
  // file inside the repo, no link, no hard link to elsewhere, bounded); unreadable: no sources,
  // the reports are written all the same.
  const read = readRegularFile(join(repo, studentTestsPath), realRepo(repo), MAX_TEST_FILE_BYTES, true);
  const sources = mutationSources(
    { path: studentTestsPath, source: read.ok ? read.text : undefined },
    { instructorFullSource: Boolean(opts.instructorFullSource) },
  );
  const written = await writeReports(outDir, result, { formats, reveal: opts.reveal, sources });
  if (opts.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const color = io.isTTY && !io.env.NO_COLOR;
    io.stdout(renderTerminal(result, { color, width: Number(io.env.COLUMNS) || 100 }));
    io.stdout(`\nreports: ${written.map((p) => relative(io.cwd, p) || p).join(', ')}\n`);
  }
  if (opts.instructorFullSource) {
    io.stderr(`fox-grade: ${relative(io.cwd, outDir) || outDir} holds the reference sources (the solution) in mutation.json: do not give it to students\n`);
  }
  return 0;
}

function realRepo(repo: string): string {
  try {
    return realpathSync(repo);
  } catch {
    return repo;
  }
}

function isInside(path: string, dir: string): boolean {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // a missing repo is reported by the grader itself
  }
  return path === real || path.startsWith(real + sep) || path === dir || path.startsWith(dir + sep);
}

/** A counter on one line on a terminal; plain lines, one per phase, otherwise. On stderr. */
function progressPrinter(io: Io, quiet: boolean) {
  let lastPhase: string | undefined;
  let onLine = false;
  const labels = { reference: 'reference runs', mutants: 'mutant runs' } as const;
  return {
    update(event: ProgressEvent) {
      if (quiet && !io.isTTY) return;
      if (io.isTTY) {
        if (onLine && event.phase !== lastPhase) io.stderr('\n');
        const width = 30;
        const filled = event.total === 0 ? width : Math.round((event.done / event.total) * width);
        io.stderr(`\r${labels[event.phase].padEnd(15)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.done}/${event.total}`);
        onLine = true;
      } else if (event.phase !== lastPhase) {
        io.stderr(`${labels[event.phase]}: ${event.total} to run\n`);
      }
      lastPhase = event.phase;
    },
    done() {
      if (onLine) io.stderr('\n');
      onLine = false;
    },
  };
}
