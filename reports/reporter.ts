// The shape every file reporter has, so that the registry can list them and the CLI can pick
// them by name. Types only: the reporter modules import this, never the registry, so there is
// no import cycle.
import type { GradeResult, Reveal } from '../grader/result.js';
import type { MutationSources } from '../mutants/report-sources.js';

export interface ReportOptions {
  /** What students may see of each mutant; defaults to `result.reveal`. */
  reveal?: Reveal;
  /** A timestamp for the HTML footer; absent by default so that output is reproducible. */
  generatedAt?: string;
  /**
   * The student's test file, and for instructors only the reference sources (`instructorFullSource`,
   * refused with the Gradescope reporter): mutation.json and mutation.html need it.
   */
  sources?: MutationSources;
  /** Gradescope: points for detecting every mutant (default 100). */
  maxScore?: number;
}

export interface Reporter {
  /** Stable: the CLI and configuration files select reporters by it. */
  readonly name: string;
  readonly fileName: string;
  /** Whether `writeReports` writes it when no formats are named. */
  enabledByDefault(options: ReportOptions): boolean;
  /** Why it cannot run with these options, or null when it can. */
  unavailable(options: ReportOptions): string | null;
  render(result: GradeResult, options: ReportOptions): string;
}
