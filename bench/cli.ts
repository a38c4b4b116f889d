// The command a TA types, end to end: `node dist/grader/bin.js REPO` and `--version`, each a fresh
// process timed from spawn to exit by the benchmark, as a TA would feel it. Cold = an empty
// cache (the runtimes and every program compiled); warm = the same command again (a TA
// re-grading, or grading after `scripts/setup`). The breakdown of one run comes from the CLI
// itself (FOX_GRADE_TIMINGS, grader/cli/commands/grade.ts); heap search is measured as the
// difference between the default run and `--no-minimize` (it is interleaved with the reference
// runs, one test at a time).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../reference/paths.js';

// The built CLI, as installed (also when this module runs from its TypeScript source, in tests).
const bin = join(projectRoot, 'dist', 'grader', 'bin.js');

export interface CliRun {
  wallMs: number;
  /** FOX_GRADE_TIMINGS: startup, loading, pipeline steps, reports, print, total (ms). */
  timings?: Record<string, number>;
}

/** One run of the CLI in a fresh Node process; rejects when it exits with a status other than 0. */
export function runCli(args: readonly string[], opts: { cacheDir: string; cwd: string; timingsFile?: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, FOX_GRADE_CACHE: opts.cacheDir, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  if (opts.timingsFile) env.FOX_GRADE_TIMINGS = opts.timingsFile;
  else delete env.FOX_GRADE_TIMINGS;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { cwd: opts.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const wallMs = performance.now() - start;
      if (error) return reject(new Error(`fox-grade ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      const timings = opts.timingsFile ? (JSON.parse(readFileSync(opts.timingsFile, 'utf8')) as Record<string, number>) : undefined;
      resolve({ wallMs, ...(timings ? { timings } : {}) });
    });
  });
}

export interface CliFigures {
  /** `fox-grade --version`: the median and the best of `repeat` runs, seconds. */
  version: { medianSeconds: number; bestSeconds: number; runs: number };
  /** `fox-grade REPO`, empty cache. */
  cold: { wallSeconds: number; breakdown: Record<string, number> };
  /** `fox-grade REPO` again (median of `repeat`), with its breakdown (seconds). */
  warm: { wallSeconds: number; breakdown: Record<string, number>; runs: number };
  /** `fox-grade REPO --no-minimize`, warm (median). */
  warmNoMinimize: { wallSeconds: number; runs: number };
  /** The heap search's share of a warm run: warm − warm --no-minimize (seconds). */
  heapSearchSeconds: number;
  tests: number;
}

const medianOf = <T>(xs: readonly T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)];
const seconds = (timings: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(timings ?? {}).map(([k, v]) => [k, Math.round(v) / 1000]));

/**
 * Times the CLI on one repository: `--version` `repeat` × 2 times, then `REPO` cold once, warm
 * `repeat` times and warm `--no-minimize` `repeat` times (alternated: a noisy machine drifts).
 */
export async function benchCli(repo: string, workDir: string, repeat: number, tests: number, log: (line: string) => void): Promise<CliFigures> {
  const cacheDir = join(workDir, 'cli-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const timingsFile = join(workDir, 'cli-timings.json');
  const out = (name: string) => ['--out', join(workDir, `cli-report-${name}`)];

  const versions: CliRun[] = [];
  for (let i = 0; i < repeat * 2; i++) versions.push(await runCli(['--version'], { cacheDir, cwd: workDir }));
  const version = medianOf(versions, (r) => r.wallMs);
  log(`  fox-grade --version: ${(version.wallMs / 1000).toFixed(3)} s (median of ${versions.length})`);

  const cold = await runCli([repo, ...out('cold')], { cacheDir, cwd: workDir, timingsFile });
  log(`  fox-grade REPO, cold: ${(cold.wallMs / 1000).toFixed(2)} s`);
  const warm: CliRun[] = [];
  const warmNoMin: CliRun[] = [];
  for (let i = 0; i < repeat; i++) {
    warm.push(await runCli([repo, ...out('warm')], { cacheDir, cwd: workDir, timingsFile }));
    warmNoMin.push(await runCli([repo, '--no-minimize', ...out('nomin')], { cacheDir, cwd: workDir }));
  }
  const warmRun = medianOf(warm, (r) => r.wallMs);
  const noMinRun = medianOf(warmNoMin, (r) => r.wallMs);
  log(`  fox-grade REPO, warm: ${(warmRun.wallMs / 1000).toFixed(2)} s; --no-minimize ${(noMinRun.wallMs / 1000).toFixed(2)} s (medians of ${repeat})`);
  return {
    version: { medianSeconds: version.wallMs / 1000, bestSeconds: Math.min(...versions.map((r) => r.wallMs)) / 1000, runs: versions.length },
    cold: { wallSeconds: cold.wallMs / 1000, breakdown: seconds(cold.timings) },
    warm: { wallSeconds: warmRun.wallMs / 1000, breakdown: seconds(warmRun.timings), runs: repeat },
    warmNoMinimize: { wallSeconds: noMinRun.wallMs / 1000, runs: repeat },
    heapSearchSeconds: Math.max(0, (warmRun.wallMs - noMinRun.wallMs) / 1000),
    tests,
  };
}

/** The breakdown as one line: `startup 0.05 · loading 0.21 · …`. */
export function formatBreakdown(breakdown: Record<string, number>): string {
  return Object.entries(breakdown)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(' · ');
}
