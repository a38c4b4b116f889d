// Phase 6: the kill matrix becomes a student's score. Hand-checked matrices first, then the same
// rules checked by fast-check against a direct count over random matrices.
import fc from 'fast-check';
import t from 'tap';
import { detects, score } from '../../../grader/grade/6-score.js';
import type { CatalogMutant } from '../../../grader/grade/engine.js';
import type { Cell, CellStatus, MutantPhase } from '../../../grader/result.js';

const mutant = (id: string, phase: MutantPhase = 'mark'): CatalogMutant => ({ id, title: id, phase, kind: 'runtime', description: '', hint: '' });
const cell = (status: CellStatus): Cell => ({ status, reason: status });
const K = cell('killed');
const T = cell('timeout');
const S = cell('survived');
const N = cell('no-coverage');

t.test('a kill and a timeout detect a mutant; a survival and a skipped run do not', async (t) => {
  t.equal(detects(K), true);
  t.equal(detects(T), true);
  t.equal(detects(S), false);
  t.equal(detects(N), false);
});

t.test('a hand-checked matrix: who detects what, who alone, per phase', async (t) => {
  const mutants = [mutant('m1', 'mark'), mutant('m2', 'mark'), mutant('m3', 'compact'), mutant('m4', 'compact')];
  // rows: tests, columns: mutants
  const cells = [
    [K, S, T, N], // a: m1, m3 (m3 by a timeout)
    [K, S, N, S], // b: m1 only, which a also detects
    [S, S, S, K], // c: m4, alone
  ];
  const r = score(['a', 'b', 'c'], mutants, cells, 2);
  t.same(r.killedBy, [['a', 'b'], [], ['a'], ['c']], 'per mutant, the detecting tests in test order');
  t.same(r.killed, [['m1', 'm3'], ['m1'], ['m4']], 'per test, the mutants it detects in catalog order');
  t.same(r.killedAlone, [['m3'], [], ['m4']], 'a mutant two tests detect is nobody’s alone');
  t.same(r.score, {
    killed: 3,
    total: 4,
    validTests: 3,
    invalidTests: 2,
    thoroughness: 0.75,
    byPhase: { mark: { killed: 1, total: 2 }, compact: { killed: 2, total: 2 } },
  });
});

t.test('a mutant detected by several tests counts once', async (t) => {
  const r = score(['a', 'b', 'c'], [mutant('m1')], [[K], [T], [K]], 0);
  t.equal(r.score.killed, 1);
  t.equal(r.score.thoroughness, 1);
  t.same(r.killedAlone, [[], [], []]);
});

t.test('no valid test: nothing detected, every mutant still counted', async (t) => {
  const r = score([], [mutant('m1', 'alloc'), mutant('m2', 'print')], [], 5);
  t.same(r.killedBy, [[], []]);
  t.same(r.score, { killed: 0, total: 2, validTests: 0, invalidTests: 5, thoroughness: 0, byPhase: { alloc: { killed: 0, total: 1 }, print: { killed: 0, total: 1 } } });
});

t.test('an empty catalog scores 0, not NaN', async (t) => {
  const r = score(['a'], [], [[]], 0);
  t.equal(r.score.thoroughness, 0);
  t.equal(r.score.total, 0);
  t.same(r.killed, [[]]);
  t.same(r.score.byPhase, {});
});

t.test('against a direct count on random matrices', async (t) => {
  const phases: MutantPhase[] = ['mark', 'forward', 'compact'];
  const statuses: CellStatus[] = ['killed', 'timeout', 'survived', 'no-coverage'];
  const matrix = fc
    .record({ tests: fc.integer({ min: 0, max: 5 }), mutants: fc.integer({ min: 0, max: 6 }) })
    .chain(({ tests, mutants }) =>
      fc.record({
        phases: fc.array(fc.constantFrom(...phases), { minLength: mutants, maxLength: mutants }),
        cells: fc.array(fc.array(fc.constantFrom(...statuses), { minLength: mutants, maxLength: mutants }), { minLength: tests, maxLength: tests }),
        invalid: fc.nat(3),
      }),
    );
  fc.assert(
    fc.property(matrix, ({ phases: ph, cells, invalid }) => {
      const ms = ph.map((p, j) => mutant(`m${j}`, p));
      const names = cells.map((_, i) => `t${i}`);
      const r = score(names, ms, cells.map((row) => row.map(cell)), invalid);
      const hit = (i: number, j: number) => cells[i][j] === 'killed' || cells[i][j] === 'timeout';
      let killed = 0;
      const byPhase: Record<string, { killed: number; total: number }> = {};
      ms.forEach((m, j) => {
        const by = names.filter((_, i) => hit(i, j));
        if (JSON.stringify(r.killedBy[j]) !== JSON.stringify(by)) throw new Error(`killedBy[${j}]`);
        const detected = by.length > 0;
        if (detected) killed++;
        byPhase[m.phase] ??= { killed: 0, total: 0 };
        byPhase[m.phase].total++;
        if (detected) byPhase[m.phase].killed++;
      });
      names.forEach((_, i) => {
        const mine = ms.filter((_, j) => hit(i, j)).map((m) => m.id);
        const alone = ms.filter((_, j) => hit(i, j) && names.every((_, k) => k === i || !hit(k, j))).map((m) => m.id);
        if (JSON.stringify(r.killed[i]) !== JSON.stringify(mine)) throw new Error(`killed[${i}]`);
        if (JSON.stringify(r.killedAlone[i]) !== JSON.stringify(alone)) throw new Error(`killedAlone[${i}]`);
      });
      const expected = { killed, total: ms.length, validTests: names.length, invalidTests: invalid, thoroughness: ms.length === 0 ? 0 : killed / ms.length, byPhase };
      if (JSON.stringify(r.score) !== JSON.stringify(expected)) throw new Error(`score ${JSON.stringify(r.score)} ≠ ${JSON.stringify(expected)}`);
    }),
    { numRuns: 300 },
  );
  t.pass('300 random matrices');
});
