// `fox-grade minimize REPO|TESTS.json [--write] [--neg] [--json] [--dialect D] [--seed N]`: the
// smallest heap at which each test passes on the reference; --write puts them in the file (backup
// first), --neg adds `-neg` twins at h − 1. Exit 0 iff every runnable test got a verified,
// monotone minimal heap (tests whose outcome does not depend on the heap, and tests that expect to
// run out of memory, count as fine) and the file has no problems.
import { formatError } from '../../../suites/errors.js';
import type { Io } from '../io.js';
import { progressReporter } from '../progress.js';
import { fileLevelProblems } from './problems.js';
import { minimizedOk, minimizeTestFile, type MinimizedTest } from '../../heap/minimize-file.js';
import type { Dialect } from '../../result.js';

export interface MinimizeCommandOptions {
  dialect: Dialect;
  write?: boolean;
  neg?: boolean;
  json?: boolean;
  seed?: number;
}

/** One row of `--json`. */
export interface MinimizeJsonEntry {
  name: string;
  minimalHeap: number | null;
  runs: number;
  verified: boolean;
  reason?: string;
}

function jsonEntry(t: MinimizedTest): MinimizeJsonEntry {
  if (t.status === 'invalid') return { name: t.test.displayName, minimalHeap: null, runs: 0, verified: false, reason: `invalid test: ${t.problem}` };
  const r = t.result;
  return { name: t.test.displayName, minimalHeap: r.minimalHeap, runs: r.runs, verified: r.verified, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
}

/** What the last column says: why there is no (verified, monotone) answer, and what was written. */
function remarks(t: MinimizedTest): string[] {
  if (t.status === 'invalid') return [];
  const r = t.result;
  const out: string[] = [];
  if (r.reason) out.push(r.reason);
  if (r.monotonic !== true) {
    const m = r.monotonic;
    out.push(`not monotone: fails at heap ${m.counterexample} (replay: seed ${m.seed}, path ${m.path})`);
  }
  if (t.written) out.push(`heap written`);
  if (t.twin) out.push('added' in t.twin ? `twin '${t.twin.added}' added` : `no twin: ${t.twin.skipped}`);
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (i < r.length - 1 ? r[i].length : 0))));
  return rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd()).join('\n');
}

export async function minimizeCommand(target: string, opts: MinimizeCommandOptions, io: Io): Promise<number> {
  const progress = progressReporter(io, { json: opts.json });
  const report = await minimizeTestFile(target, {
    dialect: opts.dialect,
    write: opts.write,
    neg: opts.neg,
    ...(opts.seed !== undefined ? { constraints: { seed: opts.seed } } : {}),
    onProgress: (done, total) => progress.update('tests', done, total),
  }).finally(() => progress.done());
  // With --json no test is printed for a human: every problem goes to stderr.
  const shownWithTests = opts.json ? [] : report.tests.flatMap((t) => (t.status === 'invalid' ? [t.problem] : []));
  const fileProblems = fileLevelProblems(report.problems, shownWithTests);
  for (const p of fileProblems) io.stderr(`${formatError(p)}\n`);
  for (const w of report.warnings) io.stderr(`warning: ${formatError(w)}\n`);

  const searched = report.tests.filter((t) => t.status === 'searched');
  const found = searched.filter((t) => t.status !== 'invalid' && t.result.minimalHeap !== null);
  const verified = found.filter((t) => t.status !== 'invalid' && t.result.verified);
  const invalid = report.tests.filter((t) => t.status === 'invalid');
  const runs = searched.reduce((sum, t) => sum + (t.status === 'invalid' ? 0 : t.result.runs), 0);
  const written = report.rewritten
    ? `wrote ${report.file} (${report.rewritten.heaps} heap${report.rewritten.heaps === 1 ? '' : 's'} changed, ` +
      `${report.rewritten.twins} twin${report.rewritten.twins === 1 ? '' : 's'} added` +
      `${report.rewritten.inputs.length > 0 ? `, ${report.rewritten.inputs.length} input file(s) created` : ''}); ` +
      `backup ${report.file}.bak\n`
    : (opts.write || opts.neg) && report.tests.length > 0
      ? `${report.file} unchanged: nothing to write\n`
      : '';

  if (opts.json) {
    io.stdout(`${JSON.stringify(report.tests.map(jsonEntry), null, 2)}\n`);
    io.stderr(written);
  } else {
    const rows = [['test', 'heap', 'minimal', 'runs', 'verified', '']];
    for (const t of report.tests) {
      if (t.status === 'invalid') {
        rows.push([t.test.displayName, t.test.heapGiven ? String(t.test.heap) : '-', '-', '0', '-', 'INVALID (skipped)']);
        continue;
      }
      const r = t.result;
      rows.push([
        t.test.displayName,
        t.test.heapGiven ? String(t.test.heap) : '-',
        r.minimalHeap === null ? '-' : String(r.minimalHeap),
        String(r.runs),
        r.minimalHeap === null ? '-' : r.verified ? 'yes' : 'no',
        remarks(t).join('; '),
      ]);
    }
    if (report.tests.length > 0) io.stdout(`${table(rows)}\n`);
    for (const t of invalid) if (t.status === 'invalid') io.stdout(`INVALID ${t.test.displayName}\n${indent(t.problem)}\n`);
    const mean = searched.length > 0 ? (runs / searched.length).toFixed(2) : '0';
    // The summary names everything that makes the exit status 1, so that it never says "0 invalid"
    // and fails without a reason.
    const unanswered = report.tests.filter((t) => t.status !== 'invalid' && !minimizedOk(t)).length;
    const failing = [
      ...(fileProblems.length > 0 ? [`${fileProblems.length} file problem${fileProblems.length === 1 ? '' : 's'} (above)`] : []),
      ...(unanswered > 0 ? [`${unanswered} without a verified, monotone minimal heap`] : []),
    ];
    io.stdout(
      `${report.file}: ${report.tests.length} tests, ${found.length} minimal heaps (${verified.length} verified), ` +
        `${invalid.length} invalid${failing.map((f) => `, ${f}`).join('')}; ${runs} runs, ${mean} per searched test\n`,
    );
    io.stdout(written);
  }
  return report.problems.length === 0 && report.tests.every(minimizedOk) ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
}
