// A-normal form (FOX.md §5 "Intermediate values get temporary slots through ANF").
//
// Every operand of a primitive, every tuple element and index, every call argument and every
// `if` condition becomes an immediate (constant or variable). Where the temporaries are bound
// decides how long they keep tuples alive, and so the minimal heap of every test: this is the
// course's Haskell normaliser, transcribed exactly.
//   - anf(let x = e in b) = let x = anf(e) in anf(b)       (temps of e scoped inside the binding)
//   - anf(if c: a else: b) = stitch(bs, if c': anf(a) else: anf(b))   where (bs, c') = imm(c)
//   - anf(op(e1..en))      = stitch(bs, op(i1..in))         where (bs, i1..in) = imms(e1..en)
//   - imm(constant or id)  = no binds
//   - imm(op(e1..en))      = binds of imms(e1..en), then a fresh anfK = op(i1..in)
//   - imm(let or if)       = a fresh anfK = anf(e), numbered after e's own temps
// One counter is threaded through a whole function body (and through the main body), from 0.
import type { Expr, Prim1Op, Prim2Op, Program } from './ast.js';

// `temp` marks the normaliser's `anfK` names. A user may also call a variable `anf0`, so code
// generation keys variables by (name, temp) and never confuses the two; the printout is the
// course's, which shows both as `anf0`.
export type Imm =
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'id'; name: string; temp: boolean };

export type AExpr =
  | Imm
  | { kind: 'prim1'; op: Prim1Op; arg: Imm }
  | { kind: 'prim2'; op: Prim2Op; left: Imm; right: Imm }
  | { kind: 'tuple'; elements: Imm[] }
  | { kind: 'index'; tuple: Imm; index: Imm }
  | { kind: 'call'; name: string; args: Imm[] }
  | { kind: 'let'; name: string; temp: boolean; value: AExpr; body: AExpr }
  | { kind: 'if'; cond: Imm; then: AExpr; else: AExpr };

export type AnfDef = { name: string; params: string[]; body: AExpr };
export type AnfProgram = { defs: AnfDef[]; main: AExpr };

export type AnfOptions = {
  /** Variant `let-temps-leak`: a let's bound expression binds its temps outside the let. */
  leakLetTemps?: boolean;
};

/** Normalises a checked program; the temp counter restarts at 0 for each body. */
export function toAnf(program: Program, options: AnfOptions = {}): AnfProgram {
  const body = (e: Expr) => new Normaliser(options.leakLetTemps ?? false).anf(e);
  return {
    defs: program.defs.map((d) => ({ name: d.name, params: d.params.map((p) => p.name), body: body(d.body) })),
    main: body(program.main),
  };
}

/** A temporary bound before an expression, `anfK = value`. */
type Bind = { name: string; value: AExpr };

/** An expression split into the temps it needs and its own operation over immediates. */
type Parts = { binds: Bind[]; core: AExpr };

/** Wraps `body` in nested lets, one per bind, first bind outermost. */
function stitch(binds: Bind[], body: AExpr): AExpr {
  return binds.reduceRight<AExpr>((acc, b) => ({ kind: 'let', name: b.name, temp: true, value: b.value, body: acc }), body);
}

class Normaliser {
  private counter = 0;

  constructor(private readonly leakLetTemps: boolean) {}

  private fresh(): string {
    return `anf${this.counter++}`;
  }

  anf(e: Expr): AExpr {
    const { binds, core } = this.parts(e);
    return stitch(binds, core);
  }

  /** anf(e) = stitch(parts(e)); the split lets `imm` and the leak variant reuse the pieces. */
  private parts(e: Expr): Parts {
    switch (e.kind) {
      case 'num':
      case 'bool':
      case 'id':
        return { binds: [], core: this.constant(e) };
      case 'let':
        return { binds: [], core: this.letChain(e.bindings, 0, e.body) };
      case 'if': {
        // The condition's temps enclose the whole if; each branch keeps its own.
        const c = this.imm(e.cond);
        const then = this.anf(e.then);
        const otherwise = this.anf(e.else);
        return { binds: c.binds, core: { kind: 'if', cond: c.imm, then, else: otherwise } };
      }
      case 'prim1': {
        const { binds, imms } = this.imms([e.arg]);
        return { binds, core: { kind: 'prim1', op: e.op, arg: imms[0] } };
      }
      case 'prim2': {
        const { binds, imms } = this.imms([e.left, e.right]);
        return { binds, core: { kind: 'prim2', op: e.op, left: imms[0], right: imms[1] } };
      }
      case 'tuple': {
        const { binds, imms } = this.imms(e.elements);
        return { binds, core: { kind: 'tuple', elements: imms } };
      }
      case 'index': {
        const { binds, imms } = this.imms([e.tuple, e.index]);
        return { binds, core: { kind: 'index', tuple: imms[0], index: imms[1] } };
      }
      case 'call': {
        const { binds, imms } = this.imms(e.args);
        return { binds, core: { kind: 'call', name: e.name, args: imms } };
      }
    }
  }

  /** `let b_i = …, b_n = … in body`, as nested single lets: the value, then the rest. */
  private letChain(bindings: Extract<Expr, { kind: 'let' }>['bindings'], i: number, body: Expr): AExpr {
    if (i === bindings.length) return this.anf(body);
    const { name, value } = bindings[i];
    if (this.leakLetTemps) {
      // VARIANT let-temps-leak: `let x = f(g(1)) in b` becomes `let anf0 = g(1), x = f(anf0) in b`,
      // so g's result stays bound (and alive) while b runs.
      const v = this.parts(value);
      return stitch(v.binds, { kind: 'let', name, temp: false, value: v.core, body: this.letChain(bindings, i + 1, body) });
    }
    const v = this.anf(value);
    return { kind: 'let', name, temp: false, value: v, body: this.letChain(bindings, i + 1, body) };
  }

  private constant(e: Extract<Expr, { kind: 'num' | 'bool' | 'id' }>): Imm {
    if (e.kind === 'id') return { kind: 'id', name: e.name, temp: false };
    return e.kind === 'num' ? { kind: 'num', value: e.value } : { kind: 'bool', value: e.value };
  }

  /** Makes `e` immediate: the binds it needs (in evaluation order) and the immediate. */
  private imm(e: Expr): { binds: Bind[]; imm: Imm } {
    if (e.kind === 'num' || e.kind === 'bool' || e.kind === 'id') return { binds: [], imm: this.constant(e) };
    if (e.kind === 'let' || e.kind === 'if') {
      // One temp for the whole let/if; its own temps stay scoped inside its value, and are
      // numbered first.
      const value = this.anf(e);
      const name = this.fresh();
      return { binds: [{ name, value }], imm: { kind: 'id', name, temp: true } };
    }
    // An operation: its operands' binds flatten into the enclosing sequence, then its own temp.
    const { binds, core } = this.parts(e);
    const name = this.fresh();
    return { binds: [...binds, { name, value: core }], imm: { kind: 'id', name, temp: true } };
  }

  /** Makes each of `es` immediate, left to right (evaluation order). */
  private imms(es: Expr[]): { binds: Bind[]; imms: Imm[] } {
    const binds: Bind[] = [];
    const imms: Imm[] = [];
    for (const e of es) {
      const r = this.imm(e);
      binds.push(...r.binds);
      imms.push(r.imm);
    }
    return { binds, imms };
  }
}

