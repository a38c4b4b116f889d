// Edges of the compiler's API (index.ts): anfPrintout's diagnostics and default file name, internal
// failures that are not the student's fault, and the taggedReturnAddresses layout option.
import t, { type Test } from 'tap';
import { anfPrintout, compile } from '../../../reference/compiler/index.js';

t.test('anfPrintout: a parse error is located in program.fox by default, or in the given file', async (t) => {
  const src = 'let x = 1 in\n  x +\n';
  const r = anfPrintout(src);
  t.same(r, {
    ok: false,
    diagnostics: [{ file: 'program.fox', line: 2, col: 6, endCol: 6, message: 'parse error: unexpected end of input, expecting expression' }],
    message: ['program.fox:2:6-6: parse error: unexpected end of input, expecting expression', '  x +', '     ^'].join('\n'),
  });
  const named = anfPrintout(src, { filename: 'tests/input/a.fox' });
  if (named.ok) throw new Error('expected a parse error');
  t.equal(named.diagnostics[0].file, 'tests/input/a.fox');
  t.match(named.message, /^tests\/input\/a\.fox:2:6-6: parse error: /);
  // The same text and location as compile()'s diagnostic for the same source.
  const c = compile(src);
  if (c.ok) throw new Error('expected a parse error');
  t.equal(r.ok ? '' : r.message, c.message);
});

type Index = typeof import('../../../reference/compiler/index.js');

/** index.ts with one function of a module it imports (`anf` or `parse`) throwing `error`. */
async function indexWithFailing(t: Test, module: 'anf' | 'parse', name: string, error: Error): Promise<Index> {
  const path = `../../../reference/compiler/${module}.js`;
  const real = (await import(path)) as Record<string, unknown>;
  const failing = () => {
    throw error;
  };
  return t.mockImport<Index>('../../../reference/compiler/index.js', { [path]: { ...real, [name]: failing } });
}

/** What `run` threw (undefined if nothing). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

t.test('anfPrintout: an internal failure (not a parse error) propagates as itself', async (t) => {
  const boom = new Error('normaliser bug');
  const mod = await indexWithFailing(t, 'anf', 'toAnf', boom);
  // Not turned into a diagnostic, nor replaced by another error on the way.
  t.equal(thrownBy(() => mod.anfPrintout('1 + 2')), boom);
  // A parse error in the same module still comes back as a diagnostic.
  t.equal(mod.anfPrintout('1 +').ok, false);
});

t.test('compile: an internal failure of the parser (not a parse error) propagates as itself', async (t) => {
  const boom = new RangeError('Maximum call stack size exceeded');
  const mod = await indexWithFailing(t, 'parse', 'parse', boom);
  // A grader bug must surface as one, not as a diagnostic blaming the student's program.
  t.equal(thrownBy(() => mod.compile('1 + 2')), boom);
});

t.test('compile: the dialect reaches the code generator, and an unknown one is refused before parsing', async (t) => {
  // FOX.md §8: fa18's prelude rounds the heap start up past 8 bytes; sp19's does not.
  const roundsHeapStart = (options: { dialect?: 'sp19' | 'fa18' }) => {
    const r = compile('(1, 2)', options);
    if (!r.ok) throw new Error(r.message);
    return /^ {2}and esi, 0xFFFFFFF8$/m.test(r.asm);
  };
  t.equal(roundsHeapStart({ dialect: 'fa18' }), true, 'fa18');
  t.equal(roundsHeapStart({ dialect: 'sp19' }), false, 'sp19');
  t.equal(roundsHeapStart({}), false, 'sp19 by default');
  for (const src of ['(1, 2)', '1 +']) {
    t.throws(() => compile(src, { dialect: 'sp20' as 'sp19' }), { message: "unknown dialect 'sp20'; valid dialects: sp19, fa18" }, src);
  }
});

/** The assembly lines, without the padding that taggedReturnAddresses adds before each call. */
const withoutPadding = (asm: string) =>
  asm
    .split('\n')
    .filter((l) => !/^ {2}align 8, nop\b/.test(l) && l !== '  times 4 nop')
    .join('\n');

t.test('taggedReturnAddresses: each Fox call is padded so its return address ends in 001; nothing else changes', async (t) => {
  const src = 'def f(x, y): (x, y)\ndef g(n): if n < 1: 0 else: g(n - 1)\nlet t = f(1, true) in (g(3), t[0])';
  const plain = compile(src);
  const tagged = compile(src, { taggedReturnAddresses: true });
  if (!plain.ok || !tagged.ok) throw new Error('expected both to compile');
  t.equal(tagged.anf, plain.anf);
  t.not(tagged.asm, plain.asm);
  // Before every `call fox_…`: `align 8, nop` then `times 4 nop` (8k + 4 + 5 bytes = 8k + 9).
  const lines = tagged.asm.split('\n');
  const calls = lines.flatMap((l, i) => (/^ {2}call fox_/.test(l) ? [i] : []));
  t.ok(calls.length >= 2, 'calls of f and g');
  for (const i of calls) {
    t.match(lines[i - 2], /^ {2}align 8, nop +; the return address will carry the tuple tag$/);
    t.equal(lines[i - 1], '  times 4 nop');
  }
  // The plain layout has no padding at all, and apart from the padding the code is the same.
  t.notMatch(plain.asm, /align 8, nop|times 4 nop/);
  t.equal(withoutPadding(tagged.asm), plain.asm);
  // false is the default layout.
  const off = compile(src, { taggedReturnAddresses: false });
  t.equal(off.ok && off.asm, plain.asm);
});

t.test('taggedReturnAddresses keeps the dialect and the variant', async (t) => {
  const src = 'def f(x): (x, x)\nlet t = f(1) in t[0]';
  for (const options of [{ dialect: 'fa18' as const }, { variant: 'keep-let-slots' }, { variant: 'let-temps-leak' }]) {
    const plain = compile(src, options);
    const tagged = compile(src, { ...options, taggedReturnAddresses: true });
    if (!plain.ok || !tagged.ok) throw new Error('expected both to compile');
    t.match(tagged.asm, /times 4 nop\n {2}call fox_f\n/, JSON.stringify(options));
    t.equal(withoutPadding(tagged.asm), plain.asm, JSON.stringify(options));
  }
});
