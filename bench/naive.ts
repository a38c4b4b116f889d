// The naive grader the benchmark compares against: what a mutation-testing grader does without
// schemata, caching, coverage or split-stream. For every valid test and every mutant it builds
// the program from scratch in a fresh cache directory (the mutated runtime's C compiled from the
// patched sources of applyPatches, or the reference runtime for a codegen mutant whose variant
// compiles the program; then nasm and the link), runs it once and judges it. Validity is decided
// the same way (a fresh build of the reference, one run). It shares reference/build.ts and
// reference/run.ts with fox-grade, so only the strategy differs.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { anfOutcome } from '../suites/execute.js';
import { judge, type Expected } from '../suites/judge.js';
import { applyPatches, type Mutant } from '../mutants/mutant.js';
import { buildProgram, buildRuntime } from '../reference/build.js';
import type { Dialect } from '../reference/compiler/variants.js';
import { runProgram, type RunResult } from '../reference/run.js';

export interface NaiveTest {
  /** Unique among the tests given. */
  id: string;
  code: string;
  heap: number;
  expected: Expected;
  anf?: boolean;
}

export type NaiveStatus = 'killed' | 'timeout' | 'survived';

export interface NaiveResult {
  /** The tests the reference passes, in the order given. */
  valid: string[];
  /** cells[test id][mutant id]: the status of every (valid test, mutant) pair. */
  cells: Record<string, Record<string, NaiveStatus>>;
  /** Programs built (each in its own fresh cache: runtime objects, assembly, link). */
  builds: number;
  runs: number;
}

export interface NaiveOptions {
  mutants: readonly Mutant[];
  jobs: number;
  /** Fresh cache directories are made (and removed) under it. */
  workDir: string;
  dialect?: Dialect;
  timeoutMs?: number;
}

/** A fresh cache directory for one build, removed afterwards: nothing is ever reused. */
async function fresh<T>(workDir: string, use: (cacheDir: string) => Promise<T>): Promise<T> {
  const cacheDir = await mkdtemp(join(workDir, 'naive-'));
  try {
    return await use(cacheDir);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

export async function naiveGrade(tests: readonly NaiveTest[], opts: NaiveOptions): Promise<NaiveResult> {
  const dialect = opts.dialect ?? 'sp19';
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const limit = pLimit(opts.jobs);
  let builds = 0;
  let runs = 0;
  const caseInsensitive = dialect === 'fa18';

  /** Builds (from scratch) and runs one program; undefined outcome → the compile result decides. */
  const buildAndRun = (test: NaiveTest, mutant: Mutant | undefined, runTimeoutMs: number) =>
    fresh(opts.workDir, async (cacheDir) => {
      const variant = mutant?.kind === 'codegen' ? mutant.variant : undefined;
      // An anf test is not built (FOX.md §6): the printout, with no static check, is its outcome.
      if (test.anf) return { outcome: anfOutcome({ code: test.code, filename: `${test.id}.fox` }, dialect, variant), durationMs: 0 };
      builds++;
      const sources = mutant?.kind === 'runtime' ? (applyPatches(mutant) as Record<string, string>) : undefined;
      const runtime = await buildRuntime({ dialect, cacheDir, sources });
      const built = await buildProgram(test.code, { filename: `${test.id}.fox`, dialect, variant, cacheDir, runtime });
      if (!built.ok) return { outcome: { status: 'compile-error' as const, message: built.message }, durationMs: 0 };
      runs++;
      const result: RunResult = await runProgram(built.exe, { heap: test.heap, timeoutMs: runTimeoutMs });
      return { outcome: result, durationMs: result.durationMs };
    });

  const reference = await Promise.all(tests.map((test) => limit(() => buildAndRun(test, undefined, timeoutMs))));
  const validIndex = tests.map((_, i) => i).filter((i) => judge(tests[i].expected, reference[i].outcome, { caseInsensitive }).pass);

  const cells: NaiveResult['cells'] = Object.fromEntries(validIndex.map((i) => [tests[i].id, {}]));
  await Promise.all(
    validIndex.flatMap((i) =>
      opts.mutants.map((mutant) =>
        limit(async () => {
          const test = tests[i];
          // The same time limit policy as fox-grade: 10 × the reference's time, 2 s to 15 s.
          const mutantTimeout = Math.min(timeoutMs, Math.max(2000, Math.ceil(10 * reference[i].durationMs)));
          const { outcome } = await buildAndRun(test, mutant, mutantTimeout);
          const verdict = judge(test.expected, outcome, { caseInsensitive });
          cells[test.id][mutant.id] = verdict.pass ? 'survived' : outcome.status === 'timeout' ? 'timeout' : 'killed';
        }),
      ),
    ),
  );
  return { valid: validIndex.map((i) => tests[i].id), cells, builds, runs };
}
