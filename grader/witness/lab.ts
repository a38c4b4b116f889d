// The costly steps of a witness search (grader/witness/search.ts), memoised and batched: one build
// and one stress-mode run per program, the reference's runs per (program, heap), and verdicts per
// (mutant, program, test). Every process (a build's assembler and linker, a run) waits for one of
// `jobs` slots, so that a search uses the cores it is given and no more.
//
// Why batching: the shrinks of all the mutants run at once, and many try the same candidate
// program at the same heap (mutants first killed by one program shrink along the same path).
// Their collector mutants' runs of one (program, heap) join while they wait for a slot and then
// run as ONE split-stream process (runMutantsSplit), so a program run under qemu is paid once.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { GcStats } from '../../suites/execute.js';
import { judge, type Expected } from '../../suites/judge.js';
import { DEFAULT_HEAP } from '../../suites/test-file.js';
import type { Mutant } from '../../mutants/mutant.js';
import { compile } from '../../reference/compiler/index.js';
import {
  buildMutantPrograms,
  noCoverageReason,
  onlyInCollector,
  runMutant,
  runMutantsSplit,
  runWithoutMutant,
  splittable,
  type MutantPrograms,
  type MutantRun,
  type MutantToolchain,
} from '../../mutants/schemata.js';
import { confirmTimeout } from '../../mutants/confirm-timeout.js';

/** Usable words lost by the dialect's prelude (FOX.md §8), as in the heap search's prediction. */
const LOST_WORDS = { sp19: 0, fa18: 2 } as const;
/** Wall-clock limit of the stress-mode run: generous (the course's limit), so that a loaded machine does not make a program unusable and the search differ. */
const PREDICTION_TIMEOUT_MS = 15000;
/** The failure text of an out-of-memory test at h − 1 (both of try_gc's messages have it in sp19; fa18 matches case-insensitively). */
const OUT_OF_MEMORY = 'out of memory';

/**
 * Which test of a program, relative to its minimal heap h (the stress-mode prediction): `h`
 * (its value at h), `h-1` (out of memory one word below), `h+N` (its value N words above), or
 * `default` (a program that never calls the collector, at the default heap).
 */
export type CaseRole = 'h' | 'h-1' | 'h+1' | 'h+2' | 'h+4' | 'default';

export const ALL_ROLES: readonly CaseRole[] = ['h', 'h-1', 'h+1', 'h+2', 'h+4', 'default'];

/** A test a program makes at one heap; the reference's pass is checked only when a mutant fails it. */
export interface Case {
  role: CaseRole;
  heap: number;
  expected: Expected;
}

export interface Evaluated {
  programs: MutantPrograms;
  /** The tests this program makes, in the order they are tried; empty: unusable. */
  cases: Case[];
  /** The reference's statistics in stress mode (for the coverage skip). */
  stats?: GcStats;
  durationMs: number;
}

export interface Kill {
  test: Case;
  reason: string;
}

/** Where a search's time goes: processes by kind, with their wall-clock time inside a slot. */
export interface LabProfile {
  builds: number;
  buildMs: number;
  /** Stress-mode runs (one per program: the heap prediction). */
  stressRuns: number;
  stressMs: number;
  /** Reference runs checking that a test passes (one per program and heap where a mutant failed). */
  referenceRuns: number;
  referenceMs: number;
  /** Split-stream runs, and the mutants they ran (one fork each). */
  splitRuns: number;
  splitMutants: number;
  splitMs: number;
  /** Runs of one mutant on its own (codegen mutants, mutants outside the collector). */
  soloRuns: number;
  soloMs: number;
  /** Programs not built: no mutant left to try could behave differently on them (staticallySame). */
  skipped: number;
}

const emptyProfile = (): LabProfile => ({
  builds: 0,
  buildMs: 0,
  stressRuns: 0,
  stressMs: 0,
  referenceRuns: 0,
  referenceMs: 0,
  splitRuns: 0,
  splitMutants: 0,
  splitMs: 0,
  soloRuns: 0,
  soloMs: 0,
  skipped: 0,
});

/** A split-stream run being gathered: mutants join it until it gets a slot. */
interface SplitGroup {
  mutants: Mutant[];
  started: boolean;
  runs: Promise<Map<string, MutantRun>>;
}

export class WitnessLab {
  readonly profile: LabProfile = emptyProfile();
  private readonly evaluated = new Map<string, Promise<Evaluated>>();
  private readonly referencePasses = new Map<string, Promise<boolean>>();
  private readonly verdicts = new Map<string, Promise<Kill | undefined>>();
  private readonly groups = new Map<string, SplitGroup>();
  private readonly compiled = new Map<string, string | undefined>();
  private readonly limit;

  constructor(
    readonly mtc: MutantToolchain,
    jobs = availableParallelism(),
  ) {
    this.limit = pLimit(Math.max(1, jobs));
  }

  /** Distinct programs built, and processes run (a split-stream run counts once). */
  get builds(): number {
    return this.profile.builds;
  }

  get runs(): number {
    const p = this.profile;
    return p.stressRuns + p.referenceRuns + p.splitRuns + p.soloRuns;
  }

  /** Runs `task` in a slot, adding its time to the profile. */
  private timed<T>(kind: 'build' | 'stress' | 'reference' | 'split' | 'solo', task: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      const started = performance.now();
      try {
        return await task();
      } finally {
        const ms = performance.now() - started;
        const p = this.profile;
        if (kind === 'build') (p.builds++, (p.buildMs += ms));
        else if (kind === 'stress') (p.stressRuns++, (p.stressMs += ms));
        else if (kind === 'reference') (p.referenceRuns++, (p.referenceMs += ms));
        else if (kind === 'split') (p.splitRuns++, (p.splitMs += ms));
        else (p.soloRuns++, (p.soloMs += ms));
      }
    });
  }

  /** The program's assembly by a compiler variant (undefined: the reference), memoised; undefined when it does not compile. */
  private asm(code: string, variant?: string): string | undefined {
    const key = `${variant ?? ''}\n${code}`;
    if (!this.compiled.has(key)) {
      const out = compile(code, { filename: 'witness.fox', dialect: this.mtc.dialect, ...(variant ? { variant } : {}) });
      this.compiled.set(key, out.ok ? out.asm : undefined);
    }
    return this.compiled.get(key);
  }

  /**
   * Whether the mutant provably behaves like the reference on the program, known from its
   * assembly alone, before any build: a collector-only mutant and a program that never calls
   * try_gc (no allocation in its code), or a codegen mutant whose variant compiles the program to
   * the reference's very assembly. The runs would skip the same pairs (noCoverageReason) after
   * building; knowing it first saves the build of a program that could kill nothing.
   */
  staticallySame(mutant: Mutant, code: string): boolean {
    const asm = this.asm(code);
    if (asm === undefined) return false;
    if (mutant.kind === 'codegen') return this.asm(code, mutant.variant) === asm;
    return onlyInCollector(mutant) && !/\bcall try_gc\b/.test(asm);
  }

  evaluate(code: string): Promise<Evaluated> {
    let e = this.evaluated.get(code);
    if (e === undefined) {
      e = this.build(code);
      this.evaluated.set(code, e);
    }
    return e;
  }

  /**
   * Discovery: runs every mutant on the program, test after test, collector mutants together
   * (split-stream: one process up to the first collection, then one fork each); a mutant is
   * tried at the next test only while it survives. The kills found, by mutant id.
   */
  async killsAll(mutants: readonly Mutant[], code: string, roles: readonly CaseRole[] = ALL_ROLES): Promise<Map<string, Kill>> {
    const found = new Map<string, Kill>();
    const worth = mutants.filter((m) => !this.staticallySame(m, code));
    if (worth.length === 0) {
      this.profile.skipped++;
      return found;
    }
    const e = await this.evaluate(code);
    let pending = worth.filter((m) => noCoverageReason(this.mtc, e.programs, m, { stats: e.stats }) === undefined);
    for (const test of e.cases.filter((c) => roles.includes(c.role))) {
      if (pending.length === 0) break;
      const split = pending.filter((m) => splittable(this.mtc, m));
      const alone = pending.filter((m) => !splittable(this.mtc, m));
      const opts = { referenceDurationMs: e.durationMs };
      const runs = await Promise.all([
        split.length === 0
          ? Promise.resolve([])
          : this.timed('split', () => {
              this.profile.splitMutants += split.length;
              return runMutantsSplit(this.mtc, e.programs, split, test.expected, test.heap, opts);
            }),
        ...alone.map((m) => this.timed('solo', async () => [await runMutant(this.mtc, e.programs, m, test.expected, test.heap, opts)])),
      ]);
      const ordered = [...split, ...alone];
      // A timeout counts only once confirmed, as in grading: a loaded machine must not make a kill.
      const results = await Promise.all(runs.flat().map((r, i) => confirmTimeout(this.mtc, e.programs, ordered[i], test.expected, test.heap, r, opts)));
      const failed = ordered.filter((_, i) => results[i].status !== 'survived');
      if (failed.length > 0 && (await this.referencePass(code, e, test))) {
        for (const m of failed) {
          const r = results[ordered.indexOf(m)];
          found.set(m.id, { test, reason: r.status === 'survived' ? '' : r.reason });
        }
        pending = pending.filter((m) => !found.has(m.id));
      }
    }
    for (const [id, kill] of found) this.verdicts.set(verdictKey(id, kill.test.role, code), Promise.resolve(kill));
    return found;
  }

  /**
   * Shrinking: how the mutant fails the program's test of the given role (the role of the kill
   * being shrunk: one run per candidate instead of one per heap), or undefined when it passes it
   * or the program makes no such test.
   */
  killsAt(mutant: Mutant, code: string, role: CaseRole): Promise<Kill | undefined> {
    const key = verdictKey(mutant.id, role, code);
    let v = this.verdicts.get(key);
    if (v === undefined) {
      v = (async () => {
        if (this.staticallySame(mutant, code)) {
          this.profile.skipped++;
          return undefined;
        }
        const e = await this.evaluate(code);
        const test = e.cases.find((c) => c.role === role);
        if (test === undefined) return undefined;
        if (noCoverageReason(this.mtc, e.programs, mutant, { stats: e.stats }) !== undefined) return undefined;
        const first = splittable(this.mtc, mutant)
          ? await this.joinSplit(code, e, test, mutant)
          : await this.timed('solo', () => runMutant(this.mtc, e.programs, mutant, test.expected, test.heap, { referenceDurationMs: e.durationMs }));
        const run = await confirmTimeout(this.mtc, e.programs, mutant, test.expected, test.heap, first, { referenceDurationMs: e.durationMs });
        if (run.status === 'survived' || !(await this.referencePass(code, e, test))) return undefined;
        return { test, reason: run.reason };
      })();
      this.verdicts.set(key, v);
    }
    return v;
  }

  /** The mutant's run in the split-stream run of (program, heap) being gathered, or in a new one. */
  private async joinSplit(code: string, e: Evaluated, test: Case, mutant: Mutant): Promise<MutantRun> {
    const key = `${test.heap}\n${code}`;
    let group = this.groups.get(key);
    if (group !== undefined && !group.started) group.mutants.push(mutant);
    else {
      const g: SplitGroup = { mutants: [mutant], started: false, runs: Promise.resolve(new Map()) };
      g.runs = this.timed('split', async () => {
        g.started = true;
        if (this.groups.get(key) === g) this.groups.delete(key);
        this.profile.splitMutants += g.mutants.length;
        const runs = await runMutantsSplit(this.mtc, e.programs, g.mutants, test.expected, test.heap, { referenceDurationMs: e.durationMs });
        return new Map(g.mutants.map((m, i) => [m.id, runs[i]]));
      });
      this.groups.set(key, g);
      group = g;
    }
    const runs = await group.runs;
    return runs.get(mutant.id)!;
  }

  /** Whether the reference passes the test (memoised): a heap that does not make a test kills nothing. */
  private referencePass(code: string, e: Evaluated, test: Case): Promise<boolean> {
    const key = `${test.heap}\n${code}`;
    let p = this.referencePasses.get(key);
    if (p === undefined) {
      p = this.timed('reference', async () => {
        const ref = await runWithoutMutant(this.mtc, e.programs, test.heap);
        return judge(test.expected, ref.outcome, { caseInsensitive: this.mtc.dialect === 'fa18' }).pass;
      });
      this.referencePasses.set(key, p);
    }
    return p;
  }

  private async build(code: string): Promise<Evaluated> {
    const mtc = this.mtc;
    const programs = await this.timed('build', () =>
      buildMutantPrograms(mtc, { code, filename: 'witness.fox' }, { codegen: mtc.hooks ? 'combined' : 'separate' }),
    );
    if (!programs.schemata.ok) {
      // Generated programs compile by construction (test/grader/witness/program.test.ts).
      throw new Error(`a generated program does not compile:\n${code}\n${JSON.stringify(programs.schemata.outcome)}`);
    }
    const stress = await this.timed('stress', () =>
      runWithoutMutant(mtc, programs, DEFAULT_HEAP, { stats: true, stress: true, timeoutMs: PREDICTION_TIMEOUT_MS }),
    );
    const { outcome, stats } = stress;
    if (outcome.status !== 'exited' || outcome.exitCode !== 0 || stats === undefined) return { programs, cases: [], durationMs: stress.durationMs };
    const value: Expected = { kind: 'value', text: outcome.stdout.trim() };
    if (stats.maxDemand === 0) return { programs, cases: [{ role: 'default', heap: DEFAULT_HEAP, expected: value }], stats, durationMs: stress.durationMs };
    const h = stats.maxDemand + LOST_WORDS[mtc.dialect];
    const cases: Case[] = [{ role: 'h', heap: h, expected: value }];
    if (h - 1 >= 1) cases.push({ role: 'h-1', heap: h - 1, expected: { kind: 'failure', text: OUT_OF_MEMORY } });
    for (const d of [1, 2, 4] as const) cases.push({ role: `h+${d}`, heap: h + d, expected: value });
    return { programs, cases, stats, durationMs: stress.durationMs };
  }
}

const verdictKey = (id: string, role: CaseRole, code: string) => `${id}\n${role}\n${code}`;
