// `fox-grade STUDENT_REPO`: grade one repository, print a summary, write the reports.
// Exit status: 0 graded, 2 the repo could not be graded at all, 1 internal error.
import { join, relative, resolve, sep } from 'node:path';
import { realpathSync, writeFileSync } from 'node:fs';
import { MAX_TEST_FILE_BYTES, readRegularFile } from '../../../suites/test-file.js';
import { studentTestsPath } from '../../grade/1-load.js';
import { instructorSourceWithGradescope, prepareReportDirectory } from '../../../reports/registry.js';
import { FoxGradeError, formatError } from '../../../suites/errors.js';
import { gradeRepo, type GradeOptions } from '../../grade/index.js';
import type { Io } from '../io.js';
import { progressReporter } from '../progress.js';
import { terminalWidth, useColor } from '../tty.js';
import { suiteFileProblems } from '../../../suites/suite-files.js';
import type { Reveal } from '../../result.js';

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

// When this module finished loading (with everything it imports): the end of "loading".
const loadedAt = performance.now();

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

  // The reporters are needed only once grading is done: they load meanwhile, while the pipeline
  // waits on its compilers and programs, instead of before it (a TA's command starts sooner).
  const reporting = Promise.all([import('../../../reports/registry.js'), import('../../../reports/terminal.js'), import('../../../mutants/report-sources.js')]);
  reporting.catch(() => undefined); // awaited below; an early return must not leave it unhandled
  const progress = progressReporter(io, { json: opts.json });
  const labels = { reference: 'reference runs', mutants: 'mutant runs' } as const;
  const timings = stepTimings(io);
  let result;
  try {
    result = await gradeRepo(repo, { dialect: opts.dialect, jobs: opts.jobs, minimize: opts.minimize, killingHeaps: opts.killingHeaps, witnesses: opts.witnesses, coverage: opts.coverage, splitStream: opts.splitStream, reveal: opts.reveal,
      collector: opts.gc || opts.suite || opts.sanitize ? { suites: (opts.suite ?? []).map((file) => resolve(io.cwd, file)), sanitize: opts.sanitize, unsafeNoSandbox: opts.unsafeNoSandbox === true } : undefined,
      onProgress: (event) => progress.update(labels[event.phase], event.done, event.total), onStep: timings.step });
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
  const [{ writeReports }, { renderTerminal }, { mutationSources }] = await reporting;
  const sources = mutationSources(
    { path: studentTestsPath, source: read.ok ? read.text : undefined },
    { instructorFullSource: Boolean(opts.instructorFullSource) },
  );
  timings.mark();
  const written = await writeReports(outDir, result, { formats, reveal: opts.reveal, sources });
  timings.step('reports', timings.mark());
  if (opts.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    io.stdout(renderTerminal(result, { color: useColor(io.env, io.isTTY), width: terminalWidth(io) }));
    io.stdout(`\nreports: ${written.map((p) => relative(io.cwd, p) || p).join(', ')}\n`);
  }
  if (opts.instructorFullSource) {
    io.stderr(`fox-grade: ${relative(io.cwd, outDir) || outDir} holds the reference sources (the solution) in mutation.json: do not give it to students\n`);
  }
  timings.step('print', timings.mark());
  timings.write();
  return 0;
}

/**
 * `FOX_GRADE_TIMINGS=FILE` (used by `npm run bench`): where the seconds of the command go, as
 * JSON milliseconds: `startup` (Node's start to the command's dispatch), `loading` (importing the
 * command's modules), each pipeline step (grader/grade/index.ts), `reports` (writing the files),
 * `print` (the terminal view) and `total`. Not a result: results never hold times.
 */
function stepTimings(io: Io) {
  const file = io.env.FOX_GRADE_TIMINGS;
  const dispatched = performance.getEntriesByName('fox-grade:command')[0]?.startTime ?? loadedAt;
  const ms: Record<string, number> = { startup: dispatched, loading: loadedAt - dispatched };
  let last = performance.now();
  return {
    step: (name: string, took: number) => void (ms[name] = (ms[name] ?? 0) + took),
    /** Milliseconds since the previous mark. */
    mark: () => {
      const now = performance.now();
      const took = now - last;
      last = now;
      return took;
    },
    write: () => {
      if (file) writeFileSync(file, `${JSON.stringify({ ...ms, total: performance.now() }, null, 2)}\n`);
    },
  };
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
