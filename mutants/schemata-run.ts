// Mutant schemata, running one mutant (or none) on a built program: its environment, its time
// limit, its judged result. schemata.ts has the overview.
import { buildTestProgram, runAndJudge, runBuiltProgram, type BuiltProgram, type ProgramRun, type ProgramSource, type RunBuiltOptions } from '../suites/execute.js';
import type { Expected, Outcome, Verdict } from '../suites/judge.js';
import type { Mutant, RuntimeMutant } from './mutant.js';
import { MUTANT_ENV } from './schemata-sources.js';
import type { MutantPrograms, MutantToolchain } from './schemata-build.js';

export type MutantRun =
  /** The test fails on the mutant; `reason` is the judge's (`wrong value`, `killed by SIGSEGV`, …). */
  | { status: 'killed'; reason: string; outcome: Outcome }
  /** The mutant ran past its time limit (it is detected, like a kill). */
  | { status: 'timeout'; reason: 'timeout'; outcome: Outcome }
  /** The test passes on the mutant. */
  | { status: 'survived'; outcome: Outcome };

/** A mutant run's wall-clock limit: factor × the reference's time, at least the floor, at most timeoutMs. */
export function mutantTimeoutMs(mtc: MutantToolchain, referenceDurationMs: number): number {
  const scaled = Math.ceil(mtc.timeoutFactor * Math.max(0, referenceDurationMs));
  return Math.min(mtc.timeoutMs, Math.max(mtc.minTimeoutMs, scaled));
}

function schemataIndex(mtc: MutantToolchain, mutant: RuntimeMutant): number {
  const k = mtc.table.get(mutant.id);
  if (k === undefined) {
    throw new Error(`mutant '${mutant.id}' is not in this toolchain's schemata (createMutantToolchain's mutants option)`);
  }
  return k;
}

export function mutantRunOf(verdict: Verdict, outcome: Outcome): MutantRun {
  if (verdict.pass) return { status: 'survived', outcome };
  if (outcome.status === 'timeout') return { status: 'timeout', reason: 'timeout', outcome };
  return { status: 'killed', reason: verdict.reason, outcome };
}

/**
 * Runs one test program on one mutant and judges it against the expected result. The program
 * is killed (as a process group) after mutantTimeoutMs(mtc, opts.referenceDurationMs).
 */
export async function runMutant(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  expected: Expected,
  heap: number,
  opts: { referenceDurationMs: number; cpuSeconds?: number },
): Promise<MutantRun> {
  const timeoutMs = mutantTimeoutMs(mtc, opts.referenceDurationMs);
  let run;
  if (mutant.kind === 'runtime') {
    schemataIndex(mtc, mutant); // throws for a mutant the schemata does not hold
    run = await runAndJudge(mtc.schemata, programs.schemata, expected, heap, { timeoutMs, env: { [MUTANT_ENV]: mutant.id }, cpuSeconds: opts.cpuSeconds });
  } else {
    run = await runAndJudge(mtc.reference, await programs.variant(mutant.variant), expected, heap, { timeoutMs, cpuSeconds: opts.cpuSeconds });
  }
  return mutantRunOf(run.verdict, run.outcome);
}

/**
 * Runs the schemata build with no mutant active (FOX_MUTANT set to '' so that the grader's own
 * environment cannot select one): it must behave exactly like the reference.
 */
export async function runWithoutMutant(mtc: MutantToolchain, programs: MutantPrograms, heap: number, opts: RunBuiltOptions = {}): Promise<ProgramRun> {
  return runBuiltProgram(mtc.schemata, programs.schemata, heap, { ...opts, env: { ...opts.env, [MUTANT_ENV]: '' } });
}

/** Builds and runs the program on the reference compiler and runtime (its outcome and duration). */
export async function runReference(
  mtc: MutantToolchain,
  program: ProgramSource,
  heap: number,
  opts: RunBuiltOptions = {},
): Promise<ProgramRun & { built: BuiltProgram }> {
  const built = await buildTestProgram(mtc.reference, program);
  return { ...(await runBuiltProgram(mtc.reference, built, heap, opts)), built };
}
