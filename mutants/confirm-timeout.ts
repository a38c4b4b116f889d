// A mutant run's timeout, confirmed before it counts (grading, `mutants --kills`).
import type { Expected } from '../suites/judge.js';
import type { Mutant } from './mutant.js';
import { mutantTimeoutMs, runMutant, type MutantPrograms, type MutantRun, type MutantToolchain } from './schemata.js';

/**
 * A timeout at the fast limit (mutantTimeoutMs: 10 × the reference's time, at least 2 s) is a
 * hint, not a verdict: on a loaded machine (or under qemu) a mutant that passes can run past it,
 * and counting it as detected raises the student's score with the machine's load. It counts
 * only when a second run at the course's limit (mtc.timeoutMs, FOX.md's 15 s) times out too;
 * otherwise that run's verdict stands. A run stopped by the CPU limit, or whose fast limit was
 * already the course's, is final.
 *
 * The second run's wall clock is the course's, but its CPU time is held to the fast limit: load
 * stretches wall time, not the CPU time a program uses, so a mutant that really loops is stopped
 * after the fast limit's CPU seconds instead of waiting out 15 s of wall clock.
 */
export async function confirmTimeout(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  expected: Expected,
  heap: number,
  run: MutantRun,
  opts: { referenceDurationMs: number },
): Promise<MutantRun> {
  if (run.status !== 'timeout') return run;
  // The outcome is the runner's RunResult, which says which limit stopped the program.
  if ('limit' in run.outcome && run.outcome.limit === 'cpu') return run;
  const fastMs = mutantTimeoutMs(mtc, opts.referenceDurationMs);
  if (fastMs >= mtc.timeoutMs) return run;
  // The same toolchain with its floor raised to the course's limit: mutantTimeoutMs gives timeoutMs.
  return runMutant({ ...mtc, minTimeoutMs: mtc.timeoutMs }, programs, mutant, expected, heap, { ...opts, cpuSeconds: confirmationCpuSeconds(fastMs) });
}

/** The CPU seconds of a confirmation run: the fast limit, rounded up (RLIMIT_CPU counts whole seconds). */
export function confirmationCpuSeconds(fastLimitMs: number): number {
  return Math.max(1, Math.ceil(fastLimitMs / 1000));
}
