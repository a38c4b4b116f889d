// Edges of the normaliser that the printout alone cannot show: the printout of a boolean and of a
// let's name reads the same whatever the node says, so these go through compile()'s assembly
// (FOX.md §3: true is 0xFFFFFFFF, false 0x7FFFFFFF) and toAnf's nodes.
import t from 'tap';
import { toAnf } from '../../../reference/compiler/anf.js';
import { compile } from '../../../reference/compiler/index.js';
import { parse } from '../../../reference/compiler/parse.js';

/** The assembly of a valid program. */
function asm(src: string, variant?: string): string {
  const r = compile(src, { variant });
  if (!r.ok) throw new Error(r.message);
  return r.asm;
}

t.test('a boolean stays a boolean immediate: the tagged constants, never a number', async (t) => {
  // toAnf's node for each constant keeps its kind.
  t.same(toAnf(parse('true')).main, { kind: 'bool', value: true });
  t.same(toAnf(parse('false')).main, { kind: 'bool', value: false });
  t.same(toAnf(parse('7')).main, { kind: 'num', value: 7 });
  const tuple = toAnf(parse('(true, false, 3)')).main;
  t.same(tuple, {
    kind: 'tuple',
    elements: [
      { kind: 'bool', value: true },
      { kind: 'bool', value: false },
      { kind: 'num', value: 3 },
    ],
  });
  // And in the assembly: the main expression `true` loads 0xFFFFFFFF, `false` 0x7FFFFFFF.
  t.match(asm('true'), /\n {2}mov eax, 0xFFFFFFFF\n/);
  t.match(asm('false'), /\n {2}mov eax, 0x7FFFFFFF\n/);
  // As a call argument: the pushed value is the boolean, not 2 or 0 (a number's encoding).
  const call = asm('def f(x): isBool(x)\nf(true)');
  t.match(call, /\n {2}mov eax, 0xFFFFFFFF\n {2}push eax\n/);
  t.notMatch(call, /\n {2}mov eax, 2\n {2}push eax\n/);
  // A number is still doubled (tagged): 3 → 6.
  t.match(asm('def f(x): isBool(x)\nf(3)'), /\n {2}mov eax, 6\n {2}push eax\n/);
});

t.test('variant let-temps-leak: the let still binds the user variable, not a temp', async (t) => {
  const p = toAnf(parse('def f(x): add1(x)\ndef g(x): add1(x)\nlet x = f(g(1)) in x'), { leakLetTemps: true });
  const outer = p.main;
  if (outer.kind !== 'let' || outer.body.kind !== 'let') throw new Error('unexpected shape');
  // let anf0 = g(1) (a temp), x = f(anf0) (the user's x) in x
  t.same([outer.name, outer.temp, outer.body.name, outer.body.temp], ['anf0', true, 'x', false]);
  t.same(outer.body.body, { kind: 'id', name: 'x', temp: false });
  // So the program compiles, and the body reads x's slot. (Were x bound as a temp, the body's
  // user variable x would be unbound in the code generator.)
  const r = compile('def f(x): add1(x)\ndef g(x): add1(x)\nlet x = f(g(1)) in x', { variant: 'let-temps-leak' });
  t.equal(r.ok, true, r.ok ? '' : r.message);
  const plain = compile('let x = 5 in x', { variant: 'let-temps-leak' });
  t.equal(plain.ok, true, plain.ok ? '' : plain.message);
  if (plain.ok) t.match(plain.asm, /\n {2}mov \[ebp-4\], eax +; x\n {2}mov eax, \[ebp-4\]\n/);
  // A user variable named like a temp stays distinct from the temp under the variant too.
  const clash = compile('def g(x): add1(x)\nlet anf0 = 10, y = g(g(1)) in anf0', { variant: 'let-temps-leak' });
  t.equal(clash.ok, true, clash.ok ? '' : clash.message);
});
