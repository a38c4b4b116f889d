// gradeRepo: the product's main job, as the numbered phases of grader/grade/ handing off to
// each other: load → validate → build → reference run → mutant runs → score → report.
import { createToolchain } from '../execute.js';
import { gradeCollector } from '../student-gc.js';
import type { GradeResult } from '../result.js';
import { loadRepo } from './1-load.js';
import { validateTests } from './2-validate.js';
import { buildTests } from './3-build.js';
import { runReference, type MinimalHeapSearch } from './4-reference-run.js';
import { runMutants } from './5-mutant-runs.js';
import { score } from './6-score.js';
import { findKillingHeaps } from './6b-killing-heaps.js';
import { assembleResult, type GradedFile } from './7-report.js';
import { createCatalogEngine, defaultMinimalHeapSearch } from './defaults.js';
import type { MutantEngine } from './engine.js';
import { resolveGradeOptions, type GradeOptions, type GradeStep } from './options.js';
import { createPool, type Pool } from './pool.js';

export type { GradeOptions, GradeStep, ProgressEvent } from './options.js';

/** Parts a caller may supply: a class run shares one engine and one pool across students. */
export interface GradeDependencies {
  engine?: MutantEngine;
  pool?: Pool;
  minimalHeapSearch?: MinimalHeapSearch;
}

export async function gradeRepo(path: string, options: GradeOptions = {}, deps: GradeDependencies = {}): Promise<GradeResult> {
  const opts = resolveGradeOptions(options);
  const pool = deps.pool ?? createPool(opts.jobs);
  const report = (phase: 'reference' | 'mutants') => (done: number, total: number) => opts.onProgress?.({ phase, done, total });
  let stepStart = performance.now();
  const step = (name: GradeStep) => {
    const now = performance.now();
    opts.onStep?.(name, now - stepStart);
    stepStart = now;
  };

  // 1. load
  const repo = loadRepo(path);
  const tc = await createToolchain({ dialect: opts.dialect, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs });
  const engine = deps.engine ?? (await createCatalogEngine(opts));
  const mutants = engine.mutants;
  const search = opts.minimize ? (deps.minimalHeapSearch ?? defaultMinimalHeapSearch) : undefined;
  step('load');

  // 2. validate
  const student = validateTests(repo.student);
  const official = repo.official ? validateTests(repo.official) : undefined;
  step('validate');

  // 3. build
  const builtStudent = await buildTests(student.runnable, tc, engine, pool);
  const builtOfficial = official ? await buildTests(official.runnable, tc, engine, pool) : [];
  step('build');

  // 4. reference run: the validity gate
  const referenceTotal = builtStudent.length + builtOfficial.length;
  const studentRuns = await runReference(builtStudent, tc, pool, search, (done) => report('reference')(done, referenceTotal));
  const officialRuns = await runReference(builtOfficial, tc, pool, undefined, (done) => report('reference')(builtStudent.length + done, referenceTotal));
  const valid = studentRuns.filter((r) => r.verdict.pass);
  const validNames = valid.map((r) => r.built.test.displayName);
  step('reference');

  // 5. mutant runs: the kill matrix
  const cells = await runMutants(valid, engine, mutants, pool, report('mutants'));
  step('mutants');

  // 6. score
  const scored = score(validNames, mutants, cells, repo.student.tests.length - valid.length);
  step('score');

  // 6b. killing heaps (instructors only)
  const killingHeaps = opts.killingHeaps ? await findKillingHeaps(valid, engine, mutants, scored, pool) : undefined;
  if (killingHeaps) step('killing-heaps');

  // 7. report
  const studentFile: GradedFile = { validated: student, reference: studentRuns };
  const officialFile: GradedFile | undefined = official && { validated: official, reference: officialRuns };
  const result = assembleResult({ repo, dialect: opts.dialect, reveal: opts.reveal, student: studentFile, official: officialFile, mutants, validNames, cells, scored });
  step('assemble');

  // 8. the student's own collector (with --gc)
  const collector = opts.collector
    ? await gradeCollector(repo.root, { dialect: opts.dialect, jobs: opts.jobs, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs, ...opts.collector })
    : undefined;
  if (collector) step('collector');
  return { ...result, ...(collector ? { collector } : {}), ...(killingHeaps ? { killingHeaps } : {}) };
}
