// `fox-grade gc STUDENT_REPO [--suite FILE]... [--sanitize] [--json] [--dialect D] [--jobs N]
// [--timeout S]`: grades the student's own collector (grader/collector/grade-collector.ts). Exit 0 when it
// builds and passes every counted test, 1 otherwise.
import { resolve } from 'node:path';
import { suiteFileProblems } from '../../../suites/suite-files.js';
import { formatError } from '../../../suites/errors.js';
import { progressReporter } from '../progress.js';
import type { Io } from '../io.js';
import type { Dialect } from '../../result.js';
import { BOUND_PHASES, formatBinding, GC_C_ORDER } from '../../collector/binding.js';
import { formatCompilerMessage } from '../../collector/compile.js';
import { formatDiagnosis } from '../../collector/harness.js';
import { formatFinding } from '../../collector/sanitize.js';
import { gradeCollector, type CollectorResult, type CollectorTest } from '../../collector/grade-collector.js';

export interface GcCommandOptions {
  dialect: Dialect;
  suite?: string[];
  /** false with --no-official. */
  official?: boolean;
  sanitize?: boolean;
  json?: boolean;
  jobs?: number;
  /** Seconds per program run. */
  timeout?: number;
  /** List passing tests one by one. */
  verbose?: boolean;
  /** false with --no-tagged-return-addresses. */
  taggedReturnAddresses?: boolean;
  /** --unsafe-no-sandbox */
  unsafeNoSandbox?: boolean;
}

export { collect } from '../options.js';

export async function gcCommand(repo: string, opts: GcCommandOptions, io: Io): Promise<number> {
  const suiteProblems = suiteFileProblems((opts.suite ?? []).map((path) => resolve(io.cwd, path)));
  if (suiteProblems.length > 0) {
    for (const p of suiteProblems) io.stderr(`fox-grade gc: ${formatError(p)}\n`);
    return 2;
  }

  const progress = progressReporter(io, { json: opts.json });
  const result = await gradeCollector(resolve(io.cwd, repo), {
    dialect: opts.dialect,
    official: opts.official !== false,
    suites: (opts.suite ?? []).map((path) => ({ path: resolve(io.cwd, path), hidden: true, label: path })),
    sanitize: opts.sanitize === true,
    taggedReturnAddresses: opts.taggedReturnAddresses !== false,
    unsafeNoSandbox: opts.unsafeNoSandbox === true,
    ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
    onProgress: (done, total) => progress.update('tests', done, total),
  }).finally(() => progress.done());
  if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(formatCollectorReport(result, { verbose: opts.verbose === true }));
  if (result.error) io.stderr(`fox-grade gc: ${formatError(result.error)}\n`);
  const allPassed = result.build.ok && result.score.passed === result.score.total && result.error === undefined;
  return allPassed ? 0 : 1;
}

/** The bindings that are the course gc.c's order by name: not worth a line. */
const GC_C_BINDINGS = new Set(
  BOUND_PHASES.map((phase) => formatBinding({ phase, order: [...GC_C_ORDER[phase]], by: 'names' })),
);

function indent(text: string, by = '        '): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

function testLines(t: CollectorTest, hidden: boolean): string[] {
  if (t.pass) return [`PASS    ${t.name}`];
  if (t.counted === false) return [`SKIP    ${t.name}: ${t.reason ?? 'not counted'}`];
  const lines = [`FAIL    ${t.name}: ${t.reason ?? 'failed'}`];
  if (hidden) return lines;
  if (t.expected) {
    const text = t.expected.kind === 'failure' ? `a failure containing ${JSON.stringify(t.expected.text)}` : t.expected.text.split('\n').join('\n          ');
    lines.push(indent(`expected: ${text}`));
  }
  if (t.actual !== undefined) lines.push(indent(`actual:   ${t.actual.trimEnd().split('\n').join('\n          ')}`));
  lines.push(...sanitizerLines(t));
  if (t.diagnosis) {
    lines.push(indent(`diagnosis: ${formatDiagnosis(t.diagnosis)}`));
    if (t.diagnosis.consequence) lines.push(indent(`           ${t.diagnosis.consequence}`));
    for (const d of (t.diagnosis.differences ?? []).slice(0, 3)) {
      lines.push(indent(`           ${d.where} (${d.what}): ${d.actual}, expected ${d.expected}`));
    }
    for (const n of t.diagnosis.notes ?? []) lines.push(indent(`           note: ${n}`));
  }
  return lines;
}

function sanitizerLines(t: CollectorTest): string[] {
  if (!t.sanitizer) return [];
  const lines = [indent(`sanitizer: ${formatFinding(t.sanitizer)}`)];
  if (t.sanitizer.region) lines.push(indent(`           ${t.sanitizer.region}`));
  return lines;
}

export interface CollectorReportOptions {
  /** Every passing test on its own line (default: one count line per suite). */
  verbose?: boolean;
}

/** The terminal report: build, signatures, each suite's tests, the score and the diagnosis. */
export function formatCollectorReport(r: CollectorResult, options: CollectorReportOptions = {}): string {
  const out: string[] = [`collector of ${r.repo} (${r.dialect})`];
  if (r.error) {
    out.push(`verdict: ${r.verdict}`);
    return `${out.join('\n')}\n`;
  }
  const substituted = r.build.files.filter((f) => f.from === 'reference').map((f) => f.name);
  out.push(`build: ${r.build.ok ? 'ok' : 'FAILED'}${substituted.length > 0 ? ` (reference ${substituted.join(', ')})` : ''}`);
  for (const m of r.build.errors ?? []) out.push(`  ${formatCompilerMessage(m)}`);
  for (const m of r.build.warnings) out.push(`  ${formatCompilerMessage(m)}`);
  for (const p of r.signatureProblems ?? []) out.push(`signature: ${p.message}`);
  if (r.sanitizer) {
    out.push(`sanitizer: ${r.sanitizer.enabled ? `AddressSanitizer${r.sanitizer.leakCheck ? ' + LeakSanitizer' : ''}` : 'off'}`);
    for (const n of r.sanitizer.notes) out.push(`  note: ${n}`);
  }
  for (const suite of r.suites) {
    out.push(`${suite.file}${suite.hidden ? ' (hidden)' : ''}: ${suite.passed}/${suite.total} passed`);
    for (const p of suite.problems ?? []) out.push(`  problem: ${p}`);
    // Failures first (what a student reads), then tests that do not count, then the passes:
    // one count line, or every one with --verbose. A passing test with a sanitizer finding (a
    // leak, a run the sanitizer did not check) is listed: findings show wherever tests do.
    const failing = suite.tests.filter((t) => !t.pass && t.counted !== false);
    const skipped = suite.tests.filter((t) => t.counted === false);
    const passing = suite.tests.filter((t) => t.pass);
    for (const t of [...failing, ...skipped]) out.push(...testLines(t, suite.hidden).map((l) => `  ${l}`));
    if (options.verbose) for (const t of passing) out.push(...testLines(t, suite.hidden).map((l) => `  ${l}`));
    else if (passing.length > 0) out.push(`  PASS    ${passing.length} test(s)${failing.length + skipped.length > 0 ? '' : ' (all)'} — --verbose lists them`);
    for (const t of passing) {
      if (!t.sanitizer || suite.hidden) continue;
      if (!options.verbose) out.push(`  PASS    ${t.name}`);
      out.push(...sanitizerLines(t).map((l) => `  ${l}`));
    }
  }
  if (r.diagnosis) {
    if (r.diagnosis.notImplemented) out.push(`not implemented (still the starter's stubs): ${r.diagnosis.notImplemented.join(', ')}`);
    if (r.diagnosis.unattributed) {
      out.push(`diagnosis: in ${r.diagnosis.unattributed} failing test(s) your gc() does more than the four phases: no phase is blamed there`);
    }
    if (r.diagnosis.binding && (r.diagnosis.phase || r.diagnosis.unattributed)) {
      // mark's order is the one that varies (gc.c and gc.h disagree); others only when unusual.
      const shown = r.diagnosis.binding.filter((b, i) => i === 0 || !/ by parameter names$/.test(b) || !GC_C_BINDINGS.has(b));
      out.push(`diagnosis: called ${shown.join('; ')}`);
    }
    if (!r.diagnosis.available && r.diagnosis.reason) out.push(`diagnosis: unavailable: ${r.diagnosis.reason}`);
    else if (r.diagnosis.phase) {
      const counts = Object.entries(r.diagnosis.byPhase)
        .map(([phase, n]) => `${phase} ${n}`)
        .join(', ');
      out.push(`diagnosis: the first phase that goes wrong is ${r.diagnosis.phase} (failing tests by phase: ${counts})`);
      if (r.diagnosis.example) out.push(`  e.g. ${r.diagnosis.example.test}: ${r.diagnosis.example.message}`);
    }
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(`score: ${r.score.passed}/${r.score.total}`);
  out.push(`verdict: ${r.verdict}`);
  return `${out.join('\n')}\n`;
}
