// Mutant schemata, split-stream: many collector mutants in one process. The program runs with no
// mutant up to its first call of try_gc, then forks one child per mutant (schemata.ts, Hooks).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_OUTPUT_BYTES, runProgram, type RunResult } from '../reference/run.js';
import { scratchRoot } from '../suites/execute.js';
import { judge, type Expected } from '../suites/judge.js';
import type { Mutant } from './mutant.js';
import { MUTANT_ENV, SPLIT_ENV } from './schemata-sources.js';
import type { MutantPrograms, MutantToolchain } from './schemata-build.js';
import { type MutantRun, mutantRunOf, mutantTimeoutMs, runMutant } from './schemata-run.js';
import { onlyInCollector } from './schemata-coverage.js';

/** Whether runMutantsSplit can run the mutant: a runtime mutant confined to the collector (onlyInCollector) in the schemata. */
export function splittable(mtc: MutantToolchain, mutant: Mutant): boolean {
  return mtc.hooks && mutant.kind === 'runtime' && mtc.table.has(mutant.id) && onlyInCollector(mutant);
}

// The first name of each number, as Node reports signals (SIGABRT, not its alias SIGIOT).
const signalNames = new Map<number, string>();
for (const [name, number] of Object.entries(osConstants.signals)) if (!signalNames.has(number)) signalNames.set(number, name);

/**
 * Runs several collector mutants (splittable) on one test program in ONE process: the program
 * runs with no mutant up to its first call of try_gc, which is the same for all of them, then
 * forks one child per mutant, one at a time (the hooks of schemataSources). Each child's output
 * is what the program had written before the fork followed by its own (stdio's unflushed buffer
 * is copied into the child, so a crash loses it as in a run of its own). The result is, mutant by mutant,
 * what runMutant gives (same judge, same time limit per mutant, output bounded the same way);
 * a mutant the split could not run (a fork failed, the whole run timed out) is run on its own.
 */
export async function runMutantsSplit(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutants: readonly Mutant[],
  expected: Expected,
  heap: number,
  opts: { referenceDurationMs: number; maxOutputBytes?: number },
): Promise<MutantRun[]> {
  const alone = (m: Mutant) => runMutant(mtc, programs, m, expected, heap, opts);
  if (!programs.schemata.ok || mutants.length === 0 || !mutants.every((m) => splittable(mtc, m))) {
    return Promise.all(mutants.map(alone));
  }
  const timeoutMs = mutantTimeoutMs(mtc, opts.referenceDurationMs);
  const maxOutput = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const caseInsensitive = mtc.dialect === 'fa18';
  // Files in memory (scratchRoot), read synchronously: 2 small files per mutant.
  const dir = mkdtempSync(join(scratchRoot(), 'fox-split-'));
  try {
    const parent = await runProgram(programs.schemata.exe, {
      heap,
      timeoutMs: timeoutMs + mutants.length * (timeoutMs + 1000),
      maxOutputBytes: maxOutput,
      env: {
        [MUTANT_ENV]: '',
        [SPLIT_ENV.mutants]: mutants.map((m) => m.id).join(','),
        [SPLIT_ENV.dir]: dir,
        [SPLIT_ENV.timeoutMs]: String(timeoutMs),
        [SPLIT_ENV.maxOutput]: String(maxOutput),
      },
    });
    const read = (name: string) => {
      try {
        return readFileSync(join(dir, name));
      } catch {
        return undefined;
      }
    };
    const status = read('status')?.toString('utf8');
    if (status === undefined) {
      // No split: the program never called try_gc (or died before), so every mutant does what it did.
      if (parent.status === 'timeout' || parent.durationMs > timeoutMs) return Promise.all(mutants.map(alone));
      const run = mutantRunOf(judge(expected, parent, { caseInsensitive }), parent);
      return mutants.map(() => run);
    }
    const lines = new Map<number, string[]>();
    for (const line of status.split('\n')) {
      const fields = line.split(' ');
      if (/^\d+$/.test(fields[0])) lines.set(Number(fields[0]), fields.slice(1));
    }
    return await Promise.all(
      mutants.map((m, i) => {
        const fields = lines.get(i);
        const [kind, value, ms] = fields ?? [];  // "exit N ms", "signal N ms", "timeout ms ms", "error 0 ms"
        if (fields === undefined || kind === 'error') return alone(m);
        const out = read(`${i}.out`);
        const err = read(`${i}.err`);
        if (out === undefined || err === undefined) return alone(m);
        const stdout = Buffer.concat([Buffer.from(parent.stdout), out]);
        const stderr = Buffer.concat([Buffer.from(parent.stderr), err]);
        const truncated = stdout.length > maxOutput || stderr.length > maxOutput;
        const output = {
          stdout: stdout.subarray(0, maxOutput).toString('utf8'),
          stderr: stderr.subarray(0, maxOutput).toString('utf8'),
          durationMs: Number(ms),
          truncated,
        };
        let outcome: RunResult;
        const signal = kind === 'signal' ? (signalNames.get(Number(value)) ?? `SIG${value}`) : undefined;
        // Output beyond the bound: runProgram kills the process group (SIGKILL) as soon as it sees it.
        if (truncated && kind !== 'timeout') outcome = { status: 'signaled', signal: 'SIGKILL', ...output };
        else if (kind === 'timeout') outcome = { status: 'timeout', limit: 'wall', ...output };
        else if (signal === 'SIGXCPU') outcome = { status: 'timeout', limit: 'cpu', ...output };
        else if (signal !== undefined) outcome = { status: 'signaled', signal, ...output };
        else if (kind === 'exit') outcome = { status: 'exited', exitCode: Number(value), ...output };
        else return alone(m);
        return Promise.resolve(mutantRunOf(judge(expected, outcome, { caseInsensitive }), outcome));
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
