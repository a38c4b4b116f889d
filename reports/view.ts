// What every reporter agrees on when it turns a GradeResult into something to read: the order
// of the phases, which mutant details a student may see, and how numbers are written. Kept in
// one place so that the terminal, HTML and Gradescope views never disagree about them.
import type { CellStatus, GradeResult, MutantPhase, MutantResult, Reveal } from '../grader/result.js';

/** The collector's pipeline order (FOX.md §5), then the generated code and printing. */
export const phaseOrder: readonly MutantPhase[] = ['mark', 'forward', 'redirect', 'compact', 'try_gc', 'alloc', 'codegen', 'print'];

export const reveals: readonly Reveal[] = ['none', 'titles', 'hints', 'full'];

/** `killed` and `timeout` both detect the mutant (result.ts). */
export function detects(status: CellStatus): boolean {
  return status === 'killed' || status === 'timeout';
}

/** A mutant as a student may see it: fields the reveal level hides are absent, not empty. */
export interface VisibleMutant {
  id: string;
  phase: MutantPhase;
  kind: MutantResult['kind'];
  status: MutantResult['status'];
  killedBy: string[];
  title?: string;
  hint?: string;
  description?: string;
}

/**
 * Applies the reveal level. The result may carry every detail (the instructor's copy); a
 * reporter for students must drop what the level hides, so this is the only place that reads
 * `title`, `hint` and `description` for display.
 */
export function visibleMutant(mutant: MutantResult, reveal: Reveal): VisibleMutant {
  const view: VisibleMutant = {
    id: mutant.id,
    phase: mutant.phase,
    kind: mutant.kind,
    status: mutant.status,
    killedBy: mutant.killedBy,
  };
  if (reveal !== 'none' && mutant.title !== undefined) view.title = mutant.title;
  if ((reveal === 'hints' || reveal === 'full') && mutant.hint !== undefined) view.hint = mutant.hint;
  if (reveal === 'full' && mutant.description !== undefined) view.description = mutant.description;
  return view;
}

/** `91.2%`: one decimal, enough to tell 30/34 from 31/34, never `NaN%`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '0%';
  const value = Math.round(fraction * 1000) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** `1 test`, `2 tests`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The mutants in phase order (stable within a phase), for views grouped by phase. */
export function mutantsByPhase<T extends { phase: MutantPhase }>(mutants: readonly T[]): Array<{ phase: MutantPhase; mutants: T[] }> {
  const groups = new Map<MutantPhase, T[]>();
  for (const phase of phaseOrder) groups.set(phase, []);
  for (const mutant of mutants) {
    // A phase this version does not know (a newer result) still gets a group, at the end.
    if (!groups.has(mutant.phase)) groups.set(mutant.phase, []);
    groups.get(mutant.phase)!.push(mutant);
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([phase, list]) => ({ phase, mutants: list }));
}

/** The per-phase split of the score in phase order, whatever order the result lists it in. */
export function phaseScores(result: GradeResult): Array<{ phase: string; killed: number; total: number }> {
  const known = phaseOrder.filter((phase) => phase in result.score.byPhase);
  const others = Object.keys(result.score.byPhase)
    .filter((phase) => !(phaseOrder as readonly string[]).includes(phase))
    .sort();
  return [...known, ...others].map((phase) => ({ phase, ...result.score.byPhase[phase] }));
}

/** The tests that count: the valid ones, in the matrix's order. */
export function validTests(result: GradeResult) {
  return result.tests.filter((test) => test.valid);
}
