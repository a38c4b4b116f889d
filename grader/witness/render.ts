// The resolved Fox programs the witness generator (program.ts) makes, and their rendering as
// source: one line per definition and one for main, a let chain flattened, broken one binding
// per line past 80 columns.

/** The resolved program: Fox syntax, every name bound. */
export type Expr =
  | { k: 'num'; n: number }
  | { k: 'bool'; b: boolean }
  | { k: 'var'; name: string }
  | { k: 'tuple'; elems: Expr[] }
  | { k: 'index'; name: string; i: number }
  /** `(e1, …, en)[i]`: an element of a tuple made on the spot. */
  | { k: 'pick'; tuple: Expr & { k: 'tuple' }; i: number }
  | { k: 'let'; name: string; value: Expr; body: Expr }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'print'; arg: Expr }
  | { k: 'prim2'; op: '+' | '-' | '<'; left: Expr; right: Expr };

export interface Def {
  name: string;
  params: string[];
  body: Expr;
}

export interface Program {
  defs: Def[];
  main: Expr;
}

/** Lines longer than this are broken at the top-level let's bindings. */
const LINE_WIDTH = 80;

/** One expression on one line; `let` and `if` parenthesised unless at the top. */
export function renderExpr(e: Expr, top = false): string {
  const paren = (s: string) => (top ? s : `(${s})`);
  switch (e.k) {
    case 'num':
      return String(e.n);
    case 'bool':
      return String(e.b);
    case 'var':
      return e.name;
    case 'tuple':
      return `(${e.elems.map((x) => renderExpr(x)).join(', ')})`;
    case 'index':
      return `${e.name}[${e.i}]`;
    case 'pick':
      return `${renderExpr(e.tuple)}[${e.i}]`;
    case 'let': {
      const { bindings, body } = letChain(e);
      return paren(`let ${bindings.map(([n, v]) => `${n} = ${renderExpr(v)}`).join(', ')} in ${renderExpr(body, true)}`);
    }
    case 'if':
      return paren(`if ${renderExpr(e.cond)}: ${renderExpr(e.then, true)} else: ${renderExpr(e.else, true)}`);
    case 'call':
      return `${e.name}(${e.args.map((x) => renderExpr(x)).join(', ')})`;
    case 'print':
      return `print(${renderExpr(e.arg, true)})`;
    case 'prim2':
      // Operands are always a variable or a literal, and every place a prim2 appears is delimited
      // (a comma, a parenthesis, `in`, `:`), so it needs no parentheses of its own.
      return `${renderExpr(e.left)} ${e.op} ${renderExpr(e.right)}`;
  }
}

/** `let a = 1 in let b = 2 in body` as one list of bindings (Fox's `let a = 1, b = 2 in body`). */
function letChain(e: Expr & { k: 'let' }): { bindings: Array<[string, Expr]>; body: Expr } {
  const bindings: Array<[string, Expr]> = [];
  let cur: Expr = e;
  while (cur.k === 'let') {
    bindings.push([cur.name, cur.value]);
    cur = cur.body;
  }
  return { bindings, body: cur };
}

/**
 * A top-level expression: one line, or one binding per line when that is too long. `guard`, for a
 * def body: an ending in an identifier is parenthesised, because a main expression starting with
 * `(` after it would make a call of it (docs/DESIGN.md, "`x (e)` is a call").
 */
function renderTop(e: Expr, indent: string, guard = false): string {
  const ending = (s: string) => (guard && !s.endsWith(')') ? `(${s})` : s);
  const line = ending(renderExpr(e, true));
  if (line.length + indent.length <= LINE_WIDTH || e.k !== 'let') return indent + line;
  const { bindings, body } = letChain(e);
  const lines = bindings.map(([n, v], i) => `${indent}${i === 0 ? 'let' : '   '} ${n} = ${renderExpr(v)}${i < bindings.length - 1 ? ',' : ''}`);
  return [...lines, `${indent}in ${ending(renderExpr(body, true))}`].join('\n');
}

export function renderProgram(p: Program): string {
  const defs = p.defs.map((d) => {
    const head = `def ${d.name}(${d.params.join(', ')}):`;
    const line = renderTop(d.body, '', true);
    return head.length + 1 + line.length <= LINE_WIDTH ? `${head} ${line}` : `${head}\n${renderTop(d.body, '  ', true)}`;
  });
  return [...defs, renderTop(p.main, '')].join('\n');
}

/** Non-empty lines of a program's source (the size a witness is measured by). */
export function lineCount(source: string): number {
  return source.split('\n').filter((l) => l.trim() !== '').length;
}
