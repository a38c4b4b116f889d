// The compile() API, plus two properties over generated programs.
import fc from 'fast-check';
import t from 'tap';
import { toAnf } from '../../../reference/compiler/anf.js';
import { printAnf, printExpr } from '../../../reference/compiler/anf-print.js';
import { anfPrintout, compile } from '../../../reference/compiler/index.js';
import { parse } from '../../../reference/compiler/parse.js';

t.test('a valid program gives asm and the ANF printout', async (t) => {
  const r = compile('def f(x): x + 1\nf(f(1))');
  t.equal(r.ok, true);
  if (!r.ok) return;
  t.equal(r.anf, 'def f(x):\n    x + 1\n\n(let anf0 = f(1) in f(anf0))');
  t.match(r.asm, /\nfox_f:\n/);
});

t.test('an invalid program gives diagnostics and their formatted message', async (t) => {
  const r = compile('let x = y in z', { filename: 'a.fox' });
  t.same(r, {
    ok: false,
    diagnostics: [
      { file: 'a.fox', line: 1, col: 9, endCol: 9, message: "unbound variable 'y'" },
      { file: 'a.fox', line: 1, col: 14, endCol: 14, message: "unbound variable 'z'" },
    ],
    message: "a.fox:1:9-9: unbound variable 'y'\nlet x = y in z\n        ^\na.fox:1:14-14: unbound variable 'z'\nlet x = y in z\n             ^",
  });
});

// ---- properties ----

const OPS = ['+', '-', '*', '==', '<', '>'];
const PRIMS = ['add1', 'sub1', 'isNum', 'isBool', 'isTuple', 'print'];

/**
 * Source text of a well-scoped expression: variables come from `scope`; a let at depth d binds
 * `vdxi`, so nested lets never shadow. Calls are to f (2 parameters) and g (1).
 */
function expr(depth: number, scope: string[]): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [fc.nat(1000).map(String), fc.boolean().map(String)];
  if (scope.length > 0) leaves.push(fc.constantFrom(...scope));
  if (depth === 0) return fc.oneof(...leaves);
  const sub = () => expr(depth - 1, scope);
  const names = [0, 1].map((i) => `v${depth}x${i}`);
  return fc.oneof(
    ...leaves,
    fc.tuple(sub(), fc.constantFrom(...OPS), sub()).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom(...PRIMS), sub()).map(([p, a]) => `${p}(${a})`),
    fc.tuple(sub(), expr(depth - 1, [...scope, names[0]])).map(([v, b]) => `(let ${names[0]} = ${v} in ${b})`),
    fc
      .tuple(sub(), expr(depth - 1, [...scope, names[0]]), expr(depth - 1, [...scope, ...names]))
      .map(([v0, v1, b]) => `(let ${names[0]} = ${v0}, ${names[1]} = ${v1} in ${b})`),
    fc.tuple(sub(), sub(), sub()).map(([c, a, b]) => `(if ${c}: ${a} else: ${b})`),
    fc.array(sub(), { minLength: 2, maxLength: 3 }).map((es) => `(${es.join(', ')})`),
    fc.tuple(sub(), sub()).map(([e, i]) => `(${e})[${i}]`),
    fc.tuple(sub(), sub()).map(([a, b]) => `f(${a}, ${b})`),
    sub().map((a) => `g(${a})`),
  );
}

const program = fc
  .tuple(expr(3, ['a', 'b']), expr(3, ['a']), expr(4, []))
  // The main expression is wrapped in a call: whitespace is insignificant, so a def body ending
  // in an identifier followed by a main expression starting with "(" would read as a call.
  .map(([f, g, main]) => `def f(a, b): ${f}\ndef g(a): ${g}\ng(${main})`);

// The course's printout (FOX.md §6) is not always a program: a constant base prints `5[0]`, and
// a def body ending in a name followed by a main expression starting with `(` reads as a call.
// Each body's printout, read back as an expression, is its own ANF whenever no constant is indexed.
const CONSTANT_INDEXED = /(^|[^A-Za-z0-9])(\d+|true|false)\[/;

t.test('property: each printed body is an expression whose ANF is itself', async (t) => {
  fc.assert(
    fc.property(program, (src) => {
      const first = compile(src);
      if (!first.ok) throw new Error(`${src}\n${first.message}`);
      const p = toAnf(parse(src));
      const bodies = [...p.defs.map((d) => d.body), p.main].map(printExpr);
      fc.pre(!bodies.some((b) => CONSTANT_INDEXED.test(b)));
      if (first.anf !== printAnf(p)) return false;
      return bodies.every((b) => {
        const again = anfPrintout(b);
        if (!again.ok) throw new Error(`${b}\n${again.message}`);
        return again.anf === b;
      });
    }),
    { numRuns: 300 },
  );
  t.pass('300 programs');
});

t.test('property: any text compiles or gives diagnostics located in it, never throws', async (t) => {
  const pieces = fc.constantFrom('let', 'in', 'if', 'else', ':', 'def', 'f', 'x', '(', ')', '[', ']', ',', '=', '==', '+', '*', '<', '1', '99999999999', 'true', '\n', ' ', '$', '/*', '//');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
      const src = parts.join(' ');
      const r = compile(src);
      if (r.ok) return true;
      const lines = src.split('\n');
      return r.diagnostics.length > 0 && r.diagnostics.every((d) => d.line >= 1 && d.line <= lines.length && d.col >= 1 && d.endCol >= d.col);
    }),
    { numRuns: 1000 },
  );
  t.pass('1000 inputs');
});
