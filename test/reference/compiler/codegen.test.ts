// End-to-end tests of the generated code: compile, assemble (nasm), link with the C stub of
// native.ts (gcc -m32), run, and compare the output with FOX.md §3.
import t from 'tap';
import { compile } from '../../../reference/compiler/index.js';
import { NativeRunner } from './fixtures/native.js';
import type { RunOptions } from './fixtures/native.js';

const runner = await NativeRunner.create();
t.teardown(() => runner.cleanup());

// The assertions the helpers use (a subtest has them all).
type Test = Pick<typeof t, 'same' | 'equal' | 'match'>;

/** Asserts that `src` runs, exits 0 and prints `stdout` (the runtime prints the result last). */
async function value(t: Test, src: string, stdout: string, options?: RunOptions) {
  const r = await runner.run(src, options);
  t.same({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }, { stdout, stderr: '', exitCode: 0 }, src);
}

/** Asserts that `src` fails at run time with status 1 and the given stderr (string or pattern). */
async function failure(t: Test, src: string, stderr: string | RegExp, options?: RunOptions) {
  const r = await runner.run(src, options);
  t.equal(r.exitCode, 1, `${src} exits 1`);
  if (typeof stderr === 'string') t.equal(r.stderr, stderr, src);
  else t.match(r.stderr, stderr, src);
}

/** The asm of a valid program. */
function asm(src: string, options?: RunOptions): string {
  const r = compile(src, options);
  if (!r.ok) throw new Error(r.message);
  return r.asm;
}

const OVERFLOW = 'Error: arithmetic overflow.';

t.test('the assembly has the required frame', async (t) => {
  const a = asm('1');
  t.match(a, /^bits 32\nsection \.text\nglobal our_code_starts_here\nextern error, print, try_gc, HEAP, HEAP_END, STACK_BOTTOM\n/);
  t.match(a, /section \.note\.GNU-stack noalloc noexec nowrite progbits\n$/);
  const entry = a.split('our_code_starts_here:\n')[1].split('\n').slice(0, 10).map((l) => l.replace(/;.*/, '').trim());
  t.same(entry, ['push ebx', 'push esi', 'push edi', 'mov esi, [esp+16]', 'mov [HEAP], esi', 'mov [STACK_BOTTOM], esp', 'push ebp', 'mov ebp, esp', 'sub esp, 0', 'mov eax, 2']);
  // A function: frame, zeroed locals, body, teardown.
  const f = asm('def f(x): let y = x in y\nf(1)').split('fox_f:\n')[1].split('\n\n')[0].split('\n').map((l) => l.replace(/;.*/, '').trim());
  t.same(f, ['push ebp', 'mov ebp, esp', 'sub esp, 4', 'mov dword [ebp-4], 0', 'mov eax, [ebp+8]', 'mov [ebp-4], eax', 'mov eax, [ebp-4]', 'mov dword [ebp-4], 0', 'mov esp, ebp', 'pop ebp', 'ret']);
});

t.test('arithmetic', async (t) => {
  await value(t, '1 + 2 * 3 - 4', '3');
  await value(t, '0 - 5 * 3', '-15');
  await value(t, 'add1(41) + sub1(0)', '41');
  await value(t, 'let x = 5 in x * x', '25');
  await value(t, '(0 - 7) * (0 - 6)', '42');
});

t.test('overflow is error 2, exact at the 31-bit boundary', async (t) => {
  await value(t, '1073741822 + 1', '1073741823');
  await failure(t, '1073741823 + 1', OVERFLOW);
  await failure(t, 'add1(1073741823)', OVERFLOW);
  await value(t, '0 - 1073741823 - 1', '-1073741824');
  await failure(t, '0 - 1073741823 - 2', OVERFLOW);
  await failure(t, 'sub1(0 - 1073741823 - 1)', OVERFLOW);
  // Multiplication: overflow only when the true product does not fit in 31 bits.
  await value(t, '32767 * 32769', '1073741823');
  await failure(t, '32768 * 32768', OVERFLOW);
  await value(t, '(0 - 32768) * 32768', '-1073741824');
  await failure(t, '(0 - 32768) * 32769', OVERFLOW);
  // 2^29 fits in 31 bits, though 4 * 2^29 (the product of two tagged words) does not fit in 32.
  await value(t, '16384 * 32768', '536870912');
  await failure(t, '1073741823 * 2', OVERFLOW);
  await failure(t, '65536 * 65536', OVERFLOW);
});

t.test('comparisons and ==', async (t) => {
  await value(t, '(1 < 2, 2 < 1, 1 < 1, 2 > 1, 1 > 2, 1 > 1)', '(true, false, false, true, false, false)');
  await value(t, '(0 - 3 < 2, 2 > 0 - 3)', '(true, true)');
  await value(t, '(1 == 1, 1 == 2, true == true, true == false, true == 1, false == 0)', '(true, false, true, false, false, false)');
  await value(t, 'let t = (4, 5) in t == t', 'true');
  await value(t, '(4, 5) == (4, 5)', 'false');
  await value(t, 'let t = (4, 5) in t == 5', 'false');
});

t.test('if evaluates only the taken branch', async (t) => {
  await value(t, 'if 1 < 2: 10 else: 20', '10');
  await value(t, 'if false: print(1) else: 2', '2');
  await value(t, 'if true: 1 else: print(99)', '1');
});

t.test('isNum, isBool, isTuple never fail', async (t) => {
  await value(t, 'let t = (1, 2) in (isNum(1), isNum(true), isNum(t))', '(true, false, false)');
  await value(t, 'let t = (1, 2) in (isBool(1), isBool(false), isBool(true), isBool(t))', '(false, true, true, false)');
  await value(t, 'let t = (1, 2) in (isTuple(1), isTuple(true), isTuple(t))', '(false, false, true)');
});

t.test('print prints and returns its value; evaluation is left to right', async (t) => {
  await value(t, 'print(12)', '12\n12');
  await value(t, 'add1(print(1)) + print(2)', '1\n2\n4');
  await value(t, '(print(1), print(true))', '1\ntrue\n(1, true)');
  await value(t, '(print((1, (2, 3))))[0]', '(1, (2, 3))\n1');
});

t.test('tuples print recursively', async (t) => {
  await value(t, '(0, (1, (2, false)))', '(0, (1, (2, false)))');
  await value(t, '(true, (1, 2), 0 - 3)', '(true, (1, 2), -3)');
  await value(t, 'let t = (1, 2, 3, 4, 5) in (t[0], t[4], ((t, t)[1])[2])', '(1, 5, 3)');
});

t.test('indexing', async (t) => {
  await value(t, '(1, 2)[1]', '2');
  await value(t, '(10, 20, 30)[2]', '30');
  await value(t, '((1, (2, 3))[1])[0]', '2');
  await value(t, 'let t = (1, 2), i = 1 in t[i - 1]', '1');
});

t.test('every runtime error, with its code and value', async (t) => {
  await failure(t, '1 + true', 'Error: expected a number but got 0xffffffff');
  await failure(t, 'false + true', 'Error: expected a number but got 0x7fffffff');
  await failure(t, '1 - false', 'Error: expected a number but got 0x7fffffff');
  await failure(t, 'true * 2', 'Error: expected a number but got 0xffffffff');
  await failure(t, 'true < 1', 'Error: expected a number but got 0xffffffff');
  await failure(t, '1 > false', 'Error: expected a number but got 0x7fffffff');
  await failure(t, 'add1(true)', 'Error: expected a number but got 0xffffffff');
  await failure(t, 'sub1(false)', 'Error: expected a number but got 0x7fffffff');
  await failure(t, '(1, 2) + 1', /^Error: expected a number but got 0x[0-9a-f]{7}[19]$/);
  await failure(t, 'if 5: 1 else: 2', 'Error: expected a boolean but got 0x0000000a');
  await failure(t, 'if (1, 2): 1 else: 2', /^Error: expected a boolean but got 0x[0-9a-f]{7}[19]$/);
  await failure(t, 'let x = 5 in x[0]', 'Error: expected a tuple but got 0x0000000a');
  await failure(t, '(true)[0]', 'Error: expected a tuple but got 0xffffffff');
  // The tuple is checked before the index.
  await failure(t, '(5)[true]', 'Error: expected a tuple but got 0x0000000a');
  await failure(t, '(1, 2)[true]', 'Error: expected a number but got 0xffffffff');
  await failure(t, '(1, 2)[0 - 1]', 'Error: tuple index too small.');
  await failure(t, '(1, 2)[2]', 'Error: tuple index too large.');
  await failure(t, '(1, 2, 3)[3]', 'Error: tuple index too large.');
});

t.test('recursion and mutual recursion', async (t) => {
  await value(t, 'def fact(n): if n < 1: 1 else: n * fact(n - 1)\nfact(10)', '3628800');
  await value(t, 'def even(n): if n == 0: true else: odd(n - 1)\ndef odd(n): if n == 0: false else: even(n - 1)\n(even(1001), odd(1001))', '(false, true)');
  await value(t, 'def build(n): if n == 0: false else: (n, build(n - 1))\nbuild(3)', '(3, (2, (1, false)))');
  // A non-tail self call is a call.
  const fact = asm('def fact(n): if n < 1: 1 else: n * fact(n - 1)\nfact(10)');
  t.match(fact, /call fox_fact/);
  t.notMatch(fact, /jmp fox_fact/);
});

t.test('deep self tail recursion reuses the frame', async (t) => {
  const loop = 'def loop(n, acc): if n == 0: acc else: loop(n - 1, acc + 1)\nloop(1000000, 0)';
  t.match(asm(loop), /jmp fox_loop/);
  await value(t, loop, '1000000', { stackKb: 8192 });
  // The same program with ordinary calls overflows the same stack: the test can fail.
  const r = await runner.run(loop, { stackKb: 8192, variant: 'tail-call-as-call' });
  t.not(r.exitCode, 0, 'without the jump the stack overflows');
});

t.test('tail calls: arguments are all computed before any is overwritten', async (t) => {
  await value(t, 'def swap(a, b, n): if n == 0: (a, b) else: swap(b, a, n - 1)\nswap(1, 2, 3)', '(2, 1)');
  // A call in the body of a let in tail position is a tail call too.
  const count = 'def count(n, acc): let m = n - 1 in if n == 0: acc else: count(m, acc + 1)\ncount(1000000, 0)';
  t.match(asm(count), /jmp fox_count/);
  await value(t, count, '1000000', { stackKb: 8192 });
  // Not in tail position: the let's value, an operand.
  const notTail = asm('def f(n): if n == 0: 0 else: let x = f(n - 1) in 1 + f(x)\nf(3)');
  t.notMatch(notTail, /jmp fox_f\b/);
  // Only self calls jump; the main body never does.
  t.notMatch(asm('def f(n): g(n)\ndef g(n): n\nf(1)'), /jmp fox_/);
});

t.test('a user variable named like a temp is not confused with it', async (t) => {
  await value(t, 'def g(x): x\nlet anf0 = 1 in (g(2), anf0)', '(2, 1)');
});

t.test('let slots are cleared after the body, locals zeroed at frame entry', async (t) => {
  const a = asm('let x = (1, 2) in x[0]');
  const lines = a.split('\n').map((l) => l.replace(/;.*/, '').trim());
  const store = lines.indexOf('mov [ebp-4], eax');
  const clear = lines.lastIndexOf('mov dword [ebp-4], 0');
  t.ok(store > 0 && clear > store, 'the slot is cleared after the body');
  t.equal(lines[clear + 1], 'mov esp, ebp', 'the clear is the last thing of the main body');
  t.ok(lines.indexOf('mov dword [ebp-4], 0') < store, 'the slot is zeroed at entry');
  // Siblings reuse slots: two depths, not three.
  t.match(asm('let a = (let b = 1 in b), c = (let d = 2 in d) in a + c'), /sub esp, 8\b/);
});

t.test('gc-0 at its minimal heap: the inner let is out of scope at the second allocation', async (t) => {
  const gc0 = 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)';
  await value(t, gc0, '(1, 1, 1)', { heap: 6 });
  const r = await runner.run(gc0, { heap: 5 });
  t.same([r.exitCode, r.stderr], [9, 'out of memory']);
  // The stub's try_gc sees no roots when a let slot has been cleared.
  const deeper = 'let x = (let y = 1 in let z = (1, 2, 3) in z[0]) in (x, x, x)';
  const traced = await runner.run(deeper, { heap: 6, env: { STUB_TRACE: '1' } });
  t.same([traced.stdout, traced.stderr], ['(1, 1, 1)', 'try_gc: 24 bytes, 0 roots']);
});

t.test('every allocation through try_gc (stress): protocol and roots', async (t) => {
  // The stub exits 3 if stack_top or first_frame is not what the protocol says.
  const src = [
    'def build(n): if n == 0: false else: (n, build(n - 1))',
    'def sum(l): if l == false: 0 else: l[0] + sum(l[1])',
    'let l = build(20), m = (l, l, l) in sum(m[2])',
  ].join('\n');
  await value(t, src, '210', { env: { STUB_STRESS: '1' } });
  // A self tail call leaves only the current arguments as roots.
  const tail = 'def f(t, n): if n == 0: (1, 2) else: f((n, n), n - 1)\nf(0, 2)';
  const r = await runner.run(tail, { env: { STUB_STRESS: '1', STUB_TRACE: '1' } });
  t.same([r.stdout, r.stderr], ['(1, 2)', ['try_gc: 16 bytes, 0 roots', 'try_gc: 16 bytes, 1 roots', 'try_gc: 16 bytes, 1 roots'].join('\n')]);
});

t.test('tuple blocks are padded to an even number of words', async (t) => {
  t.match(asm('(1, 2, 3)'), /add eax, 24\n/);
  t.match(asm('(1, 2)'), /add eax, 16\n/);
  t.match(asm('(1, 2, 3, 4, 5)'), /add eax, 32\n/);
  await value(t, 'let a = (1, 2, 3), b = (4, 5) in (isTuple(b), b)', '(true, (4, 5))');
});

t.test('taggedReturnAddresses: every Fox return address on the stack carries the tuple tag', async (t) => {
  // Three nested calls (g's frame, f's frame, and main's), collecting inside the innermost.
  const src = 'def g(x): (x, x)\ndef f(x): let t = g(x) in t[0] + 1\nf(1) + f(2)';
  const env = { STUB_STRESS: '1', STUB_RA: '1' };
  const tagged = await runner.run(src, { taggedReturnAddresses: true, env });
  t.same([tagged.stdout, tagged.exitCode], ['5', 0]);
  // The frames above the collection: g's (called by f) and f's (called by the main body).
  t.same(tagged.stderr.split('\n'), ['return addresses: 2/2', 'return addresses: 2/2']);
  // Without the option the layout is the plain one (some return address is untagged).
  const plain = await runner.run(src, { env });
  t.same(plain.stdout, '5');
  t.not(plain.stderr, tagged.stderr);
  t.match(asm(src, { taggedReturnAddresses: true }), /align 8, nop.*\n\s+times 4 nop\n\s+call fox_g/);
});
