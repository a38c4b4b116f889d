// grader/grade/: one repository's grade, as numbered phases. May import: reference/, suites/,
// mutants/, grader/collector/, grader/heap/, grader/witness/, grader/result.ts. Not reports/ (the
// CLI chooses reporters) nor class/ or cli/, which sit above it.
//
// gradeRepo: the product's main job, as the numbered phases of grader/grade/ handing off to
// each other: load → validate → build → reference run → mutant runs → score → report.
// The offering (dialect) is decided per repository first (grade/dialect.ts), so a class run
// grades each student in their own offering.
import { createToolchain } from '../../suites/execute.js';
import { gradeCollector } from '../collector/grade-collector.js';
import type { Dialect, GradeResult } from '../result.js';
import { loadRepo, repoRoot } from './1-load.js';
import { validateTests } from './2-validate.js';
import { buildTests } from './3-build.js';
import { runReference, type MinimalHeapSearch, type ReferenceTestRun } from './4-reference-run.js';
import { runMutants } from './5-mutant-runs.js';
import { score } from './6-score.js';
import { findKillingHeaps } from './6b-killing-heaps.js';
import { findWitnessHints } from './6c-witnesses.js';
import { assembleResult, suggestedDialect, type GradedFile } from './7-report.js';
import { defaultMinimalHeapSearch, sharedCatalogEngine } from './defaults.js';
import { dialectFromFiles, explicitDialect, type DialectChoice } from './dialect.js';
import type { MutantEngine } from './engine.js';
import { resolveGradeOptions, type GradeOptions, type GradeStep, type ResolvedGradeOptions } from './options.js';
import { recordInto, throwIfToolchainWide } from './internal-error.js';
import { createPool, type Pool } from './pool.js';

export type { GradeOptions, GradeStep, ProgressEvent } from './options.js';

/** Parts a caller may supply: a class run shares one engine and one pool across students. */
export interface GradeDependencies {
  /** Used when its dialect is the repository's (or it has none); otherwise one is built (once per process). */
  engine?: MutantEngine;
  /** The engine for the dialect this repo is graded in (a class shares one per dialect); `engine` wins. */
  engineFor?: (dialect: Dialect) => Promise<MutantEngine>;
  pool?: Pool;
  minimalHeapSearch?: MinimalHeapSearch;
  /** How a test runs on the reference (phase 4); the CLI and class put the result cache in front. */
  referenceRun?: ReferenceTestRun;
}

export async function gradeRepo(path: string, options: GradeOptions = {}, deps: GradeDependencies = {}): Promise<GradeResult> {
  const opts = resolveGradeOptions(options);
  const pool = deps.pool ?? createPool(opts.jobs);
  const root = repoRoot(path);

  // 0. the offering: --dialect, else the repository's own files, else the invalid tests' verdict
  const decided = options.dialect !== undefined ? explicitDialect(options.dialect) : dialectFromFiles(root);
  let result: GradeResult;
  if (decided) {
    result = await gradeAs(path, opts, decided, pool, deps);
  } else {
    result = await gradeAs(path, opts, { dialect: 'sp19', by: 'default', reason: '' }, pool, deps);
    const other = suggestedDialect(result);
    if (other !== undefined) {
      const second = await gradeAs(path, opts, { dialect: other, by: 'invalid tests', reason: '' }, pool, deps);
      const first = invalidCount(result);
      const better = invalidCount(second) < first;
      const chosen = better ? second : result;
      const reason = better
        ? `${other}: neither tests/fox.json nor c-bits/main.c tells the offering; graded as sp19, ${first} test(s) were invalid, ` +
          `some expecting to run out of memory where the reference did not; graded as ${other}, ${invalidCount(second)}`
        : `sp19: neither tests/fox.json nor c-bits/main.c tells the offering; invalid tests suggested ${other}, ` +
          `but graded as ${other} ${invalidCount(second)} test(s) are invalid against ${first} as sp19`;
      // Both offerings were tried: the "try --dialect" note has been acted on.
      result = { ...chosen, dialectReason: reason, notes: chosen.notes.filter((n) => !n.includes('try --dialect')) };
    } else {
      result = {
        ...result,
        dialectReason: 'sp19 (the default): neither tests/fox.json nor c-bits/main.c tells the offering, and no invalid test suggests fa18',
      };
    }
  }

  // 8. the student's own collector (with --gc), in the offering chosen
  const collectorStart = performance.now();
  const collector = opts.collector
    ? await gradeCollector(root, { dialect: result.dialect, jobs: opts.jobs, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs, ...opts.collector })
    : undefined;
  if (collector) opts.onStep?.('collector', performance.now() - collectorStart);
  return { ...result, ...(collector ? { collector } : {}) };
}

/** Invalid tests of both files (the official copy's tell the offering as well as the student's). */
function invalidCount(r: GradeResult): number {
  return [...r.tests, ...r.officialTests].filter((t) => !t.valid).length;
}

/** Phases 1–7 (and 6b) in one offering. */
async function gradeAs(path: string, opts: ResolvedGradeOptions, choice: DialectChoice, pool: Pool, deps: GradeDependencies): Promise<GradeResult> {
  const dialect: Dialect = choice.dialect;
  const report = (phase: 'reference' | 'mutants') => (done: number, total: number) => opts.onProgress?.({ phase, done, total });
  let stepStart = performance.now();
  const step = (name: GradeStep) => {
    const now = performance.now();
    opts.onStep?.(name, now - stepStart);
    stepStart = now;
  };

  // 1. load
  const repo = loadRepo(path, dialect);
  const tc = await createToolchain({ dialect, cacheDir: opts.cacheDir, timeoutMs: opts.timeoutMs });
  const engine = deps.engineFor
    ? await deps.engineFor(dialect)
    : deps.engine && (deps.engine.dialect === undefined || deps.engine.dialect === dialect)
      ? deps.engine
      : await sharedCatalogEngine({ ...opts, dialect });
  const mutants = engine.mutants;
  const search = opts.minimize ? (deps.minimalHeapSearch ?? defaultMinimalHeapSearch) : undefined;
  step('load');

  // 2. validate
  const student = validateTests(repo.student);
  const official = repo.official ? validateTests(repo.official) : undefined;
  step('validate');

  // A test on which fox-grade itself fails (any exception) becomes invalid with an internal error;
  // the others are graded and the report is written.
  const studentFailed = recordInto(student.invalid);
  const officialFailed = recordInto(official?.invalid ?? new Map());

  // 3. build
  const builtStudent = await buildTests(student.runnable, tc, engine, pool, studentFailed);
  const builtOfficial = official ? await buildTests(official.runnable, tc, engine, pool, officialFailed) : [];
  step('build');

  // 4. reference run: the validity gate
  const referenceTotal = builtStudent.length + builtOfficial.length;
  let studentRuns = await runReference(builtStudent, tc, pool, { search, run: deps.referenceRun }, (done) => report('reference')(done, referenceTotal), studentFailed);
  const officialRuns = await runReference(builtOfficial, tc, pool, { run: deps.referenceRun }, (done) => report('reference')(builtStudent.length + done, referenceTotal), officialFailed);
  throwIfToolchainWide(studentFailed.errors, student.runnable.length);
  let valid = studentRuns.filter((r) => r.verdict.pass);
  step('reference');

  // 5. mutant runs: the kill matrix (a test whose runs threw leaves it, and the valid tests)
  const rows = await runMutants(valid, engine, mutants, pool, report('mutants'), studentFailed);
  const dropped = new Set(valid.filter((_, i) => rows[i] === undefined));
  studentRuns = studentRuns.filter((r) => !dropped.has(r));
  valid = valid.filter((r) => !dropped.has(r));
  const cells = rows.filter((row): row is NonNullable<typeof row> => row !== undefined);
  const validNames = valid.map((r) => r.built.test.displayName);
  step('mutants');

  // 6. score
  const scored = score(validNames, mutants, cells, repo.student.tests.length - valid.length);
  step('score');

  // 6b. killing heaps (instructors only)
  const killingHeaps = opts.killingHeaps ? await findKillingHeaps(valid, engine, mutants, scored, pool) : undefined;
  if (killingHeaps) step('killing-heaps');
  // 6c. witness tests of the survivors (instructors only)
  const survivors = mutants.filter((_, j) => scored.killedBy[j].length === 0).map((m) => m.id);
  const witnesses = opts.witnesses ? await findWitnessHints(survivors, { dialect, jobs: opts.jobs, cacheDir: opts.cacheDir }) : undefined;

  // 7. report
  const studentFile: GradedFile = { validated: student, reference: studentRuns };
  const officialFile: GradedFile | undefined = official && { validated: official, reference: officialRuns };
  const result = assembleResult({ repo, dialect, reveal: opts.reveal, student: studentFile, official: officialFile, mutants, validNames, cells, scored });
  step('assemble');
  return { ...result, dialectReason: choice.reason, ...(killingHeaps ? { killingHeaps } : {}), ...(witnesses ? { witnesses } : {}) };
}
