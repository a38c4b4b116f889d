// All-pairs: Spearman's rho on hand-ranked data, then a small class built from the example repos
// and the example collectors, its matrix checked against values worked out by hand from the
// examples' documented bugs (examples/collectors/README.md):
//
//   alice = student-strong's tests + mark-skips-last-element (the last element of a tuple is never marked)
//   bob   = student-weak's tests   + correct-mark-stack
//   carol = student-strong's tests + forward-ignores-padding (odd-sized live blocks are forwarded short)
//
// Collectors, on a visible suite of four official tests: mark-skips-last-element fails gc-move-nested
// and gc-list-keep (2/4, diagnosed: mark); forward-ignores-padding fails gc-odd-move (3/4, forward);
// correct-mark-stack passes 4/4. So two faulty collectors. student-strong's `nested` is the program of
// gc-move-nested ((3, (4, 5)) loses its last element) and `odd-sizes` the program of gc-odd-move;
// none of its other programs keeps a tuple reachable only through a last element or moves a live
// odd-sized block, and student-weak's valid tests (pair, add, sum, collect-once) never collect
// with anything live but ints. Hence each faulty collector is detected by exactly the `nested`
// (resp. `odd-sizes`) test of alice and of carol; alice and carol detect 2/2, bob 0/2; the two
// scores rank the students the same way (alice = carol above bob) and rho = 1. The mutant
// mark-misses-last-element is the mark bug itself and is coupled to alice's collector;
// forward-no-padding is coupled to carol's.
import t from 'tap';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ranks, runAllPairs, spearman, type AllPairsStudent } from '../../../grader/class/all-pairs.js';
import { createPool } from '../../../grader/grade/pool.js';
import { gradeClass } from '../../../grader/class/grade-class.js';
import { examplesDir, suitesDir } from '../../../reference/paths.js';

t.test('ranks share ties; rho by hand', async (t) => {
  t.same(ranks([10, 30, 20, 30]), [1, 3.5, 2, 3.5]);
  t.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  t.equal(spearman([1, 2, 3, 4], [40, 30, 20, 10]), -1);
  // ranks x = 1 2 3 4, y = 2 1 4 3: d² = 1+1+1+1 = 4, rho = 1 - 6·4/(4·15) = 0.6
  t.ok(Math.abs(spearman([1, 2, 3, 4], [2, 1, 4, 3])! - 0.6) < 1e-12);
  // with ties, Pearson's r of the ranks: x ranks 1.5 1.5 3, y ranks 1 2 3 → r = 0.866…
  t.ok(Math.abs(spearman([5, 5, 9], [1, 2, 3])! - Math.sqrt(3) / 2) < 1e-12);
  t.equal(spearman([1, 1, 1], [1, 2, 3]), null, 'no spread');
  t.equal(spearman([1, 2], [1, 2]), null, 'fewer than 3');
});

t.test('collectors that do not build, are missing or pass everything are not run; no faulty one, no score', async (t) => {
  const collector = (ok: boolean, passed: number, total: number, extra = {}) => ({
    result: { verdict: ok ? `passed ${passed}/${total} tests` : 'build failed: c-bits/gc.c:1:1: error', score: { passed, total }, build: { ok, files: [], warnings: [] }, ...extra },
    sources: { 'gc.c': 'int x;' },
  });
  const test = { name: 't', code: '1', filename: 't.fox', anf: false, expected: { kind: 'value' as const, text: '1' }, heap: 10, killed: ['m'] };
  const students: AllPairsStudent[] = [
    { name: 'b-broken', dialect: 'sp19', mutationScore: 0.5, tests: [test], collector: collector(false, 0, 150) },
    { name: 'a-correct', dialect: 'sp19', mutationScore: 0.2, tests: [test], collector: collector(true, 150, 150) },
    { name: 'c-none', dialect: 'sp19', mutationScore: 0.1, tests: [] },
  ];
  const result = await runAllPairs(students, { cacheDir: t.testdir(), timeoutMs: 1000, pool: createPool(1), mutants: [] });
  t.same(result.collectors.map((c) => [c.student, c.status]), [['a-correct', 'correct'], ['b-broken', 'not run'], ['c-none', 'not run']], 'sorted by student');
  t.same(result.students.map((s) => s.faultScore), [null, null, null]);
  t.equal(result.spearman, null);
  t.same(result.pairs, { run: 0, cached: 0, total: 0 });
});

const mutantIds = ['mark-misses-last-element', 'forward-no-padding', 'redirect-stops-before-max', 'compact-leaves-gc-word'];

function buildClass(dir: string) {
  const students = { alice: ['student-strong', 'mark-skips-last-element'], bob: ['student-weak', 'correct-mark-stack'], carol: ['student-strong', 'forward-ignores-padding'] };
  for (const [name, [tests, collector]] of Object.entries(students)) {
    cpSync(join(examplesDir, tests, 'tests'), join(dir, 'class', name, 'tests'), { recursive: true });
    cpSync(join(examplesDir, 'collectors', collector, 'c-bits'), join(dir, 'class', name, 'c-bits'), { recursive: true });
  }
  // Four official tests, inlined, as a visible suite (its failing tests are diagnosed).
  const official = JSON.parse(readFileSync(join(suitesDir, 'fox.json'), 'utf8')) as Array<{ name: string; code: string }>;
  const picked = ['gc-move-nested', 'gc-odd-move', 'gc-dag', 'gc-list-keep'].map((name) => {
    const test = official.find((x) => x.name === name)!;
    return test.code === 'file' ? { ...test, code: readFileSync(join(suitesDir, 'input', `${name}.fox`), 'utf8') } : test;
  });
  mkdirSync(join(dir, 'suite'), { recursive: true });
  writeFileSync(join(dir, 'suite', 'mini.json'), JSON.stringify(picked, null, 1));
  return { paths: [join(dir, 'class')], suite: { path: join(dir, 'suite', 'mini.json'), hidden: false, label: 'mini.json' } };
}

t.test('a class of example repos and collectors: the all-pairs matrix by hand, then re-grading', async (t) => {
  const dir = t.testdir();
  const { paths, suite } = buildClass(dir);
  const options = {
    jobs: 2,
    cacheDir: join(dir, 'cache'),
    resultCache: join(dir, 'results'),
    minimize: false,
    mutantIds,
    allPairs: true,
    collectorOfficial: false,
    collectorSuites: [suite],
  };
  const first = await gradeClass(paths, options);
  t.same(first.members.map((m) => [m.name, m.error, m.result?.dialect]), [['alice', undefined, 'sp19'], ['bob', undefined, 'sp19'], ['carol', undefined, 'sp19']]);
  const p = first.allPairs!;

  const collector = (name: string) => p.collectors.find((c) => c.student === name)!;
  t.match(collector('alice'), { status: 'faulty', passed: 2, total: 4, phase: 'mark', detectingTests: 2 });
  t.match(collector('bob'), { status: 'correct', passed: 4, total: 4, phase: null, detectingTests: 0, coupled: [] });
  t.match(collector('carol'), { status: 'faulty', passed: 3, total: 4, phase: 'forward', detectingTests: 2 });
  t.same(collector('alice').detectedBy, [{ student: 'alice', tests: ['nested'] }, { student: 'carol', tests: ['nested'] }]);
  t.same(collector('carol').detectedBy, [{ student: 'alice', tests: ['odd-sizes'] }, { student: 'carol', tests: ['odd-sizes'] }]);

  // Coupling: the known mark fault to its mutant, and not to the forward one (and vice versa).
  t.ok(collector('alice').coupled.includes('mark-misses-last-element'), 'mark-skips-last-element is coupled to mark-misses-last-element');
  t.notOk(collector('alice').coupled.includes('forward-no-padding'));
  t.ok(collector('carol').coupled.includes('forward-no-padding'), 'forward-ignores-padding is coupled to forward-no-padding');
  t.notOk(collector('carol').coupled.includes('mark-misses-last-element'));
  t.same(p.uncoupled, []);
  t.same(p.undetected, []);

  t.same(p.students.map((s) => [s.student, s.faultsDetected, s.faultyCollectors, s.validTests]), [['alice', 2, 2, 14], ['bob', 0, 2, 4], ['carol', 2, 2, 14]]);
  const score = (name: string) => first.members.find((m) => m.name === name)!.result!.score.thoroughness;
  t.equal(score('alice'), score('carol'), 'the same tests, the same mutation score');
  t.ok(score('alice') > score('bob'));
  t.equal(p.spearman, 1);
  t.same(p.pairs, { run: 64, cached: 0, total: 64 }, '2 faulty collectors × (14 + 4 + 14) valid tests');

  // A second run: everything from the cache, nothing run.
  const second = await gradeClass(paths, options);
  t.same(second.members.map((m) => m.cached), [true, true, true]);
  t.same(second.allPairs!.pairs, { run: 0, cached: 64, total: 64 });
  t.same(second.allPairs!.collectors, p.collectors, 'same answer from the cache');

  // bob changes one test: only bob is graded again, and only that test's pairs run.
  const bobTests = join(dir, 'class', 'bob', 'tests', 'yourTests.json');
  writeFileSync(bobTests, readFileSync(bobTests, 'utf8').replace('"code": "1 + 2", "result": { "value": "3" }', '"code": "(1, (2, 3))[1]", "result": { "value": "(2, 3)" }, "heap": 10'));
  const third = await gradeClass(paths, options);
  t.same(third.members.map((m) => m.cached), [true, false, true]);
  t.same(third.allPairs!.pairs, { run: 2, cached: 62, total: 64 }, 'the changed test against the 2 faulty collectors, the others cached');
  t.ok(third.cache!.stats.cell.misses <= mutantIds.length, `at most the new test's cells run: ${third.cache!.stats.cell.misses}`);
  t.ok(third.cache!.stats.cell.hits > 0, "bob's unchanged tests come from the cache");
});
