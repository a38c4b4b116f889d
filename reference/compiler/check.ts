// Static checks (FOX.md §2). Unlike parse errors, every error is collected, so a student sees
// them all at once; they are returned sorted in source order.
//
// Scoping: function names and variable names are separate namespaces, and a function body sees
// only its own parameters and its own lets (no globals, no closures).
import type { Def, Expr, Program, Span } from './ast.js';

export type CheckError = { span: Span; message: string };

/** The largest literal: numbers are 31-bit signed, and literals are non-negative. */
const MAX_LITERAL = 2n ** 30n - 1n;

export function check(program: Program): CheckError[] {
  const errors: CheckError[] = [];
  const report = (span: Span, message: string) => errors.push({ span, message });

  // Arity of each function; with duplicates the first definition counts, so calls are judged
  // against one consistent signature and the duplicate itself is the only error.
  const arity = new Map<string, number>();
  for (const def of program.defs) {
    if (arity.has(def.name)) report(def.nameSpan, `duplicate function '${def.name}'`);
    else arity.set(def.name, def.params.length);
  }

  for (const def of program.defs) checkDef(def, arity, report);
  checkExpr(program.main, new Set(), arity, report);

  return errors.sort((a, b) => a.span.line - b.span.line || a.span.col - b.span.col);
}

type Report = (span: Span, message: string) => void;

function checkDef(def: Def, arity: Map<string, number>, report: Report): void {
  const scope = new Set<string>();
  for (const p of def.params) {
    if (scope.has(p.name)) report(p.span, `duplicate parameter '${p.name}'`);
    scope.add(p.name);
  }
  checkExpr(def.body, scope, arity, report);
}

/** Checks `e` with the variables of `scope` bound (the set is not modified). */
function checkExpr(e: Expr, scope: ReadonlySet<string>, arity: Map<string, number>, report: Report): void {
  const sub = (x: Expr, s: ReadonlySet<string> = scope) => checkExpr(x, s, arity, report);
  switch (e.kind) {
    case 'num':
      // Compare as BigInt: a long literal is not exact as a JS number.
      if (BigInt(e.text) > MAX_LITERAL) report(e.span, `number '${e.text}' is too large`);
      return;
    // Stryker disable next-line StringLiteral: equivalent, a boolean needs no check, and a kind no case names falls out of the switch the same way
    case 'bool':
      return;
    case 'id':
      if (!scope.has(e.name)) report(e.span, `unbound variable '${e.name}'`);
      return;
    case 'prim1':
      return sub(e.arg);
    case 'prim2':
      sub(e.left);
      return sub(e.right);
    case 'let': {
      // Each binding sees the earlier ones; its own name is not in scope in its value.
      const inner = new Set(scope);
      for (const b of e.bindings) {
        if (inner.has(b.name)) report(b.nameSpan, `shadow binding '${b.name}'`);
        sub(b.value, inner);
        inner.add(b.name);
      }
      return sub(e.body, inner);
    }
    case 'if':
      sub(e.cond);
      sub(e.then);
      return sub(e.else);
    case 'tuple':
      return e.elements.forEach((x) => sub(x));
    case 'index':
      sub(e.tuple);
      return sub(e.index);
    case 'call': {
      const n = arity.get(e.name);
      if (n === undefined) report(e.span, `function '${e.name}' is not defined`);
      else if (n !== e.args.length) report(e.span, `wrong arity of arguments at call of ${e.name}`);
      return e.args.forEach((x) => sub(x));
    }
  }
}
