// What the pipeline needs from the mutant catalog: the mutants, a build per test program, and a
// run of one mutant on one test. An interface, so that the pipeline can be tested with a small
// fake catalog and the real one lives in mutants/.
import type { Expected } from '../../suites/judge.js';
import type { BuiltProgram, GcStats, ProgramSource } from '../../suites/execute.js';
import type { Dialect, MutantKind, MutantPhase } from '../result.js';

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

/** What the reference run (phase 4) learnt about a test, for the coverage analysis. */
export interface ReferenceFacts {
  stats?: GcStats;
  /** The mutated functions the reference run entered (`gc.c:mark` …), when its build records them. */
  coverage?: readonly string[];
}

export interface MutantEngine<Programs = unknown> {
  readonly mutants: readonly CatalogMutant[];
  /** The offering its builds are for; absent: any (a fake engine in tests). */
  readonly dialect?: Dialect;
  build(program: ProgramSource): Promise<Programs>;
  run(programs: Programs, mutant: CatalogMutant, expected: Expected, heap: number, opts: { referenceDurationMs: number }): Promise<MutantRun>;
  /**
   * Optional: a build among `programs` that behaves exactly like the reference (a schemata build
   * with no mutant active), used for the reference run instead of a build of its own (one link
   * per test instead of two). Without it, phase 3 links the program with the reference runtime.
   */
  referenceProgram?(programs: Programs): BuiltProgram;
  /**
   * Optional coverage analysis (Stryker's NoCoverage): why the pair provably behaves like the
   * reference, so that it is recorded `no-coverage` with this reason instead of being run (it
   * would survive), or undefined when it must run.
   */
  noCoverage?(programs: Programs, mutant: CatalogMutant, reference: ReferenceFacts): string | undefined;
  /**
   * Optional split-stream execution: the mutants `qualifies` accepts are run on one test together
   * by `run`, with results identical to `run`'s one by one (in the order given).
   */
  split?: {
    qualifies(mutant: CatalogMutant): boolean;
    run(programs: Programs, mutants: CatalogMutant[], expected: Expected, heap: number, opts: { referenceDurationMs: number }): Promise<MutantRun[]>;
  };
}
