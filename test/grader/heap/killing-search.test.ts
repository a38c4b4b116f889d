// killingHeap (grader/heap/killing.ts) on fake "killed at heap h" functions: no native program runs.
// Its constraints are validated at once with messages naming killingHeap and the option; the
// default max is the larger of the minimal heap and 100000; the result carries a fast-check path
// only when a killing heap was found.
import t, { type Test } from 'tap';
import { killingHeap } from '../../../grader/heap/killing.js';
import { FoxGradeError } from '../../../suites/errors.js';
import { refuses } from './fixtures/fake.js';

t.test('bad constraints are refused before any run, naming killingHeap and the option', async (t) => {
  const calls: number[] = [];
  const killedAt = async (h: number) => (calls.push(h), true);
  refuses(t, () => killingHeap(killedAt, { minimal: -1 }), "killingHeap: 'minimal' must be from 0 to 16777216, got -1");
  refuses(t, () => killingHeap(killedAt, { minimal: 1.5 }), "killingHeap: 'minimal' must be an integer from 0 to 16777216, got 1.5");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, max: -1 }), "killingHeap: 'max' must be from 0 to 16777216, got -1");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, max: '9' as never }), `killingHeap: 'max' must be an integer from 0 to 16777216, got "9"`);
  refuses(t, () => killingHeap(killedAt, { minimal: 1, seed: 2 ** 31 }), "killingHeap: 'seed' must be from -2147483648 to 2147483647, got 2147483648");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, maxRuns: 0 }), "killingHeap: 'maxRuns' must be from 1 to 10000, got 0");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, maxRuns: 10001 }), "killingHeap: 'maxRuns' must be from 1 to 10000, got 10001");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, samples: 1001 }), "killingHeap: 'samples' must be from 1 to 1000, got 1001");
  refuses(t, () => killingHeap(killedAt, {} as never), "killingHeap: 'minimal' is required (the test's minimal heap)");
  refuses(t, () => killingHeap(killedAt, { minimal: 10, max: 9 }), "killingHeap: 'max' (9) must be at least 'minimal' (10)");
  refuses(t, () => killingHeap(killedAt, { minimal: 1, heap: 3 } as never), "killingHeap: unknown constraint 'heap'; expected one of 'minimal', 'max', 'seed', 'samples', 'maxRuns'");
  refuses(t, () => killingHeap(5 as never, { minimal: 1 }), 'killingHeap: the first argument must be a function (heap) => Promise<boolean>');
  t.same(calls, [], 'nothing ran');
});

t.test('the default max is the larger of the minimal heap and 100000', async (t) => {
  // A minimal heap above 100000 is a valid search on its own (max defaults to it).
  const calls: number[] = [];
  const above = await killingHeap(async (h) => (calls.push(h), true), { minimal: 200000 });
  t.same(above, { killingHeap: 200000, runs: 1, seed: 1, path: '0' });
  t.same(calls, [200000]);

  // Below 100000, heaps up to 100000 are drawn, and never above.
  const drawn: number[] = [];
  const none = await killingHeap(async (h) => (drawn.push(h), false), { minimal: 10 });
  t.equal(none.killingHeap, null);
  t.equal(drawn[0], 10, 'the minimal heap first');
  t.ok(drawn.some((h) => h > 10), `heaps above the minimal one are drawn (${drawn.join(', ')})`);
  t.ok(drawn.every((h) => h >= 10 && h <= 100000), 'all within [minimal, 100000]');
  t.equal(none.runs, drawn.length);
});

t.test('the result has a path only when a killing heap was found', async (t) => {
  const survived = await killingHeap(async () => false, { minimal: 8, max: 100, samples: 5 });
  t.equal(survived.killingHeap, null);
  t.same(Object.keys(survived).sort(), ['killingHeap', 'runs', 'seed'], 'no path key: nothing to replay');

  const killed = await killingHeap(async (h) => h >= 8, { minimal: 8, max: 100 });
  t.same(Object.keys(killed).sort(), ['killingHeap', 'path', 'runs', 'seed']);
  t.equal(killed.path, '0');
});
