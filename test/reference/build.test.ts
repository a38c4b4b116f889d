// reference/build.ts: the runtime's object cache, assembling and linking, errors, and
// buildProgram with the reference compiler (and with a stand-in compiler).
import t from 'tap';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  assembleAndLink,
  BuildError,
  buildProgram,
  buildRuntime,
  type CompileFn,
} from '../../reference/build.js';
import { runtimeDir } from '../../reference/paths.js';
import { runCommand, runProgram } from '../../reference/run.js';
import * as asm from './runtime/fixtures/asm.js';

const cacheDir = t.testdir();
const objDir = join(cacheDir, 'obj');
const binDir = join(cacheDir, 'bin');

async function listing(dir: string) {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (n) => `${n} ${(await stat(join(dir, n))).mtimeMs}`));
}

/** What `p` rejects with (undefined if it resolves). */
async function rejection(p: Promise<unknown>): Promise<BuildError | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => e as BuildError,
  );
}

t.test('the runtime is compiled once, then served from the cache', async (t) => {
  const first = await buildRuntime({ cacheDir });
  t.same(first.objects.map((o) => join(objDir, basename(o))), first.objects, 'objects live in <cacheDir>/obj');
  t.equal(first.objects.length, 3, 'gc.c, main.c, types.c');
  t.ok(first.objects.every((o) => existsSync(o)));
  const before = await listing(objDir);
  const second = await buildRuntime({ cacheDir });
  t.same(second, first, 'same objects, same key');
  t.same(await listing(objDir), before, 'no object written again');
  t.same(await readdir(join(cacheDir, 'tmp')), [], 'no scratch directory left behind');
});

t.test('what changes an object', async (t) => {
  const base = await buildRuntime({ cacheDir });
  const [gcO, mainO, typesO] = base.objects;
  const gc = await readFile(join(runtimeDir, 'gc.c'), 'utf8');

  const edited = await buildRuntime({ cacheDir, sources: { 'gc.c': gc + '\n/* a student was here */\n' } });
  t.not(edited.objects[0], gcO, 'a different gc.c: a different gc object');
  t.same(edited.objects.slice(1), [mainO, typesO], 'the other objects are reused');
  t.not(edited.key, base.key, 'and a different runtime key');

  const header = await readFile(join(runtimeDir, 'gc.h'), 'utf8');
  const newHeader = await buildRuntime({ cacheDir, sources: { 'gc.h': header + '\n' } });
  t.ok(newHeader.objects.every((o, i) => o !== base.objects[i]), 'a header change rebuilds every object');

  const fa18 = await buildRuntime({ cacheDir, dialect: 'fa18' });
  t.ok(fa18.objects.every((o, i) => o !== base.objects[i]), 'the dialect is part of every hash');
  t.equal(fa18.dialect, 'fa18');

  const flagged = await buildRuntime({ cacheDir, cflags: ['-DFOX_UNUSED_FLAG'] });
  t.ok(flagged.objects.every((o, i) => o !== base.objects[i]), 'so are the flags');
});

t.test('a course-style gc.c (extern declarations of the types.c helpers) builds and runs', async (t) => {
  const gc = await readFile(join(runtimeDir, 'gc.c'), 'utf8');
  const courseStyle = [
    'extern int  is_number(int);',
    'extern int  is_tuple(int);',
    'extern int  tuple_at(int* base, int i);',
    'extern int  tuple_size(int* base);',
    'extern int* int_addr(int);',
    'extern int  addr_int(int*);',
    'extern int* HEAP_END;',
    gc,
  ].join('\n');
  const runtime = await buildRuntime({ cacheDir, sources: { 'gc.c': courseStyle } });
  const exe = await assembleAndLink(asm.gcLoop(20), runtime, { cacheDir });
  const r = await runProgram(exe, { heap: 14 });
  t.same([r.status, r.stdout], ['exited', '(19, (7, 8, 9))\n']);
});

t.test('a C error is a BuildError with the compiler output', async (t) => {
  const e = await rejection(buildRuntime({ cacheDir, sources: { 'gc.c': '#include "gc.h"\nint* gc(int x) { return }\n' } }));
  t.ok(e instanceof BuildError, 'a BuildError');
  t.match(e, { code: 'E_CC', stage: 'runtime', remedy: /gc\.c/ });
  t.match(e?.message, /gc\.c:2:\d+: error/, 'gcc messages name the file relative to the runtime');
  t.ok(e?.cause, 'the failed process is the cause');
  t.same(
    (await readdir(objDir)).filter((n) => n.endsWith('.tmp')),
    [],
    'no partial object left in the cache',
  );
  t.same(await readdir(join(cacheDir, 'tmp')), [], 'no scratch directory left behind');
});

t.test('a source name must be a plain .c or .h file name', async (t) => {
  const e = await rejection(buildRuntime({ cacheDir, sources: { '../evil.c': '' } }));
  t.ok(e instanceof BuildError, 'a BuildError');
  t.match(e, { code: 'E_SOURCE', stage: 'runtime', remedy: /file name/ });
});

t.test('assembleAndLink caches executables by content', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const exe = await assembleAndLink(asm.returns(asm.num(42)), runtime, { cacheDir });
  t.equal(join(binDir, basename(exe)), exe, 'executables live in <cacheDir>/bin');
  const before = await listing(binDir);
  t.equal(await assembleAndLink(asm.returns(asm.num(42)), runtime, { cacheDir }), exe, 'same program: same path');
  t.same(await listing(binDir), before, 'nothing rebuilt');
  const other = await assembleAndLink(asm.returns(asm.num(43)), runtime, { cacheDir });
  t.not(other, exe, 'another program: another path');
  const fa18 = await buildRuntime({ cacheDir, dialect: 'fa18' });
  t.not(await assembleAndLink(asm.returns(asm.num(42)), fa18, { cacheDir }), exe, 'another runtime: another path');
  t.equal((await runProgram(exe)).stdout, '42\n');
  t.equal((await runProgram(other)).stdout, '43\n');
});

t.test('parallel builds of one program agree and leave no temporary files', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const source = asm.returns(asm.num(7));
  const exes = await Promise.all(Array.from({ length: 6 }, () => assembleAndLink(source, runtime, { cacheDir })));
  t.equal(new Set(exes).size, 1);
  t.same((await readdir(binDir)).filter((n) => n.endsWith('.tmp')), []);
  t.equal((await runProgram(exes[0]!)).stdout, '7\n');
  const distinct = await Promise.all([8, 9, 10].map((n) => assembleAndLink(asm.returns(asm.num(n)), runtime, { cacheDir })));
  t.same(await Promise.all(distinct.map(async (e) => (await runProgram(e)).stdout)), ['8\n', '9\n', '10\n']);
});

t.test('assembler and linker errors', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const bad = await rejection(assembleAndLink('section .text\n  mov eax, ebx, ecx\n', runtime, { cacheDir }));
  t.ok(bad instanceof BuildError, 'a BuildError');
  t.match(bad, { code: 'E_ASM', stage: 'assemble', remedy: /code generator/, message: /program\.asm:2:/ });
  const unlinked = await rejection(assembleAndLink('section .text\nglobal nothing\nnothing:\n  ret\n', runtime, { cacheDir }));
  t.ok(unlinked instanceof BuildError, 'a BuildError');
  t.match(unlinked, { code: 'E_LINK', stage: 'link', remedy: /symbol/, message: /our_code_starts_here/ });
  t.same(await readdir(join(cacheDir, 'tmp')), [], 'no scratch directory left behind');
});

t.test('buildProgram with a stand-in compiler', async (t) => {
  const seen: unknown[] = [];
  const compiler: CompileFn = (source, opts) => {
    seen.push({ source, ...opts });
    return source === 'bad'
      ? { ok: false, diagnostics: [{ message: 'nope' }], message: 'program.fox:1:1-3: nope' }
      : { ok: true, asm: asm.returns(asm.num(Number(source))) };
  };
  const built = await buildProgram('12', { cacheDir, compiler, dialect: 'sp19', variant: 'v1', filename: 'x.fox' });
  t.ok(built.ok);
  if (built.ok) t.equal((await runProgram(built.exe)).stdout, '12\n');
  t.same(seen[0], { source: '12', filename: 'x.fox', dialect: 'sp19', variant: 'v1' }, 'the options reach the compiler');
  t.same(await buildProgram('bad', { cacheDir, compiler }), {
    ok: false,
    stage: 'compile',
    message: 'program.fox:1:1-3: nope',
    diagnostics: [{ message: 'nope' }],
  });
});

t.test('buildProgram with the reference compiler (the spec gc-0 example)', async (t) => {
  const source = 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)';
  const built = await buildProgram(source, { cacheDir });
  t.ok(built.ok, 'compiles');
  if (!built.ok) return;
  t.same([(await runProgram(built.exe, { heap: 6 })).stdout], ['(1, 1, 1)\n'], 'heap 6');
  t.match(await runProgram(built.exe, { heap: 5 }), { status: 'exited', exitCode: 10, stderr: /out of memory/ }, 'heap 5');
  const fa18 = await buildProgram(source, { cacheDir, dialect: 'fa18' });
  t.ok(fa18.ok);
  if (fa18.ok) {
    t.equal((await runProgram(fa18.exe, { heap: 8 })).stdout, '(1, 1, 1)\n', 'fa18: heap 8');
    t.match(await runProgram(fa18.exe, { heap: 7 }), { status: 'exited', exitCode: 10 }, 'fa18: heap 7');
  }
  const broken = await buildProgram('x + 1', { cacheDir });
  t.match(broken, { ok: false, stage: 'compile', message: /unbound variable 'x'/ });
});

t.test("linker 'gold': ld.gold run directly with gcc's linker arguments, a product of its own", async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const source = asm.callsError(4, 0);
  const viaGcc = await assembleAndLink(source, runtime, { cacheDir });
  const viaGold = await assembleAndLink(source, runtime, { cacheDir, linker: 'gold' });
  const haveGold = (await runCommand('ld.gold', ['--version'], { timeoutMs: 10_000 })).exitCode === 0;
  if (haveGold && process.env.FOX_GRADE_LINKER !== 'gcc') t.not(viaGold, viaGcc, 'another executable (the linker is in the hash)');
  else t.equal(viaGold, viaGcc, 'no gold here: the gcc link');
  const [a, b] = await Promise.all([runProgram(viaGcc), runProgram(viaGold)]);
  t.same({ ...b, durationMs: 0 }, { ...a, durationMs: 0 }, 'the same behaviour');
  const unlinked = await rejection(assembleAndLink('section .text\nglobal nothing\nnothing:\n  ret\n', runtime, { cacheDir, linker: 'gold' }));
  t.match(unlinked, { code: 'E_LINK', stage: 'link', message: /our_code_starts_here/ }, 'a link error is still E_LINK');
});
