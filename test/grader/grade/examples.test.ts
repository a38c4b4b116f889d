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
  // No heap makes a collection happen in these: no "try heap N" advice for them.
  t.match(test(result, 'pair')?.notes.join('\n'), /nor at any heap at which this test passes/);
  t.notMatch(test(result, 'pair')?.notes.join('\n'), /try "heap"/);
  t.notMatch(test(result, 'add')?.notes.join('\n'), /try "heap"/, 'a program that allocates nothing');
  t.match(test(result, 'collect-once')?.notes.join('\n'), /try "heap": 6/, 'a test that collects at its minimal heap keeps the advice');
  t.match(test(result, 'collect-once')?.notes.join('\n'), /heap 8 is larger than 6, the smallest heap at which this test passes/);

  const tooSmall = test(result, 'too-small');
  t.equal(tooSmall?.reason, 'the reference does not pass this test: expected a value but the program failed (exit 9)');
  t.match(tooSmall?.actual, 'out of memory: needed 4 words, but only 0 remain after collection!');
  t.same(tooSmall?.notes, ['heap 8 is too small for this test: the reference passes it from heap 12; try "heap": 12'], 'the search says which heap passes');
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

t.test('dialects: an fa18 repo is valid as fa18, and graded as sp19 the report points at fa18', async (t) => {
  // The fa18 offering's gc-0: heap 8 (2 words lost to the rounded heap start), and its own
  // message for an allocation too large for the empty heap, matched case-insensitively.
  const code = 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)';
  const repo = t.testdir({
    tests: {
      'yourTests.json': JSON.stringify([
        { name: 'gc-0', code, result: { value: '(1, 1, 1)' }, heap: 8 },
        { name: 'gc-0-neg', code, result: { failure: 'Allocation of 6 words too large' }, heap: 7 },
        { name: 'gc-0-oom', code: 'let a = (1, 2), b = (3, 4) in (a, b)', result: { failure: 'OUT OF MEMORY' }, heap: 13 },
      ]),
    },
  });
  const fast = { jobs: 2, mutantIds: ['try-gc-never-collects', 'tail-call-as-call'] };
  const fa18 = await gradeRepo(repo, { ...fast, dialect: 'fa18' });
  t.equal(fa18.dialect, 'fa18', 'the result records the dialect');
  t.same(fa18.tests.map((x) => [x.name, x.valid]), [['gc-0', true], ['gc-0-neg', true], ['gc-0-oom', true]]);
  t.equal(test(fa18, 'gc-0')?.minimalHeap, 8, 'fa18 heaps are 2 words larger');
  t.same(fa18.notes, []);

  const sp19 = await gradeRepo(repo, { ...fast, dialect: 'sp19' });
  t.equal(test(sp19, 'gc-0')?.valid, true, 'a value test still passes with more room');
  t.equal(test(sp19, 'gc-0-oom')?.valid, false, 'the out-of-memory test at the fa18 heap prints a value under sp19');
  t.match(sp19.notes.join('\n'), /gc-0-oom.*fa18 offering.*try --dialect fa18/);
});

t.test('a minimal-heap search that finds a failing heap above the minimal one becomes a note', async (t) => {
  const result = await gradeRepo(
    join(examplesDir, 'student-weak'),
    { jobs: 2, mutantIds: ['print-drops-last'] },
    { minimalHeapSearch: async () => ({ minimalHeap: 6, runs: 2, failsAbove: { heap: 9, seed: 7, path: '0:1' } }) },
  );
  t.match(test(result, 'collect-once')?.notes.join('\n'), 'passes at heap 6 but fails at the larger heap 9: its outcome does not grow monotonically with the heap (replay: seed 7, path 0:1)');
  t.match(test(result, 'collect-once')?.notes.join('\n'), /heap 8 is larger than 6/);
});
