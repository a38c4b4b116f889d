import t from 'tap';
import type { Expr } from '../../../reference/compiler/ast.js';
import { parse, parseExpr, ParseError } from '../../../reference/compiler/parse.js';

/** A fully parenthesised rendering of the tree, so precedence and nesting are visible. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.text;
    case 'bool':
      return String(e.value);
    case 'id':
      return e.name;
    case 'prim1':
      return `(${e.op} ${show(e.arg)})`;
    case 'prim2':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'let':
      return `(let (${e.bindings.map((b) => `${b.name} ${show(b.value)}`).join(', ')}) ${show(e.body)})`;
    case 'if':
      return `(if ${show(e.cond)} ${show(e.then)} ${show(e.else)})`;
    case 'tuple':
      return `(tuple ${e.elements.map(show).join(' ')})`;
    case 'index':
      return `(index ${show(e.tuple)} ${show(e.index)})`;
    case 'call':
      return `(call ${e.name} ${e.args.map(show).join(' ')})`;
  }
}

const p = (src: string) => show(parseExpr(src));

/** The parse error thrown for `src` (fails the test when there is none). */
function parseError(src: string): ParseError {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(src)}`);
}

t.test('atoms', async (t) => {
  t.equal(p('42'), '42');
  t.equal(p('true'), 'true');
  t.equal(p('false'), 'false');
  t.equal(p('x'), 'x');
});

t.test('each primitive', async (t) => {
  for (const op of ['add1', 'sub1', 'isNum', 'isBool', 'isTuple', 'print']) t.equal(p(`${op}(x)`), `(${op} x)`);
  t.equal(p('add1(1 + 2)'), '(add1 (+ 1 2))');
});

t.test('precedence: * over + - over == < >, all left-associative', async (t) => {
  t.equal(p('1 + 2 * 3'), '(+ 1 (* 2 3))');
  t.equal(p('1 * 2 + 3'), '(+ (* 1 2) 3)');
  t.equal(p('1 - 2 - 3'), '(- (- 1 2) 3)');
  t.equal(p('1 - 2 + 3'), '(+ (- 1 2) 3)');
  t.equal(p('2 * 3 * 4'), '(* (* 2 3) 4)');
  t.equal(p('1 + 2 < 3 * 4'), '(< (+ 1 2) (* 3 4))');
  t.equal(p('a == b < c > d'), '(> (< (== a b) c) d)');
  t.equal(p('(1 + 2) * 3'), '(* (+ 1 2) 3)');
});

t.test('let: several bindings, and let/if extend as far right as possible', async (t) => {
  t.equal(p('let x = 1 in x'), '(let (x 1) x)');
  t.equal(p('let a = 1, b = a in a + b'), '(let (a 1, b a) (+ a b))');
  t.equal(p('1 + let x = 2 in x + 3'), '(+ 1 (let (x 2) (+ x 3)))');
  t.equal(p('2 * if c: 1 else: 2 + 3'), '(* 2 (if c 1 (+ 2 3)))');
  t.equal(p('let x = let y = 1 in y, z = 2 in z'), '(let (x (let (y 1) y), z 2) z)');
  t.equal(p('(let x = 1 in x) + 2'), '(+ (let (x 1) x) 2)');
});

t.test('if', async (t) => {
  t.equal(p('if x < 1: 2 else: 3'), '(if (< x 1) 2 3)');
  t.equal(p('if a: if b: 1 else: 2 else: 3'), '(if a (if b 1 2) 3)');
});

t.test('tuples, grouping and indexing', async (t) => {
  t.equal(p('(1)'), '1');
  t.equal(p('((1))'), '1');
  t.equal(p('(1, 2)'), '(tuple 1 2)');
  t.equal(p('(1, (2, 3), 4)'), '(tuple 1 (tuple 2 3) 4)');
  t.equal(p('t[0]'), '(index t 0)');
  t.equal(p('t[i + 1]'), '(index t (+ i 1))');
  t.equal(p('(f(x))[1]'), '(index (call f x) 1)');
  t.equal(p('((1, (2, 3))[1])[0]'), '(index (index (tuple 1 (tuple 2 3)) 1) 0)');
  t.equal(p('(1, 2)[0]'), '(index (tuple 1 2) 0)');
  t.equal(p('t[0] + u[1]'), '(+ (index t 0) (index u 1))');
});

t.test('calls', async (t) => {
  t.equal(p('f(1)'), '(call f 1)');
  t.equal(p('f(1, g(2), 3 + 4)'), '(call f 1 (call g 2) (+ 3 4))');
  t.equal(p('f (1)'), '(call f 1)');
});

t.test('programs: defs then one main expression', async (t) => {
  const prog = parse('def f(x, y): x + y\ndef g(): 1\n// main\nf(1, 2)');
  t.same(
    prog.defs.map((d) => [d.name, d.params.map((q) => q.name), show(d.body)]),
    [
      ['f', ['x', 'y'], '(+ x y)'],
      ['g', [], '1'],
    ],
  );
  t.equal(show(prog.main), '(call f 1 2)');
  t.same(parse('5').defs, []);
});

t.test('whitespace is insignificant, so an identifier followed by "(" is a call', async (t) => {
  // A def body ending in an identifier swallows a main expression that starts with "(".
  const prog = parse('def f(x): x\n(1, 2)\n3');
  t.equal(show(prog.defs[0].body), '(call x 1 2)');
});

t.test('spans', async (t) => {
  const e = parseExpr('let x = f(1,\n  2) in x');
  t.same(e.span, { line: 1, col: 1, endLine: 2, endCol: 9 });
  if (e.kind !== 'let') throw new Error('expected a let');
  t.same(e.bindings[0].nameSpan, { line: 1, col: 5, endLine: 1, endCol: 5 });
  t.same(e.bindings[0].value.span, { line: 1, col: 9, endLine: 2, endCol: 4 });
  t.same(parseExpr('(f(x))[1]').span, { line: 1, col: 1, endLine: 1, endCol: 9 });
  t.same(parseExpr(' a  +  bc').span, { line: 1, col: 2, endLine: 1, endCol: 9 });
  const d = parse('def foo(a, b): a\n1').defs[0];
  t.same(d.nameSpan, { line: 1, col: 5, endLine: 1, endCol: 7 });
  t.same(d.params.map((q) => q.span.col), [9, 12]);
});

t.test('parse errors: message and location of the first error', async (t) => {
  const cases: [string, string, number, number][] = [
    // [source, message, line, col]
    ['t[0][1]', "parse error: unexpected '[', expecting operator or end of input", 1, 5],
    ['def f(x): x\nf(x)[0]', "parse error: unexpected '[', expecting operator or end of input", 2, 5],
    ['add1(x)[0]', "parse error: unexpected '[', expecting operator or end of input", 1, 8],
    ['5[0]', "parse error: unexpected '[', expecting operator or end of input", 1, 2],
    ['f()', "parse error: unexpected ')', expecting expression", 1, 3],
    ['()', "parse error: unexpected ')', expecting expression", 1, 2],
    ['1 +', 'parse error: unexpected end of input, expecting expression', 1, 4],
    ['', "parse error: unexpected end of input, expecting 'def' or expression", 1, 1],
    ['def f(x): x', "parse error: unexpected end of input, expecting 'def' or expression", 1, 12],
    ['1 2', "parse error: unexpected '2', expecting operator or end of input", 1, 3],
    ['let x = 1', "parse error: unexpected end of input, expecting operator, ',' or 'in'", 1, 10],
    ['let 1 = 2 in 3', "parse error: unexpected '1', expecting identifier", 1, 5],
    ['let x 1 in x', "parse error: unexpected '1', expecting '='", 1, 7],
    ['if x 1 else: 2', "parse error: unexpected '1', expecting operator or ':'", 1, 6],
    ['if x: 1', "parse error: unexpected end of input, expecting operator or 'else'", 1, 8],
    ['if x: 1 else 2', "parse error: unexpected '2', expecting ':'", 1, 14],
    ['(1, 2', "parse error: unexpected end of input, expecting operator, ',' or ')'", 1, 6],
    ['t[0', "parse error: unexpected end of input, expecting operator or ']'", 1, 4],
    ['add1 1', "parse error: unexpected '1', expecting '('", 1, 6],
    ['add1(1, 2)', "parse error: unexpected ',', expecting operator or ')'", 1, 7],
    ['def f(x y): x\n1', "parse error: unexpected 'y', expecting ',' or ')'", 1, 9],
    ['def f(x,): x\n1', "parse error: unexpected ')', expecting identifier", 1, 9],
    ['def (x): x\n1', "parse error: unexpected '(', expecting identifier", 1, 5],
    ['def f(x) x\n1', "parse error: unexpected 'x', expecting ':'", 1, 10],
    ['lambda', "parse error: unexpected 'lambda', expecting 'def' or expression", 1, 1],
    ['f(lambda)', "parse error: unexpected 'lambda', expecting expression", 1, 3],
    ['1 + def', "parse error: unexpected 'def', expecting expression", 1, 5],
    ['let if = 1 in 2', "parse error: unexpected 'if', expecting identifier", 1, 5],
    ['1 <= 2', "parse error: unexpected '=', expecting expression", 1, 4],
    ['0 - -1', "parse error: unexpected '-', expecting expression", 1, 5],
    ['1 +\n  $', "parse error: unexpected character '$'", 2, 3],
    ['my_var', "parse error: unexpected character '_'", 1, 3],
    ['1 + /* oops', 'parse error: unterminated comment', 1, 5],
  ];
  for (const [src, message, line, col] of cases) {
    const e = parseError(src);
    t.equal(e.message, message, src);
    t.same([e.span.line, e.span.col], [line, col], `${src} at ${line}:${col}`);
  }
});

t.test('the first error in source order wins', async (t) => {
  // A syntax error before an illegal character is the one reported, and vice versa.
  t.equal(parseError('1 + + $').message, "parse error: unexpected '+', expecting expression");
  t.equal(parseError('1 $ + +').message, "parse error: unexpected character '$'");
});
