// surfaceTooDeep (reference/compiler/nesting.ts) on trees built by hand, deeper than the parser
// lets through: the error is placed on the node where the deepest path crosses the limit, found by
// following the deepest child at each level (not the first child, and not the leaf at the bottom).
import t from 'tap';
import type { Expr, Span } from '../../../reference/compiler/ast.js';
import { MAX_NESTING, surfaceTooDeep } from '../../../reference/compiler/nesting.js';

const span = (col: number): Span => ({ line: 1, col, endLine: 1, endCol: col });
const num = (col: number): Expr => ({ kind: 'num', text: '1', value: 1, span: span(col) });

/** `depth` nested add1 around a number; node k (1 = outermost) has column k. */
function chain(depth: number): Expr {
  let e: Expr = num(depth + 1);
  for (let k = depth; k >= 1; k--) e = { kind: 'prim1', op: 'add1', arg: e, span: span(k) };
  return e;
}

t.test('the error is on the node at level limit + 1 of the deepest path', async (t) => {
  const deep = surfaceTooDeep(chain(MAX_NESTING + 5));
  t.equal(deep?.levels, MAX_NESTING + 6);
  t.equal(deep?.at.span.col, MAX_NESTING + 1, 'the add1 at level 1001, not the number at the bottom');
});

t.test('the walk follows the deepest child, wherever it is among the children', async (t) => {
  // A tuple whose first elements are shallow and whose last is the deep chain.
  const tuple: Expr = { kind: 'tuple', elements: [num(9000), num(9001), chain(MAX_NESTING + 5)], span: span(9002) };
  const deep = surfaceTooDeep(tuple);
  t.equal(deep?.levels, MAX_NESTING + 7);
  t.equal(deep?.at.kind, 'prim1');
  t.equal(deep?.at.span.col, MAX_NESTING, 'level 1001 of the tuple is the chain\'s node 1000');
  t.equal(surfaceTooDeep({ kind: 'tuple', elements: [num(1), chain(MAX_NESTING - 2)], span: span(2) }), undefined, 'at the limit: none');
});

t.test('a let counts as the nested lets it becomes: binding i one level more than binding i - 1', async (t) => {
  const binding = (value: Expr) => ({ name: 'a', nameSpan: span(0), value, span: span(0) });
  const oneLet = (values: Expr[], body: Expr): Expr => ({ kind: 'let', bindings: values.map(binding), body, span: span(9000) });
  // `let a = <1000 levels> in 1`: the value sits one level down, 1001 in all.
  t.equal(surfaceTooDeep(oneLet([chain(MAX_NESTING - 1)], num(9001)))?.levels, MAX_NESTING + 1);
  t.equal(surfaceTooDeep(oneLet([chain(MAX_NESTING - 2)], num(9001))), undefined, 'one level fewer fits');
  // The second binding is two levels down (inside the first let's body).
  t.equal(surfaceTooDeep(oneLet([num(9001), chain(MAX_NESTING - 2)], num(9002)))?.levels, MAX_NESTING + 1);
  // The body is as deep as the last binding: two bindings, two levels.
  t.equal(surfaceTooDeep(oneLet([num(9001), num(9002)], chain(MAX_NESTING - 2)))?.levels, MAX_NESTING + 1);
});

t.test('every child of an if and of an index adds a level', async (t) => {
  const deep = chain(MAX_NESTING);
  const ifs: Expr[] = [
    { kind: 'if', cond: deep, then: num(1), else: num(2), span: span(9000) },
    { kind: 'if', cond: num(1), then: deep, else: num(2), span: span(9000) },
    { kind: 'if', cond: num(1), then: num(2), else: deep, span: span(9000) },
  ];
  const indexes: Expr[] = [
    { kind: 'index', tuple: deep, index: num(1), span: span(9000) },
    { kind: 'index', tuple: num(1), index: deep, span: span(9000) },
  ];
  for (const e of [...ifs, ...indexes]) {
    const found = surfaceTooDeep(e);
    t.equal(found?.levels, MAX_NESTING + 2, e.kind);
    t.equal(found?.at.span.col, MAX_NESTING, `${e.kind}: level 1001 is the chain's node 1000`);
  }
});

t.test('a subtree shared by several parents is measured once, not once per path', async (t) => {
  // 200 levels of `x + x` with both operands the same node: a tree of 2^200 paths if each were
  // walked, which would never finish; measured by node, it is 201 levels and instant.
  let e: Expr = num(1);
  for (let k = 0; k < 200; k++) e = { kind: 'prim2', op: '+', left: e, right: e, span: span(k) };
  t.equal(surfaceTooDeep(e), undefined);
  let deep: Expr = chain(MAX_NESTING);
  for (let k = 0; k < 200; k++) deep = { kind: 'prim2', op: '+', left: deep, right: deep, span: span(k) };
  t.equal(surfaceTooDeep(deep)?.levels, MAX_NESTING + 201);
});
