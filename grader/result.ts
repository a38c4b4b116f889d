// The grade result: the single source of truth. Every reporter (terminal, JSON, HTML,
// mutation-testing-report-schema, Gradescope) is a view of this object.
//
import type { CollectorResult } from './collector/types.js';

// It is deterministic: the same repo, options and fox-grade version give the same object
// (no timestamps, no durations, lists in a fixed order), so runs can be compared.

export const resultSchemaVersion = 1;

export type { Dialect } from '../reference/compiler/variants.js';
import type { Dialect } from '../reference/compiler/variants.js';
export type { MutantKind, MutantPhase } from '../mutants/mutant.js';
import type { MutantKind, MutantPhase } from '../mutants/mutant.js';
/** How much of each mutant a student may see: instructors choose (`--reveal`). */
export type Reveal = 'none' | 'titles' | 'hints' | 'full';

/** One (test, mutant) pair. `killed` and `timeout` detect the mutant; the others do not. */
export type CellStatus = 'killed' | 'timeout' | 'survived' | 'no-coverage';

export interface Cell {
  status: CellStatus;
  /** Short and stable, for tooltips and grouping: `wrong value`, `missing "out of memory"`, `killed by SIGSEGV`, `timeout`, `no collection happens`. */
  reason: string;
}

export type { Expected } from '../suites/judge.js';
import type { Expected } from '../suites/judge.js';

export interface TestResult {
  /** Unique display name: the test's name, or `name#2`, `name#3` for repeated names. */
  name: string;
  originalName: string;
  /** Repo-relative path of the test file, and the test's index in it. */
  file: string;
  index: number;
  valid: boolean;
  /** Why the test does not count (file problem, or the reference does not pass it). */
  reason?: string;
  expected?: Expected;
  /** What the reference produced, trimmed (invalid tests only). */
  actual?: string;
  firstDifference?: { line: number; expected: string; actual: string };
  heap: number;
  /** Collections during the reference run at the test's heap; null when it did not run. */
  collections: number | null;
  /** Smallest heap at which the reference passes the test (issue: minimal heap search). */
  minimalHeap?: number | null;
  heapSearchRuns?: number;
  /** Mutant ids this test kills, and those no other valid test kills. */
  killed: string[];
  killedAlone: string[];
  notes: string[];
  /** The student's own collector graded on the official (and instructors') suites: only with `--gc`. */
  collector?: CollectorResult;
  /** Only with `--killing-heaps` (instructors): it gives tests away. */
  killingHeaps?: KillingHeap[];
  /** Only with `--witnesses` (instructors): it gives tests away. */
  witnesses?: WitnessHint[];
}

export interface MutantResult {
  id: string;
  title?: string;
  phase: MutantPhase;
  kind: MutantKind;
  description?: string;
  hint?: string;
  /** `killed` when at least one valid test detects it (kill or timeout). */
  status: 'killed' | 'survived';
  killedBy: string[];
}

export interface Score {
  killed: number;
  total: number;
  validTests: number;
  invalidTests: number;
  /** killed / total, Examplar's thoroughness. */
  thoroughness: number;
  byPhase: Record<string, { killed: number; total: number }>;
}

/**
 * Instructor view (`--witnesses`): for a surviving mutant, a test the student could have written
 * that kills it (a machine-found witness), or why there is none.
 */
export interface WitnessHint {
  mutant: string;
  test?: { name: string; code: string; heap: number; result: { value: string } | { failure: string } };
  message?: string;
}

/** Instructor view: a surviving mutant that one of the student's programs kills at another heap. */
export interface KillingHeap {
  mutant: string;
  test: string;
  heap: number;
}

export interface GradeResult {
  schemaVersion: typeof resultSchemaVersion;
  tool: { name: 'fox-grade'; version: string };
  /** The repo's directory name (not its absolute path: results must not depend on where it sits). */
  repo: string;
  dialect: Dialect;
  /** Why this offering: `--dialect`, the repo's tests/fox.json or c-bits/main.c, its invalid tests, or the default. */
  dialectReason?: string;
  reveal: Reveal;
  tests: TestResult[];
  /** The student's copy of the official tests (`tests/fox.json`), validated but not scored. */
  officialTests: TestResult[];
  mutants: MutantResult[];
  /** cells[i][j] is tests[valid i] against mutants[j]; `tests` lists the valid tests' names in order. */
  matrix: { tests: string[]; mutants: string[]; cells: Cell[][] };
  score: Score;
  /** File-level and repo-level messages, each located. */
  warnings: string[];
  notes: string[];
  /** The student's own collector graded on the official (and instructors') suites: only with `--gc`. */
  collector?: CollectorResult;
  /** Only with `--killing-heaps` (instructors): it gives tests away. */
  killingHeaps?: KillingHeap[];
  /** Only with `--witnesses` (instructors): it gives tests away. */
  witnesses?: WitnessHint[];
}
