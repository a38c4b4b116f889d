// bench/agreement.ts: the comparison behind "naive vs fox-grade: N/M pairs agree".
import t from 'tap';
import { compareWithNaive, formatAgreement, formatDisagreements, modeDifferences } from '../../bench/agreement.js';
import { agreementRatio } from '../../bench/bench.js';
import type { NaiveResult } from '../../bench/naive.js';
import type { GradeResult } from '../../grader/result.js';

const fox = (tests: string[], cells: Array<Array<[string, string]>>) =>
  ({ matrix: { tests, mutants: ['m', 'n', 'o'], cells: cells.map((row) => row.map(([status, reason]) => ({ status, reason }))) } }) as unknown as GradeResult;
const naive = (cells: NaiveResult['cells'], reasons: NaiveResult['reasons'] = {}): NaiveResult => ({ valid: Object.keys(cells), cells, reasons, unconfirmedTimeouts: 0, builds: 0, runs: 0 });

t.test('detected = killed or timeout on both sides; no-coverage is a survival', async (t) => {
  const a = compareWithNaive(
    fox(['a'], [[['no-coverage', 'never calls try_gc'], ['timeout', 'timeout'], ['killed', 'wrong value']]]),
    naive({ '0:a': { m: 'survived', n: 'killed', o: 'timeout' } }),
  );
  t.same(a, { agree: 3, compared: 3, missing: 0, sameValidTests: true, disagreements: [] });
  t.equal(formatAgreement(a), '3/3 pairs');
  t.equal(agreementRatio(a), 1);
});

t.test('each disagreeing pair is listed with both reasons', async (t) => {
  const a = compareWithNaive(
    fox(['a', 'b'], [[['survived', 'survived'], ['killed', 'killed by SIGSEGV'], ['survived', 'survived']], [['survived', 'survived'], ['survived', 'survived'], ['survived', 'survived']]]),
    naive({ '0:a': { m: 'timeout', n: 'killed', o: 'survived' }, '0:b': { m: 'survived', n: 'survived', o: 'survived' } }, { '0:a': { m: 'timeout', n: 'killed by SIGSEGV' } }),
  );
  t.equal(a.agree, 5);
  t.equal(a.compared, 6);
  t.same(formatDisagreements(a), ['a × m: fox-grade survived (survived), naive timeout (timeout)']);
  t.equal(agreementRatio(a), 5 / 6);
});

t.test('different valid tests are not hidden by a perfect score on what remains', async (t) => {
  // The naive grader found 'b' valid, fox-grade did not: its pairs are on one side only.
  const a = compareWithNaive(fox(['a'], [[['killed', 'x'], ['killed', 'x'], ['killed', 'x']]]), naive({ '0:a': { m: 'killed', n: 'killed', o: 'killed' }, '0:b': { m: 'killed', n: 'killed', o: 'killed' } }));
  t.equal(a.agree, 3);
  t.equal(a.sameValidTests, false);
  t.equal(a.missing, 3);
  t.equal(formatAgreement(a), '3/3 pairs (the valid tests differ!; 3 pair(s) on one side only)');
  t.equal(agreementRatio(a), 0, 'nothing to trust');
  // A mutant the naive grader did not run.
  const b = compareWithNaive(fox(['a'], [[['killed', 'x'], ['killed', 'x'], ['killed', 'x']]]), naive({ '0:a': { m: 'killed', n: 'killed' } }));
  t.equal(b.missing, 1);
  t.equal(agreementRatio(b), 0);
});

t.test('mode differences: no-coverage equals survived; a reason that differs is listed', async (t) => {
  const shipped = [{ name: 's1', result: fox(['a'], [[['no-coverage', 'never calls try_gc'], ['killed', 'expected a value but the program failed (exit 1)'], ['killed', 'wrong value']]]) }];
  const plain = [{ name: 's1', result: fox(['a'], [[['survived', 'survived'], ['killed', 'wrong value'], ['killed', 'wrong value']]]) }];
  t.same(modeDifferences(shipped, plain), ['s1 × a × n: killed (expected a value but the program failed (exit 1)) vs killed (wrong value)']);
  t.same(modeDifferences(plain, plain), []);
  t.same(modeDifferences([{ name: 's1', error: 'x' }], plain), ['s1: graded in one run only']);
});
