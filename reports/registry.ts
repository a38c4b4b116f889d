// The per-student file reporters, listed explicitly (no discovery: adding a reporter is a
// one-line change here, and the order below is the order files are written and returned).
// The terminal view is not here: it prints, it does not write a file (reports/terminal.ts).
import { join, resolve } from 'node:path';
import { FoxGradeError } from '../suites/errors.js';
import { prepareDirectory, writeFileAtomic } from '../grader/safe-write.js';
import type { GradeResult } from '../grader/result.js';
import { gradescopeReporter } from './gradescope.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { mutationHtmlReporter, mutationJsonReporter } from './mutation-json.js';
import type { ReportOptions, Reporter } from './reporter.js';

export type { ReportOptions, Reporter } from './reporter.js';

export const reporters: readonly Reporter[] = [
  jsonReporter, // result.json
  htmlReporter, // report.html
  mutationJsonReporter, // mutation.json (needs sources)
  mutationHtmlReporter, // mutation.html (on request, needs sources)
  gradescopeReporter, // results.json (on request)
];

export interface WriteReportsOptions extends ReportOptions {
  /**
   * Reporters to write, by name (`json`, `html`, `mutation-json`, `mutation-html`, `gradescope`)
   * or file name (`report.html`, …). Absent: every reporter enabled by default.
   */
  formats?: readonly string[];
}

/** The reporters `formats` names, in registry order; throws on an unknown or unusable one. */
export function selectReporters(formats: readonly string[] | undefined, options: ReportOptions = {}): Reporter[] {
  if (formats === undefined) return reporters.filter((r) => r.enabledByDefault(options) && r.unavailable(options) === null);
  const unknown = formats.filter((f) => !reporters.some((r) => r.name === f || r.fileName === f));
  if (unknown.length > 0) {
    const known = reporters.map((r) => `${r.name} (${r.fileName})`).join(', ');
    throw new Error(`fox-grade: unknown report format ${unknown.map((f) => JSON.stringify(f)).join(', ')}; expected one of ${known}`);
  }
  const selected = reporters.filter((r) => formats.includes(r.name) || formats.includes(r.fileName));
  if (options.sources?.instructorFullSource !== undefined && selected.includes(gradescopeReporter)) {
    // A Gradescope report directory is the student's: the solution must never be written there.
    throw instructorSourceWithGradescope();
  }
  for (const reporter of selected) {
    const why = reporter.unavailable(options);
    if (why !== null) throw new Error(`fox-grade: cannot write ${reporter.fileName}: ${why}`);
  }
  return selected;
}

/** Why `--instructor-full-source` and `--gradescope` do not go together (CLI and API alike). */
export function instructorSourceWithGradescope(): FoxGradeError {
  return new FoxGradeError(
    'E_OPTION',
    'the instructor full source (the reference runtime, the solution) cannot be written with Gradescope results: that report is the student\'s',
    { remedy: 'Drop --instructor-full-source, or grade without --gradescope (and outside a Gradescope bundle) to get the instructor copy.' },
  );
}

/**
 * Creates `outDir` if needed and checks that reports can be written there, with a located error
 * (a file, a dangling link, /proc, a read-only directory). Commands call it before grading, so a
 * bad --out fails in a second, not after the whole grading.
 */
export function prepareReportDirectory(outDir: string): string {
  return prepareDirectory(outDir, 'the report directory', 'E_OUT_DIR', 'pass --out a directory you can write to (it is created if missing)');
}

/**
 * Writes the selected reports into `outDir` (created if needed) and returns their absolute
 * paths in registry order. Every report is rendered before any file is written, so a failing
 * reporter leaves no half-updated directory; each file is replaced atomically (write, rename),
 * so a reader never sees a partial report.
 */
export async function writeReports(outDir: string, result: GradeResult, options: WriteReportsOptions = {}): Promise<string[]> {
  const { formats, ...reportOptions } = options;
  const rendered = selectReporters(formats, reportOptions).map((r) => ({
    path: resolve(join(outDir, r.fileName)),
    text: r.render(result, reportOptions),
  }));
  prepareReportDirectory(outDir);
  // A fresh temporary per file (created exclusively, removed if the write fails: a full disk
  // leaves no 0-byte *.tmp), renamed into place; the error names the path.
  for (const { path, text } of rendered) writeFileAtomic(path, text, 'E_REPORT_WRITE');
  return rendered.map((r) => r.path);
}
