// The kill table: which tests of a test file (by default the official suite) kill which mutant.
// Used by `fox-grade mutants --kills` and by the catalog's contract tests; the grading pipeline
// does the same per student test with runMutant.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { suitesDir } from '../reference/paths.js';
import type { Outcome } from '../suites/judge.js';
import { judge } from '../suites/judge.js';
import type { GcStats } from '../suites/execute.js';
import { loadTestFile } from '../suites/test-file.js';
import type { Mutant } from './mutant.js';
import {
  buildMutantPrograms,
  createMutantToolchain,
  mutantCovered,
  runMutant,
  runReference,
  type MutantRun,
  type MutantToolchain,
  type MutantToolchainOptions,
} from './schemata.js';

export const officialSuite = join(suitesDir, 'fox.json');

export interface KillTableOptions extends MutantToolchainOptions {
  /** The test file; default the official suite (suites/fox.json). */
  suite?: string;
  /** Where `"code": "file"` programs live; default `input/` beside the test file. */
  inputsDir?: string;
  /** Programs run at once; default: the number of cores. */
  jobs?: number;
  /** A toolchain already made (the options above that make one are then ignored). */
  toolchain?: MutantToolchain;
  /**
   * Skip the runs that cannot detect a mutant (mutantCovered: the reference never calls try_gc
   * and the mutant changes only the collector); they are recorded as `no-coverage`. Default true.
   */
  coverage?: boolean;
  /** Called after each mutant run (for progress output). */
  onRun?: (done: number, total: number) => void;
}

export type KillCell = MutantRun | { status: 'no-coverage' };

export interface KillTable {
  /** The test file as loaded. */
  file: string;
  /** The tests that count: valid, and passed by the reference, in file order (display names). */
  tests: string[];
  /** Tests left out, with the reason (invalid, or the reference does not pass them). */
  excluded: Array<{ test: string; reason: string }>;
  mutants: string[];
  /** Mutant id → the tests that kill it (kill or timeout), in file order. */
  kills: Record<string, string[]>;
  /** runs[mutantId][test]: every run, or `no-coverage` when it was skipped (see `coverage`). */
  runs: Record<string, Record<string, KillCell>>;
  /** What the reference produced for each test that counts. */
  reference: Record<string, { outcome: Outcome; durationMs: number; stats?: GcStats }>;
}

/** A kill or a timeout detects the mutant. */
export function detected(cell: KillCell): boolean {
  return cell.status === 'killed' || cell.status === 'timeout';
}

/** Runs every test of the file against every mutant and tabulates the kills. */
export async function killTable(opts: KillTableOptions = {}): Promise<KillTable> {
  const loaded = loadTestFile(opts.suite ?? officialSuite, { inputsDir: opts.inputsDir, dialect: opts.dialect });
  if (loaded.problems.length > 0) {
    throw new Error(`cannot use ${loaded.file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  }
  const mtc = opts.toolchain ?? (await createMutantToolchain(opts));
  const mutants: readonly Mutant[] = mtc.mutants;
  const limit = pLimit(opts.jobs ?? availableParallelism());

  const excluded: KillTable['excluded'] = [];
  const reference: KillTable['reference'] = {};
  const prepared = await Promise.all(
    loaded.tests.map((test) =>
      limit(async () => {
        if (!test.valid || test.code === undefined) {
          excluded.push({ test: test.displayName, reason: test.problem ?? 'invalid test' });
          return undefined;
        }
        const program = { code: test.code, filename: `${test.name}.fox`, anf: test.anf };
        const ref = await runReference(mtc, program, test.heap, { stats: true });
        const verdict = judge(test.expected, ref.outcome, { caseInsensitive: mtc.dialect === 'fa18' });
        if (!verdict.pass) {
          excluded.push({ test: test.displayName, reason: `the reference fails it: ${verdict.reason}` });
          return undefined;
        }
        reference[test.displayName] = { outcome: ref.outcome, durationMs: ref.durationMs, stats: ref.stats };
        return { test, durationMs: ref.durationMs, stats: ref.stats, programs: await buildMutantPrograms(mtc, program) };
      }),
    ),
  );
  const counted = prepared.filter((p) => p !== undefined);

  const runs: KillTable['runs'] = Object.fromEntries(mutants.map((m) => [m.id, {}]));
  const total = counted.length * mutants.length;
  let done = 0;
  await Promise.all(
    counted.flatMap(({ test, durationMs, stats, programs }) =>
      mutants.map((mutant) => {
        if (opts.coverage !== false && programs.schemata.ok && !mutantCovered(mutant, stats)) {
          runs[mutant.id][test.displayName] = { status: 'no-coverage' };
          opts.onRun?.(++done, total);
          return Promise.resolve();
        }
        return limit(async () => {
          runs[mutant.id][test.displayName] = await runMutant(mtc, programs, mutant, test.expected, test.heap, { referenceDurationMs: durationMs });
          opts.onRun?.(++done, total);
        });
      }),
    ),
  );

  const tests = counted.map((c) => c.test.displayName);
  const kills = Object.fromEntries(
    mutants.map((m) => [m.id, tests.filter((name) => detected(runs[m.id][name]))]),
  );
  const order = new Map(loaded.tests.map((t, i) => [t.displayName, i]));
  excluded.sort((a, b) => (order.get(a.test) ?? 0) - (order.get(b.test) ?? 0));
  return { file: loaded.file, tests, excluded, mutants: mutants.map((m) => m.id), kills, runs, reference };
}
