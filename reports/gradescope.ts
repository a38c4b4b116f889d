// results.json for Gradescope's autograder (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
//
// The score is the thoroughness scaled to `maxScore`. Each mutant is one Gradescope "test"
// worth an equal share (to the cent: `mutantCents`), so the per-test scores add up exactly to
// the score and a student sees which mutants are left; each student test is an unscored entry
// saying whether it counts. What a student sees of a mutant follows the reveal level, as in the
// HTML report.
import type { GradeResult, Reveal, TestResult } from '../grader/result.js';
import type { Reporter } from './reporter.js';
import { formatPercent, phaseScores, plural, visibleMutant } from './view.js';

export const name = 'gradescope';
export const fileName = 'results.json';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  score?: number;
  max_score?: number;
  status: 'passed' | 'failed';
  number?: string;
  output: string;
  tags?: string[];
  visibility: GradescopeVisibility;
  extra_data?: Record<string, unknown>;
}

export interface GradescopeResults {
  score: number;
  output: string;
  visibility: GradescopeVisibility;
  stdout_visibility: GradescopeVisibility;
  extra_data: Record<string, unknown>;
  tests: GradescopeTest[];
  leaderboard: Array<{ name: string; value: number; order: 'asc' | 'desc' }>;
}

export interface GradescopeOptions {
  /** Points for detecting every mutant. Default 100. */
  maxScore?: number;
  /** Defaults to `result.reveal`. */
  reveal?: Reveal;
  /** Of the results and each entry. Default `visible`. */
  visibility?: GradescopeVisibility;
}

/** Two decimals: Gradescope shows scores like that, and floating-point noise would show too. */
// Stryker disable next-line ArithmeticOperator: equivalent, score() makes the thoroughness 0 when there are no mutants, the only case this is used
const points = (n: number) => Math.round(n * 100) / 100;

/**
 * Splits `cents` into `count` whole-cent parts as equal as possible (largest remainder: each part
 * is the floor or the ceiling of the exact share, the first ones get the extra cent), so that
 * the parts add up to exactly `cents`.
 */
export function splitCents(cents: number, count: number): number[] {
  // Stryker disable next-line ConditionalExpression: equivalent, Array.from with length 0 is [] too
  if (count === 0) return [];
  const base = Math.floor(cents / count);
  const extra = cents - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Each mutant's points, in cents. Rounding each share on its own made the parts disagree with
 * the displayed total (64.0 vs 64.1 out of 150, 94.72 vs 94.87 out of 100). Instead the displayed
 * score (thoroughness × maxScore at two decimals) is split over the detected mutants, and the
 * rest of maxScore over the others: the detected parts add up to the score, all parts to
 * maxScore, and every part is within a cent of maxScore / total.
 */
export function mutantCents(detected: readonly boolean[], maxScore: number): number[] {
  const total = detected.length;
  const killed = detected.filter(Boolean).length;
  const maxCents = Math.round(maxScore * 100);
  // Stryker disable next-line ConditionalExpression: equivalent, with no mutants the NaN is split over zero parts and never read
  const scoreCents = total === 0 ? 0 : Math.round((killed * maxCents) / total);
  const scored = splitCents(scoreCents, killed);
  const rest = splitCents(maxCents - scoreCents, total - killed);
  return detected.map((d) => (d ? scored.shift()! : rest.shift()!));
}

function testOutput(test: TestResult): string {
  if (!test.valid) {
    const lines = [`Invalid: this test does not count. ${test.reason ?? ''}`.trim()];
    if (test.expected) lines.push(`Expected ${test.expected.kind === 'value' ? 'value' : 'failure containing'}: ${test.expected.text}`);
    if (test.actual !== undefined) lines.push(`The reference produced: ${test.actual}`);
    if (test.firstDifference) {
      const d = test.firstDifference;
      lines.push(`First difference, line ${d.line}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`);
    }
    return lines.join('\n');
  }
  const lines = [
    test.killed.length === 0 ? 'Valid, but it detects no mutant.' : `Valid. Detects ${plural(test.killed.length, 'mutant')}: ${test.killed.join(', ')}.`,
  ];
  if (test.killedAlone.length > 0) lines.push(`Only this test detects: ${test.killedAlone.join(', ')}.`);
  const heap = [`heap ${test.heap}`];
  if (test.minimalHeap !== undefined && test.minimalHeap !== null) heap.push(`minimal heap ${test.minimalHeap}`);
  if (test.collections !== null) heap.push(plural(test.collections, 'collection'));
  lines.push(`${heap.join(', ')}.`);
  lines.push(...test.notes);
  return lines.join('\n');
}

export function toGradescopeResults(result: GradeResult, options: GradescopeOptions = {}): GradescopeResults {
  const maxScore = options.maxScore ?? 100;
  const reveal = options.reveal ?? result.reveal;
  const visibility = options.visibility ?? 'visible';
  const { score } = result;
  const cents = mutantCents(result.mutants.map((m) => m.status === 'killed'), maxScore);
  const scoreCents = cents.filter((_, j) => result.mutants[j].status === 'killed').reduce((sum, c) => sum + c, 0);

  const mutantTests: GradescopeTest[] = result.mutants.map((m, j) => {
    const v = visibleMutant(m, reveal);
    const killed = v.status === 'killed';
    const lines = [killed ? `Detected by ${v.killedBy.join(', ')}.` : 'Survived: no valid test detects this mutant.'];
    if (v.description) lines.push(`Description: ${v.description}`);
    if (!killed && v.hint) lines.push(`Hint: ${v.hint}`);
    return {
      name: `Mutant ${v.id} (${v.phase})${v.title ? `: ${v.title}` : ''}`,
      score: killed ? cents[j] / 100 : 0,
      max_score: cents[j] / 100,
      status: killed ? 'passed' : 'failed',
      number: `1.${j + 1}`,
      output: lines.join('\n'),
      tags: [v.phase, v.kind],
      visibility,
    };
  });

  const studentTests: GradescopeTest[] = result.tests.map((t, i) => ({
    name: `Your test ${t.name}`,
    status: t.valid ? 'passed' : 'failed',
    number: `2.${i + 1}`,
    output: testOutput(t),
    tags: [t.valid ? 'valid' : 'invalid'],
    visibility,
  }));

  const summary = [
    `${score.killed}/${score.total} mutants detected (${formatPercent(score.thoroughness)}) by ${plural(score.validTests, 'valid test')}; ${score.invalidTests} invalid.`,
    `By phase: ${phaseScores(result).map((p) => `${p.phase} ${p.killed}/${p.total}`).join(', ')}.`,
  ];
  if (score.invalidTests > 0) summary.push('Invalid tests do not count: the reference implementation must pass a test for it to count.');
  if (result.warnings.length > 0) summary.push('', 'Warnings:', ...result.warnings.map((w) => `- ${w}`));
  if (result.notes.length > 0) summary.push('', 'Notes:', ...result.notes.map((n) => `- ${n}`));

  return {
    // The sum of the detected mutants' points, which is thoroughness × maxScore to the cent.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, score() makes the thoroughness 0 when there are no mutants, the only case this is used (and the sum of no parts is 0 too)
    score: result.mutants.length === 0 ? points(score.thoroughness * maxScore) : scoreCents / 100,
    output: summary.join('\n'),
    visibility,
    // run_autograder's stdout is for the course staff (debugging), not the students.
    stdout_visibility: 'hidden',
    extra_data: {
      tool: `${result.tool.name} ${result.tool.version}`,
      repo: result.repo,
      dialect: result.dialect,
      killed: score.killed,
      total: score.total,
      validTests: score.validTests,
      invalidTests: score.invalidTests,
      thoroughness: score.thoroughness,
    },
    tests: [...mutantTests, ...studentTests],
    leaderboard: [{ name: 'Thoroughness', value: Math.round(score.thoroughness * 1000) / 10, order: 'desc' }],
  };
}

export function renderGradescope(result: GradeResult, options: GradescopeOptions = {}): string {
  return `${JSON.stringify(toGradescopeResults(result, options), null, 2)}\n`;
}

export const gradescopeReporter: Reporter = {
  name,
  fileName,
  // Only for a Gradescope autograder, which asks for it by name.
  // Stryker disable next-line ArrowFunction: equivalent, the registry only tests it for truth (reports/registry.ts)
  enabledByDefault: () => false,
  unavailable: () => null,
  render: (result, options) =>
    renderGradescope(result, {
      // Stryker disable next-line ConditionalExpression: equivalent, an undefined maxScore falls back to the default like an absent one
      ...(options.maxScore !== undefined && { maxScore: options.maxScore }),
      // Stryker disable next-line ConditionalExpression: equivalent, an undefined reveal falls back to the result's like an absent one
      ...(options.reveal !== undefined && { reveal: options.reveal }),
    }),
};
