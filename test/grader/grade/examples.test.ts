// End to end on the bundled example repos: the kill matrix, survivors and invalid tests that
// their tests were written to produce.
import t from 'tap';
import { join } from 'node:path';
import { gradeRepo } from '../../../grader/grade/index.js';
import type { GradeResult } from '../../../grader/result.js';
import { examplesDir } from '../../../reference/paths.js';

const killersOf = (result: GradeResult, id: string) => result.mutants.find((m) => m.id === id)?.killedBy;
const test = (result: GradeResult, name: string) => result.tests.find((x) => x.name === name);
const cell = (result: GradeResult, testName: string, mutantId: string) =>
  result.matrix.cells[result.matrix.tests.indexOf(testName)][result.matrix.mutants.indexOf(mutantId)];

t.test('student-strong', async (t) => {
  const result = await gradeRepo(join(examplesDir, 'student-strong'), { jobs: 2 });
  t.equal(result.repo, 'student-strong');
  t.equal(result.score.validTests, 14);
  t.equal(result.score.invalidTests, 1);
  t.equal(result.score.total, result.mutants.length);
  t.ok(result.score.total >= 30, 'the whole catalog is graded');
  t.equal(result.score.killed, result.score.total - 2, 'all but two mutants are detected');

  t.same(
    result.mutants.filter((m) => m.status === 'survived').map((m) => m.id),
    ['mark-bools-as-pointers', 'compact-size-after-move'],
    'no test holds a boolean inside a live tuple at a collection; no moved block is followed by another',
  );
  t.same(killersOf(result, 'mark-no-marked-check'), ['tower'], 'only the shared tower exposes re-walking');
  t.same(cell(result, 'tower', 'mark-no-marked-check'), { status: 'timeout', reason: 'timeout' });
  t.same(killersOf(result, 'reserve-check-off-by-one'), ['one-pair-neg']);
  t.same(test(result, 'odd-sizes')?.killedAlone.sort(), ['compact-copies-backward', 'forward-no-padding']);
  t.same(cell(result, 'drop-then-alloc', 'try-gc-never-collects').status, 'killed');
  t.match(cell(result, 'move-live', 'redirect-drops-tag').reason, /wrong value|killed by SIG|expected a value/);

  const invalid = test(result, 'wrong-guess');
  t.equal(invalid?.valid, false);
  t.equal(invalid?.reason, 'the reference does not pass this test: wrong value');
  t.same(invalid?.firstDifference, { line: 1, expected: '(2, 3, 4)', actual: '(2, 3)' });

  t.ok(test(result, 'move-live#2'), 'a repeated name is kept, with a distinct display name');
  t.match(result.warnings.join('\n'), /'move-live'.*'move-live#2'/);
  t.equal(test(result, 'nested')?.minimalHeap, 22, 'minimal heaps are found');
  t.match(test(result, 'deep-frames')?.notes.join('\n'), /no collection happens at heap 200/);
});

t.test('student-weak', async (t) => {
  const result = await gradeRepo(join(examplesDir, 'student-weak'), { jobs: 2 });
  t.equal(result.score.validTests, 4);
  t.equal(result.score.invalidTests, 2);
  t.ok(result.score.killed < result.score.total / 4, 'few mutants are detected');
  t.same(
    test(result, 'pair')?.killed,
    ['print-from-word-one', 'print-drops-last', 'elements-from-word-one'],
    'a pair without collections only kills bugs of printing and of the tuple layout',
  );
  t.match(test(result, 'pair')?.notes.join('\n'), /no collection happens at heap 100000/);
  t.match(test(result, 'collect-once')?.notes.join('\n'), /heap 8 is above the minimal heap 6/);

  const tooSmall = test(result, 'too-small');
  t.equal(tooSmall?.reason, 'the reference does not pass this test: expected a value but the program failed (exit 9)');
  t.match(tooSmall?.actual, 'out of memory: needed 4 words, but only 0 remain after collection!');
  t.match(test(result, 'typo')?.reason, /yourTests\.json:7:86: test 6 'typo': 'heap' is a string/);
  t.match(result.warnings.join('\n'), /unknown key 'heapsize' \(ignored\); did you mean 'heap'\?/);
  t.same(result.notes, [], 'a value test running out of memory does not suggest fa18 (fa18 has fewer words)');
});

t.test('killing heaps (instructor view) only when asked', async (t) => {
  const weak = join(examplesDir, 'student-weak');
  const asked = await gradeRepo(weak, { jobs: 2, killingHeaps: true });
  t.same(asked.killingHeaps, [
    { mutant: 'try-gc-off-by-one', test: 'collect-once', heap: 6 },
    { mutant: 'try-gc-keeps-old-pointer', test: 'collect-once', heap: 6 },
  ]);
  const plain = await gradeRepo(weak, { jobs: 2 });
  t.equal(plain.killingHeaps, undefined, 'students never see them by default');
  await t.rejects(gradeRepo(weak, { killingHeaps: true, minimize: false }), { code: 'E_OPTION' });
});
