// What the benchmark measures of a contender (each runs in a child process of its own, see
// contender.ts): wall clock, CPU of the process itself, CPU of every process it waited for
// (compilers, linkers, Fox programs), and the peak resident set of the contender (the grader's
// Node process).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Usage {
  wallMs: number;
  /** User + system CPU of the contender's own process. */
  selfCpuMs: number;
  /** User + system CPU of the processes it waited for (/proc/self/stat cutime + cstime, 10 ms ticks). */
  childrenCpuMs: number;
  /** Peak resident set of the contender's process, in MiB (getrusage maxrss). */
  peakRssMB: number;
}

/** Linux reports /proc times in USER_HZ, which is 100 on every Linux ABI. */
const TICK_MS = 10;

function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime); fields[0] is field 3 (state).
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** Starts measuring; the returned function stops and reports. */
export function startMeasure(): () => Usage {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      wallMs: performance.now() - wall,
      selfCpuMs: (used.user + used.system) / 1000,
      childrenCpuMs: childrenCpuMs() - children,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    };
  };
}
