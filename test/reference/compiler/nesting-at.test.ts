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
