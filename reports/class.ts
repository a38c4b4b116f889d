// The class report: what an instructor reads after grading every repository of a class. A
// summary of many GradeResults (score distribution, how often each mutant is detected, the
// tests that found what few others found, the repositories that could not be graded), then
// two views of it: class.html (self-contained, handlebars, no script) and class.json.
import type { AllPairsResult } from '../grader/class/all-pairs.js';
import type { Dialect, GradeResult, MutantKind, MutantPhase } from '../grader/result.js';
import { contentSecurityPolicy, asset, renderPage } from './handlebars.js';
import { formatPercent, phaseOrder } from './view.js';

export interface ClassEntry {
  /** The repository's directory name. */
  dir: string;
  result?: GradeResult;
  /** Why the repository could not be graded (no result). */
  error?: string;
  /** Link to the student's report.html, relative to the class report. */
  reportHref?: string;
}

export interface ClassStudent {
  dir: string;
  reportHref: string | null;
  killed: number;
  total: number;
  thoroughness: number;
  validTests: number;
  invalidTests: number;
  dialect: Dialect;
  /** The student's own collector (`--gc`): tests passed, and the phase its diagnosis blames. */
  collector: { passed: number; total: number; verdict: string; phase: string | null } | null;
}

/** All-pairs in the class report: deterministic (no counts of what the cache saved). */
export type ClassAllPairs = Omit<AllPairsResult, 'pairs'> & { pairs: { total: number } };

export interface ClassMutant {
  id: string;
  phase: MutantPhase;
  kind: MutantKind;
  title: string | null;
  /** Students whose tests detect it, out of `students` (the graded results that list it). */
  killedBy: number;
  students: number;
  rate: number;
}

export interface HardTest {
  dir: string;
  test: string;
  reportHref: string | null;
  /** Sum over the mutants the test detects of 1 / (number of students detecting that mutant). */
  rarity: number;
  killed: number;
  /** The mutants it detects that the fewest students detect, rarest first. */
  rareKills: Array<{ id: string; killedBy: number }>;
}

export interface ClassSummary {
  tool: { name: string; version: string } | null;
  graded: number;
  students: ClassStudent[];
  ungradable: Array<{ dir: string; reason: string; reportHref: string | null }>;
  distribution: {
    bins: Array<{ from: number; to: number; label: string; count: number }>;
    mean: number | null;
    median: number | null;
    min: number | null;
    max: number | null;
  };
  mutants: ClassMutant[];
  hardestTests: HardTest[];
  /** Only with `--all-pairs`. */
  allPairs: ClassAllPairs | null;
}

/** How many tests "hardest tests" lists. */
export const hardestTestCount = 5;

/**
 * Only relative links and http(s) go into the page: a `javascript:` or `data:` href would run
 * or show something in the instructor's browser.
 */
export function safeHref(href: string | undefined): string | null {
  if (href === undefined || href === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (scheme && !['http', 'https'].includes(scheme[1].toLowerCase())) return null;
  return href;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Ten bins of thoroughness: 0–10 %, …, 90–100 % (100 % falls in the last one). */
function distribution(values: number[]): ClassSummary['distribution'] {
  const bins = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    label: i === 9 ? '90–100%' : `${i * 10}–${i * 10 + 9}%`,
    count: 0,
  }));
  for (const value of values) bins[Math.min(9, Math.max(0, Math.floor(value * 10 + 1e-9)))].count++;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    bins,
    mean: values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length,
    median: median(sorted),
    min: sorted.length === 0 ? null : sorted[0],
    max: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}

export function summarizeClass(entries: ReadonlyArray<ClassEntry>, options: { allPairs?: AllPairsResult } = {}): ClassSummary {
  // Sorted by directory so that the same class gives the same summary in any input order.
  const sorted = [...entries].sort((a, b) => byText(a.dir, b.dir));
  const graded = sorted.filter((e): e is ClassEntry & { result: GradeResult } => e.result !== undefined);
  const ungradable = sorted
    .filter((e) => e.result === undefined)
    .map((e) => ({ dir: e.dir, reason: e.error ?? 'no grade result', reportHref: safeHref(e.reportHref) }));

  // Mutants: the union over the results (they agree unless fox-grade versions were mixed), in
  // phase order; the first result that has a title supplies it.
  const mutants = new Map<string, ClassMutant>();
  for (const { result } of graded) {
    for (const m of result.mutants) {
      const entry = mutants.get(m.id) ?? { id: m.id, phase: m.phase, kind: m.kind, title: null, killedBy: 0, students: 0, rate: 0 };
      entry.students++;
      if (m.status === 'killed') entry.killedBy++;
      entry.title ??= m.title ?? null;
      mutants.set(m.id, entry);
    }
  }
  for (const m of mutants.values()) m.rate = m.students === 0 ? 0 : m.killedBy / m.students;
  const phaseRank = (phase: string) => {
    const i = (phaseOrder as readonly string[]).indexOf(phase);
    return i === -1 ? phaseOrder.length : i;
  };
  const mutantList = [...mutants.values()].sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase));

  const hard: HardTest[] = [];
  for (const { dir, result, reportHref } of graded) {
    for (const test of result.tests.filter((t) => t.valid && t.killed.length > 0)) {
      const kills = test.killed
        .map((id) => ({ id, killedBy: mutants.get(id)?.killedBy ?? 1 }))
        .sort((a, b) => a.killedBy - b.killedBy || byText(a.id, b.id));
      const rarity = kills.reduce((sum, k) => sum + 1 / Math.max(1, k.killedBy), 0);
      const href = safeHref(reportHref);
      hard.push({
        dir,
        test: test.name,
        // The test's card in the student's report (html.ts numbers them by index).
        reportHref: href === null ? null : `${href.replace(/#.*$/, '')}#test-${test.index}`,
        rarity: Math.round(rarity * 1000) / 1000,
        killed: test.killed.length,
        rareKills: kills.slice(0, 5),
      });
    }
  }
  hard.sort((a, b) => b.rarity - a.rarity || b.killed - a.killed || byText(a.dir, b.dir) || byText(a.test, b.test));

  const students = graded.map(({ dir, result, reportHref }) => ({
    dir,
    reportHref: safeHref(reportHref),
    killed: result.score.killed,
    total: result.score.total,
    thoroughness: result.score.thoroughness,
    validTests: result.score.validTests,
    invalidTests: result.score.invalidTests,
    dialect: result.dialect,
    collector: result.collector
      ? { passed: result.collector.score.passed, total: result.collector.score.total, verdict: result.collector.verdict, phase: result.collector.diagnosis?.phase ?? null }
      : null,
  }));
  const allPairs = options.allPairs ? { ...options.allPairs, pairs: { total: options.allPairs.pairs.total } } : null;

  return {
    tool: graded.length > 0 ? { name: graded[0].result.tool.name, version: graded[0].result.tool.version } : null,
    graded: graded.length,
    students,
    ungradable,
    distribution: distribution(students.map((s) => s.thoroughness)),
    mutants: mutantList,
    hardestTests: hard.slice(0, hardestTestCount),
    allPairs,
  };
}

/** class.json: the summary, 2-space, final newline. */
export function renderClassJson(summary: ClassSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The score histogram's geometry, computed here so that the template only places numbers. */
function histogram(summary: ClassSummary) {
  const width = 640;
  const height = 240;
  const left = 40;
  const bottom = 40;
  const top = 16;
  const plotHeight = height - bottom - top;
  const plotWidth = width - left - 10;
  const maxCount = Math.max(1, ...summary.distribution.bins.map((b) => b.count));
  // A round axis maximum with at most 5 ticks.
  const step = Math.max(1, Math.ceil(maxCount / 5));
  const axisMax = step * Math.ceil(maxCount / step);
  const slot = plotWidth / summary.distribution.bins.length;
  const y = (count: number) => top + plotHeight - (count / axisMax) * plotHeight;
  return {
    width,
    height,
    bars: summary.distribution.bins.map((bin, i) => {
      const barTop = y(bin.count);
      return {
        x: round(left + i * slot + 4),
        y: round(barTop),
        width: round(slot - 8),
        height: round(top + plotHeight - barTop),
        labelX: round(left + i * slot + slot / 2),
        labelY: height - bottom + 16,
        countY: round(barTop - 5),
        label: `${Math.round(bin.from * 100)}`,
        count: bin.count,
        title: `${bin.label}: ${bin.count} ${bin.count === 1 ? 'student' : 'students'}`,
      };
    }),
    ticks: Array.from({ length: axisMax / step + 1 }, (_, i) => ({ y: round(y(i * step)), value: i * step })),
    axis: { x1: left, x2: width - 10, y: top + plotHeight, labelX: left + plotWidth / 2, labelY: height - 6 },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function classView(summary: ClassSummary, options: { generatedAt?: string } = {}) {
  const d = summary.distribution;
  return {
    tool: summary.tool ? `${summary.tool.name} ${summary.tool.version}` : 'fox-grade',
    generatedAt: options.generatedAt ?? null,
    graded: summary.graded,
    ungradableCount: summary.ungradable.length,
    stats: {
      mean: d.mean === null ? '—' : formatPercent(d.mean),
      median: d.median === null ? '—' : formatPercent(d.median),
      range: d.min === null || d.max === null ? '—' : `${formatPercent(d.min)} – ${formatPercent(d.max)}`,
    },
    histogram: histogram(summary),
    bins: d.bins,
    mutants: summary.mutants.map((m) => ({
      ...m,
      percent: formatPercent(m.rate),
      width: Math.round(m.rate * 1000) / 10,
      level: m.rate >= 0.75 ? 'high' : m.rate >= 0.35 ? 'mid' : 'low',
    })),
    hardestTests: summary.hardestTests.map((t, i) => ({ ...t, rank: i + 1, rarity: t.rarity.toFixed(2) })),
    students: summary.students.map((s) => ({
      ...s,
      percent: formatPercent(s.thoroughness),
      width: Math.round(s.thoroughness * 1000) / 10,
    })),
    ungradable: summary.ungradable,
    anyCollector: summary.students.some((s) => s.collector !== null),
    allPairs: summary.allPairs && allPairsView(summary.allPairs),
  };
}

function allPairsView(p: ClassAllPairs) {
  const faulty = p.collectors.filter((c) => c.status === 'faulty');
  return {
    spearman: p.spearman === null ? '—' : p.spearman.toFixed(2),
    faulty: faulty.length,
    collectorsTotal: p.collectors.length,
    pairs: p.pairs.total,
    students: p.students.map((s) => ({
      ...s,
      mutationPercent: formatPercent(s.mutationScore),
      faultPercent: s.faultScore === null ? '—' : formatPercent(s.faultScore),
      faultWidth: s.faultScore === null ? 0 : Math.round(s.faultScore * 1000) / 10,
      mutationWidth: Math.round(s.mutationScore * 1000) / 10,
    })),
    collectors: p.collectors.map((c) => ({
      ...c,
      isFaulty: c.status === 'faulty',
      detectingStudents: c.detectedBy.length,
      uncoupled: c.status === 'faulty' && c.detectingTests > 0 && c.coupled.length === 0,
    })),
    uncoupled: p.uncoupled,
    undetected: p.undetected,
  };
}

/** class.html: one self-contained page, no script at all. */
export function renderClassHtml(summary: ClassSummary, options: { generatedAt?: string } = {}): string {
  return renderPage('class', {
    view: classView(summary, options),
    csp: contentSecurityPolicy([]),
    css: asset('base.css') + asset('class.css'),
  });
}
