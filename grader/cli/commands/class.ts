// `fox-grade class DIR...`: grade every repo, write class.html + class.json and, per student,
// <name>/result.json + report.html (+ results.json with --gradescope), linked from the class
// report. Each student's reports are written as soon as that student is graded. Progress (per
// student and for the class, with the time left) goes to stderr.
import { join, relative, resolve } from 'node:path';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { renderClassHtml, renderClassJson, summarizeClass } from '../../../reports/class.js';
import { prepareReportDirectory, writeReports } from '../../../reports/registry.js';
import { formatError } from '../../../suites/errors.js';
import { gradeClass, type ClassProgress } from '../../class/grade-class.js';
import type { GradeOptions } from '../../grade/options.js';
import type { Io } from '../io.js';
import { progressReporter } from '../progress.js';
import type { Reveal } from '../../result.js';

export interface ClassCommandOptions extends Pick<GradeOptions, 'dialect' | 'jobs' | 'minimize'> {
  out?: string;
  reveal: Reveal;
  json?: boolean;
  gc?: boolean;
  suite?: string[];
  sanitize?: boolean;
  gradescope?: boolean;
  allPairs?: boolean;
  /** `--no-cache`: grade everything again (the cache is on by default). */
  cache?: boolean;
}

/** `about 3 min left`, `about 40 s left`. */
export function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating time left';
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `about ${s} s left`;
  const min = Math.round(s / 60);
  return min < 90 ? `about ${min} min left` : `about ${(s / 3600).toFixed(1)} h left`;
}

/** One line per finished student; in between, at most one line every `everyMs` about the work in flight. */
export function classProgressPrinter(io: Io, everyMs = 5000, now = () => Date.now()) {
  let last = 0;
  return (e: ClassProgress) => {
    const percent = `${Math.floor(e.fraction * 100)}%`;
    if (e.phase === 'done') {
      io.stderr(`[${e.finished}/${e.students}] ${e.student} finished · class ${percent} · ${formatEta(e.etaMs)}\n`);
      last = now();
      return;
    }
    if (now() - last < everyMs) return;
    last = now();
    const what = e.phase === 'all-pairs' ? `all-pairs: ${e.done}/${e.total} pairs` : `${e.student}: ${e.phase === 'collector' ? 'collector' : `${e.phase} runs ${e.done}/${e.total}`}`;
    io.stderr(`… ${what} · class ${percent} · ${formatEta(e.etaMs)}\n`);
  };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
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
  const gc = opts.gc || opts.allPairs || opts.suite !== undefined || opts.sanitize;
  const formats = ['json', 'html', ...(opts.gradescope ? ['gradescope'] : [])];
  const run = await gradeClass(
    dirs.map((d) => resolve(io.cwd, d)),
    {
      dialect: opts.dialect,
      jobs: opts.jobs,
      minimize: opts.minimize,
      reveal: opts.reveal,
      collector: gc ? { suites: (opts.suite ?? []).map((file) => resolve(io.cwd, file)), sanitize: opts.sanitize } : undefined,
      allPairs: opts.allPairs,
      resultCache: opts.cache !== false,
      onProgress: classProgressPrinter(io),
      onStudent: async (member) => {
        if (member.full) await writeReports(join(outDir, member.name), member.full, { formats, reveal: opts.reveal });
      },
    },
  );
  const { members } = run;
  const summary = summarizeClass(
    members.map((m) => ({ dir: m.name, result: m.result, error: m.error, reportHref: m.result ? `${m.name}/report.html` : undefined })),
    { allPairs: run.allPairs },
  );
  await mkdir(outDir, { recursive: true });
  await writeAtomic(join(outDir, 'class.json'), renderClassJson(summary));
  await writeAtomic(join(outDir, 'class.html'), renderClassHtml(summary));

  if (opts.json) io.stdout(renderClassJson(summary));
  else {
    for (const m of members) {
      if (!m.result) io.stdout(`${m.name}: not graded: ${m.error}\n`);
      else {
        const c = m.result.collector;
        io.stdout(
          `${m.name}: ${m.result.score.killed}/${m.result.score.total} mutants detected, ${m.result.score.validTests} valid tests (${m.result.dialect})` +
            `${c ? `; collector: ${c.verdict}` : ''}${m.cached ? ' [cached]' : ''}\n`,
        );
      }
    }
    if (run.allPairs) {
      const p = run.allPairs;
      const faulty = p.collectors.filter((c) => c.status === 'faulty').length;
      io.stdout(`all-pairs: ${faulty} faulty collector(s); rank correlation with the mutation score: ${p.spearman === null ? 'n/a' : p.spearman.toFixed(2)}; ${p.uncoupled.length} fault(s) coupled to no mutant; ${p.pairs.run} pair(s) run, ${p.pairs.cached} cached\n`);
    }
    io.stdout(`class report: ${relative(io.cwd, join(outDir, 'class.html')) || join(outDir, 'class.html')}\n`);
  }
  return members.some((m) => m.result) ? 0 : 2;
}
