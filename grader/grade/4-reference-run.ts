// Phase 4: the validity gate. Each test runs on the reference at its own heap, with the
// collector's stats and the coverage counters on (phase 5 skips what cannot kill); it counts only if it passes (FOX.md §6). A valid test also gets its
// minimal passing heap, when asked.
import type { GcStats, Toolchain } from '../../suites/execute.js';
import { runAndJudge } from '../../suites/execute.js';
import { outOfMemoryText } from '../heap/out-of-memory.js';
import type { Verdict } from '../../suites/judge.js';
import type { BuiltTest } from './3-build.js';
import type { OnInternalError } from './internal-error.js';
import type { Pool } from './pool.js';

export interface MinimalHeapFinding {
  minimalHeap: number | null;
  runs: number;
  /** A heap above the minimal one at which the test fails (the search's monotonicity check). */
  failsAbove?: { heap: number; seed: number; path: string };
  /** No collection happens at any heap at which the test passes (so no heap advice helps). */
  neverCollects?: boolean;
}

export type MinimalHeapSearch = (tc: Toolchain, test: BuiltTest) => Promise<MinimalHeapFinding>;

/** One test's run on the reference at its own heap, judged (what the validity gate needs of it). */
export interface ReferenceVerdict {
  verdict: Verdict;
  /** The run ended with the runtime's out-of-memory failure. */
  outOfMemory: boolean;
  stats?: GcStats;
  coverage?: string[];
  durationMs: number;
}

/** How phase 4 runs one test on the reference (a caller may put the result cache in front). */
export type ReferenceTestRun = (tc: Toolchain, test: BuiltTest) => Promise<ReferenceVerdict>;

/** The reference run itself, with the collector's stats and the coverage counters on. */
export const runOnReference: ReferenceTestRun = async (tc, built) => {
  const run = await runAndJudge(tc, built.reference, built.test.expected, built.test.heap, { stats: true, coverage: true });
  return { verdict: run.verdict, outOfMemory: outOfMemoryText(run.outcome, tc.dialect) !== undefined, ...(run.stats ? { stats: run.stats } : {}), ...(run.coverage ? { coverage: run.coverage } : {}), durationMs: run.durationMs };
};

export interface ReferenceRun<P = unknown> {
  built: BuiltTest<P>;
  verdict: Verdict;
  /** Whether the program ran (an ANF test or a compile error did not). */
  ran: boolean;
  stats?: GcStats;
  /** The mutated functions the run entered, when the build records them (a schemata build with hooks). */
  coverage?: string[];
  durationMs: number;
  minimal?: MinimalHeapFinding;
}

export async function runReference<P>(
  tests: BuiltTest<P>[],
  tc: Toolchain,
  pool: Pool,
  how: { search?: MinimalHeapSearch; run?: ReferenceTestRun },
  progress: (done: number) => void,
  onError?: OnInternalError,
): Promise<ReferenceRun<P>[]> {
  let done = 0;
  const runs = await Promise.all(
    tests.map((built) =>
      pool(async (): Promise<ReferenceRun<P> | undefined> => {
        try {
          return await runOne(built, tc, how.search, how.run ?? runOnReference);
        } catch (error) {
          if (!onError) throw error;
          onError(built, 'running the reference on', error);
          return undefined;
        } finally {
          progress(++done);
        }
      }),
    ),
  );
  return runs.filter((r): r is ReferenceRun<P> => r !== undefined);
}

async function runOne<P>(built: BuiltTest<P>, tc: Toolchain, search: MinimalHeapSearch | undefined, runTest: ReferenceTestRun): Promise<ReferenceRun<P>> {
  const run = await runTest(tc, built);
  // Valid tests get their minimal heap; so does a value test that ran out of memory, whose
  // report then says from which heap it would pass.
  const tooSmall = !run.verdict.pass && built.test.expected.kind === 'value' && run.outOfMemory;
  const minimal = (run.verdict.pass || tooSmall) && built.reference.ok && search ? await search(tc, built) : undefined;
  return {
    built,
    verdict: run.verdict,
    ran: built.reference.ok,
    stats: run.stats,
    ...(run.coverage ? { coverage: run.coverage } : {}),
    durationMs: run.durationMs,
    minimal,
  };
}
