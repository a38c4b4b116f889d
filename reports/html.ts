// report.html: the student's report, one self-contained file (CSS and the sorting script
// inlined, nothing fetched), readable on a phone and printable.
//
// The page is built in two steps: `studentView` turns the GradeResult into a view object that
// holds every string and number the page shows (so the logic is here, testable, and the
// templates only lay it out), then handlebars renders reports/templates/student.hbs.
// JavaScript only sorts the kill matrix; with it disabled the page shows everything.
import { formatFinding } from '../grader/collector/sanitize.js';
import type { CollectorResult } from '../grader/collector/grade-collector.js';
import type { Cell, CellStatus, GradeResult, Reveal, TestResult, WitnessHint } from '../grader/result.js';
import { asset, contentSecurityPolicy, renderPage } from './handlebars.js';
import type { Reporter } from './reporter.js';
import { detects, formatPercent, mutantsByPhase, phaseScores, plural, visibleMutant, type VisibleMutant } from './view.js';

export const name = 'html';
export const fileName = 'report.html';

export interface StudentHtmlOptions {
  /** What the student may see of each mutant; defaults to `result.reveal`. */
  reveal?: Reveal;
  /** Shown in the footer. Absent by default, so that the same result gives the same bytes. */
  generatedAt?: string;
}

interface StatusInfo {
  label: string;
  symbol: string;
  description: string;
}

/** Colour is never the only signal: each status also has its own symbol (and print keeps both). */
export const cellStatuses: Record<CellStatus, StatusInfo> = {
  killed: { label: 'killed', symbol: '✓', description: 'the test fails on the mutant: detected' },
  timeout: { label: 'timeout', symbol: '◔', description: 'the mutant runs past the time limit: detected' },
  survived: { label: 'survived', symbol: '○', description: 'the test passes on the mutant: not detected' },
  'no-coverage': { label: 'no coverage', symbol: '·', description: 'the test never reaches the mutated code' },
};

const revealText: Record<Reveal, string> = {
  none: 'Mutants are shown by id and phase only.',
  titles: 'Each mutant is shown with its title.',
  hints: 'Each mutant is shown with its title and a hint.',
  full: 'Each mutant is shown with its title, its description and a hint.',
};

/**
 * Fragment ids for tests and mutants. Tests are numbered (display names are unique but may
 * hold any character); mutant ids are ours, made safe anyway.
 */
export const testAnchor = (index: number) => `test-${index}`;
export const mutantAnchor = (id: string) => `mutant-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function cellView(test: string, mutant: VisibleMutant, cell: Cell, col: number) {
  // A cell of a mutant that no test detects is tinted: that column is what to work on.
  const info = cellStatuses[cell.status] ?? { label: cell.status, symbol: '?', description: '' };
  const what = mutant.title ? `${mutant.id} (${mutant.title})` : mutant.id;
  const text = `${test} × ${what}: ${info.label}${cell.reason ? ` — ${cell.reason}` : ''}`;
  return { status: cell.status, symbol: info.symbol, title: text, label: text, col, survivedColumn: mutant.status !== 'killed' };
}

function testView(test: TestResult, anchorOf: (name: string) => string | null, official = false) {
  const expected = test.expected
    ? {
        kind: test.expected.kind,
        label: test.expected.kind === 'value' ? 'Expected value' : 'Expected failure containing',
        text: test.expected.text,
        empty: test.expected.text === '',
      }
    : null;
  return {
    anchor: official ? `official-${test.index}` : testAnchor(test.index),
    name: test.name,
    originalName: test.originalName !== test.name ? test.originalName : null,
    file: test.file,
    index: test.index,
    // Counted from 1, as every message does (`test 7 'name'`); `index` stays 0-based for anchors.
    number: test.index + 1,
    valid: test.valid,
    reason: test.reason ?? null,
    expected,
    actual: test.actual ?? null,
    actualEmpty: test.actual === '',
    firstDifference: test.firstDifference ?? null,
    heap: test.heap,
    collections: test.collections,
    minimalHeap: test.minimalHeap ?? null,
    heapSearchRuns: test.heapSearchRuns ?? null,
    killed: test.killed.map((id) => ({ id, anchor: anchorOf(id), alone: test.killedAlone.includes(id) })),
    killedCount: test.killed.length,
    aloneCount: test.killedAlone.length,
    notes: test.notes,
  };
}

/** Everything the student page shows, as plain data. Exported for tests. */
export function studentView(result: GradeResult, options: StudentHtmlOptions = {}) {
  const reveal = options.reveal ?? result.reveal;
  const { score } = result;
  const visible = result.mutants.map((m) => visibleMutant(m, reveal));
  const byId = new Map(visible.map((m) => [m.id, m]));
  const mutantLink = (id: string) => (byId.has(id) ? mutantAnchor(id) : null);

  // Columns grouped by phase (the order of the first header row); cells follow matrix.mutants.
  const matrixColumn = new Map(result.matrix.mutants.map((id, j) => [id, j]));
  const columns = mutantsByPhase(visible.filter((m) => matrixColumn.has(m.id))).flatMap((g) => g.mutants);
  const groups = mutantsByPhase(columns).map((g) => ({ phase: g.phase, span: g.mutants.length }));
  const detectors = (j: number) => result.matrix.cells.filter((row) => row[j] && detects(row[j].status)).length;
  const testByName = new Map(result.tests.map((t) => [t.name, t]));

  const matrix = {
    testCount: result.matrix.tests.length,
    mutantCount: columns.length,
    groups,
    columns: columns.map((m, col) => {
      const j = matrixColumn.get(m.id)!;
      const detectedBy = detectors(j);
      return {
        id: m.id,
        phase: m.phase,
        anchor: mutantAnchor(m.id),
        col,
        survived: m.status !== 'killed',
        detectedBy,
        title: `${m.id} · ${m.phase}${m.title ? ` — ${m.title}` : ''}: ${m.status === 'killed' ? `detected by ${plural(detectedBy, 'test')}` : 'survived'}`,
      };
    }),
    rows: result.matrix.tests.map((testName, i) => {
      const test = testByName.get(testName);
      const row = result.matrix.cells[i] ?? [];
      return {
        name: testName,
        anchor: test ? testAnchor(test.index) : null,
        order: i,
        kills: test ? test.killed.length : row.filter((c) => detects(c.status)).length,
        alone: test ? test.killedAlone.length : 0,
        cells: columns.map((m, col) => {
          const cell = row[matrixColumn.get(m.id)!] ?? { status: 'no-coverage', reason: 'not run' };
          return cellView(testName, m, cell, col);
        }),
      };
    }),
  };

  const scoreLevel = score.thoroughness >= 0.8 ? 'high' : score.thoroughness >= 0.5 ? 'mid' : 'low';
  const invalidOfficial = result.officialTests.filter((t) => !t.valid);

  return {
    pageTitle: `${result.repo} — fox-grade report`,
    repo: result.repo,
    dialect: result.dialect,
    dialectReason: result.dialectReason ?? null,
    tool: `${result.tool.name} ${result.tool.version}`,
    generatedAt: options.generatedAt ?? null,
    reveal,
    revealText: revealText[reveal] ?? '',
    score: {
      killed: score.killed,
      total: score.total,
      survived: score.total - score.killed,
      percent: formatPercent(score.thoroughness),
      // For the bar's width: a number from 0 to 100, never a string built from data.
      width: Math.max(0, Math.min(100, Math.round(score.thoroughness * 1000) / 10)),
      level: scoreLevel,
      validTests: score.validTests,
      invalidTests: score.invalidTests,
    },
    phases: phaseScores(result).map((p) => ({
      ...p,
      complete: p.total > 0 && p.killed === p.total,
      width: p.total === 0 ? 0 : Math.round((p.killed / p.total) * 1000) / 10,
    })),
    legend: (Object.keys(cellStatuses) as CellStatus[]).map((status) => ({ status, ...cellStatuses[status] })),
    matrix,
    tests: result.tests.map((t) => testView(t, mutantLink)),
    invalidTests: result.tests.filter((t) => !t.valid).map((t) => ({ name: t.name, anchor: testAnchor(t.index) })),
    show: {
      titles: reveal !== 'none',
      hints: reveal === 'hints' || reveal === 'full',
      descriptions: reveal === 'full',
    },
    // Survivors first (what a student works on next), each group in catalog order; the page's
    // "survivors only" filter hides the rest without JavaScript (CSS :target).
    survivorCount: visible.filter((m) => m.status !== 'killed').length,
    mutants: [...visible.filter((m) => m.status !== 'killed'), ...visible.filter((m) => m.status === 'killed')].map((m) => ({
      id: m.id,
      anchor: mutantAnchor(m.id),
      phase: m.phase,
      kind: m.kind,
      killed: m.status === 'killed',
      title: m.title ?? null,
      hint: m.hint ?? null,
      description: m.description ?? null,
      killedBy: m.killedBy.map((testName) => {
        const test = testByName.get(testName);
        return { name: testName, anchor: test ? testAnchor(test.index) : null };
      }),
    })),
    official: {
      count: result.officialTests.length,
      valid: result.officialTests.length - invalidOfficial.length,
      invalid: invalidOfficial.map((t) => testView(t, mutantLink, true)),
    },
    warnings: result.warnings,
    notes: result.notes,
    collector: result.collector ? collectorView(result.collector) : null,
    // Instructor-only (`--witnesses`): absent from the result, absent from the page.
    showWitnesses: result.witnesses !== undefined,
    witnesses: (result.witnesses ?? []).map((w) => witnessView(w, byId.get(w.mutant), mutantLink(w.mutant))),
  };
}

/** A witness test of a surviving mutant (`--witnesses`), with the entry to paste into a test file. */
function witnessView(w: WitnessHint, mutant: VisibleMutant | undefined, anchor: string | null) {
  const test = w.test
    ? {
        name: w.test.name,
        heap: w.test.heap,
        code: w.test.code,
        expectedLabel: 'value' in w.test.result ? 'Expected value' : 'Expected failure containing',
        expected: 'value' in w.test.result ? w.test.result.value : w.test.result.failure,
        json: JSON.stringify(w.test),
      }
    : null;
  return { mutant: w.mutant, anchor, cardAnchor: `witness-${mutantAnchor(w.mutant)}`, title: mutant?.title ?? null, test, message: w.message ?? 'no witness' };
}

/** The student's own collector (`--gc`): failing tests with the diagnosed phase or sanitizer finding. */
function collectorView(collector: CollectorResult) {
  const example = collector.diagnosis?.example;
  return {
    verdict: collector.verdict,
    diagnosis: collector.diagnosis?.phase ? { phase: collector.diagnosis.phase, example: example ? `${example.test}: ${example.message}` : null } : null,
    suites: collector.suites.map((suite) => ({
      file: suite.file,
      hidden: suite.hidden,
      passed: suite.passed,
      total: suite.total,
      failures: suite.tests
        .filter((t) => !t.pass && t.counted !== false)
        .map((t) => ({
          name: t.name,
          reason: t.reason ?? 'failed',
          diagnosis: t.diagnosis && t.diagnosis.status !== 'agree' ? t.diagnosis.message : null,
          sanitizer: t.sanitizer?.summary ?? null,
        })),
      // Sanitizer findings of passing tests (leaks, runs it did not check): shown as the failures' are.
      findings: suite.hidden
        ? []
        : suite.tests.filter((t) => t.pass && t.sanitizer).map((t) => ({ name: t.name, finding: formatFinding(t.sanitizer!) })),
    })),
    notes: collector.notes,
  };
}

/** The student report: one self-contained HTML file. */
export function renderStudentHtml(result: GradeResult, options: StudentHtmlOptions = {}): string {
  const script = asset('student.js');
  return renderPage('student', {
    view: studentView(result, options),
    csp: contentSecurityPolicy([script]),
    css: asset('base.css') + asset('student.css'),
    script,
  });
}

export const htmlReporter: Reporter = {
  name,
  fileName,
  enabledByDefault: () => true,
  unavailable: () => null,
  render: (result, options) =>
    renderStudentHtml(result, {
      ...(options.reveal !== undefined && { reveal: options.reveal }),
      ...(options.generatedAt !== undefined && { generatedAt: options.generatedAt }),
    }),
};
