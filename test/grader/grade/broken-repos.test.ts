// Student repositories are broken in many small ways. Each problem gives a clear, located
// per-test (or, when nothing can be graded, per-repo) error, and everything else is graded.
import t from 'tap';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeRepo } from '../../../grader/grade/index.js';
import { main } from '../../../grader/cli/cli.js';
import { memoryIo } from '../../../grader/cli/io.js';
import type { GradeResult } from '../../../grader/result.js';

// A small catalog and no heap search keep each grading fast; the pipeline is the same.
const fast = { jobs: 2, minimize: false, mutantIds: ['try-gc-never-collects', 'print-drops-last'], timeoutMs: 1500 };
const good = { name: 'good', code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', result: { value: '(1, 1, 1)' }, heap: 6 };

function repo(t: Tap.Test, tests: unknown, extra: Record<string, unknown> = {}) {
  const text = typeof tests === 'string' ? tests : JSON.stringify([good, ...(tests as unknown[])], null, 2);
  return t.testdir({ tests: { 'yourTests.json': text, input: {} }, ...extra });
}

const byName = (result: GradeResult, name: string) => result.tests.find((x) => x.name === name);

/** The good test is still graded (and kills the never-collecting mutant). */
function goodStillGraded(t: Tap.Test, result: GradeResult) {
  t.equal(byName(result, 'good')?.valid, true, 'the other tests are still graded');
  t.same(byName(result, 'good')?.killed, ['try-gc-never-collects', 'print-drops-last']);
}

const perTestCases: Array<[string, unknown, RegExp]> = [
  ['missing name', { code: '1', result: { value: '1' } }, /test 2.*'name'/],
  ['missing code', { name: 'nocode', result: { value: '1' } }, /test 2 'nocode'.*'code'/],
  ['missing result', { name: 'noresult', code: '1' }, /test 2 'noresult'.*'result'/],
  ['value and failure', { name: 'both', code: '1', result: { value: '1', failure: 'x' } }, /test 2 'both'.*exactly one of/],
  // (heap 0 is a 0-word heap in sp19, FOX.md §6: a valid heap; a negative one is not.)
  ['heap negative', { name: 'negative', code: '1', result: { value: '1' }, heap: -1 }, /test 2 'negative'.*'heap'/],
  ['heap absurd', { name: 'huge', code: '1', result: { value: '1' }, heap: 1e12 }, /test 2 'huge'.*'heap'/],
  ['heap fractional', { name: 'half', code: '1', result: { value: '1' }, heap: 6.5 }, /test 2 'half'.*'heap'/],
  ['unsafe name', { name: '../evil', code: '1', result: { value: '1' } }, /test 2 '\.\.\/evil'.*'name'/],
  ['not an object', 42, /test 2.*object/],
  ['missing input file', { name: 'nofile', code: 'file', result: { value: '1' } }, /nofile\.fox/],
  ['syntax error expecting a value', { name: 'syntax', code: 'let x = in 1', result: { value: '1' } }, /reference does not pass this test: expected a value but compilation failed/],
  ['wrong expected value', { name: 'wrong', code: '1 + 1', result: { value: '3' } }, /reference does not pass this test: wrong value/],
  ['a program that never ends', { name: 'forever', code: 'def f(n): f(n)\nf(1)', result: { value: '1' } }, /reference does not pass this test: .*timeout/],
];

for (const [kind, test, reason] of perTestCases) {
  t.test(`per-test problem: ${kind}`, async (t) => {
    const result = await gradeRepo(repo(t, [test]), fast);
    const invalid = result.tests.find((x) => !x.valid);
    t.ok(invalid, 'the broken test is invalid');
    t.match(invalid?.reason, reason, 'with a clear reason');
    t.equal(result.score.invalidTests, 1);
    goodStillGraded(t, result);
  });
}

t.test('a symlinked input file is refused', async (t) => {
  const dir = repo(t, [{ name: 'linked', code: 'file', result: { value: '1' } }], { outside: { 'secret.fox': '1' } });
  symlinkSync(join(dir, 'outside', 'secret.fox'), join(dir, 'tests', 'input', 'linked.fox'));
  const result = await gradeRepo(dir, fast);
  t.match(byName(result, 'linked')?.reason, /symbolic link|symlink/i);
  goodStillGraded(t, result);
});

t.test('an input directory that escapes the repo is refused', async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'fox-outside-'));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, 'escape.fox'), '1');
  const dir = t.testdir({ tests: { 'yourTests.json': JSON.stringify([good, { name: 'escape', code: 'file', result: { value: '1' } }]) } });
  symlinkSync(outside, join(dir, 'tests', 'input'));
  const result = await gradeRepo(dir, fast);
  t.match(byName(result, 'escape')?.reason, /outside|symbolic link|symlink/i);
  goodStillGraded(t, result);
});

t.test('repeated names are kept under distinct display names, with a warning', async (t) => {
  const result = await gradeRepo(repo(t, [{ ...good, heap: 7 }]), fast);
  t.same(result.tests.map((x) => x.name), ['good', 'good#2']);
  t.ok(result.tests.every((x) => x.valid));
  t.match(result.warnings.join('\n'), /good#2/);
});

t.test('unknown keys are warned about and ignored', async (t) => {
  const result = await gradeRepo(repo(t, [{ name: 'extra', code: '1', result: { value: '1' }, heapsize: 5 }]), fast);
  t.equal(byName(result, 'extra')?.valid, true);
  t.match(result.warnings.join('\n'), /unknown key 'heapsize'.*did you mean 'heap'/);
});

t.test('a malformed test file: a located warning, nothing to grade, a result all the same', async (t) => {
  const result = await gradeRepo(repo(t, '[\n  { "name": "a", "code": "1" "result": { "value": "1" } }\n]\n'), fast);
  t.same(result.tests, []);
  t.match(result.warnings.join('\n'), /yourTests\.json:2:\d+/);
  t.equal(result.score.killed, 0);
});

t.test('a test file that is not an array', async (t) => {
  const result = await gradeRepo(repo(t, '{ "name": "a" }'), fast);
  t.same(result.tests, []);
  t.match(result.warnings.join('\n'), /array/);
});

t.test('a broken tests/fox.json is reported separately and does not stop grading', async (t) => {
  const dir = repo(t, []);
  writeFileSync(join(dir, 'tests', 'fox.json'), '[ { "name": "official", "code": "1", "result": { "value": "2" } } ]');
  const result = await gradeRepo(dir, fast);
  goodStillGraded(t, result);
  t.equal(result.officialTests.length, 1);
  t.equal(result.officialTests[0].valid, false);
  t.match(result.officialTests[0].reason, /wrong value/);
});

t.test('repo-level problems: exit 2 with the reason', async (t) => {
  const dir = t.testdir({ 'file.txt': 'x', empty: {} });
  const cases: Array<[string, RegExp]> = [
    ['missing-repo', /does not exist/],
    ['file.txt', /is not a directory/],
    ['empty', /has no tests\/yourTests\.json/],
  ];
  for (const [path, message] of cases) {
    const io = memoryIo({ cwd: dir });
    const code = await main([path, '--out', join(dir, 'out'), '--no-minimize'], io);
    t.equal(code, 2, `${path}: exit 2`);
    t.match(io.err.join(''), message, `${path}: says why`);
    t.notMatch(io.err.join(''), /\n\s+at /, `${path}: no stack trace`);
  }
});
