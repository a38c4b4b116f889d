// The eager validators of the minimal-heap search's options (grader/heap/constraints.ts), called
// directly and through minimalHeap on a fake program: every bad option throws E_CONSTRAINT at once,
// with a message that names the function, the option, what it got and what it expected.
import t, { type Test } from 'tap';
import {
  booleanOption,
  checkKeys,
  checkRange,
  constraintError,
  integerOption,
  replayOption,
} from '../../../grader/heap/constraints.js';
import { minimalHeap, type HeapProgram } from '../../../grader/heap/minimal-heap.js';
import { FoxGradeError } from '../../../suites/errors.js';
import { refuses } from './fixtures/fake.js';

const REMEDY = 'fix the option (see the documentation of its constraints interface)';

t.test('constraintError: E_CONSTRAINT, the function named first, and a remedy', async (t) => {
  const e = constraintError('someFn', 'the message');
  t.equal(e.code, 'E_CONSTRAINT');
  t.equal(e.message, 'someFn: the message');
  t.equal(e.remedy, REMEDY);
  // A validator's error carries the same remedy.
  t.throws(() => checkRange('f', 3, 2), { code: 'E_CONSTRAINT', remedy: REMEDY });
});

t.test('checkKeys: absent constraints are no constraints; anything but a plain object is refused', async (t) => {
  t.same(checkKeys('f', undefined, ['a']), {}, 'undefined means the defaults');
  const given = { a: 1 };
  t.equal(checkKeys('f', given, ['a']), given);
  const bad: Array<[unknown, string]> = [
    [5, 'f: constraints must be an object, got 5'],
    ['x', 'f: constraints must be an object, got "x"'],
    [true, 'f: constraints must be an object, got true'],
    [null, 'f: constraints must be an object, got null'],
    [[], 'f: constraints must be an object, got an array'],
  ];
  for (const [value, message] of bad) {
    refuses(t, () => checkKeys('f', value, ['a']), message);
  }
});

t.test('the value shown in a message: strings quoted, booleans and null by value', async (t) => {
  const bad: Array<[unknown, string]> = [
    [true, "g: 'n' must be an integer from 0 to 10, got true"],
    [false, "g: 'n' must be an integer from 0 to 10, got false"],
    [null, "g: 'n' must be an integer from 0 to 10, got null"],
    ['3', `g: 'n' must be an integer from 0 to 10, got "3"`],
    [[1], "g: 'n' must be an integer from 0 to 10, got an array"],
    [{}, "g: 'n' must be an integer from 0 to 10, got object"],
    [2.5, "g: 'n' must be an integer from 0 to 10, got 2.5"],
  ];
  for (const [value, message] of bad) {
    refuses(t, () => integerOption('g', 'n', value, 0, 10, 4), message);
  }
  t.equal(integerOption('g', 'n', undefined, 0, 10, 4), 4, 'the default when absent');
  t.equal(integerOption('g', 'n', 10, 0, 10, 4), 10, 'the bounds are included');
});

t.test('checkRange: max may equal min, not be below it', async (t) => {
  t.doesNotThrow(() => checkRange('f', 5, 5));
  t.doesNotThrow(() => checkRange('f', 0, 0, 'minimal', 'max'));
  refuses(t, () => checkRange('f', 5, 4), "f: 'max' (4) must be at least 'min' (5)");
  // Through minimalHeap: min = max is a valid one-heap range.
  const calls: number[] = [];
  const p: HeapProgram = { run: async (h) => (calls.push(h), { pass: h >= 7, outOfMemory: h < 7 }) };
  const r = await minimalHeap(p, { min: 7, max: 7, monotonicitySamples: 0 });
  t.match(r, { minimalHeap: 7, verified: true });
});

t.test('booleanOption: true and false both accepted as given; anything else refused', async (t) => {
  t.equal(booleanOption('f', 'b', false, true), false);
  t.equal(booleanOption('f', 'b', true, false), true);
  t.equal(booleanOption('f', 'b', undefined, true), true, 'the default when absent');
  t.equal(booleanOption('f', 'b', undefined, false), false);
  refuses(t, () => booleanOption('f', 'b', 1, true), "f: 'b' must be true or false, got 1");
  refuses(t, () => booleanOption('f', 'b', 'true', true), `f: 'b' must be true or false, got "true"`);
});

t.test('replayOption: an object { seed, path }', async (t) => {
  t.equal(replayOption('f', undefined), undefined);
  t.same(replayOption('f', { seed: -3, path: '12:0:345' }), { seed: -3, path: '12:0:345' }, 'multi-digit steps');
  t.same(replayOption('f', { seed: 0, path: '7' }), { seed: 0, path: '7' });

  const notObject: unknown[] = [5, 'x', true, null, [1, '0']];
  const shown = ['5', '"x"', 'true', 'null', 'an array'];
  notObject.forEach((value, i) => {
    refuses(t, () => replayOption('f', value), `f: 'replay' must be an object { seed, path }, got ${shown[i]}`);
  });

  refuses(t, () => replayOption('f', { seed: 1.5, path: '0' }), "f: 'replay.seed' must be an integer from -2147483648 to 2147483647, got 1.5");
  refuses(t, () => replayOption('f', { seed: 2 ** 31, path: '0' }), "f: 'replay.seed' must be from -2147483648 to 2147483647, got 2147483648");

  const badPaths: Array<[unknown, string]> = [
    [12, '12'],
    [['0'], 'an array'],
    [undefined, 'undefined'],
    ['', '""'],
    ['0:1x', '"0:1x"'],
    ['x0:1', '"x0:1"'],
    ['0:', '"0:"'],
    [':0', '":0"'],
    ['0::1', '"0::1"'],
  ];
  for (const [path, text] of badPaths) {
    refuses(t, () => replayOption('f', { seed: 1, path }), `f: 'replay.path' must be a fast-check path such as "0:1:3", got ${text}`);
  }
});

t.test('through minimalHeap: the same messages, before the program runs', async (t) => {
  const calls: number[] = [];
  const p: HeapProgram = { run: async (h) => (calls.push(h), { pass: true, outOfMemory: false }) };
  refuses(t, () => minimalHeap(p, 5 as never), 'minimalHeap: constraints must be an object, got 5');
  refuses(t, () => minimalHeap(p, null as never), 'minimalHeap: constraints must be an object, got null');
  refuses(t, () => minimalHeap(p, { replay: 3 } as never), "minimalHeap: 'replay' must be an object { seed, path }, got 3");
  refuses(t, () => minimalHeap(p, { replay: { seed: 1, path: 4 } } as never), `minimalHeap: 'replay.path' must be a fast-check path such as "0:1:3", got 4`);
  t.same(calls, [], 'nothing ran');
});
