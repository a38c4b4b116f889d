import { readFileSync } from 'node:fs';
import t from 'tap';
import { mutantCents, renderGradescope, splitCents, toGradescopeResults } from '../../reports/gradescope.js';
import { loadFixture, makeAjv } from '../fixtures/results/helpers.js';

const schema = JSON.parse(readFileSync(new URL('./gradescope-results.schema.json', import.meta.url), 'utf8'));

t.test('valid against the Gradescope results.json schema', async (t) => {
  const ajv = await makeAjv();
  const validate = ajv.compile(schema);
  for (const name of ['strong', 'weak'] as const) {
    for (const maxScore of [100, 7.5]) {
      const results = JSON.parse(renderGradescope(loadFixture(name), { maxScore }));
      t.ok(validate(results), `${name}, max ${maxScore}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  // The schema is not vacuous.
  t.notOk(validate({ tests: [{ name: 'x', status: 'passed' }] }), 'a score is needed somewhere');
  t.notOk(validate({ score: 1, tests: [{ status: 'ok' }] }), 'status is passed or failed');
  t.notOk(validate({ score: 1, visibility: 'public' }), 'visibility enum');
  t.notOk(validate({ score: 1, leaderbord: [] }), 'a misspelt key');
  t.ok(validate({ tests: [{ score: 1, max_score: 2, status: 'failed' }] }), 'scores on every test');
});

t.test('score, tests and leaderboard', async (t) => {
  const strong = toGradescopeResults(loadFixture('strong'));
  t.equal(strong.score, 91.18);
  t.equal(toGradescopeResults(loadFixture('strong'), { maxScore: 50 }).score, 45.59);
  t.equal(toGradescopeResults(loadFixture('weak'), { maxScore: 10 }).score, 2.94);
  t.equal(strong.tests.length, 34 + 13);
  t.same(strong.leaderboard, [{ name: 'Thoroughness', value: 91.2, order: 'desc' }]);
  t.equal(strong.visibility, 'visible');
  t.equal(strong.stdout_visibility, 'hidden');
  t.match(strong.output, /^31\/34 mutants detected \(91\.2%\) by 12 valid tests; 1 invalid\./);
  const mark1 = strong.tests[0];
  t.same(
    { name: mark1.name, score: mark1.score, max_score: mark1.max_score, status: mark1.status, number: mark1.number },
    { name: 'Mutant mark-1 (mark): Mark does not follow tuple elements', score: 2.95, max_score: 2.95, status: 'passed', number: '1.1' },
  );
  const survivor = strong.tests.find((x) => x.name.startsWith('Mutant compact-1'))!;
  t.same([survivor.status, survivor.score], ['failed', 0]);
  t.match(survivor.output, /Hint: Can a correct program ever read the freed space\?/);
  const invalid = strong.tests.find((x) => x.name === 'Your test gc-0-heap5')!;
  t.equal(invalid.status, 'failed');
  t.equal(invalid.score, undefined, 'student tests are not scored');
  t.match(invalid.output, /Invalid: this test does not count\. the reference implementation fails this test/);
  t.match(invalid.output, /The reference produced: out of memory/);
  const valid = strong.tests.find((x) => x.name === 'Your test list-sum-tight')!;
  t.equal(valid.status, 'passed');
  t.match(valid.output, /Only this test detects: mark-5, forward-3, forward-4, try_gc-4\.\nheap 24, minimal heap 24, 3 collections\./);
  const passed = strong.tests.filter((x) => x.score !== undefined).reduce((sum, x) => sum + x.score!, 0);
  t.equal(Math.round(passed * 100), Math.round(strong.score * 100), 'mutant scores add up to the score');
});

t.test('reveal applies to mutant names and output', async (t) => {
  const none = toGradescopeResults(loadFixture('strong'), { reveal: 'none' });
  t.equal(none.tests[0].name, 'Mutant mark-1 (mark)');
  t.notMatch(JSON.stringify(none), /Hint:|No caboose/);
  const full = toGradescopeResults(loadFixture('weak'));
  t.match(full.tests[0].output, /Description: mark sets the mark bit/);
});

t.test('an empty result scores 0, not NaN', async (t) => {
  const result = loadFixture('weak');
  result.mutants = [];
  result.score = { ...result.score, killed: 0, total: 0, thoroughness: 0, byPhase: {} };
  const out = toGradescopeResults(result);
  t.equal(out.score, 0);
  t.notMatch(renderGradescope(result), /NaN|null/);
});

t.test('mutant points add up exactly to the displayed score and to maxScore', async (t) => {
  const cents = (n: number) => Math.round(n * 100);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const base = loadFixture('strong');
  // The cases of issue 11: 39 mutants, 37 detected, out of 100 (94.87); 39 of which 25 out of 150 (96.15…).
  const catalog = (total: number, killed: number) => {
    const result = loadFixture('strong');
    result.mutants = Array.from({ length: total }, (_, j) => ({ ...base.mutants[j % base.mutants.length], id: `m-${j}`, status: j < killed ? ('killed' as const) : ('survived' as const) }));
    result.score = { ...result.score, killed, total, thoroughness: killed / total };
    return result;
  };
  const cases: Array<[number, number, number]> = [[39, 37, 100], [39, 25, 150], [34, 31, 100], [34, 1, 10], [7, 3, 7.5], [3, 3, 100], [3, 0, 100], [39, 38, 64.1]];
  for (const [total, killed, maxScore] of cases) {
    const out = toGradescopeResults(catalog(total, killed), { maxScore });
    const mutantTests = out.tests.filter((x) => x.max_score !== undefined);
    t.equal(out.score, Math.round((killed / total) * maxScore * 100) / 100, `${killed}/${total} of ${maxScore}: the displayed score`);
    t.equal(sum(mutantTests.map((x) => cents(x.score!))), cents(out.score), `${killed}/${total} of ${maxScore}: parts add up to the score`);
    t.equal(sum(mutantTests.map((x) => cents(x.max_score!))), cents(maxScore), `${killed}/${total} of ${maxScore}: maxima add up to maxScore`);
    const share = (maxScore * 100) / total;
    t.ok(mutantTests.every((x) => Math.abs(cents(x.max_score!) - share) < 1), 'each part within a cent of an equal share');
    t.ok(mutantTests.every((x) => Number.isInteger(cents(x.max_score!)) && x.max_score === cents(x.max_score!) / 100), 'two decimals, no float noise');
    t.ok(mutantTests.every((x) => (x.status === 'passed' ? x.score === x.max_score : x.score === 0)));
  }
  // Per-mutant rounding would not add up here: 37 × 2.56 = 94.72 against 94.87.
  t.not(37 * Math.round((100 / 39) * 100), cents(toGradescopeResults(catalog(39, 37)).score));
  t.same(splitCents(10, 3), [4, 3, 3]);
  t.same(mutantCents([true, false, true, false], 10), [250, 250, 250, 250]);
  t.same(mutantCents([true, false, true], 1), [34, 33, 33]);
});
