// Course fidelity at the boundaries of FOX.md §6 and §8, end to end through `check` (compile,
// link with the dialect's runtime, run, judge): fa18's empty-heap message, its multiplication
// overflow, and what `"heap": 0` means in each dialect.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTestFile, type CheckedTest } from '../../../grader/cli/check-file.js';
import { buildTestProgram, createToolchain, runBuiltProgram } from '../../../suites/execute.js';
import { minimalHeapForTest } from '../../../grader/heap/for-test.js';
import type { Dialect } from '../../../grader/result.js';
import type { LoadedTest } from '../../../suites/test-file.js';

type Spec = { name: string; code: string; heap?: number; value?: string; failure?: string };

const dir = t.testdir();
let files = 0;

/** Checks `tests` in `dialect`; returns each test's result by name. */
async function check(dialect: Dialect, tests: Spec[]): Promise<Map<string, CheckedTest>> {
  const file = join(dir, `t${files++}.json`);
  const json = tests.map(({ name, code, heap, value, failure }) => ({
    name,
    code,
    result: value !== undefined ? { value } : { failure },
    ...(heap !== undefined ? { heap } : {}),
  }));
  writeFileSync(file, JSON.stringify(json));
  const report = await checkTestFile(file, { dialect, jobs: 2 });
  return new Map(report.results.map((r) => [r.test.name, r]));
}

const stderrOf = (r: CheckedTest | undefined) => (r && r.status !== 'invalid' && r.outcome.status === 'exited' ? r.outcome.stderr : undefined);

t.test('fa18: the empty-heap message prints the usable words, the heap argument minus 2', async (t) => {
  const tests = [5, 6, 7].map((heap) => ({ name: `h${heap}`, code: '(1, 2, 3)', heap, failure: 'words too large' }));
  const fa18 = await check('fa18', [...tests, { name: 'h8', code: '(1, 2, 3)', heap: 8, value: '(1, 2, 3)' }]);
  for (const [heap, usable] of [[5, 3], [6, 4], [7, 5]]) {
    const r = fa18.get(`h${heap}`);
    t.equal(r?.status, 'pass', `heap ${heap} fails as expected`);
    t.equal(stderrOf(r), `Allocation of 6 words too large for ${usable}-word heap\n`, `heap ${heap} prints ${usable}`);
  }
  t.equal(fa18.get('h8')?.status, 'pass', 'heap 8 holds the 6-word tuple');
  // sp19 prints the heap argument itself (every word of it is usable).
  const sp19 = await check('sp19', [{ name: 'h5', code: '(1, 2, 3)', heap: 5, failure: 'out of memory' }]);
  t.equal(stderrOf(sp19.get('h5')), '\nout of memory: Allocation of 6 words too large for 5-word heap\n');
});

// 2^29 - 1 = 536870911 = 233 × 2304167; 2^29 = 16384 × 32768; 2^30 = 32768 × 32768.
const products: Spec[] = [
  { name: 'below', code: '233 * 2304167', value: '536870911' },
  { name: 'at', code: '16384 * 32768', value: '536870912' },
  { name: 'at-neg', code: '(0 - 16384) * 32768', value: '-536870912' },
  { name: 'above-neg', code: '(0 - 16385) * 32768', value: '-536903680' },
  { name: 'sp19-limit', code: '32767 * 32768', value: '1073709056' },
  { name: 'sp19-over', code: '32768 * 32768', value: '1073741824' },
];

t.test('multiplication overflow: fa18 at |a·b| = 2^29, sp19 only outside 31 bits', async (t) => {
  const overflows = async (dialect: Dialect) => {
    const results = await check(dialect, products);
    return Object.fromEntries(
      products.map((p) => {
        const r = results.get(p.name);
        if (r === undefined || r.status === 'invalid') throw new Error(`${p.name} did not run`);
        const o = r.outcome;
        return [p.name, r.status === 'pass' ? 'value' : o.status === 'exited' && o.exitCode === 1 && /arithmetic overflow/.test(o.stderr) ? 'overflow' : 'other'];
      }),
    );
  };
  t.same(await overflows('sp19'), { below: 'value', at: 'value', 'at-neg': 'value', 'above-neg': 'value', 'sp19-limit': 'value', 'sp19-over': 'overflow' });
  // fa18's imul of the tagged words computes 4ab: -2^29 gives exactly -2^31, which fits (no jo);
  // 2^29 gives 2^31, which does not.
  t.same(await overflows('fa18'), { below: 'value', at: 'overflow', 'at-neg': 'value', 'above-neg': 'overflow', 'sp19-limit': 'overflow', 'sp19-over': 'overflow' });
});

t.test('"heap": 0 is a 0-word heap in sp19 and the default heap in fa18', async (t) => {
  const tests: Spec[] = [
    { name: 'no-alloc', code: 'add1(41)', heap: 0, value: '42' },
    { name: 'alloc', code: '(1, 2)', heap: 0, value: '(1, 2)' },
    { name: 'alloc-neg', code: '(1, 2)', heap: -4, value: '(1, 2)' },
  ];
  const sp19 = await check('sp19', tests);
  t.equal(sp19.get('no-alloc')?.status, 'pass', 'sp19: a program that allocates nothing runs in 0 words');
  t.equal(sp19.get('alloc')?.status, 'fail');
  t.equal(stderrOf(sp19.get('alloc')), '\nout of memory: Allocation of 4 words too large for 0-word heap\n');
  t.equal(sp19.get('alloc-neg')?.status, 'invalid', 'sp19: a negative heap is invalid');
  const fa18 = await check('fa18', tests);
  for (const name of ['no-alloc', 'alloc', 'alloc-neg']) t.equal(fa18.get(name)?.status, 'pass', `fa18: ${name} runs with the default heap`);
});

t.test('minimalHeapForTest: neverCollects tells tests in which no heap makes a collection happen', async (t) => {
  const tc = await createToolchain();
  const cases: [string, string, boolean][] = [
    ['1 + 2', '3', true],
    ['(1, 2)', '(1, 2)', true],
    ['let a = (1, 2) in let b = (a, a) in b[0]', '(1, 2)', true],
    ['let x = let y = (1, 2, 3) in y[0] in (x, x, x)', '(1, 1, 1)', false],
    ['let x = (let y = (1, 2) in 5) in (x, x)', '(5, 5)', false],
  ];
  for (const [code, value, never] of cases) {
    const test = { valid: true, heap: 100000, heapGiven: false, expected: { kind: 'value', text: value } } as LoadedTest;
    const built = await buildTestProgram(tc, { code, filename: 'p.fox' });
    const result = await minimalHeapForTest(tc, test, built, { monotonicitySamples: 0 });
    t.equal(result.neverCollects, never, code);
    if (result.minimalHeap === null) continue;
    // At the minimal heap the reference collects exactly when neverCollects is false.
    const run = await runBuiltProgram(tc, built, result.minimalHeap, { stats: true });
    t.equal(run.stats?.collections === 0, never, `${code}: collections at heap ${result.minimalHeap}`);
  }
});
