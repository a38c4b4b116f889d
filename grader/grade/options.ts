// Options of gradeRepo, documented with their defaults and validated before any work starts.
import { availableParallelism } from 'node:os';
import { FoxGradeError } from '../../suites/errors.js';
import type { Dialect, Reveal } from '../result.js';

export interface GradeOptions {
  /** Course offering (FOX.md §8). Default `sp19`. */
  dialect?: Dialect;
  /** Programs run at once. Default: the number of cores. Results do not depend on it. */
  jobs?: number;
  /** Build cache. Default: FOX_GRADE_CACHE or `.fox-cache/` in the project. */
  cacheDir?: string;
  /** Wall-clock limit of one reference run (the course's 15 s). Default 15000. */
  timeoutMs?: number;
  /** What the result may say about each mutant. Default `titles`. */
  reveal?: Reveal;
  /** Search each valid test's minimal heap. Default true. */
  minimize?: boolean;
  /**
   * Instructor view: for each surviving mutant, search a heap at which one of the student's
   * programs would kill it (needs `minimize`). Default false: it gives tests away.
   */
  killingHeaps?: boolean;
  /** Instructors: a witness test for each surviving mutant (grader/grade/6c-witnesses.ts). Default false. */
  witnesses?: boolean;
  /**
   * Also grade the student's own collector (c-bits/gc.c + types.c) on the official suite and
   * these instructor suites (`--gc`, `--suite`, `--sanitize`). Default: not graded.
   */
  collector?: { suites?: string[]; sanitize?: boolean; unsafeNoSandbox?: boolean };
  /**
   * Coverage analysis: a (test, mutant) pair that provably behaves like the reference is not run
   * but recorded `no-coverage`, with the reason (`never calls try_gc`, `mutated code not reached`,
   * `same code for this program`). Only cells that would have survived change. Default true.
   */
  coverage?: boolean;
  /**
   * Split-stream execution: the collector mutants of a test run in one process, forked at the
   * program's first call of try_gc (mutants/schemata.ts). Same results. Default true.
   */
  splitStream?: boolean;
  /** Only these mutant ids (default: the whole catalog). */
  mutantIds?: string[];
  /** Called as work completes, for progress displays. */
  onProgress?: (event: ProgressEvent) => void;
  /** Called after each step of the pipeline with its wall time (where the seconds go: the benchmark). */
  onStep?: (step: GradeStep, ms: number) => void;
}

export type GradeStep = 'load' | 'validate' | 'build' | 'reference' | 'mutants' | 'score' | 'killing-heaps' | 'assemble' | 'collector';

export interface ProgressEvent {
  phase: 'reference' | 'mutants';
  done: number;
  total: number;
}

export type ResolvedGradeOptions = Required<Omit<GradeOptions, 'cacheDir' | 'mutantIds' | 'onProgress' | 'onStep' | 'collector'>> &
  Pick<GradeOptions, 'cacheDir' | 'mutantIds' | 'onProgress' | 'onStep' | 'collector'>;

const reveals: readonly Reveal[] = ['none', 'titles', 'hints', 'full'];

function invalid(message: string, remedy: string): FoxGradeError {
  return new FoxGradeError('E_OPTION', message, { remedy });
}

export function resolveGradeOptions(options: GradeOptions = {}): ResolvedGradeOptions {
  const dialect = options.dialect ?? 'sp19';
  if (dialect !== 'sp19' && dialect !== 'fa18') throw invalid(`dialect must be sp19 or fa18, got ${JSON.stringify(dialect)}`, 'Pass --dialect sp19 or --dialect fa18.');
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw invalid(`jobs must be a whole number from 1 to 256, got ${jobs}`, 'Pass --jobs N with N ≥ 1.');
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 100) throw invalid(`timeoutMs must be at least 100, got ${timeoutMs}`, 'Give each run at least 100 ms.');
  const reveal = options.reveal ?? 'titles';
  if (!reveals.includes(reveal)) throw invalid(`reveal must be one of ${reveals.join(', ')}, got ${JSON.stringify(reveal)}`, 'Pass --reveal none|titles|hints|full.');
  const minimize = options.minimize ?? true;
  const killingHeaps = options.killingHeaps ?? false;
  const coverage = options.coverage ?? true;
  const splitStream = options.splitStream ?? true;
  if (killingHeaps && !minimize) throw invalid('killing heaps need the minimal heaps: do not combine them with no-minimize', 'Drop --no-minimize.');
  const witnesses = options.witnesses ?? false;
  return { ...options, dialect, jobs, timeoutMs, reveal, minimize, killingHeaps, witnesses, coverage, splitStream };
}
