// The class-scale figure: `fox-grade class` as shipped on a generated class, then re-graded after
// one student changed one test (issue 15's 200-student figure: --class-size 200).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToolchain } from '../suites/execute.js';
import { createMutantToolchain } from '../mutants/schemata.js';
import { generateClass, testFileText, writeClass } from './class.js';
import type { ContenderSpec } from './contender.js';
import type { BenchOptions } from './options.js';
import { runContender } from './run-contender.js';

/** `fox-grade class` at class scale: a full run from an empty result cache, then a re-grade after one student changed one test. */
export interface ClassScaleFigure {
  students: number;
  testsPerStudent: number;
  jobs: number;
  cores: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  regrade: { wallSeconds: number; peakRssMB: number; studentsFromCache: number; cellsRun: number; cellsFromCache: number };
  /** Re-grade wall / full wall, measured in this run. */
  regradeRatio: number;
}

/** The class-scale figure (its own class, seed + 1000, so the main class's caches play no part). */
export async function classScaleFigure(dir: string, opts: BenchOptions, warm: string, log: (line: string) => void): Promise<ClassScaleFigure> {
  const repos = generateClass({ seed: opts.seed + 1000, repos: opts.classSize, testsPerRepo: opts.tests });
  const paths = writeClass(join(dir, 'scale', 'class'), repos);
  const cacheDir = join(dir, 'scale', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const spec = (outDir: string): ContenderSpec => ({ kind: 'class-scale', repos: paths, cacheDir, jobs: opts.jobs, outDir: join(dir, 'scale', outDir), warmFrom: warm });
  const full = await runContender(spec('out-full'), dir, `fox-grade class, ${opts.classSize} students × ${opts.tests} tests`, log);
  if ((full.errors as string[]).length > 0) throw new Error(`class-scale: ${(full.errors as string[]).join('; ')}`);
  // One student changes one test: the first test with a heap gets one more word (still valid, new pairs).
  const changed = repos[0].tests.map((t) => ({ ...t }));
  const i = changed.findIndex((t) => t.heap !== undefined && !t.badHeapType && 'value' in t.result);
  changed[i >= 0 ? i : 0] = { ...changed[i >= 0 ? i : 0], heap: (changed[i >= 0 ? i : 0].heap ?? 100) + 1 };
  writeFileSync(join(paths[0], 'tests', 'yourTests.json'), testFileText(changed));
  const regrade = await runContender(spec('out-regrade'), dir, 're-grade after one changed test', log);
  const stats = regrade.cache as Record<string, { hits: number; misses: number }>;
  return {
    students: opts.classSize,
    testsPerStudent: opts.tests,
    jobs: opts.jobs,
    cores: availableParallelism(),
    wallSeconds: full.usage.wallMs / 1000,
    cpuSeconds: (full.usage.selfCpuMs + full.usage.childrenCpuMs) / 1000,
    peakRssMB: full.usage.peakRssMB,
    regrade: {
      wallSeconds: regrade.usage.wallMs / 1000,
      peakRssMB: regrade.usage.peakRssMB,
      studentsFromCache: regrade.cachedStudents as number,
      cellsRun: stats.cell.misses,
      cellsFromCache: stats.cell.hits,
    },
    regradeRatio: regrade.usage.wallMs / full.usage.wallMs,
  };
}

export function formatClassScale(c: ClassScaleFigure): string {
  return [
    `class scale                ${c.students} students × ${c.testsPerStudent} tests: ${c.wallSeconds.toFixed(1)} s wall, ${c.cpuSeconds.toFixed(1)} s CPU, peak RSS ${c.peakRssMB.toFixed(0)} MB (jobs ${c.jobs}, ${c.cores} cores; reports streamed to disk)`,
    `re-grade, one test changed ${c.regrade.wallSeconds.toFixed(2)} s wall = ${(c.regradeRatio * 100).toFixed(1)}% of the full run (${c.regrade.studentsFromCache}/${c.students} students from the cache; ${c.regrade.cellsRun} pairs run, ${c.regrade.cellsFromCache} from the cache)`,
  ].join('\n');
}

/** `--class-scale-only`: the runtimes compiled once, then only the class-scale figure. */
export async function runClassScale(opts: BenchOptions, log: (line: string) => void): Promise<ClassScaleFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'fox-bench-'));
  try {
    const warm = join(dir, 'warm');
    await Promise.all([createMutantToolchain({ cacheDir: warm }), createToolchain({ cacheDir: warm })]);
    return await classScaleFigure(dir, opts, warm, log);
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
