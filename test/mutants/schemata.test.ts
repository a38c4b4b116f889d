// mutants/schemata.ts: the generated sources, one binary for every runtime mutant, the run-time
// choice of the mutant (FOX_MUTANT), and the API the grading pipeline calls.
import t from 'tap';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runProgram } from '../../reference/run.js';
import { findMutant, mutants } from '../../mutants/registry.js';
import type { Mutant, RuntimeMutant } from '../../mutants/mutant.js';
import {
  buildMutantPrograms,
  createMutantToolchain,
  MUTANT_ENV,
  mutantTimeoutMs,
  runMutant,
  runReference,
  runWithoutMutant,
  schemataSources,
  UNKNOWN_MUTANT_EXIT,
} from '../../mutants/schemata.js';

const mutant = (id: string): Mutant => {
  const m = findMutant(id);
  if (!m) throw new Error(`no mutant ${id}`);
  return m;
};

/** A mutant of our own that changes two functions: tuples print as <a, b> and every print ends with '!'. */
const angle: RuntimeMutant = {
  id: 'test-angle-brackets',
  title: 'Tuples in angle brackets',
  description: 'A mutant made for this test: it changes two functions of types.c.',
  phase: 'print',
  hint: 'none',
  kind: 'runtime',
  patches: [
    { file: 'types.c', function: 'print_tuple', find: 'printf("(");', replace: 'printf("<");' },
    { file: 'types.c', function: 'print_tuple', find: 'printf(")");', replace: 'printf(">");' },
    { file: 'types.c', function: 'print', find: 'printf("\\n");', replace: 'printf("!\\n");' },
  ],
};


/** The cache's executables, without the digest file beside each (reference/build.ts verifies them). */
async function executables(binDir: string): Promise<string[]> {
  return (await readdir(binDir)).filter((f) => !f.endsWith('.sha256'));
}

t.test('generated sources: prototypes, dispatch, renamed copies, the table', async (t) => {
  const { sources, table } = schemataSources([mutant('print-drops-last'), mutant('keep-let-slots'), angle, mutant('gc-returns-max-address')]);
  t.same([...table], [['print-drops-last', 1], ['test-angle-brackets', 2], ['gc-returns-max-address', 3]], 'runtime mutants only, numbered from 1');
  t.same(Object.keys(sources).sort(), ['fox_schemata.c', 'gc.c', 'types.c'], 'main.c is not touched');

  const types = sources['types.c'];
  t.match(types, /^extern int fox_active_mutant;/);
  // void function: call, then return; non-void: return the copy's value.
  t.match(types, 'static void print_tuple__m1(int v);\nstatic void print_tuple__m2(int v);\nstatic void print_tuple(int v) {\n');
  t.match(types, '  if (fox_active_mutant == 1) { print_tuple__m1(v); return; }\n  if (fox_active_mutant == 2) { print_tuple__m2(v); return; }\n');
  t.match(types, 'static int print__m2(int v);\nint print(int v) {\n  if (fox_active_mutant == 2) return print__m2(v);\n');
  t.match(types, /static void print_tuple__m1\(int v\) \{\n[^}]*i < n - 1/, 'the copy holds the mutation');
  t.match(sources['gc.c'], 'if (fox_active_mutant == 3) return gc__m3(stack_bottom, stack_top, first_frame, heap_start, heap_end);');

  t.match(sources['fox_schemata.c'], '"print-drops-last",\n  "test-angle-brackets",\n  "gc-returns-max-address",\n');
  t.match(sources['fox_schemata.c'], '__attribute__((constructor))');

  t.throws(() => schemataSources([angle, angle]), /listed twice/);
});

t.test('function-pointer parameters are passed on by name', async (t) => {
  const { sources } = schemataSources([mutant('mark-skips-wrong-words')]);
  t.match(sources['gc.c'], 'for_each_root__m1(stack_bottom, stack_top, first_frame, visit, data); return; }');
});

const cacheDir = t.testdir();
const mtc = await createMutantToolchain({ cacheDir });
const pair = { code: '(1, (2, 3))', filename: 'pair.fox' };
const gc0 = { code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', filename: 'gc-0.fox' };

t.test('one schemata link per program serves every runtime mutant', async (t) => {
  t.equal(mtc.schemata.runtime.objects.length, 4, 'fox_schemata.c, gc.c, main.c, types.c');
  const binDir = join(cacheDir, 'bin');
  const before = await executables(binDir).catch(() => []);
  t.same(before, [], 'nothing linked yet');

  const programs = await buildMutantPrograms(mtc, gc0);
  t.ok(programs.schemata.ok);
  t.same((await executables(binDir)), [programs.schemata.ok ? programs.schemata.exe.split('/').pop() : ''], 'one link');

  const runtime = mtc.mutants.filter((m) => m.kind === 'runtime');
  t.ok(runtime.length >= 25);
  const statuses = new Set<string>();
  for (const m of runtime) {
    const run = await runMutant(mtc, programs, m, { kind: 'value', text: '(1, 1, 1)' }, 6, { referenceDurationMs: 5 });
    statuses.add(run.status);
  }
  t.ok(statuses.has('killed') && statuses.has('survived'), `the runs differ: ${[...statuses].join(', ')}`);
  t.equal((await executables(binDir)).length, 1, `still one executable after ${runtime.length} runtime mutants`);

  const again = await buildMutantPrograms(mtc, gc0);
  t.same(again.schemata, programs.schemata, 'building again finds it in the cache');
});

t.test('FOX_MUTANT selects the mutant at run time', async (t) => {
  const programs = await buildMutantPrograms(mtc, pair);
  if (!programs.schemata.ok) throw new Error('build failed');
  const exe = programs.schemata.exe;
  const run = (id?: string) => runProgram(exe, { heap: 100, env: id === undefined ? {} : { [MUTANT_ENV]: id } });

  t.match(await run(), { status: 'exited', exitCode: 0, stdout: '(1, (2, 3))\n' }, 'unset: the reference');
  t.match(await run(''), { status: 'exited', exitCode: 0, stdout: '(1, (2, 3))\n' }, 'empty: the reference');
  t.match(await run('print-drops-last'), { status: 'exited', exitCode: 0, stdout: '(1)\n' });
  t.match(await run('print-from-word-one'), { status: 'exited', exitCode: 0, stdout: '(0, 1)\n' }, 'the GC word shows');
  t.match(await run('nope'), { status: 'exited', exitCode: UNKNOWN_MUTANT_EXIT, stdout: '', stderr: "fox: unknown mutant 'nope'\n" });
  t.match(await run('keep-let-slots'), { exitCode: UNKNOWN_MUTANT_EXIT }, 'a codegen mutant is not in the schemata');

  const none = await runWithoutMutant(mtc, programs, 100);
  t.match(none.outcome, { status: 'exited', exitCode: 0, stdout: '(1, (2, 3))\n' });
});

t.test('a mutant changing two functions: both changes are active together', async (t) => {
  const own = await createMutantToolchain({ cacheDir, mutants: [angle] });
  const programs = await buildMutantPrograms(own, pair);
  const run = await runMutant(own, programs, angle, { kind: 'value', text: '(1, (2, 3))' }, 100, { referenceDurationMs: 1 });
  t.match(run, { status: 'killed', reason: 'wrong value', outcome: { stdout: '<1, <2, 3>>!\n' } });
  await t.rejects(
    runMutant(own, programs, mutant('print-drops-last'), { kind: 'value', text: '' }, 100, { referenceDurationMs: 1 }),
    /not in this toolchain's schemata/,
  );
});

t.test('runMutant: killed, survived, timeout; codegen mutants get their own build', async (t) => {
  const programs = await buildMutantPrograms(mtc, gc0);
  const expected = { kind: 'value', text: '(1, 1, 1)' } as const;
  const ref = await runReference(mtc, gc0, 6);
  t.match(ref.outcome, { status: 'exited', exitCode: 0, stdout: '(1, 1, 1)\n' });

  const opts = { referenceDurationMs: ref.durationMs };
  t.same(
    { ...(await runMutant(mtc, programs, mutant('try-gc-never-collects'), expected, 6, opts)), outcome: undefined },
    { status: 'killed', reason: 'expected a value but the program failed (exit 9)', outcome: undefined },
  );
  t.match(await runMutant(mtc, programs, mutant('print-drops-last'), expected, 6, opts), { status: 'killed', reason: 'wrong value' });
  t.match(await runMutant(mtc, programs, mutant('mark-skips-nested'), expected, 6, opts), { status: 'survived' });
  // gc-0 at heap 5 fails with the heap empty ("too large"), which this mutant does not change;
  // a failure after a collection shows it.
  const oom = { kind: 'failure', text: 'out of memory' } as const;
  t.match(await runMutant(mtc, programs, mutant('try-gc-message-without-oom'), oom, 5, opts), { status: 'survived' });
  const twice = await buildMutantPrograms(mtc, { code: 'let a = (1, 2) in (a, a)', filename: 'twice.fox' });
  t.match(await runMutant(mtc, twice, mutant('try-gc-message-without-oom'), oom, 7, opts), { status: 'killed', reason: 'missing "out of memory"' });

  // Codegen: built lazily with the variant, once.
  const keep = mutant('keep-let-slots');
  t.match(await runMutant(mtc, programs, keep, expected, 6, opts), { status: 'survived' }, 'y and x share a slot: nothing stale');
  const first = await programs.variant('keep-let-slots');
  t.equal(await programs.variant('keep-let-slots'), first, 'the variant build is shared');
  t.not(first.ok && first.exe, programs.schemata.ok && programs.schemata.exe);

  // Timeout: the exponential mark on a shared tower, with a small budget.
  const tower = {
    code: 'def tower(n, t): if n == 0: t else: tower(n - 1, (t, t))\nlet z = (let w = (0, 0, 0) in 0), x = tower(40, (1, 2)) in z',
    filename: 'tower.fox',
  };
  const quick = await createMutantToolchain({ cacheDir, minTimeoutMs: 300 });
  const towerPrograms = await buildMutantPrograms(quick, tower);
  t.match(await runMutant(quick, towerPrograms, mutant('mark-no-marked-check'), { kind: 'value', text: '0' }, 168, { referenceDurationMs: 1 }), {
    status: 'timeout',
    reason: 'timeout',
  });
  const baseline = await runWithoutMutant(quick, towerPrograms, 168);
  t.match(baseline.outcome, { status: 'exited', exitCode: 0, stdout: '0\n' }, 'the same program, no mutant: fine');
});

t.test('compile errors and ANF tests: the outcome is known without running', async (t) => {
  const bad = await buildMutantPrograms(mtc, { code: 'x + 1', filename: 'bad.fox' });
  t.match(bad.schemata, { ok: false, outcome: { status: 'compile-error' } });
  t.match(await runMutant(mtc, bad, mutant('print-drops-last'), { kind: 'failure', text: "unbound variable 'x'" }, 10, { referenceDurationMs: 0 }), {
    status: 'survived',
  });
  const anf = await buildMutantPrograms(mtc, { code: 'def f(x): x\ndef g(x): x\nlet x = f(g(1)) in x', filename: 'anf.fox', anf: true });
  const expected = { kind: 'value', text: 'def f(x):\n    x\n\ndef g(x):\n    x\n\n(let x = (let anf0 = g(1) in f(anf0)) in x)' } as const;
  t.match(await runMutant(mtc, anf, mutant('mark-skips-nested'), expected, 10, { referenceDurationMs: 0 }), { status: 'survived' });
  t.match(await runMutant(mtc, anf, mutant('let-temps-leak'), expected, 10, { referenceDurationMs: 0 }), { status: 'killed', reason: 'wrong value' });
  // An anf test is printed without the static check: free variables are fine (FOX.md §6).
  const free = await buildMutantPrograms(mtc, { code: 'add1(add1(x))', filename: 'free.fox', anf: true });
  t.match(free.schemata, { ok: false, outcome: { status: 'exited', stdout: '(let anf0 = add1(x) in add1(anf0))' } });
  t.match(await free.variant('let-temps-leak'), { ok: false, outcome: { status: 'exited', stdout: '(let anf0 = add1(x) in add1(anf0))' } });
});

t.test('the time limit of a mutant run', async (t) => {
  t.equal(mutantTimeoutMs(mtc, 3), 2000, 'the floor');
  t.equal(mutantTimeoutMs(mtc, 450), 4500, 'ten times the reference');
  t.equal(mutantTimeoutMs(mtc, 10_000), 15_000, 'at most the test limit');
  const custom = { ...mtc, minTimeoutMs: 100, timeoutFactor: 3, timeoutMs: 1000 };
  t.equal(mutantTimeoutMs(custom, 10), 100);
  t.equal(mutantTimeoutMs(custom, 200), 600);
  t.equal(mutantTimeoutMs(custom, 2000), 1000);
});

t.test('the default toolchain serves the whole catalog', async (t) => {
  t.equal(mtc.mutants, mutants);
  t.equal(mtc.table.size, mutants.filter((m) => m.kind === 'runtime').length);
});

t.test('the fa18 dialect: the same schemata, built with its flags', async (t) => {
  const fa18 = await createMutantToolchain({ cacheDir, dialect: 'fa18' });
  t.equal(fa18.schemata.runtime.dialect, 'fa18');
  t.not(fa18.schemata.runtime.key, mtc.schemata.runtime.key);
  // fa18's heaps are 2 words larger (its prelude rounds the heap start up past 8 bytes).
  const programs = await buildMutantPrograms(fa18, gc0);
  const expected = { kind: 'value', text: '(1, 1, 1)' } as const;
  t.match((await runWithoutMutant(fa18, programs, 8)).outcome, { status: 'exited', exitCode: 0, stdout: '(1, 1, 1)\n' });
  t.match(await runMutant(fa18, programs, mutant('try-gc-off-by-one'), expected, 8, { referenceDurationMs: 1 }), { status: 'killed' });
  t.match(await runMutant(fa18, programs, mutant('tail-call-as-call'), expected, 8, { referenceDurationMs: 1 }), { status: 'survived' });
});
