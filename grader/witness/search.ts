// Machine-found killing witnesses (issue 17): for each mutant, a fast-check search over generated
// programs (grader/witness/program.ts) for one that kills it, shrunk to a smallest killer and
// given back as a ready test (name, code, heap, expected result from the reference).
//
// Discovery draws the seed's programs in order and runs each against every mutant still without
// a killer; a lab memoises what costs: one build per program (the schemata build with the codegen
// variants combined: one link serves the reference and every mutant), the reference's runs, and
// each (mutant, program) verdict. Then, per mutant, one property, "this program does not kill the
// mutant", is checked by fast-check from the first killer's path (its index among the seed's
// programs): fast-check replays it and shrinks it structurally (the plan), so the witness stays
// well-formed and terminating; its seed and path replay it.
//
// Heaps: a program runs at its minimal heap h, predicted by one stress-mode run as the heap search
// does (FOX_GC_STRESS + FOX_GC_STATS: the largest demand, plus the words the dialect loses), then
// at h − 1 as an out-of-memory failure test, then at a few heaps above h. Each heap is kept only
// where the reference passes the test it makes (a wrong prediction costs a heap, never a wrong
// witness).
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import pLimit from 'p-limit';
import type { GcStats } from '../../suites/execute.js';
import { judge, type Expected } from '../../suites/judge.js';
import { DEFAULT_HEAP } from '../../suites/test-file.js';
import type { Mutant } from '../../mutants/mutant.js';
import {
  buildMutantPrograms,
  createMutantToolchain,
  noCoverageReason,
  runMutant,
  runMutantsSplit,
  runWithoutMutant,
  splittable,
  type MutantPrograms,
  type MutantToolchain,
} from '../../mutants/schemata.js';
import { lineCount, programPlan, renderProgram, resolvePlan, type ProgramPlan } from './program.js';

/** Default fast-check seed: fixed, so that a search is reproducible. */
export const DEFAULT_WITNESS_SEED = 17;
/** Default most programs drawn before a mutant without a killer is reported as an equivalence candidate. */
export const DEFAULT_WITNESS_BUDGET = 300;
/** Default most shrink candidates per witness. */
export const DEFAULT_SHRINK_BUDGET = 80;
/** Heaps tried above the minimal heap h, as offsets (h − 1 is tried as a failure test). */
const ABOVE = [1, 2, 4];
/** Usable words lost by the dialect's prelude (FOX.md §8), as in the heap search's prediction. */
const LOST_WORDS = { sp19: 0, fa18: 2 } as const;
/** Wall-clock limit of the stress-mode run: generated programs are small. */
const PREDICTION_TIMEOUT_MS = 5000;

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
      /** Programs drawn until the first killer (fast-check's runs). */
      programs: number;
      shrinks: number;
      seed: number;
      /** fast-check's counterexample path: `{ seed, path }` as `replay` gives the same witness. */
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
  /** Replays one earlier result per mutant id (its seed and path) instead of searching. */
  replay?: Record<string, { seed: number; path: string }>;
  /** Mutant searches at once; default the number of cores. */
  jobs?: number;
  toolchain?: MutantToolchain;
  /** Most shrink candidates tried per witness (0 … 10000). */
  shrinkBudget?: number;
  /** Called after each program of the discovery phase. */
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
}

/** A test a program makes at one heap; the reference's pass is checked only when a mutant fails it. */
interface Case {
  heap: number;
  expected: Expected;
}

interface Evaluated {
  programs: MutantPrograms;
  /** The tests this program makes, in the order they are tried; empty: unusable. */
  cases: Case[];
  /** The reference's statistics in stress mode (for the coverage skip). */
  stats?: GcStats;
  durationMs: number;
}

interface Kill {
  test: Case;
  reason: string;
}

/**
 * The costly steps of a search, memoised across mutants: one build and one stress-mode run per
 * program, the reference's runs per (program, heap), and verdicts per (mutant, program).
 */
export class WitnessLab {
  private readonly evaluated = new Map<string, Promise<Evaluated>>();
  private readonly referencePasses = new Map<string, Promise<boolean>>();
  private readonly verdicts = new Map<string, Promise<Kill | undefined>>();
  /** Distinct programs built, and program runs made (reference and mutants). */
  builds = 0;
  runs = 0;
  private readonly limit;

  constructor(
    readonly mtc: MutantToolchain,
    jobs = availableParallelism(),
  ) {
    this.limit = pLimit(jobs);
  }

  evaluate(code: string): Promise<Evaluated> {
    let e = this.evaluated.get(code);
    if (e === undefined) {
      e = this.build(code);
      this.evaluated.set(code, e);
    }
    return e;
  }

  /** How the mutant fails a test made from the program, or undefined when it passes them all. */
  kills(mutant: Mutant, code: string): Promise<Kill | undefined> {
    const key = `${mutant.id}\n${code}`;
    let v = this.verdicts.get(key);
    if (v === undefined) {
      v = (async () => {
        const e = await this.evaluate(code);
        if (noCoverageReason(this.mtc, e.programs, mutant, { stats: e.stats }) !== undefined) return undefined;
        for (const test of e.cases) {
          const run = await this.limit(() => {
            this.runs++;
            return runMutant(this.mtc, e.programs, mutant, test.expected, test.heap, { referenceDurationMs: e.durationMs });
          });
          if (run.status !== 'survived' && (await this.referencePass(code, e, test))) return { test, reason: run.reason };
        }
        return undefined;
      })();
      this.verdicts.set(key, v);
    }
    return v;
  }

  /**
   * Runs every mutant on the program, collector mutants together (split-stream: one process up
   * to the first collection, then one fork each), and gives the kills found; a mutant is tried
   * at the next heap only while it survives.
   */
  async killsAll(mutants: readonly Mutant[], code: string): Promise<Map<string, Kill>> {
    const found = new Map<string, Kill>();
    const e = await this.evaluate(code);
    let pending = mutants.filter((m) => noCoverageReason(this.mtc, e.programs, m, { stats: e.stats }) === undefined);
    for (const test of e.cases) {
      if (pending.length === 0) break;
      const split = pending.filter((m) => splittable(this.mtc, m));
      const alone = pending.filter((m) => !splittable(this.mtc, m));
      const opts = { referenceDurationMs: e.durationMs };
      const runs = await Promise.all([
        split.length === 0
          ? Promise.resolve([])
          : this.limit(() => {
              this.runs++;
              return runMutantsSplit(this.mtc, e.programs, split, test.expected, test.heap, opts);
            }),
        ...alone.map((m) =>
          this.limit(async () => {
            this.runs++;
            return [await runMutant(this.mtc, e.programs, m, test.expected, test.heap, opts)];
          }),
        ),
      ]);
      const ordered = [...split, ...alone];
      const results = runs.flat();
      const failed = ordered.filter((_, i) => results[i].status !== 'survived');
      if (failed.length > 0 && (await this.referencePass(code, e, test))) {
        failed.forEach((m) => {
          const r = results[ordered.indexOf(m)];
          found.set(m.id, { test, reason: r.status === 'survived' ? '' : r.reason });
        });
        pending = pending.filter((m) => !found.has(m.id));
      }
    }
    for (const [id, kill] of found) this.verdicts.set(`${id}\n${code}`, Promise.resolve(kill));
    return found;
  }

  /** Whether the reference passes the test (memoised): a heap that does not make a test kills nothing. */
  private referencePass(code: string, e: Evaluated, test: Case): Promise<boolean> {
    const key = `${test.heap}\n${code}`;
    let p = this.referencePasses.get(key);
    if (p === undefined) {
      p = this.limit(async () => {
        this.runs++;
        const ref = await runWithoutMutant(this.mtc, e.programs, test.heap);
        return judge(test.expected, ref.outcome, { caseInsensitive: this.mtc.dialect === 'fa18' }).pass;
      });
      this.referencePasses.set(key, p);
    }
    return p;
  }

  private async build(code: string): Promise<Evaluated> {
    this.builds++;
    const mtc = this.mtc;
    const programs = await buildMutantPrograms(mtc, { code, filename: 'witness.fox' }, { codegen: mtc.hooks ? 'combined' : 'separate' });
    if (!programs.schemata.ok) {
      // Generated programs compile by construction (test/grader/witness/program.test.ts).
      throw new Error(`a generated program does not compile:\n${code}\n${JSON.stringify(programs.schemata.outcome)}`);
    }
    const stress = await this.limit(() => {
      this.runs++;
      return runWithoutMutant(mtc, programs, DEFAULT_HEAP, { stats: true, stress: true, timeoutMs: PREDICTION_TIMEOUT_MS });
    });
    const { outcome, stats } = stress;
    if (outcome.status !== 'exited' || outcome.exitCode !== 0 || stats === undefined) return { programs, cases: [], durationMs: stress.durationMs };
    const value: Expected = { kind: 'value', text: outcome.stdout.trim() };
    if (stats.maxDemand === 0) return { programs, cases: [{ heap: DEFAULT_HEAP, expected: value }], stats, durationMs: stress.durationMs };
    const h = stats.maxDemand + LOST_WORDS[mtc.dialect];
    const cases: Case[] = [{ heap: h, expected: value }];
    if (h - 1 >= 1) cases.push({ heap: h - 1, expected: { kind: 'failure', text: OUT_OF_MEMORY[mtc.dialect] } });
    for (const d of ABOVE) cases.push({ heap: h + d, expected: value });
    return { programs, cases, stats, durationMs: stress.durationMs };
  }
}

/** The failure text of an out-of-memory test at h − 1 (both of try_gc's messages have it in sp19; fa18 matches case-insensitively). */
const OUT_OF_MEMORY = { sp19: 'out of memory', fa18: 'out of memory' } as const;

function witnessTest(mutant: Mutant, code: string, kill: Kill): WitnessTest {
  const result = kill.test.expected.kind === 'value' ? { value: kill.test.expected.text } : { failure: kill.test.expected.text };
  return { name: `witness-${mutant.id}`, code, heap: kill.test.heap, result };
}

const source = (plan: ProgramPlan) => renderProgram(resolvePlan(plan));

/**
 * Shrinks the killer at fast-check path `path` (of `seed`) to a smallest one: fast-check replays
 * that run, then shrinks structurally. At most `shrinkBudget` candidates are tried; past it every
 * candidate counts as not killing, so fast-check stops at the smallest killer found (the count is
 * deterministic, so the result is reproducible).
 */
export async function shrinkWitness(
  lab: WitnessLab,
  mutant: Mutant,
  opts: { seed: number; path: string; programs: number; shrinkBudget: number },
): Promise<WitnessResult> {
  let tried = 0;
  let broken: unknown;
  const property = fc.asyncProperty(programPlan(), async (plan) => {
    if (tried++ > opts.shrinkBudget || broken !== undefined) return true;
    try {
      return (await lab.kills(mutant, source(plan))) === undefined;
    } catch (e) {
      // Not a kill: the search itself broke (a build failed, a run could not start).
      broken = e;
      return true;
    }
  });
  const details = await fc.check(property, { seed: opts.seed, path: opts.path });
  if (broken !== undefined) throw new Error(`witness search for ${mutant.id} failed: ${String(broken)}`, { cause: broken });
  if (!details.failed || details.counterexample === null) {
    throw new Error(`witness search for ${mutant.id}: the program at path ${opts.path} of seed ${opts.seed} does not kill it on a second look`);
  }
  const code = source(details.counterexample[0]);
  const kill = await lab.kills(mutant, code);
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
    path: details.counterexamplePath ?? opts.path,
  };
}

/**
 * Witnesses for every mutant asked for, in catalog order. Discovery: the programs of the seed, in
 * order, each run against every mutant still without a killer, until all have one or the budget
 * is spent. Then each killer is shrunk (shrinkWitness).
 */
export async function findWitnesses(opts: WitnessSearchOptions = {}): Promise<WitnessSearch> {
  const mtc = opts.toolchain ?? (await createMutantToolchain({ mutants: opts.mutants }));
  const mutants = opts.mutants ?? mtc.mutants;
  const seed = opts.seed ?? DEFAULT_WITNESS_SEED;
  const budget = opts.budget ?? DEFAULT_WITNESS_BUDGET;
  const shrinkBudget = opts.shrinkBudget ?? DEFAULT_SHRINK_BUDGET;
  const lab = new WitnessLab(mtc, opts.jobs);

  // Replays: the path is known.
  const first = new Map<string, { path: string; programs: number }>();
  for (const m of mutants) {
    const r = opts.replay?.[m.id];
    if (r !== undefined && r.seed === seed) first.set(m.id, { path: r.path, programs: 1 });
  }
  const plans = fc.sample(programPlan(), { seed, numRuns: budget });
  let drawn = 0;
  for (const [i, plan] of plans.entries()) {
    const pending = mutants.filter((m) => !first.has(m.id));
    if (pending.length === 0) break;
    drawn = i + 1;
    const found = await lab.killsAll(pending, source(plan));
    for (const id of found.keys()) first.set(id, { path: String(i), programs: i + 1 });
    opts.onProgress?.({ programs: drawn, witnessed: first.size, mutants: mutants.length });
  }

  const limit = pLimit(Math.max(1, opts.jobs ?? availableParallelism()));
  const results = await Promise.all(
    mutants.map((m) =>
      limit(async (): Promise<WitnessResult> => {
        const f = first.get(m.id);
        const r: WitnessResult =
          f === undefined
            ? { mutant: m.id, status: 'none', programs: drawn, seed, message: `no witness found (${drawn} programs)` }
            : await shrinkWitness(lab, m, { seed, path: f.path, programs: f.programs, shrinkBudget });
        opts.onResult?.(r);
        return r;
      }),
    ),
  );
  return { results, seed, builds: lab.builds, runs: lab.runs };
}
