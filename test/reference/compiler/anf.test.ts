import t from 'tap';
import { toAnf } from '../../../reference/compiler/anf.js';
import { printAnf } from '../../../reference/compiler/anf-print.js';
import { anfPrintout, compile } from '../../../reference/compiler/index.js';
import { dialects } from '../../../reference/compiler/variants.js';
import { parse } from '../../../reference/compiler/parse.js';

/** The ANF printout of a program, as an `anf` test sees it (no static check). */
function anf(src: string, variant?: string): string {
  const r = anfPrintout(src, { variant });
  if (!r.ok) throw new Error(r.message);
  return r.anf;
}

/** The last line of the printout: the main expression. */
const main = (src: string, variant?: string) => anf(src, variant).split('\n').at(-1);

// One-argument helpers the examples call. (Their bodies do not end with an identifier: `x`
// followed by a main expression `(…)` would parse as the call `x(…)`.)
const fns = 'def f(x): add1(x)\ndef g(x): add1(x)\ndef h(x): add1(x)\n';

// The course's four `anf` tests (its anf.json, identical in both offerings): the first two are
// printed in FOX.md §6; the other two are written from §6's table (a definition, and a let whose
// bound value has temps of its own). Free variables are fine: there is no static check.
const course = [
  ['add1(add1(add1(add1(x))))', '(let anf0 = add1(x), anf1 = add1(anf0), anf2 = add1(anf1) in add1(anf2))'],
  ['(if x: y + 1 else: z + 1) + 12', '(let anf0 = (if x: y + 1 else: z + 1) in anf0 + 12)'],
  ['def f(x, y): add1(x) * y\nf(f(1, z), 2)', 'def f(x, y):\n    (let anf0 = add1(x) in anf0 * y)\n\n(let anf0 = f(1, z) in f(anf0, 2))'],
  ['let t = (x, y + 1), u = t[0] in (u, (if u: t else: (u, u)))', '(let t = (let anf0 = y + 1 in (x, anf0)), u = t[0], anf1 = (if u: t else: (u, u)) in (u, anf1))'],
] as const;

t.test("the course's four anf tests, exactly, in both dialects", async (t) => {
  for (const dialect of dialects) {
    for (const [src, printout] of course) t.equal((anfPrintout(src, { dialect }) as { anf: string }).anf, printout, `${dialect}: ${src}`);
  }
  // compile() checks first: the same programs are rejected there (x is free).
  t.equal(compile(course[0][0]).ok, false);
});

t.test('a parse error is still a failure; compile() prints the same text for a valid program', async (t) => {
  const bad = anfPrintout('let x = in x', { filename: 'a.fox' });
  t.equal(bad.ok, false);
  if (!bad.ok) t.match(bad.message, /^a\.fox:1:9-10: parse error/);
  const src = `${fns}let t = (f(1), g(2)) in t[0]`;
  const c = compile(src);
  t.equal(c.ok && c.anf, anf(src));
  t.throws(() => anfPrintout('1', { dialect: 'fa17' as never }), /unknown dialect/);
});

t.test("§6's table: every node", async (t) => {
  t.equal(anf('5'), '5');
  t.equal(anf('true'), 'true');
  t.equal(anf('false'), 'false');
  t.equal(anf('x'), 'x');
  t.equal(anf('isTuple(print(x))'), '(let anf0 = print(x) in isTuple(anf0))');
  t.equal(anf('a == b < c'), '(let anf0 = a == b in anf0 < c)');
  t.equal(anf('if c: 1 else: 2'), '(if c: 1 else: 2)');
  t.equal(anf('g(a, b)'), 'g(a, b)');
  t.equal(anf('(a, b, c)'), '(a, b, c)');
  t.equal(anf('t[i]'), 't[i]');
  // An index of a constant base prints as the table says, `e[i]`.
  t.equal(anf('(5)[0]'), '5[0]');
  t.equal(anf('def k(): 1\nk(2)'), 'def k():\n    1\n\nk(2)');
});

t.test('printAnf: negative numbers and one-element tuples (never produced by the parser)', async (t) => {
  const p = { defs: [], main: { kind: 'tuple' as const, elements: [{ kind: 'num' as const, value: -3 }] } };
  t.equal(printAnf(p), '(-3)');
});

t.test("FOX.md §5's examples", async (t) => {
  t.equal(main(`${fns}f(g(h(1)))`), '(let anf0 = h(1), anf1 = g(anf0) in f(anf1))');
  t.equal(main(`${fns}let x = f(g(1)) in x`), '(let x = (let anf0 = g(1) in f(anf0)) in x)');
  t.equal(
    anf(`${fns}def k(n): (let t = (n, n) in t[0]) + g(n)\nk(1)`).split('\n\n')[3],
    'def k(n):\n    (let anf0 = (let t = (n, n) in t[0]), anf1 = g(n) in anf0 + anf1)',
  );
});

t.test("gc-0: y's temp scope ends before (x, x, x)", async (t) => {
  t.equal(anf('let x = let y = (1, 2, 3) in y[0] in (x, x, x)'), '(let x = (let y = (1, 2, 3) in y[0]) in (x, x, x))');
});

t.test('immediates need no temps', async (t) => {
  t.equal(anf('1'), '1');
  t.equal(anf('let x = true in (x, 2, false)'), '(let x = true in (x, 2, false))');
  t.equal(anf('isNum(true)'), 'isNum(true)');
  t.equal(anf('let t = (1, 2) in t[1] == 4'), '(let t = (1, 2), anf0 = t[1] in anf0 == 4)');
  t.equal(anf('(true)[false]'), 'true[false]');
});

t.test('operands: evaluation order, post-order numbering, one flat sequence', async (t) => {
  t.equal(main(`${fns}(f(1), (2, 3), (g(4))[0])`), '(let anf0 = f(1), anf1 = (2, 3), anf2 = g(4), anf3 = anf2[0] in (anf0, anf1, anf3))');
  t.equal(anf('print(add1(1 + 2 * 3))'), '(let anf0 = 2 * 3, anf1 = 1 + anf0, anf2 = add1(anf1) in print(anf2))');
  t.equal(anf('1 - 2 - 3'), '(let anf0 = 1 - 2 in anf0 - 3)');
  t.equal(anf('((1, (2, 3))[1])[0]'), '(let anf0 = (2, 3), anf1 = (1, anf0), anf2 = anf1[1] in anf2[0])');
});

t.test('if: condition temps enclose the whole if, branches are separate', async (t) => {
  t.equal(
    main(`${fns}if f(1) == 2: f(3) + f(4) else: 5`),
    '(let anf0 = f(1), anf1 = anf0 == 2 in (if anf1: (let anf2 = f(3), anf3 = f(4) in anf2 + anf3) else: 5))',
  );
  t.equal(anf('if true: 1 else: 2'), '(if true: 1 else: 2)');
});

t.test('let or if as an operand: one temp, numbered after its own temps', async (t) => {
  t.equal(
    main(`${fns}1 + (if f(1) == 0: f(2) else: 3)`),
    '(let anf2 = (let anf0 = f(1), anf1 = anf0 == 0 in (if anf1: f(2) else: 3)) in 1 + anf2)',
  );
  t.equal(main(`${fns}f(let a = g(h(1)) in a)`), '(let anf1 = (let a = (let anf0 = h(1) in g(anf0)) in a) in f(anf1))');
  t.equal(anf('(let t = (1, 2) in t)[0]'), '(let anf0 = (let t = (1, 2) in t) in anf0[0])');
  t.equal(anf('1 + let x = 2 in x + 3'), '(let anf0 = (let x = 2 in x + 3) in 1 + anf0)');
});

t.test('let: value and body normalised separately, one counter through both; body lets flatten', async (t) => {
  t.equal(
    main(`${fns}let a = f(f(1)), b = f(f(2)) in f(f(b))`),
    '(let a = (let anf0 = f(1) in f(anf0)), b = (let anf1 = f(2) in f(anf1)), anf2 = f(b) in f(anf2))',
  );
  t.equal(anf('let x = if true: 1 else: 2 in x'), '(let x = (if true: 1 else: 2) in x)');
  t.equal(anf('let x = (1, 2) in let y = x[0] in y'), '(let x = (1, 2), y = x[0] in y)');
  // A let inside an if branch is not part of the outer chain.
  t.equal(anf('let x = 1 in if x: let y = 2 in y else: 3'), '(let x = 1 in (if x: (let y = 2 in y) else: 3))');
});

t.test('the counter restarts at 0 in each body; a def is a header and a 4-space indented body', async (t) => {
  t.equal(
    anf('def f(x, y): f(x + 1, y + 1)\ndef k(): 1\nf(1 + 2, 3)'),
    ['def f(x, y):', '    (let anf0 = x + 1, anf1 = y + 1 in f(anf0, anf1))', '', 'def k():', '    1', '', '(let anf0 = 1 + 2 in f(anf0, 3))'].join('\n'),
  );
});

t.test('variant let-temps-leak binds the value temps outside the let', async (t) => {
  t.equal(main(`${fns}let x = f(g(1)) in x`, 'let-temps-leak'), '(let anf0 = g(1), x = f(anf0) in x)');
  // Only the binding's own temps move: lets and ifs used as operands are unchanged.
  t.equal(main(`${fns}1 + (let x = f(g(1)) in x)`, 'let-temps-leak'), '(let anf1 = (let anf0 = g(1), x = f(anf0) in x) in 1 + anf1)');
  t.equal(main(`${fns}let x = if f(1): 1 else: 2 in x`, 'let-temps-leak'), '(let anf0 = f(1), x = (if anf0: 1 else: 2) in x)');
});

t.test('toAnf marks temps, so a user variable named anf0 stays distinct', async (t) => {
  const p = toAnf(parse('def g(x): x\nlet anf0 = 1 in (g(2), anf0)'));
  t.equal(printAnf(p).split('\n').at(-1), '(let anf0 = 1, anf0 = g(2) in (anf0, anf0))');
  const outer = p.main;
  if (outer.kind !== 'let' || outer.body.kind !== 'let' || outer.body.body.kind !== 'tuple') throw new Error('unexpected shape');
  t.same(
    [outer.temp, outer.body.temp, outer.body.body.elements],
    [false, true, [{ kind: 'id', name: 'anf0', temp: true }, { kind: 'id', name: 'anf0', temp: false }]],
  );
});
