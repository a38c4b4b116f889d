// The benchmark's trust check: fox-grade's kill matrix against the naive grader's (bench/naive.ts)
// on the same tests. Both decide "detected" the same way (killed or timeout; fox-grade's
// no-coverage is a survival it proved without running). Every disagreeing pair is listed with
// both sides' reasons, so that a figure below 100% can be explained, not just printed.
import type { Cell, GradeResult } from '../grader/result.js';
import type { NaiveResult } from './naive.js';

export interface Disagreement {
  test: string;
  mutant: string;
  foxGrade: Cell;
  naive: { status: string; reason?: string };
}

export interface Agreement {
  agree: number;
  compared: number;
  /** Whether both found the same valid tests, in the same order. */
  sameValidTests: boolean;
  /** Pairs that only one side has (a test one of them found invalid, a mutant one of them lacks). */
  missing: number;
  disagreements: Disagreement[];
}

const detects = (status: string | undefined) => status === 'killed' || status === 'timeout';

/**
 * Compares fox-grade's matrix (one repo) with the naive grader's cells, whose test ids are
 * `${prefix}${test name}` (bench/contender.ts: `0:` for the first test file).
 */
export function compareWithNaive(fox: GradeResult, naive: NaiveResult, prefix = '0:'): Agreement {
  let agree = 0;
  let compared = 0;
  let missing = 0;
  const disagreements: Disagreement[] = [];
  fox.matrix.tests.forEach((test, i) => {
    const row = naive.cells[`${prefix}${test}`];
    fox.matrix.mutants.forEach((mutant, j) => {
      const status = row?.[mutant];
      if (status === undefined) {
        missing++;
        return;
      }
      compared++;
      const mine = fox.matrix.cells[i][j];
      if (detects(mine.status) === detects(status)) agree++;
      else disagreements.push({ test, mutant, foxGrade: mine, naive: { status, reason: naive.reasons?.[`${prefix}${test}`]?.[mutant] } });
    });
  });
  const foxIds = fox.matrix.tests.map((n) => `${prefix}${n}`);
  const naiveIds = naive.valid.filter((id) => id.startsWith(prefix));
  // Rows the naive grader has and fox-grade does not: every one of their pairs is missing.
  for (const id of naiveIds) if (!foxIds.includes(id)) missing += Object.keys(naive.cells[id] ?? {}).length;
  return { agree, compared, missing, sameValidTests: JSON.stringify(foxIds) === JSON.stringify(naiveIds), disagreements };
}

/** `78/78 pairs`, with what is wrong when something is. */
export function formatAgreement(a: Agreement): string {
  const notes = [
    ...(a.sameValidTests ? [] : ['the valid tests differ!']),
    ...(a.missing > 0 ? [`${a.missing} pair(s) on one side only`] : []),
  ];
  return `${a.agree}/${a.compared} pairs${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** One line per disagreeing pair: `test × mutant: fox-grade survived (survived), naive killed (wrong value)`. */
export function formatDisagreements(a: Agreement): string[] {
  return a.disagreements.map(
    (d) => `${d.test} × ${d.mutant}: fox-grade ${d.foxGrade.status} (${d.foxGrade.reason}), naive ${d.naive.status}${d.naive.reason ? ` (${d.naive.reason})` : ''}`,
  );
}

type Members = Array<{ name: string; result?: GradeResult; error?: string }>;

/**
 * The cells where two runs of fox-grade in different modes (coverage, split-stream, plain) differ,
 * no-coverage read as survived: `student × test × mutant: a (reason) vs b (reason)`. The modes
 * promise identical results; a difference is listed, not just flagged.
 */
export function modeDifferences(a: Members, b: Members): string[] {
  const plain = (c: Cell) => (c.status === 'no-coverage' ? { status: 'survived', reason: 'survived' } : c);
  const out: string[] = [];
  a.forEach((member, k) => {
    const x = member.result;
    const y = b[k]?.result;
    if (!x || !y || b[k].name !== member.name) {
      if (Boolean(x) !== Boolean(y) || b[k]?.name !== member.name) out.push(`${member.name}: graded in one run only`);
      return;
    }
    if (JSON.stringify(x.matrix.tests) !== JSON.stringify(y.matrix.tests)) out.push(`${member.name}: the valid tests differ`);
    x.matrix.tests.forEach((test, i) => {
      const j2 = y.matrix.tests.indexOf(test);
      if (j2 < 0) return;
      x.matrix.mutants.forEach((mutant, j) => {
        const p = plain(x.matrix.cells[i][j]);
        const q = plain(y.matrix.cells[j2][y.matrix.mutants.indexOf(mutant)] ?? { status: 'missing', reason: '' });
        if (p.status !== q.status || p.reason !== q.reason) out.push(`${member.name} × ${test} × ${mutant}: ${p.status} (${p.reason}) vs ${q.status} (${q.reason})`);
      });
    });
  });
  return out;
}
