// The nesting limit (DESIGN.md "Nesting limit"). The parser runs on an explicit stack, but the
// checker, the normaliser and the code generator recurse on the tree, one JS frame (or a few)
// per level. A student's test must never take the grader down with a stack overflow, so a tree
// deeper than MAX_NESTING is refused with a located error instead of being compiled. Depths are
// measured here without recursion, so measuring a 100000-level tree is safe too.
import type { AExpr, AnfProgram } from './anf.js';
import type { Expr, Program, Span } from './ast.js';

/**
 * The deepest tree the later passes get. Measured cold (unoptimised frames are the largest),
 * they overflow the default Node stack from about 1900 levels (`add1(add1(…))`, a flat sum);
 * 1000 leaves room for the grader's own frames below the compiler.
 */
export const MAX_NESTING = 1000;

/** `nested too deeply: N levels, the limit is M` (plus what was counted, when it helps). */
export function nestingMessage(levels: number, what = ''): string {
  return `nested too deeply: ${levels} levels${what}, the limit is ${MAX_NESTING}`;
}

/**
 * The children of a surface node with the levels each adds. `let a = e1, b = e2 in body` counts
 * as the nested lets it becomes (ANF): e1 one level down, e2 two, the body two.
 */
function children(e: Expr): [Expr, number][] {
  switch (e.kind) {
    case 'num':
    case 'bool':
    case 'id':
      return [];
    case 'prim1':
      return [[e.arg, 1]];
    case 'prim2':
      return [
        [e.left, 1],
        [e.right, 1],
      ];
    case 'let':
      return [...e.bindings.map((b, i): [Expr, number] => [b.value, i + 1]), [e.body, e.bindings.length]];
    case 'if':
      return [
        [e.cond, 1],
        [e.then, 1],
        [e.else, 1],
      ];
    case 'tuple':
      return e.elements.map((x) => [x, 1]);
    case 'index':
      return [
        [e.tuple, 1],
        [e.index, 1],
      ];
    case 'call':
      return e.args.map((x) => [x, 1]);
  }
}

/**
 * Height of every node of a tree (a leaf is 1), computed in post-order on an explicit stack.
 * Generic, so that the surface tree and the ANF tree share it.
 */
function heights<T extends object>(root: T, kids: (node: T) => [T, number][]): Map<T, number> {
  const height = new Map<T, number>();
  const stack: { node: T; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const cs = kids(top.node);
    if (!top.expanded) {
      top.expanded = true;
      for (const [c] of cs) if (!height.has(c)) stack.push({ node: c, expanded: false });
      continue;
    }
    stack.pop();
    let h = 1;
    for (const [c, add] of cs) h = Math.max(h, add + (height.get(c) as number));
    height.set(top.node, h);
  }
  return height;
}

export interface TooDeep {
  levels: number;
  /** The outermost node of the deepest path that lies beyond the limit. */
  at: Expr;
}

/** Whether a surface expression is deeper than MAX_NESTING, and where it crosses the limit. */
export function surfaceTooDeep(root: Expr): TooDeep | undefined {
  const height = heights(root, children);
  const levels = height.get(root) as number;
  if (levels <= MAX_NESTING) return undefined;
  // Walk down the deepest path until the level passes the limit. The path's leaf lies at level
  // `levels`, past the limit, so the walk stops before it: every node on the way has a child.
  let node = root;
  let level = 1;
  while (level <= MAX_NESTING) {
    const rest = (height.get(node) as number) - 1;
    const [child, add] = children(node).find(([c, a]) => a + (height.get(c) as number) - 1 === rest) as [Expr, number];
    level += add;
    node = child;
  }
  return { levels, at: node };
}

/** The first surface body (a def's, or the main expression) deeper than the limit. */
export function programTooDeep(program: Program): TooDeep | undefined {
  for (const body of [...program.defs.map((d) => d.body), program.main]) {
    const found = surfaceTooDeep(body);
    if (found) return found;
  }
  return undefined;
}

function anfChildren(e: AExpr): [AExpr, number][] {
  if (e.kind === 'let') {
    return [
      [e.value, 1],
      [e.body, 1],
    ];
  }
  if (e.kind === 'if') {
    return [
      [e.then, 1],
      [e.else, 1],
    ];
  }
  return [];
}

/**
 * The ANF tree can be deeper than the surface one: each named intermediate value nests the rest
 * of its sequence (`(f(1), f(2), …)` with 3000 calls is 3000 lets deep). Returns the levels and
 * where to point (a def's name, or the main expression) for the first body over the limit.
 */
export function anfTooDeep(anf: AnfProgram, program: Program): { levels: number; span: Span } | undefined {
  const bodies: [AExpr, Span][] = [...anf.defs.map((d, i): [AExpr, Span] => [d.body, program.defs[i].nameSpan]), [anf.main, program.main.span]];
  for (const [body, span] of bodies) {
    const levels = heights(body, anfChildren).get(body) as number;
    if (levels > MAX_NESTING) return { levels, span };
  }
  return undefined;
}
