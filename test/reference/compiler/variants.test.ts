// Compiler variants ("compiler mutants") and dialects: each one must change the generated code,
// still assemble, and show its bug on a program where the bug matters.
import t from 'tap';
import { codegenVariants, compile, dialects } from '../../../reference/compiler/index.js';
import { NativeRunner } from './fixtures/native.js';
import type { RunOptions } from './fixtures/native.js';

const runner = await NativeRunner.create();
t.teardown(() => runner.cleanup());

function asm(src: string, options?: RunOptions): string {
  const r = compile(src, options);
  if (!r.ok) throw new Error(r.message);
  return r.asm;
}

// Exercises every variant: lets with temps in their values, odd tuples, a self tail call, locals.
const everything = [
  'def loop(n, t): if n == 0: t[0] else: loop(n - 1, (n, n, n))',
  'let x = loop(add1(3), (1, 2, 3)) in let y = (let z = add1(x) in (z, z, z)) in (y, x)',
].join('\n');

t.test('the list of variants', async (t) => {
  t.same(
    codegenVariants.map((v) => v.name),
    ['keep-let-slots', 'no-zero-locals', 'no-tuple-padding', 'no-gc-word-init', 'elements-from-word-one', 'reserve-check-off-by-one', 'tail-call-as-call', 'let-temps-leak'],
  );
  for (const v of codegenVariants) t.ok(v.summary.length > 10, `${v.name} has a summary`);
  t.same(dialects, ['sp19', 'fa18']);
});

t.test('each variant and dialect produces different asm, which assembles and links', async (t) => {
  const base = asm(everything);
  await value(t, everything, '((2, 2, 2), 1)');
  const seen = new Set([base]);
  for (const options of [...codegenVariants.map((v) => ({ variant: v.name })), { dialect: 'fa18' as const }]) {
    const a = asm(everything, options);
    t.not(a, base, JSON.stringify(options));
    seen.add(a);
    await runner.link(a);
  }
  t.equal(seen.size, codegenVariants.length + 2, 'all different from each other too');
  t.equal(asm(everything, { dialect: 'sp19' }), base, 'sp19 is the default');
});

t.test('unknown names throw, listing the valid ones', async (t) => {
  t.throws(() => compile('1', { variant: 'nope' }), /unknown compiler variant 'nope'; valid variants: keep-let-slots, no-zero-locals, .*let-temps-leak/);
  t.throws(() => compile('1', { dialect: 'w20' as 'sp19' }), /unknown dialect 'w20'; valid dialects: sp19, fa18/);
  // Even when the program has errors.
  t.throws(() => compile('1 +', { variant: 'nope' }), /unknown compiler variant/);
});

// The assertions the helpers use (a subtest has them all).
type Test = Pick<typeof t, 'same' | 'equal' | 'match'>;

async function value(t: Test, src: string, stdout: string, options?: RunOptions) {
  const r = await runner.run(src, options);
  t.same({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }, { stdout, stderr: '', exitCode: 0 }, `${src} ${JSON.stringify(options ?? {})}`);
}

const stress = { STUB_STRESS: '1', STUB_TRACE: '1' };

t.test('keep-let-slots: a dead tuple stays a root', async (t) => {
  const src = 'let x = (let y = 1 in let z = (1, 2, 3) in z[0]) in (x, x, x)';
  await value(t, src, '(1, 1, 1)', { heap: 6 });
  const r = await runner.run(src, { heap: 6, variant: 'keep-let-slots', env: { STUB_TRACE: '1' } });
  t.same([r.exitCode, r.stderr], [9, 'try_gc: 24 bytes, 1 roots\nout of memory']);
  t.notMatch(asm(src, { variant: 'keep-let-slots' }), /is out of scope/);
});

t.test('no-zero-locals: a stale pushed argument looks like a root', async (t) => {
  const src = ['def k(t): 0', 'def h(x): k((x, x))', 'def g(x): let a = 1 in let b = (x, x) in 0', 'let u = h(1) in g(1)'].join('\n');
  const good = await runner.run(src, { env: stress });
  t.same([good.stdout, good.stderr], ['0', 'try_gc: 16 bytes, 0 roots\ntry_gc: 16 bytes, 0 roots']);
  // Without zeroing, g's second slot still holds the tuple h pushed as k's argument. (The
  // first allocation's count is not checked: h's slot then holds whatever C left there.)
  const bad = await runner.run(src, { env: stress, variant: 'no-zero-locals' });
  t.equal(bad.stdout, '0');
  t.equal(bad.stderr.split('\n')[1], 'try_gc: 16 bytes, 1 roots');
});

t.test('no-tuple-padding: the next tuple is misaligned', async (t) => {
  const src = 'let a = (1, 2, 3), b = (4, 5) in isTuple(b)';
  await value(t, src, 'true');
  await value(t, src, 'false', { variant: 'no-tuple-padding' });
  t.match(asm('(1, 2, 3)', { variant: 'no-tuple-padding' }), /add esi, 20\n/);
});

t.test('no-gc-word-init: the GC word is not written', async (t) => {
  t.match(asm('(1, 2)'), /mov dword \[esi\+4\], 0/);
  t.notMatch(asm('(1, 2)', { variant: 'no-gc-word-init' }), /\[esi\+4\]/);
});

t.test('elements-from-word-one: Fox agrees with itself, the runtime does not', async (t) => {
  await value(t, 'let t = (1, 2, 3) in t[0] * 100 + t[2]', '103', { variant: 'elements-from-word-one' });
  await value(t, '(1, 2, 3)', '(2, 3, 0)', { variant: 'elements-from-word-one' });
});

t.test('reserve-check-off-by-one: a block one word too big is accepted', async (t) => {
  const r = await runner.run('(1, 2)', { heap: 3 });
  t.same([r.exitCode, r.stderr], [9, 'out of memory']);
  // The stub's heap has spare words after its end, so the overrun is harmless here.
  await value(t, '(1, 2)', '(1, 2)', { heap: 3, variant: 'reserve-check-off-by-one' });
  await value(t, '(1, 2)', '(1, 2)', { heap: 4 });
});

t.test('tail-call-as-call: the old frames stay roots', async (t) => {
  const src = 'def f(t, n): if n == 0: (1, 2) else: f((n, n), n - 1)\nf(0, 2)';
  const r = await runner.run(src, { env: stress, variant: 'tail-call-as-call' });
  t.same([r.stdout, r.stderr], ['(1, 2)', 'try_gc: 16 bytes, 0 roots\ntry_gc: 16 bytes, 2 roots\ntry_gc: 16 bytes, 4 roots']);
  t.notMatch(asm(src, { variant: 'tail-call-as-call' }), /jmp fox_f/);
});

t.test("let-temps-leak: the value's temps stay alive during the body", async (t) => {
  const src = 'def g(x): (x, x)\ndef f(t): t[0]\nlet x = f(g(1)) in (x, x)';
  const good = await runner.run(src, { env: stress });
  t.same([good.stdout, good.stderr], ['(1, 1)', 'try_gc: 16 bytes, 0 roots\ntry_gc: 16 bytes, 0 roots']);
  const bad = await runner.run(src, { env: stress, variant: 'let-temps-leak' });
  t.same([bad.stdout, bad.stderr], ['(1, 1)', 'try_gc: 16 bytes, 0 roots\ntry_gc: 16 bytes, 1 roots']);
});

t.test('fa18: the heap start is rounded past 8 bytes (2 words fewer) and tail calls are calls', async (t) => {
  const a = asm(everything, { dialect: 'fa18' });
  t.match(a, /mov esi, \[esp\+16\][^\n]*\n\s+add esi, 8[^\n]*\n\s+and esi, 0xFFFFFFF8\n\s+mov \[HEAP\], esi/);
  t.notMatch(a, /jmp fox_loop/);
  const gc0 = 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)';
  await value(t, gc0, '(1, 1, 1)', { heap: 8, dialect: 'fa18' });
  const r = await runner.run(gc0, { heap: 7, dialect: 'fa18' });
  t.same([r.exitCode, r.stderr], [9, 'out of memory']);
});
