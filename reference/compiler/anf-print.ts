// The course's printout of A-normal form (FOX.md §6, "anf test"): `"anf": true` tests compare
// it character for character (after trimming), and `fox-grade compile --anf` prints it.
// Every `let` and `if` is parenthesised; a let whose body is a let is one flat list of
// bindings; a definition is `def f(x):` then its body on lines indented by 4 spaces.
import type { AExpr, AnfProgram } from './anf.js';

/** The whole program: the definitions, then the main expression, joined by newlines. */
export function printAnf(program: AnfProgram): string {
  const defs = program.defs.map((d) => `def ${d.name}(${d.params.join(', ')}):\n${indent(printExpr(d.body))}`);
  return [...defs, printExpr(program.main)].join('\n');
}

/** Every line indented by 4 spaces and followed by a newline (so a blank line follows a def). */
function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}\n`)
    .join('');
}

export function printExpr(e: AExpr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'id':
      return e.name;
    case 'prim1':
      return `${e.op}(${printExpr(e.arg)})`;
    case 'prim2':
      // Operands are immediates: no parentheses are ever needed.
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case 'tuple':
      return `(${e.elements.map(printExpr).join(', ')})`;
    case 'index':
      // The table's `e[i]` even for a constant base (`5[0]`): the course printed the base as is.
      return `${printExpr(e.tuple)}[${printExpr(e.index)}]`;
    case 'call':
      return `${e.name}(${e.args.map(printExpr).join(', ')})`;
    case 'if':
      return `(if ${printExpr(e.cond)}: ${printExpr(e.then)} else: ${printExpr(e.else)})`;
    case 'let': {
      // Only the body chain flattens; a let bound as a value prints in its own parentheses.
      const binds: string[] = [];
      let body: AExpr = e;
      while (body.kind === 'let') {
        binds.push(`${body.name} = ${printExpr(body.value)}`);
        body = body.body;
      }
      return `(let ${binds.join(', ')} in ${printExpr(body)})`;
    }
  }
}
