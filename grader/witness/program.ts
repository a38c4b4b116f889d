// A fast-check arbitrary of Fox programs that exercise a collector (issue 17): tuples of odd and
// even sizes, nested and shared; lets whose slots go dead at chosen points; heap layouts (live
// and dead blocks in a chosen order, so that compaction moves blocks by chosen distances); ifs;
// helper functions, self tail calls and non-tail recursion; garbage-making loops; prints of live
// data. Three sizes (`small`, `medium`, `large`): a search draws small programs first, so that
// most killers it finds are already short.
//
// Why a plan and a resolver: the arbitrary draws a *plan*, a tree of abstract choices that knows
// nothing of scopes ("a variable: pick 3", "element 1 of a tuple variable: pick 0"), and
// `resolvePlan` turns any plan into a program by late binding (a pick is taken modulo the
// variables in scope that fit; with none, it falls back to a literal). Every plan resolves to a
// well-formed program, so fast-check's structural shrinking of the plan can never produce an
// ill-formed one, and the arbitrary needs no `chain` (which shrinks poorly).
//
// Why every program terminates, by construction: the only recursion is a helper calling itself,
// in one of two templates whose first parameter `n` counts down (`if n < 1: … else: hK(n - 1, …)`),
// and every call passes a literal count in 0 … MAX_COUNT for it; a helper calls only helpers
// defined before it; nothing else loops.
//
// Why no program fails at run time (every one is a value test): arithmetic is `numvar + k` with
// small literals (no overflow in the bounded runs), an index is taken modulo the known length of
// a tuple whose shape is known, a condition is `numvar < k` or a literal boolean.
import fc from 'fast-check';
import { renderProgram, type Def, type Expr, type Program } from './render.js';

// The resolved programs and their rendering live in render.ts; re-exported for importers.
export { lineCount, renderExpr, renderProgram, type Def, type Expr, type Program } from './render.js';

/** The largest count a recursive helper is called with. */
export const MAX_COUNT = 5;
/** The count of a `hold` call: deep enough that walking a shared tower once per path never ends. */
export const HOLD_COUNT = 40;
/** The most helpers a program defines. */
export const MAX_HELPERS = 2;
/** How big the drawn programs are: the depth of main and of helper bodies, and the most helpers. */
export interface PlanSize {
  mainDepth: number;
  helperDepth: number;
  maxHelpers: number;
  /** How often (of 1) main is a heap layout itself, besides the layouts the expressions draw. */
  layoutShare: number;
}

export const PLAN_SIZES = {
  small: { mainDepth: 2, helperDepth: 1, maxHelpers: 0, layoutShare: 0.5 },
  medium: { mainDepth: 3, helperDepth: 2, maxHelpers: 1, layoutShare: 0.25 },
  large: { mainDepth: 4, helperDepth: 2, maxHelpers: MAX_HELPERS, layoutShare: 0 },
} as const satisfies Record<string, PlanSize>;

export type PlanSizeName = keyof typeof PLAN_SIZES;

/** An expression of the plan: choices only, bound to variables by resolvePlan. */
export type PlanExpr =
  | { k: 'lit'; n: number }
  | { k: 'bool'; b: boolean }
  /** A variable in scope (pick modulo their number), or the literal `pick` when none is. */
  | { k: 'ref'; pick: number }
  | { k: 'tuple'; elems: PlanExpr[] }
  /** `x[i]`: a variable of known tuple shape (pick), element i modulo its length. */
  | { k: 'get'; pick: number; i: number }
  /** `let v = value in body`: v's slot goes dead (is cleared) when body ends. */
  | { k: 'let'; value: PlanExpr; body: PlanExpr }
  /** `if numvar < k: … else: …` (pick chooses the number variable; none: the literal `k < 3`). */
  | { k: 'if'; pick: number; bound: number; then: PlanExpr; else: PlanExpr }
  /** A call of a helper (modulo the helpers visible); `count` is the recursive helpers' first argument. */
  | { k: 'call'; helper: number; count: number; args: PlanExpr[] }
  | { k: 'print'; arg: PlanExpr }
  /**
   * `let v = hK(HOLD_COUNT, arg) in body`: a long run of a recursive helper whose result stays
   * live (v's slot) while body runs but is never used, so it can be a huge DAG (a tower whose
   * levels share the level below) without ever being printed. Only helpers that print nothing
   * qualify; with none, it is just body.
   */
  | { k: 'hold'; helper: number; arg: PlanExpr; body: PlanExpr }
  /** `numvar + k` (pick chooses the number variable; none: the literal k). */
  | { k: 'add'; pick: number; k2: number }
  /** `(e1, …, en)[i]`: a tuple that is garbage as soon as it is made. */
  | { k: 'drop'; elems: PlanExpr[]; i: number }
  /**
   * A heap layout: `let a = (…), b = (…)[0], c = (…) in (a, c)`: blocks allocated in order, each
   * live (its let slot holds it to the end) or dead at once; the body keeps the live ones. At the
   * minimal heap the body's tuple collects with this layout, so every live block after a dead one
   * moves down by the dead words below it (by less than its own size when it is the larger).
   */
  | { k: 'layout'; blocks: Array<{ live: boolean; elems: PlanExpr[] }> };

/**
 * A helper function. Parameters: `loop(n, acc)` and `deep(n, x)` have a count first, `wrap(x)`
 * has none.
 * - loop: `if n < 1: acc else: hK(n - 1, STEP)`: a self tail call; STEP typically makes garbage.
 * - deep: `if n < 1: LEAF else: let r = hK(n - 1, x) in NODE`: non-tail recursion, so every
 *   level's frame holds pointers while the deeper ones allocate.
 * - wrap: `BODY`: one more frame, its argument a root while BODY allocates.
 */
export type PlanHelper =
  | { k: 'loop'; step: PlanExpr }
  | { k: 'deep'; leaf: PlanExpr; node: PlanExpr }
  | { k: 'wrap'; body: PlanExpr };

export interface ProgramPlan {
  helpers: PlanHelper[];
  main: PlanExpr;
}

// ---------------------------------------------------------------------------------------------
// The arbitrary

const pick = fc.nat({ max: 7 });
const small = fc.nat({ max: 9 });

const exprByDepth = new Map<number, fc.Arbitrary<PlanExpr>>();

/** Plan expressions of at most `depth` nested compound nodes (memoised: they do not depend on scope). */
export function planExpr(depth: number): fc.Arbitrary<PlanExpr> {
  const known = exprByDepth.get(depth);
  if (known !== undefined) return known;
  // Leaves first: oneof's cross-shrinking moves toward the first arbitraries, so a compound node
  // can shrink to a leaf.
  const leaves: fc.WeightedArbitrary<PlanExpr>[] = [
    { arbitrary: small.map((n): PlanExpr => ({ k: 'lit', n })), weight: 2 },
    { arbitrary: pick.map((p): PlanExpr => ({ k: 'ref', pick: p })), weight: 4 },
    { arbitrary: fc.boolean().map((b): PlanExpr => ({ k: 'bool', b })), weight: 1 },
    { arbitrary: fc.record({ pick, i: small }).map(({ pick: p, i }): PlanExpr => ({ k: 'get', pick: p, i })), weight: 2 },
    { arbitrary: fc.record({ pick, k2: small }).map(({ pick: p, k2 }): PlanExpr => ({ k: 'add', pick: p, k2 })), weight: 1 },
  ];
  let arb: fc.Arbitrary<PlanExpr>;
  if (depth <= 0) arb = fc.oneof({ withCrossShrink: true }, ...leaves);
  else {
    const sub = planExpr(depth - 1);
    const compound: fc.WeightedArbitrary<PlanExpr>[] = [
      // Tuples of 2 to 5 elements: odd and even block sizes (n + 2 words, padded to even).
      { arbitrary: fc.array(sub, { minLength: 2, maxLength: 5 }).map((elems): PlanExpr => ({ k: 'tuple', elems })), weight: 6 },
      { arbitrary: fc.record({ value: sub, body: sub }).map(({ value, body }): PlanExpr => ({ k: 'let', value, body })), weight: 6 },
      {
        arbitrary: fc.record({ pick, bound: small, then: sub, else: sub }).map((r): PlanExpr => ({ k: 'if', ...r })),
        weight: 1,
      },
      {
        arbitrary: fc
          .record({ helper: pick, count: fc.nat({ max: MAX_COUNT }), args: fc.array(sub, { minLength: 1, maxLength: 1 }) })
          .map((r): PlanExpr => ({ k: 'call', ...r })),
        weight: 3,
      },
      { arbitrary: sub.map((arg): PlanExpr => ({ k: 'print', arg })), weight: 1 },
      {
        // Weight 3: a long-lived deep structure while more is allocated is what frame bugs need.
        arbitrary: fc.record({ helper: pick, arg: sub, body: sub }).map((r): PlanExpr => ({ k: 'hold', ...r })),
        weight: 3,
      },
      {
        arbitrary: fc.record({ elems: fc.array(sub, { minLength: 2, maxLength: 5 }), i: small }).map((r): PlanExpr => ({ k: 'drop', ...r })),
        weight: 1,
      },
      { arbitrary: planLayout(), weight: 4 },
    ];
    arb = fc.oneof({ withCrossShrink: true, depthIdentifier: 'fox-witness' }, ...leaves, ...compound);
  }
  exprByDepth.set(depth, arb);
  return arb;
}

/**
 * Heap layouts: two to four blocks, live or dead. Elements are leaves: a layout is about block
 * sizes and order (refs still share). Dead blocks have two or three elements (garbage of a few
 * words), live ones two to five, so that a live block is often larger than the gap below it.
 */
export function planLayout(): fc.Arbitrary<PlanExpr> {
  const block = fc.oneof(
    fc.record({ live: fc.constant(true), elems: fc.array(planExpr(0), { minLength: 2, maxLength: 5 }) }),
    fc.record({ live: fc.constant(false), elems: fc.array(planExpr(0), { minLength: 2, maxLength: 3 }) }),
  );
  return fc.array(block, { minLength: 2, maxLength: 4 }).map((blocks): PlanExpr => ({ k: 'layout', blocks }));
}

export function planHelper(depth: number = PLAN_SIZES.large.helperDepth): fc.Arbitrary<PlanHelper> {
  const body = planExpr(depth);
  return fc.oneof(
    { withCrossShrink: true },
    body.map((b): PlanHelper => ({ k: 'wrap', body: b })),
    body.map((step): PlanHelper => ({ k: 'loop', step })),
    fc.record({ leaf: body, node: body }).map(({ leaf, node }): PlanHelper => ({ k: 'deep', leaf, node })),
  );
}

/** Plans of programs: helpers (up to the size's most), then a main expression. Default: large. */
export function programPlan(size: PlanSize = PLAN_SIZES.large): fc.Arbitrary<ProgramPlan> {
  const helpers: fc.Arbitrary<PlanHelper[]> = size.maxHelpers === 0 ? fc.constant<PlanHelper[]>([]) : fc.array(planHelper(size.helperDepth), { maxLength: size.maxHelpers });
  const expr = planExpr(size.mainDepth);
  // Integer weights: fast-check's oneof takes no fractions.
  const share = Math.round(size.layoutShare * 100);
  const main = share === 0 ? expr : fc.oneof({ arbitrary: expr, weight: 100 - share }, { arbitrary: planLayout(), weight: share });
  return fc.record({ helpers, main });
}

/** Fox programs (source text), well-formed and terminating: the rendered plans. */
export function foxProgram(size: PlanSize = PLAN_SIZES.large): fc.Arbitrary<string> {
  return programPlan(size).map((plan) => renderProgram(resolvePlan(plan)));
}

// ---------------------------------------------------------------------------------------------
// Resolution: plan → program

/** What is statically known of a value: a number, a boolean, a tuple of known shape, or nothing. */
export type Shape = { k: 'num' } | { k: 'bool' } | { k: 'tuple'; elems: Shape[] } | { k: 'any' };

const NUM: Shape = { k: 'num' };
const ANY: Shape = { k: 'any' };

interface Scope {
  vars: Array<{ name: string; shape: Shape }>;
  /** Helpers callable here (defined before); `quiet`: it prints nothing, nor do the helpers it calls. */
  helpers: Array<{ name: string; kind: PlanHelper['k']; quiet: boolean }>;
  /** Fresh let names of the body being resolved. */
  fresh: { next: number };
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'tuple' && b.k === 'tuple') return a.elems.length === b.elems.length && a.elems.every((s, i) => sameShape(s, b.elems[i]));
  return true;
}

function resolveExpr(p: PlanExpr, scope: Scope): { e: Expr; shape: Shape } {
  switch (p.k) {
    case 'lit':
      return { e: { k: 'num', n: p.n }, shape: NUM };
    case 'bool':
      return { e: { k: 'bool', b: p.b }, shape: { k: 'bool' } };
    case 'ref': {
      if (scope.vars.length === 0) return { e: { k: 'num', n: p.pick }, shape: NUM };
      const v = scope.vars[p.pick % scope.vars.length];
      return { e: { k: 'var', name: v.name }, shape: v.shape };
    }
    case 'get': {
      const tuples = scope.vars.filter((v) => v.shape.k === 'tuple');
      if (tuples.length === 0) return resolveExpr({ k: 'ref', pick: p.pick }, scope);
      const v = tuples[p.pick % tuples.length];
      const elems = (v.shape as { k: 'tuple'; elems: Shape[] }).elems;
      const i = p.i % elems.length;
      return { e: { k: 'index', name: v.name, i }, shape: elems[i] };
    }
    case 'add': {
      const nums = scope.vars.filter((v) => v.shape.k === 'num');
      if (nums.length === 0) return { e: { k: 'num', n: p.k2 }, shape: NUM };
      const v = nums[p.pick % nums.length];
      return { e: { k: 'prim2', op: '+', left: { k: 'var', name: v.name }, right: { k: 'num', n: p.k2 } }, shape: NUM };
    }
    case 'tuple': {
      const elems = p.elems.map((x) => resolveExpr(x, scope));
      return { e: { k: 'tuple', elems: elems.map((x) => x.e) }, shape: { k: 'tuple', elems: elems.map((x) => x.shape) } };
    }
    case 'let': {
      const value = resolveExpr(p.value, scope);
      const name = `v${scope.fresh.next++}`;
      const body = resolveExpr(p.body, { ...scope, vars: [...scope.vars, { name, shape: value.shape }] });
      return { e: { k: 'let', name, value: value.e, body: body.e }, shape: body.shape };
    }
    case 'if': {
      const nums = scope.vars.filter((v) => v.shape.k === 'num');
      const cond: Expr =
        nums.length === 0
          ? { k: 'bool', b: p.bound % 2 === 0 }
          : { k: 'prim2', op: '<', left: { k: 'var', name: nums[p.pick % nums.length].name }, right: { k: 'num', n: p.bound } };
      const th = resolveExpr(p.then, scope);
      const el = resolveExpr(p.else, scope);
      return { e: { k: 'if', cond, then: th.e, else: el.e }, shape: sameShape(th.shape, el.shape) ? th.shape : ANY };
    }
    case 'call': {
      if (scope.helpers.length === 0) return resolveExpr(p.args[0], scope);
      const h = scope.helpers[p.helper % scope.helpers.length];
      const arg = resolveExpr(p.args[0], scope).e;
      const args: Expr[] = h.kind === 'wrap' ? [arg] : [{ k: 'num', n: p.count % (MAX_COUNT + 1) }, arg];
      return { e: { k: 'call', name: h.name, args }, shape: ANY };
    }
    case 'print': {
      const arg = resolveExpr(p.arg, scope);
      return { e: { k: 'print', arg: arg.e }, shape: arg.shape };
    }
    case 'drop': {
      const t = resolveExpr({ k: 'tuple', elems: p.elems }, scope);
      const elems = (t.shape as { k: 'tuple'; elems: Shape[] }).elems;
      const i = p.i % elems.length;
      return { e: { k: 'pick', tuple: t.e as Expr & { k: 'tuple' }, i }, shape: elems[i] };
    }
    case 'layout': {
      // Lets in order, each block seeing the ones before (shared elements make DAGs); the body is
      // the live ones: a tuple of two or more, one alone, or 0.
      const bound: Array<{ name: string; live: boolean; value: Expr; shape: Shape }> = [];
      let inner = scope;
      for (const b of p.blocks) {
        const value = b.live ? resolveExpr({ k: 'tuple', elems: b.elems }, inner) : resolveExpr({ k: 'drop', elems: b.elems, i: 0 }, inner);
        const name = `v${scope.fresh.next++}`;
        bound.push({ name, live: b.live, value: value.e, shape: value.shape });
        inner = { ...inner, vars: [...inner.vars, { name, shape: value.shape }] };
      }
      const live = bound.filter((b) => b.live);
      const ref = (b: (typeof live)[number]): Expr => ({ k: 'var', name: b.name });
      let body: Expr = live.length === 0 ? { k: 'num', n: 0 } : live.length === 1 ? ref(live[0]) : { k: 'tuple', elems: live.map(ref) };
      const shape: Shape = live.length === 0 ? NUM : live.length === 1 ? live[0].shape : { k: 'tuple', elems: live.map((b) => b.shape) };
      for (const b of [...bound].reverse()) body = { k: 'let', name: b.name, value: b.value, body };
      return { e: body, shape };
    }
    case 'hold': {
      const long = scope.helpers.filter((h) => h.kind !== 'wrap' && h.quiet);
      if (long.length === 0) return resolveExpr(p.body, scope);
      const h = long[p.helper % long.length];
      const arg = resolveExpr(p.arg, scope).e;
      const name = `v${scope.fresh.next++}`;
      const body = resolveExpr(p.body, scope); // the held value is not in scope: never printed
      return { e: { k: 'let', name, value: { k: 'call', name: h.name, args: [{ k: 'num', n: HOLD_COUNT }, arg] }, body: body.e }, shape: body.shape };
    }
  }
}

function prints(e: Expr): boolean {
  switch (e.k) {
    case 'print':
      return true;
    case 'tuple':
      return e.elems.some(prints);
    case 'pick':
      return prints(e.tuple);
    case 'let':
      return prints(e.value) || prints(e.body);
    case 'if':
      return prints(e.cond) || prints(e.then) || prints(e.else);
    case 'call':
      return e.args.some(prints);
    case 'prim2':
      return prints(e.left) || prints(e.right);
    default:
      return false;
  }
}

function calls(e: Expr): string[] {
  switch (e.k) {
    case 'call':
      return [e.name, ...e.args.flatMap(calls)];
    case 'tuple':
      return e.elems.flatMap(calls);
    case 'pick':
      return calls(e.tuple);
    case 'let':
      return [...calls(e.value), ...calls(e.body)];
    case 'if':
      return [...calls(e.cond), ...calls(e.then), ...calls(e.else)];
    case 'print':
      return calls(e.arg);
    case 'prim2':
      return [...calls(e.left), ...calls(e.right)];
    default:
      return [];
  }
}

/** The program a plan stands for (deterministic; every plan gives a well-formed, terminating program). */
export function resolvePlan(plan: ProgramPlan): Program {
  const defs: Def[] = [];
  const helpers: Scope['helpers'] = [];
  plan.helpers.forEach((h, i) => {
    const name = `h${i}`;
    const fresh = { next: 0 };
    const n = { name: 'n', shape: NUM };
    const own = (vars: Scope['vars']): Scope => ({ vars, helpers: [...helpers], fresh });
    let def: Def;
    if (h.k === 'wrap') {
      def = { name, params: ['x'], body: resolveExpr(h.body, own([{ name: 'x', shape: ANY }])).e };
    } else if (h.k === 'loop') {
      const step = resolveExpr(h.step, own([n, { name: 'acc', shape: ANY }])).e;
      def = {
        name,
        params: ['n', 'acc'],
        body: {
          k: 'if',
          cond: { k: 'prim2', op: '<', left: { k: 'var', name: 'n' }, right: { k: 'num', n: 1 } },
          then: { k: 'var', name: 'acc' },
          else: { k: 'call', name, args: [{ k: 'prim2', op: '-', left: { k: 'var', name: 'n' }, right: { k: 'num', n: 1 } }, step] },
        },
      };
    } else {
      const x = { name: 'x', shape: ANY };
      const leaf = resolveExpr(h.leaf, own([n, x])).e;
      const node = resolveExpr(h.node, own([n, x, { name: 'r', shape: ANY }])).e;
      def = {
        name,
        params: ['n', 'x'],
        body: {
          k: 'if',
          cond: { k: 'prim2', op: '<', left: { k: 'var', name: 'n' }, right: { k: 'num', n: 1 } },
          then: leaf,
          else: {
            k: 'let',
            name: 'r',
            value: { k: 'call', name, args: [{ k: 'prim2', op: '-', left: { k: 'var', name: 'n' }, right: { k: 'num', n: 1 } }, { k: 'var', name: 'x' }] },
            body: node,
          },
        },
      };
    }
    defs.push(def);
    const quiet = !prints(def.body) && calls(def.body).every((c) => c === name || helpers.some((x) => x.name === c && x.quiet));
    helpers.push({ name, kind: h.k, quiet });
  });
  const main = resolveExpr(plan.main, { vars: [], helpers, fresh: { next: 0 } }).e;
  return { defs, main };
}
