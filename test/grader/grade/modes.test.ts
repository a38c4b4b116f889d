// Coverage analysis and split-stream execution change how a grading runs, never what it finds:
// the result objects of every mode are the same once `no-coverage` cells are read as survived
// (plain mode runs those pairs and they survive). Checked on the benchmark's quick class and on
// the strong example (whose shared tower makes a mutant time out).
import t from 'tap';
import { join } from 'node:path';
import { generateClass, writeClass } from '../../../bench/class.js';
import { gradeClass } from '../../../grader/class/grade-class.js';
import { gradeRepo } from '../../../grader/grade/index.js';
import type { Cell, GradeResult } from '../../../grader/result.js';
import { examplesDir } from '../../../reference/paths.js';

const plainCells = (result: GradeResult) =>
  result.matrix.cells.map((row) => row.map((c): Cell => (c.status === 'no-coverage' ? { status: 'survived', reason: 'survived' } : c)));
const asPlain = (result: GradeResult | undefined) => result && { ...result, matrix: { ...result.matrix, cells: plainCells(result) } };
const reasons = (results: (GradeResult | undefined)[]) =>
  new Set(results.flatMap((r) => (r?.matrix.cells ?? []).flat().filter((c) => c.status === 'no-coverage').map((c) => c.reason)));

const modes = {
  plain: { coverage: false, splitStream: false },
  coverage: { coverage: true, splitStream: false },
  split: { coverage: false, splitStream: true },
  shipped: {},
};

t.test('the benchmark quick class: every mode gives the plain result', async (t) => {
  const dir = t.testdir();
  const paths = writeClass(dir, generateClass({ seed: 1, repos: 2, testsPerRepo: 10 }));
  const cacheDir = join(dir, '.cache');
  const graded: Record<string, (GradeResult | undefined)[]> = {};
  for (const [mode, options] of Object.entries(modes)) {
    const { members } = await gradeClass(paths, { jobs: 2, cacheDir, keepFullResults: true, ...options });
    t.same(members.map((m) => m.error), [undefined, undefined], `${mode}: both repos graded`);
    graded[mode] = members.map((m) => m.result);
  }
  t.same(reasons(graded.plain), new Set(), 'plain mode runs every pair');
  t.same(reasons(graded.split), new Set(), 'split-stream alone skips nothing');
  t.same(reasons(graded.coverage), new Set(['never calls try_gc', 'mutated code not reached', 'same code for this program']), 'all three reasons occur');
  for (const mode of ['coverage', 'split', 'shipped']) {
    t.same(graded[mode].map(asPlain), graded.plain, `${mode} = plain, no-coverage read as survived`);
  }
  t.same(graded.shipped, graded.coverage, 'split-stream changes nothing at all under coverage');
  const runCells = (results: (GradeResult | undefined)[]) => results.flatMap((r) => r!.matrix.cells.flat()).filter((c) => c.status !== 'no-coverage').length;
  t.ok(runCells(graded.shipped) < runCells(graded.plain), `fewer runs with coverage: ${runCells(graded.shipped)} of ${runCells(graded.plain)}`);
});

t.test('student-strong (a mutant times out): split-stream and coverage give the plain result', async (t) => {
  const repo = join(examplesDir, 'student-strong');
  const cacheDir = t.testdir();
  const plain = await gradeRepo(repo, { jobs: 2, cacheDir, ...modes.plain });
  const shipped = await gradeRepo(repo, { jobs: 2, cacheDir });
  const split = await gradeRepo(repo, { jobs: 2, cacheDir, ...modes.split });
  t.same(split, plain, 'split-stream alone: identical');
  t.same(asPlain(shipped), plain, 'coverage + split-stream: identical but for no-coverage cells');
  const cell = (r: GradeResult, test: string, id: string) => r.matrix.cells[r.matrix.tests.indexOf(test)][r.matrix.mutants.indexOf(id)];
  t.same(cell(shipped, 'tower', 'mark-no-marked-check'), { status: 'timeout', reason: 'timeout' }, 'the timeout inside a split run');
  t.same(cell(shipped, 'deep-frames', 'mark-skips-nested'), { status: 'no-coverage', reason: 'never calls try_gc' });
});
