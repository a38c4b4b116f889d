// Edges of the parser (FOX.md §1; parse.ts's doc comments; DESIGN.md "Parse errors" and
// "Nesting limit"): what the first error of an odd program says, the program's span, the
// error's own name, and the nesting limit as parseExpr and the rule stack enforce it.
import t from 'tap';
import { parse, parseExpr, ParseError } from '../../../reference/compiler/parse.js';
import { compile } from '../../../reference/compiler/index.js';
import { MAX_NESTING } from '../../../reference/compiler/nesting.js';

/** Flat strings, as a file read gives. */
const flat = (s: string) => Buffer.from(s).toString();

/** The ParseError thrown by `f` (fails the test when there is none, or another error). */
function thrown(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

t.test('a ParseError is named ParseError', async (t) => {
  const e = thrown(() => parse('('));
  t.equal(e.name, 'ParseError');
  t.equal(String(e), 'ParseError: parse error: unexpected end of input, expecting expression');
  t.ok(e instanceof Error);
});

t.test('a def with no parameters: what may follow its "("', async (t) => {
  const e = thrown(() => parse('def f(1): 1\nf(1)'));
  t.equal(e.message, "parse error: unexpected '1', expecting identifier or ')'");
  t.same(e.span, { line: 1, col: 7, endLine: 1, endCol: 7 });
  t.equal(thrown(() => parse('def f(: 1\nf(1)')).message, "parse error: unexpected ':', expecting identifier or ')'");
  // after a parameter, a comma or the closing parenthesis
  t.equal(thrown(() => parse('def f(x y): 1\nf(1)')).message, "parse error: unexpected 'y', expecting ',' or ')'");
  // `def f():` parses (FOX.md §1)
  t.equal(parse('def f(): 1\n2').defs[0].params.length, 0);
});

t.test('a token that cannot start the main expression', async (t) => {
  for (const tok of [')', ']', ',', '+', '*', '==', '=', ':', '-', '<']) {
    const e = thrown(() => parse(`${tok} 1`));
    t.equal(e.message, `parse error: unexpected '${tok}', expecting 'def' or expression`, tok);
    t.equal(e.span.col, 1);
  }
  const e = thrown(() => parse('def f(x): x\n] 1'));
  t.equal(e.message, "parse error: unexpected ']', expecting 'def' or expression");
  t.same(e.span, { line: 2, col: 1, endLine: 2, endCol: 1 });
  t.equal(thrown(() => parse('def f(x): x\n')).message, "parse error: unexpected end of input, expecting 'def' or expression");
  // a grouping parenthesis does start one
  t.equal(parse('(1)').main.kind, 'num');
});

t.test('a program spans from its first def to the end of its main expression', async (t) => {
  const src = '  def f(x): x\ndef g(y): y\n  f(g(1)) ';
  t.same(parse(src).span, { line: 1, col: 3, endLine: 3, endCol: 9 });
  t.same(parse('\n 1 + 2').span, { line: 2, col: 2, endLine: 2, endCol: 6 });
});

t.test('parseExpr refuses a tree deeper than the limit, with a located error', async (t) => {
  const ok = parseExpr(flat(Array(MAX_NESTING).fill('1').join(' + ')));
  t.equal(ok.kind, 'prim2');
  const e = thrown(() => parseExpr(flat(Array(MAX_NESTING + 1).fill('1').join(' + '))));
  t.equal(e.message, 'nested too deeply: 1001 levels, the limit is 1000');
  t.same(e.span, { line: 1, col: 1, endLine: 1, endCol: 1 });
  const deepCall = thrown(() => parseExpr(flat('add1('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING))));
  t.equal(deepCall.message, 'nested too deeply: 1001 levels, the limit is 1000');
  // at the outermost node past the limit on the deepest path: level 1001 is the innermost `1`
  t.same(deepCall.span, { line: 1, col: 5 * MAX_NESTING + 1, endLine: 1, endCol: 5 * MAX_NESTING + 1 });
});

t.test('parseExpr stops a parse that nests past the rule stack, early', async (t) => {
  // 1500 nested add1: the parse itself stops (DESIGN.md "Nesting limit": `more than 1000 levels`)
  // at a token well before the innermost `1`, instead of finishing and measuring the tree.
  const n = 1500;
  const src = flat('add1('.repeat(n) + '1' + ')'.repeat(n));
  const e = thrown(() => parseExpr(src));
  t.equal(e.message, 'nested too deeply: more than 1000 levels, the limit is 1000');
  t.equal(e.span.line, 1);
  t.ok(e.span.col < 5 * n, `located before the innermost operand (col ${e.span.col})`);
  t.ok(e.span.col > 5 * MAX_NESTING, `but past the first 1000 levels (col ${e.span.col})`);
});

t.test('the rule stack holds exactly 12 × MAX_NESTING rules in progress, not one more', async (t) => {
  // parse.ts MAX_RULES: "At most this many rules in progress". Rules in progress at the innermost
  // `1`: program, then per grouping parenthesis expr → 3 precedence levels (6 rules) → operand →
  // atom → parenthesised → exprList (10), per add1 expr → 6 → operand → atom → prim (9), and for
  // the `1` itself expr → 6 → operand → atom (8).
  const src = (parens: number, add1s: number) =>
    flat('('.repeat(parens) + 'add1('.repeat(add1s) + '1' + ')'.repeat(add1s) + ')'.repeat(parens));
  t.equal(1 + 10 * 1191 + 9 * 9 + 8, 12 * MAX_NESTING);
  // exactly 12000 rules: parsed (the tree is only 10 levels deep)
  const p = parse(src(1191, 9));
  t.equal(p.main.kind, 'prim1');
  t.equal(compile(src(1191, 9)).ok, true);
  // 12001 rules: refused where the parse stopped
  const e = thrown(() => parse(src(1192, 8)));
  t.equal(e.message, 'nested too deeply: more than 1000 levels, the limit is 1000');
  // and the same boundary for parseExpr, which has no `program` rule below the expression
  t.equal(parseExpr(src(1192, 8)).kind, 'prim1');
  t.equal(thrown(() => parseExpr(src(1193, 7))).message, 'nested too deeply: more than 1000 levels, the limit is 1000');
});
