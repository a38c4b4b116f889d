// What the pipeline needs from the mutant catalog: the mutants, a build per test program, and a
// run of one mutant on one test. An interface, so that the pipeline can be tested with a small
// fake catalog and the real one lives in mutants/.
import type { Expected } from '../judge.js';
import type { ProgramSource } from '../execute.js';
import type { MutantKind, MutantPhase } from '../result.js';

export interface CatalogMutant {
  id: string;
  title: string;
  phase: MutantPhase;
  kind: MutantKind;
  description: string;
  hint: string;
}

/** One run of a mutant on a test, keyed on status (Stryker's MutantResult). */
export type MutantRun =
  | { status: 'killed'; reason: string }
  | { status: 'timeout'; reason: string }
  | { status: 'survived' };

export interface MutantEngine<Programs = unknown> {
  readonly mutants: readonly CatalogMutant[];
  build(program: ProgramSource): Promise<Programs>;
  run(programs: Programs, mutant: CatalogMutant, expected: Expected, heap: number, opts: { referenceDurationMs: number }): Promise<MutantRun>;
}
