// The nesting limit on the ANF tree (DESIGN.md "Nesting limit"; nesting.ts anfTooDeep): an `if`
// adds one level there too, so a sequence of named temporaries inside a branch counts one more
// than on its own, and a hostile program whose branch nests far too deep gets a located error,
// never a stack overflow in the code generator.
import t from 'tap';
import { compile } from '../../../reference/compiler/index.js';
import { MAX_NESTING } from '../../../reference/compiler/nesting.js';

const flat = (s: string) => Buffer.from(s).toString();
/** A tuple of k computed elements: k named temporaries, so k + 1 ANF levels (nesting.test.ts). */
const tuple = (k: number) => '(' + Array(k).fill('(1+1)').join(', ') + ')';

/** The compile message, or a description of how compile failed to give one. */
function outcome(src: string): string {
  try {
    const r = compile(flat(src), { filename: 'if.fox' });
    return r.ok ? 'compiled' : r.message;
  } catch (e) {
    return `threw ${String(e)}`;
  }
}

t.test('on its own, a tuple of 999 computed elements is within the limit', async (t) => {
  t.equal(outcome(tuple(MAX_NESTING - 1)), 'compiled');
});

t.test('inside either branch of an if it is one level more: refused at the main expression', async (t) => {
  const k = MAX_NESTING - 1;
  const inThen = `if true: ${tuple(k)} else: 1`;
  const inElse = `if true: 1 else: ${tuple(k)}`;
  for (const src of [inThen, inElse]) {
    t.equal(
      outcome(src).split('\n')[0],
      `if.fox:1:1-${src.length}: nested too deeply: 1001 levels once intermediate values are named, the limit is 1000`,
    );
  }
  // two nested ifs: two levels more
  t.match(outcome(`if true: if false: 1 else: ${tuple(k - 1)} else: 2`), /^if\.fox:1:1-\d+: nested too deeply: 1001 levels once intermediate values are named/);
  // one element fewer fits
  t.equal(outcome(`if true: ${tuple(k - 1)} else: 1`), 'compiled');
  t.equal(outcome(`if true: 1 else: ${tuple(k - 1)}`), 'compiled');
});

t.test('in a def body, the error points at the def name', async (t) => {
  const src = `def f(x):\n  if x: 1 else: ${tuple(MAX_NESTING - 1)}\nf(true)`;
  t.match(outcome(src), /^if\.fox:1:5-5: nested too deeply: 1001 levels once intermediate values are named, the limit is 1000\ndef f\(x\):\n    \^\n?$/);
});

t.test('a branch 20000 temporaries deep: a located error, not a crash', async (t) => {
  const n = 20000;
  t.match(outcome(`if true: ${tuple(n)} else: 1`), /^if\.fox:1:1-\d+: nested too deeply: 20002 levels once intermediate values are named, the limit is 1000\n/);
  t.match(outcome(`let t = if false: 0 else: ${tuple(n)} in t`), /^if\.fox:1:1-\d+: nested too deeply: 20003 levels once intermediate values are named/);
});
