// Phase 6: Examplar-style thoroughness. A mutant is detected when at least one valid test kills
// it or makes it time out; each test is credited with the mutants it detects, and with those no
// other test detects.
import type { Cell, Score } from '../result.js';
import type { CatalogMutant } from './engine.js';

export interface Scored {
  /** Per mutant (catalog order): the names of the valid tests that detect it. */
  killedBy: string[][];
  /** Per valid test: the ids it detects, and those only it detects. */
  killed: string[][];
  killedAlone: string[][];
  score: Score;
}

export const detects = (cell: Cell): boolean => cell.status === 'killed' || cell.status === 'timeout';

export function score(testNames: string[], mutants: readonly CatalogMutant[], cells: Cell[][], invalidTests: number): Scored {
  const killedBy = mutants.map((_, j) => testNames.filter((_, i) => detects(cells[i][j])));
  const killed = testNames.map((_, i) => mutants.filter((_, j) => detects(cells[i][j])).map((m) => m.id));
  const killedAlone = testNames.map((name, i) => killed[i].filter((id) => killedBy[mutants.findIndex((m) => m.id === id)].length === 1));

  const byPhase: Score['byPhase'] = {};
  mutants.forEach((m, j) => {
    const phase = (byPhase[m.phase] ??= { killed: 0, total: 0 });
    phase.total++;
    if (killedBy[j].length > 0) phase.killed++;
  });
  const killedCount = killedBy.filter((tests) => tests.length > 0).length;
  return {
    killedBy,
    killed,
    killedAlone,
    score: {
      killed: killedCount,
      total: mutants.length,
      validTests: testNames.length,
      invalidTests,
      thoroughness: mutants.length === 0 ? 0 : killedCount / mutants.length,
      byPhase,
    },
  };
}
