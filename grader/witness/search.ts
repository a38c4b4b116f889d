// Machine-found killing witnesses (issue 17): for each mutant, a fast-check search over generated
// programs (grader/witness/program.ts) for one that kills it, shrunk to a smallest killer and
// given back as a ready test (name, code, heap, expected result from the reference).
//
// Discovery draws the seed's programs in order, small ones first (PLAN_SIZES: `small`, then
// `medium`, then `large` for the rest of the budget), and runs each against every mutant still
// without a killer; a mutant's first killer is the first program in that order that kills it,
// whatever the number of jobs (a few programs run at once, each against the mutants pending when
// they started, and a kill counts for the earliest program). The lab (lab.ts) memoises and
// batches what costs: builds, runs, verdicts.
//
// Then every mutant's killer is shrunk at once, each by one fast-check property, "this program
// does not kill the mutant", checked from the killer's path (its size and index among the seed's
// programs of that size): fast-check replays it and shrinks it structurally (the plan), so the
// witness stays well-formed and terminating, and its seed, size and path replay it. A candidate
// is tried only at the test (relative heap) the first killer killed at: one run per candidate.
//
// Heaps: a program runs at its minimal heap h, predicted by one stress-mode run as the heap search
// does (FOX_GC_STRESS + FOX_GC_STATS: the largest demand, plus the words the dialect loses), then
// at h − 1 as an out-of-memory failure test, then at a few heaps above h. Each heap is kept only
// where the reference passes the test it makes (a wrong prediction costs a heap, never a wrong
// witness).
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import type { Mutant } from '../../mutants/mutant.js';
import { createMutantToolchain, type MutantToolchain } from '../../mutants/schemata.js';
import { WitnessLab, type CaseRole, type Kill, type LabProfile } from './lab.js';
import { lineCount, PLAN_SIZES, programPlan, renderProgram, resolvePlan, type PlanSizeName, type ProgramPlan } from './program.js';

/** Default fast-check seed: fixed, so that a search is reproducible. */
export const DEFAULT_WITNESS_SEED = 17;
/** Default most programs drawn before a mutant without a killer is reported as an equivalence candidate. */
export const DEFAULT_WITNESS_BUDGET = 300;
/** Default most shrink candidates per witness. */
export const DEFAULT_SHRINK_BUDGET = 40;
/**
 * The tests discovery tries on each program: at h and, failing, at h − 1 (a program that never
 * collects: at the default heap). The heaps above h (ALL_ROLES) would cost three more runs per
 * program for every mutant that survives it, the bulk of discovery's runs; a mutant that only
 * fails with slack is left to a later program (or reported without a witness, never dropped).
 */
export const DISCOVERY_ROLES: readonly CaseRole[] = ['h', 'h-1', 'default'];
/** Programs of each size drawn before the next size, in this order; `large` takes the rest of the budget. */
export const SIZE_SCHEDULE: ReadonlyArray<{ size: PlanSizeName; programs: number }> = [
  { size: 'small', programs: 40 },
  { size: 'medium', programs: 40 },
  { size: 'large', programs: Infinity },
];

/** A test for a Fox test file (FOX.md §6). */
export interface WitnessTest {
  name: string;
  code: string;
  heap: number;
  result: { value: string } | { failure: string };
}

export type WitnessResult =
  | {
      mutant: string;
      status: 'found';
      test: WitnessTest;
      /** Why the mutant fails the test (the judge's reason, or `timeout`). */
      reason: string;
      lines: number;
      /** Programs drawn until the first killer. */
      programs: number;
      shrinks: number;
      seed: number;
      /** The program size the killer was drawn at (PLAN_SIZES). */
      size: PlanSizeName;
      /** fast-check's counterexample path: `{ seed, size, path }` as `replay` gives the same witness. */
      path: string;
    }
  | {
      mutant: string;
      status: 'none';
      /** Programs tried, none of which kills the mutant. */
      programs: number;
      seed: number;
      /** `no witness found (N programs)`: an equivalence candidate. */
      message: string;
    };

export interface WitnessSearchOptions {
  /** The mutants to find witnesses for; default every mutant of the toolchain. */
  mutants?: readonly Mutant[];
  seed?: number;
  /** Most programs drawn in the discovery phase (shared by all the mutants). */
  budget?: number;
  /** Replays one earlier result per mutant id (its seed, size and path) instead of searching. */
  replay?: Record<string, { seed: number; size: PlanSizeName; path: string }>;
  /** Processes at once (builds and runs); default the number of cores. */
  jobs?: number;
  toolchain?: MutantToolchain;
  /** Most shrink candidates tried per witness (0 … 10000). */
  shrinkBudget?: number;
  /** Called after each batch of programs of the discovery phase. */
  onProgress?: (p: { programs: number; witnessed: number; mutants: number }) => void;
  /** Called as each mutant's search ends. */
  onResult?: (result: WitnessResult) => void;
}

export interface WitnessSearch {
  /** One per mutant, in catalog order. */
  results: WitnessResult[];
  seed: number;
  /** Distinct programs built and program runs made (a split-stream run counts once). */
  builds: number;
  runs: number;
  /** Where the time went: processes by kind, and the phases' wall-clock seconds. */
  profile: LabProfile & { discoverySeconds: number; shrinkSeconds: number };
}

function witnessTest(mutant: Mutant, code: string, kill: Kill): WitnessTest {
  const result = kill.test.expected.kind === 'value' ? { value: kill.test.expected.text } : { failure: kill.test.expected.text };
  return { name: `witness-${mutant.id}`, code, heap: kill.test.heap, result };
}

const source = (plan: ProgramPlan) => renderProgram(resolvePlan(plan));

/** The discovery order: the `n` first programs (size, index within the size) of the schedule. */
export function discoveryOrder(n: number): Array<{ size: PlanSizeName; index: number }> {
  const order: Array<{ size: PlanSizeName; index: number }> = [];
  for (const { size, programs } of SIZE_SCHEDULE) {
    for (let index = 0; index < programs && order.length < n; index++) order.push({ size, index });
  }
  return order;
}

/**
 * Shrinks the killer at fast-check path `path` (of `seed`, among programs of `size`) to a smallest
 * one: fast-check replays that run, then shrinks structurally, each candidate tried at the test
 * of `role` only. At most `shrinkBudget` candidates are tried; past it every candidate counts as
 * not killing, so fast-check stops at the smallest killer found (the count is deterministic, so
 * the result is reproducible).
 */
export async function shrinkWitness(
  lab: WitnessLab,
  mutant: Mutant,
  opts: { seed: number; size: PlanSizeName; path: string; role: CaseRole; programs: number; shrinkBudget: number },
): Promise<WitnessResult> {
  let tried = 0;
  let broken: unknown;
  const property = fc.asyncProperty(programPlan(PLAN_SIZES[opts.size]), async (plan) => {
    if (tried++ > opts.shrinkBudget || broken !== undefined) return true;
    try {
      return (await lab.killsAt(mutant, source(plan), opts.role)) === undefined;
    } catch (e) {
      // Not a kill: the search itself broke (a build failed, a run could not start).
      broken = e;
      return true;
    }
  });
  const details = await fc.check(property, { seed: opts.seed, path: opts.path });
  if (broken !== undefined) throw new Error(`witness search for ${mutant.id} failed: ${String(broken)}`, { cause: broken });
  if (!details.failed || details.counterexample === null) {
    throw new Error(`witness search for ${mutant.id}: the ${opts.size} program at path ${opts.path} of seed ${opts.seed} does not kill it on a second look`);
  }
  const code = source(details.counterexample[0]);
  const kill = await lab.killsAt(mutant, code, opts.role);
  if (kill === undefined) throw new Error(`witness search for ${mutant.id}: the shrunk program does not kill it on a second look`);
  return {
    mutant: mutant.id,
    status: 'found',
    test: witnessTest(mutant, code, kill),
    reason: kill.reason,
    lines: lineCount(code),
    programs: opts.programs,
    shrinks: details.numShrinks,
    seed: opts.seed,
    size: opts.size,
    path: details.counterexamplePath ?? opts.path,
  };
}

interface FirstKill {
  size: PlanSizeName;
  path: string;
  role: CaseRole;
  programs: number;
}

/**
 * Witnesses for every mutant asked for, in catalog order: discovery (the seed's programs in the
 * schedule's order, each against every mutant still without a killer, until all have one or the
 * budget is spent), then every killer shrunk at once (shrinkWitness).
 */
export async function findWitnesses(opts: WitnessSearchOptions = {}): Promise<WitnessSearch> {
  const mtc = opts.toolchain ?? (await createMutantToolchain({ mutants: opts.mutants }));
  const mutants = opts.mutants ?? mtc.mutants;
  const seed = opts.seed ?? DEFAULT_WITNESS_SEED;
  const budget = opts.budget ?? DEFAULT_WITNESS_BUDGET;
  const shrinkBudget = opts.shrinkBudget ?? DEFAULT_SHRINK_BUDGET;
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const lab = new WitnessLab(mtc, jobs);
  const started = performance.now();

  const first = new Map<string, FirstKill>();
  // Replays: the killer is known; its role is found again by running it.
  for (const m of mutants) {
    const r = opts.replay?.[m.id];
    if (r === undefined || r.seed !== seed) continue;
    const [plan] = fc.sample(programPlan(PLAN_SIZES[r.size]), { seed, path: r.path, numRuns: 1 });
    const kill = (await lab.killsAll([m], source(plan))).get(m.id);
    if (kill !== undefined) first.set(m.id, { size: r.size, path: r.path, role: kill.test.role, programs: 1 });
  }

  const order = discoveryOrder(budget);
  const plans = new Map<PlanSizeName, ProgramPlan[]>();
  const planAt = ({ size, index }: { size: PlanSizeName; index: number }) => {
    let ps = plans.get(size);
    if (ps === undefined) {
      const n = order.filter((o) => o.size === size).length;
      ps = fc.sample(programPlan(PLAN_SIZES[size]), { seed, numRuns: n });
      plans.set(size, ps);
    }
    return ps[index];
  };
  // Two programs per job at once: a job never waits for the slowest program of its batch alone.
  const batch = 2 * jobs;
  let drawn = 0;
  for (let i = 0; i < order.length; i += batch) {
    const pending = mutants.filter((m) => !first.has(m.id));
    if (pending.length === 0) break;
    const slice = order.slice(i, i + batch);
    const kills = await Promise.all(slice.map((o) => lab.killsAll(pending, source(planAt(o)), DISCOVERY_ROLES)));
    kills.forEach((found, j) => {
      for (const [id, kill] of found) {
        if (!first.has(id)) first.set(id, { size: slice[j].size, path: String(slice[j].index), role: kill.test.role, programs: i + j + 1 });
      }
    });
    drawn = i + slice.length;
    opts.onProgress?.({ programs: drawn, witnessed: first.size, mutants: mutants.length });
  }
  const discovered = performance.now();

  const results = await Promise.all(
    mutants.map(async (m): Promise<WitnessResult> => {
      const f = first.get(m.id);
      const r: WitnessResult =
        f === undefined
          ? { mutant: m.id, status: 'none', programs: drawn, seed, message: `no witness found (${drawn} programs)` }
          : await shrinkWitness(lab, m, { seed, size: f.size, path: f.path, role: f.role, programs: f.programs, shrinkBudget });
      opts.onResult?.(r);
      return r;
    }),
  );
  const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
  return {
    results,
    seed,
    builds: lab.builds,
    runs: lab.runs,
    profile: { ...lab.profile, discoverySeconds: seconds(started, discovered), shrinkSeconds: seconds(discovered, performance.now()) },
  };
}
