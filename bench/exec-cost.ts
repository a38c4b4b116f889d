// The cost of starting one program, as fox-grade starts them (reference/run.ts: prlimit, its own
// process group, pipes): a Fox program that does nothing (an i386 ELF, under qemu-user where the
// kernel cannot run i386) and /bin/true (native). With the number of programs a command starts
// (FOX_GRADE_TIMINGS' programRuns), it says how much of the command is the exec floor, and what
// the same command would take where an i386 program starts as fast as a native one.
import { performance } from 'node:perf_hooks';
import { buildTestProgram, createToolchain } from '../suites/execute.js';
import { runProgram } from '../reference/run.js';

export interface ExecCost {
  /** Median wall time of one run of a Fox program printing `1`, ms. */
  foxProgramMs: number;
  /** Median wall time of one run of /bin/true through the same runner, ms. */
  nativeMs: number;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Runs each program `runs` times, one at a time (the per-exec latency, not a throughput). */
export async function measureExecCost(cacheDir: string, runs = 15): Promise<ExecCost> {
  const tc = await createToolchain({ cacheDir });
  const built = await buildTestProgram(tc, { code: '1', filename: 'one.fox' });
  if (!built.ok) throw new Error('exec cost: the program `1` did not build');
  const time = async (exe: string, args: { heap?: number }) => {
    const start = performance.now();
    const r = await runProgram(exe, args);
    if (r.status !== 'exited' || r.exitCode !== 0) throw new Error(`exec cost: ${exe} ended ${r.status}`);
    return performance.now() - start;
  };
  const fox: number[] = [];
  const native: number[] = [];
  for (let i = 0; i < runs; i++) {
    fox.push(await time(built.exe, { heap: 100 }));
    native.push(await time('/bin/true', {}));
  }
  return { foxProgramMs: median(fox), nativeMs: median(native), runs };
}

/**
 * The exec floor of a command that started `programs` programs with `jobs` at a time: programs ×
 * one start / jobs; and its wall time with i386 programs starting as fast as native ones.
 */
export function execShare(wallSeconds: number, programs: number, cost: ExecCost, jobs: number): { floorSeconds: number; nativeEstimateSeconds: number } {
  const floorSeconds = (programs * cost.foxProgramMs) / jobs / 1000;
  const saved = (programs * Math.max(0, cost.foxProgramMs - cost.nativeMs)) / jobs / 1000;
  return { floorSeconds, nativeEstimateSeconds: Math.max(0, wallSeconds - saved) };
}
