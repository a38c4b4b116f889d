// Hostile input cannot take grading down: a test the compiler cannot take (100000 levels of
// nesting) or one on which fox-grade itself throws is invalid with its reason, and every other
// test is still graded.
import t from 'tap';
import { gradeRepo } from '../../../grader/grade/index.js';
import { createCatalogEngine } from '../../../grader/grade/defaults.js';
import type { MutantEngine } from '../../../grader/grade/engine.js';
import type { GradeResult } from '../../../grader/result.js';

const mutantIds = ['try-gc-never-collects', 'print-drops-last'];
const fast = { jobs: 2, minimize: false, mutantIds, timeoutMs: 1500 };
const good = { name: 'good', code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', result: { value: '(1, 1, 1)' }, heap: 6 };
const byName = (result: GradeResult, name: string) => result.tests.find((x) => x.name === name);

function repo(t: Tap.Test, tests: unknown[]) {
  return t.testdir({ tests: { 'yourTests.json': JSON.stringify([good, ...tests]), input: {} } });
}

function goodStillGraded(t: Tap.Test, result: GradeResult) {
  t.equal(byName(result, 'good')?.valid, true, 'the other test is still graded');
  t.same(byName(result, 'good')?.killed, mutantIds);
  t.equal(result.score.validTests, 1);
  t.equal(result.score.invalidTests, 1);
}

t.test('a 100000-level nested test is invalid with a located message; the rest is scored', async (t) => {
  const n = 100000;
  const deep = { name: 'deep', code: '('.repeat(n) + '1' + ')'.repeat(n), result: { value: '1' } };
  const deepLets = { name: 'lets', code: 'let x = '.repeat(n) + '1' + ' in x'.repeat(n), result: { failure: 'nested too deeply' } };
  const result = await gradeRepo(repo(t, [deep, deepLets]), fast);
  const invalid = byName(result, 'deep');
  t.equal(invalid?.valid, false);
  t.match(invalid?.reason, /expected a value but compilation failed/);
  t.match(invalid?.actual, /^deep\.fox:1:\d+-\d+: nested too deeply: more than 1000 levels, the limit is 1000/);
  t.ok((invalid?.actual ?? '').length < 3000, 'the 200 KB source line is not copied whole');
  // A failure test can even expect the limit.
  t.equal(byName(result, 'lets')?.valid, true);
  t.equal(result.score.validTests, 2);
});

/** The real catalog, but fox-grade "fails" on the program `1234567`, in the given phase. */
async function failingEngine(phase: 'build' | 'run'): Promise<MutantEngine> {
  const real = (await createCatalogEngine({ dialect: 'sp19', timeoutMs: 1500, mutantIds, splitStream: false, coverage: false })) as MutantEngine;
  const poisoned = new WeakSet<object>();
  return {
    ...real,
    build: async (program) => {
      if (program.code.includes('1234567') && phase === 'build') throw new RangeError('Maximum call stack size exceeded');
      const built = (await real.build(program)) as object;
      if (program.code.includes('1234567')) poisoned.add(built);
      return built;
    },
    run: async (programs, mutant, expected, heap, opts) => {
      if (poisoned.has(programs as object)) throw new Error('spawn EAGAIN');
      return real.run(programs, mutant, expected, heap, opts);
    },
  };
}

for (const phase of ['build', 'run'] as const) {
  t.test(`an exception while ${phase === 'build' ? 'building' : 'running the mutants on'} one test is an internal error of that test only`, async (t) => {
    const other = { name: 'other', code: 'print(1234567)', result: { value: '1234567\n1234567' } };
    const result = await gradeRepo(repo(t, [other]), { ...fast, splitStream: false }, { engine: await failingEngine(phase) });
    const bad = byName(result, 'other');
    t.equal(bad?.valid, false);
    t.match(bad?.reason, phase === 'build' ? /^internal error of fox-grade while building this test: Maximum call stack size exceeded/ : /internal error .* spawn EAGAIN/);
    goodStillGraded(t, result);
    t.same(result.matrix.tests, ['good']);
  });
}

t.test('a toolchain failing every test the same way stops the grading instead of scoring zeros', async (t) => {
  const real = await failingEngine('build');
  const broken: MutantEngine = { ...real, build: async () => Promise.reject(new Error('nasm: command not found')) };
  await t.rejects(gradeRepo(repo(t, [{ name: 'other', code: '(1, 2)', result: { value: '(1, 2)' } }]), fast, { engine: broken }), /nasm: command not found/);
});
