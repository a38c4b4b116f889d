// minimalHeapForTest on the official suite (suites/fox.json) with the reference compiler and
// runtime: its GC tests (at least 25) carry their exact minimal heap, and each has a `-neg` twin at h − 1.
import t from 'tap';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { suitesDir } from '../../../reference/paths.js';
import { buildTestProgram, createToolchain, type BuiltProgram, type Toolchain } from '../../../suites/execute.js';
import { minimalHeapForTest } from '../../../grader/heap/for-test.js';
import type { MinimalHeapResult } from '../../../grader/heap/minimal-heap.js';
import { loadTestFile, type LoadedTest } from '../../../suites/test-file.js';

const suite = loadTestFile(join(suitesDir, 'fox.json'));
const byName = new Map(suite.tests.map((test) => [test.name, test]));
const gcTests = suite.tests.filter((test) => test.name.startsWith('gc-') && !test.name.endsWith('-neg'));
const limit = pLimit(2);

async function build(tc: Toolchain, test: LoadedTest): Promise<BuiltProgram> {
  return buildTestProgram(tc, { code: test.code!, filename: `${test.name}.fox`, anf: test.anf });
}

async function minimize(tc: Toolchain, names: string[], constraints = {}): Promise<Map<string, MinimalHeapResult>> {
  const entries = await Promise.all(
    names.map((name) =>
      limit(async () => {
        const test = byName.get(name)!;
        return [name, await minimalHeapForTest(tc, test, await build(tc, test), constraints)] as const;
      }),
    ),
  );
  return new Map(entries);
}

t.test('the suite is as expected', async (t) => {
  t.same(suite.problems, []);
  t.ok(gcTests.length >= 25, `${gcTests.length} GC tests (at least 25)`);
});

t.test('sp19: every GC test’s minimal heap is its heap; every -neg twin sits at h − 1', async (t) => {
  const tc = await createToolchain({ dialect: 'sp19' });
  const results = await minimize(
    tc,
    gcTests.map((test) => test.name),
    { seed: 1 },
  );
  let runs = 0;
  for (const test of gcTests) {
    const r = results.get(test.name)!;
    t.equal(r.minimalHeap, test.heap, `${test.name}: minimal heap ${test.heap}`);
    t.equal(r.verified, true, `${test.name}: verified`);
    t.equal(r.monotonic, true, `${test.name}: monotone on the samples`);
    t.equal(r.prediction, test.heap, `${test.name}: the stress run predicted it`);
    runs += r.runs;

    const twin = byName.get(`${test.name}-neg`);
    t.ok(twin, `${test.name} has a -neg twin`);
    t.equal(twin?.heap, (r.minimalHeap ?? 0) - 1, `${test.name}-neg sits at h − 1`);
    t.same(twin?.expected, { kind: 'failure', text: 'out of memory' });
  }
  const mean = runs / gcTests.length;
  t.comment(`mean runs per GC test: ${mean.toFixed(2)} (${runs} runs for ${gcTests.length} tests, prediction run included)`);
  t.ok(mean <= 3, `mean runs per GC test ${mean} ≤ 3`);
});

t.test('sp19: the -neg twins expect to run out of memory, so they have no minimal heap', async (t) => {
  const tc = await createToolchain({ dialect: 'sp19' });
  const names = ['gc-0-neg', 'gc-dag-deep-neg', 'gc-rotate-neg'];
  const results = await minimize(tc, names);
  for (const name of names) {
    t.match(results.get(name), { minimalHeap: null, expectsOutOfMemory: true, verified: false }, name);
  }
});

t.test('fixed seeds pin the search (regression)', async (t) => {
  const tc = await createToolchain({ dialect: 'sp19' });
  // With the prediction: two runs verify it; monotonicity samples in [h, 100000].
  const predicted = await minimize(tc, ['gc-0', 'list-sum', 'num'], { seed: 1 });
  t.same(predicted.get('gc-0'), {
    runs: 3, monotonicityRuns: 3, prediction: 6, seed: 1, monotonic: true, minimalHeap: 6, verified: true, path: '0', neverCollects: false,
  });
  t.same(predicted.get('list-sum'), {
    runs: 3, monotonicityRuns: 3, prediction: 40, seed: 1, monotonic: true, minimalHeap: 40, verified: true, path: '0',
    neverCollects: true, // everything it allocates stays live: at heap 40 try_gc is never called
  });
  t.same(predicted.get('num'), {
    runs: 2, monotonicityRuns: 3, prediction: 1, seed: 1, monotonic: true, minimalHeap: 1, verified: true, path: '0', neverCollects: true,
  }, 'allocates nothing: 1');
  // Without it: fast-check's shrinking is a binary search from the test's heap.
  const plain = await minimize(tc, ['gc-dag-deep', 'list-sum'], { seed: 20190401, predict: false });
  t.same(plain.get('gc-dag-deep'), {
    runs: 9, monotonicityRuns: 3, prediction: null, seed: 20190401, monotonic: true, minimalHeap: 244, verified: true, path: '0',
  }, 'passes at its own heap 244; shrinking tries 1, then halves the distance down to 243');
  t.same(plain.get('list-sum'), {
    runs: 19, monotonicityRuns: 2, prediction: null, seed: 20190401, monotonic: true, minimalHeap: 40, verified: true,
    path: '0:1:0:0:0:0:0:0:0:0:0:0:2:0:0',
  }, 'from 100000 down to 40 (one monotonicity sample hit a heap the search had run)');
});

t.test('fa18: two fewer usable words, so heaps 2 larger', async (t) => {
  const tc = await createToolchain({ dialect: 'fa18' });
  const names = ['gc-0', 'gc-single', 'gc-middle', 'gc-dag-deep'];
  const results = await minimize(tc, names);
  for (const name of names) {
    const sp19 = byName.get(name)!.heap;
    t.match(results.get(name), { minimalHeap: sp19 + 2, verified: true, prediction: sp19 + 2 }, `${name}: ${sp19} + 2`);
  }
  t.equal(results.get('gc-0')!.minimalHeap, 8, 'gc-0 → 8, as that offering’s suite had it');
});
