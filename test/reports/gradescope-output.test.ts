// What a student reads on Gradescope, entry by entry, checked against the result it comes from
// (StrykerJS found these texts unchecked: npm run mutate, area "reporters").
import t from 'tap';
import type { GradeResult, TestResult } from '../../grader/result.js';
import { splitCents, toGradescopeResults } from '../../reports/gradescope.js';
import { loadFixture } from '../fixtures/results/helpers.js';

const lines = (text: string) => text.split('\n');

t.test('each mutant entry: who detects it, or the hint that would; numbered and tagged by phase and kind', async (t) => {
  const result = loadFixture('medium');
  const gs = toGradescopeResults(result, { reveal: 'full' });
  result.mutants.forEach((m, j) => {
    const entry = gs.tests[j];
    t.equal(entry.number, `1.${j + 1}`);
    t.same(entry.tags, [m.phase, m.kind]);
    const out = lines(entry.output);
    if (m.status === 'killed') {
      t.equal(entry.status, 'passed');
      t.equal(out[0], `Detected by ${m.killedBy!.join(', ')}.`, `${m.id}: the detecting tests`);
      t.notOk(out.some((l) => l.startsWith('Hint: ')), `${m.id}: no hint for a detected mutant`);
    } else {
      t.equal(entry.status, 'failed');
      t.equal(out[0], 'Survived: no valid test detects this mutant.');
      t.ok(out.includes(`Hint: ${m.hint}`), `${m.id}: the hint`);
    }
    t.ok(out.includes(`Description: ${m.description}`), `${m.id}: the description at reveal full`);
  });
  const titles = toGradescopeResults(result, { reveal: 'titles' });
  t.ok(titles.tests.slice(0, result.mutants.length).every((e) => !e.output.includes('Description: ')), 'no description below reveal full');
});

t.test("each student test: numbered after the mutants, tagged valid or invalid, with what it detects and its heap", async (t) => {
  const result = loadFixture('medium');
  const gs = toGradescopeResults(result);
  const n = result.mutants.length;
  result.tests.forEach((test, i) => {
    const entry = gs.tests[n + i];
    t.equal(entry.name, `Your test ${test.name}`);
    t.equal(entry.number, `2.${i + 1}`);
    t.same(entry.tags, [test.valid ? 'valid' : 'invalid']);
    const out = lines(entry.output);
    if (test.killed.length === 0) t.equal(out[0], 'Valid, but it detects no mutant.');
    else t.equal(out[0], `Valid. Detects ${test.killed.length} mutant${test.killed.length === 1 ? '' : 's'}: ${test.killed.join(', ')}.`);
    const alone = out.find((l) => l.startsWith('Only this test detects: '));
    if (test.killedAlone.length > 0) t.equal(alone, `Only this test detects: ${test.killedAlone.join(', ')}.`);
    else t.equal(alone, undefined, `${test.name}: nothing only it detects`);
    const heap = out.find((l) => l.startsWith('heap '))!;
    t.match(heap, new RegExp(`^heap ${test.heap}[,.]`));
    if (typeof test.minimalHeap === 'number') t.match(heap, `minimal heap ${test.minimalHeap}`);
    else t.notMatch(heap, 'minimal heap', `${test.name}: no minimal heap known, none shown`);
    if (test.collections !== null) t.match(heap, `${test.collections} collection`);
  });
});

t.test('an invalid test says why, what it expected, what the reference produced, and where they differ', async (t) => {
  const result = loadFixture('medium');
  const invalid: TestResult = {
    ...result.tests[0],
    valid: false,
    reason: 'the reference does not pass it',
    expected: { kind: 'value', text: '(1, 2)' },
    actual: '(1, 3)',
    firstDifference: { line: 1, expected: '(1, 2)', actual: '(1, 3)' },
    killed: [],
    killedAlone: [],
  };
  const failing: TestResult = { ...invalid, name: 'oom', reason: undefined, expected: { kind: 'failure', text: 'out of memory' }, actual: undefined, firstDifference: undefined };
  const withInvalid: GradeResult = { ...result, tests: [invalid, failing], score: { ...result.score, invalidTests: 2 } };
  const gs = toGradescopeResults(withInvalid);
  const n = result.mutants.length;
  t.same(lines(gs.tests[n].output), [
    'Invalid: this test does not count. the reference does not pass it',
    'Expected value: (1, 2)',
    'The reference produced: (1, 3)',
    'First difference, line 1: expected "(1, 2)", got "(1, 3)"',
  ]);
  t.same(gs.tests[n].tags, ['invalid']);
  t.equal(gs.tests[n].status, 'failed');
  t.same(lines(gs.tests[n + 1].output), ['Invalid: this test does not count.', 'Expected failure containing: out of memory'], 'no reason, nothing produced: no empty parts');
  t.match(gs.output, /\nInvalid tests do not count: the reference implementation must pass a test for it to count\./);
  t.notMatch(toGradescopeResults(result).output, 'Invalid tests do not count', 'said only when a test is invalid');
});

t.test('the summary: the count, the phases, and warnings and notes only when there are some', async (t) => {
  const result = loadFixture('medium');
  const out = lines(toGradescopeResults(result).output);
  const s = result.score;
  t.match(out[0], `${s.killed}/${s.total} mutants detected`);
  t.equal(out[1], `By phase: ${Object.entries(s.byPhase).map(([phase, p]) => `${phase} ${p.killed}/${p.total}`).join(', ')}.`);
  const quiet = lines(toGradescopeResults({ ...result, warnings: [], notes: [] }).output);
  t.notOk(quiet.includes('Warnings:') || quiet.includes('Notes:'), 'no empty sections');
  t.notOk(quiet.includes(''), 'no blank line without a section');
  const busy = lines(toGradescopeResults({ ...result, warnings: ['w one', 'w two'], notes: ['n one'] }).output);
  const w = busy.indexOf('Warnings:');
  t.same(busy.slice(w - 1, w + 3), ['', 'Warnings:', '- w one', '- w two']);
  const notes = busy.indexOf('Notes:');
  t.same(busy.slice(notes - 1, notes + 2), ['', 'Notes:', '- n one']);
});

t.test('extra_data and the score of an empty catalog', async (t) => {
  const result = loadFixture('medium');
  const gs = toGradescopeResults(result);
  t.same(gs.extra_data, {
    tool: `${result.tool.name} ${result.tool.version}`,
    repo: result.repo,
    dialect: result.dialect,
    killed: result.score.killed,
    total: result.score.total,
    validTests: result.score.validTests,
    invalidTests: result.score.invalidTests,
    thoroughness: result.score.thoroughness,
  });
  const empty = toGradescopeResults({ ...result, mutants: [], score: { ...result.score, killed: 0, total: 0, thoroughness: 0 } }, { maxScore: 10 });
  t.equal(empty.score, 0);
});

t.test('splitCents gives exactly `count` parts, none when there is nothing to split into', async (t) => {
  t.same(splitCents(0, 0), []);
  t.same(splitCents(100, 3), [34, 33, 33]);
});

t.test('a valid test that detects nothing says so; no collection count when the reference did not run it', async (t) => {
  const result = loadFixture('medium');
  const idle: TestResult = { ...result.tests[0], valid: true, killed: [], killedAlone: [], collections: null, minimalHeap: null };
  const bare: TestResult = { ...result.tests[0], valid: false, reason: 'a file problem', expected: undefined, actual: undefined, firstDifference: undefined, killed: [], killedAlone: [] };
  const gs = toGradescopeResults({ ...result, tests: [idle, bare] });
  const n = result.mutants.length;
  t.same(lines(gs.tests[n].output), ['Valid, but it detects no mutant.', `heap ${idle.heap}.`, ...idle.notes]);
  t.same(lines(gs.tests[n + 1].output), ['Invalid: this test does not count. a file problem'], 'nothing expected, nothing shown');
});

t.test("the points of the detected mutants add up to the score; the others' to the rest", async (t) => {
  const result = loadFixture('medium');
  const gs = toGradescopeResults(result, { maxScore: 100 });
  const entries = gs.tests.slice(0, result.mutants.length);
  const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
  t.equal(sum(entries.filter((e) => e.status === 'passed').map((e) => e.score!)), gs.score);
  t.equal(gs.score, Math.round(result.score.thoroughness * 10000) / 100);
  t.ok(entries.filter((e) => e.status === 'failed').every((e) => e.score === 0 && e.max_score! > 0), 'a survivor scores nothing of its share');
});

t.test('a half cent rounds once: the score is thoroughness × maxScore to the cent, whatever the split', async (t) => {
  // 1 of 32 detected at 100 points: 3.125 points. Rounding the detected share and the rest's
  // share separately would give 3.13 + 96.88 = 100.01, so the rest is what is left.
  const result = loadFixture('medium');
  const killed = result.mutants.find((m) => m.status === 'killed')!;
  const survived = result.mutants.find((m) => m.status !== 'killed')!;
  const mutants = [killed, ...Array.from({ length: 31 }, (_, i) => ({ ...survived, id: `${survived.id}-${i}` }))];
  const gs = toGradescopeResults({ ...result, mutants, score: { ...result.score, killed: 1, total: 32, thoroughness: 1 / 32 } }, { maxScore: 100 });
  t.equal(gs.score, 3.13);
  t.equal(gs.tests[0].score, 3.13, 'the one detected mutant carries the whole score');
  const rest = gs.tests.slice(1, 32).reduce((sum, e) => sum + Math.round(e.max_score! * 100), 0);
  t.equal(rest, 9687, 'the survivors share the rest: 96.87 points, so the whole is exactly 100');
});
