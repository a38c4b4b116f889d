// `fox-grade class DIR...`: grade every repo, write class.html + class.json and, per student,
// <name>/result.json + report.html, linked from the class report.
import { join, relative, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { renderClassHtml, renderClassJson, summarizeClass } from '../../reports/class.js';
import { prepareReportDirectory, writeReports } from '../../reports/registry.js';
import { formatError } from '../errors.js';
import { gradeClass } from '../class.js';
import type { GradeOptions } from '../grade/options.js';
import type { Io } from '../io.js';
import { progressReporter } from '../progress.js';
import type { Reveal } from '../result.js';

export interface ClassCommandOptions extends Pick<GradeOptions, 'dialect' | 'jobs' | 'minimize'> {
  out?: string;
  reveal: Reveal;
  json?: boolean;
}

export async function classCommand(dirs: string[], opts: ClassCommandOptions, io: Io): Promise<number> {
  const outDir = resolve(io.cwd, opts.out ?? 'fox-grade-class');
  // Before grading the class: a bad --out (a file, a dangling link, /proc/x) fails now.
  try {
    prepareReportDirectory(outDir);
  } catch (error) {
    io.stderr(`fox-grade: ${formatError(error)}\n`);
    return 2;
  }

  const progress = progressReporter(io, { json: opts.json });
  const members = await gradeClass(
    dirs.map((d) => resolve(io.cwd, d)),
    { dialect: opts.dialect, jobs: opts.jobs, minimize: opts.minimize, reveal: opts.reveal },
    (done, total) => progress.update('students', done, total),
  ).finally(() => progress.done());
  for (const member of members) {
    if (member.result) await writeReports(join(outDir, member.name), member.result, { formats: ['json', 'html'], reveal: opts.reveal });
  }
  const summary = summarizeClass(
    members.map((m) => ({ dir: m.name, result: m.result, error: m.error, reportHref: m.result ? `${m.name}/report.html` : undefined })),
  );
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'class.json'), renderClassJson(summary));
  await writeFile(join(outDir, 'class.html'), renderClassHtml(summary));

  if (opts.json) io.stdout(renderClassJson(summary));
  else {
    for (const m of members) {
      io.stdout(m.result ? `${m.name}: ${m.result.score.killed}/${m.result.score.total} mutants detected, ${m.result.score.validTests} valid tests\n` : `${m.name}: not graded: ${m.error}\n`);
    }
    io.stdout(`class report: ${relative(io.cwd, join(outDir, 'class.html')) || join(outDir, 'class.html')}\n`);
  }
  return members.some((m) => m.result) ? 0 : 2;
}
