// mutants/schemata.ts' grading hooks: the coverage counters (FOX_COVERAGE), the coverage analysis
// built on them (noCoverageReason), the codegen variants inside the schemata binary (FOX_CODEGEN,
// combinedVariantsAsm) and split-stream execution (runMutantsSplit). Each is checked against the
// plain way on the official suite: a skipped pair survives when run, a combined variant behaves
// as its own build, a split run gives runMutant's result.
import t from 'tap';
import { runBuiltProgram } from '../../suites/execute.js';
import { judge } from '../../suites/judge.js';
import { loadTestFile } from '../../suites/test-file.js';
import { officialSuite } from '../../mutants/kills.js';
import type { RuntimeMutant } from '../../mutants/mutant.js';
import { findMutant, mutants } from '../../mutants/registry.js';
import {
  buildMutantPrograms,
  CODEGEN_ENV,
  combinedVariantsAsm,
  createMutantToolchain,
  MUTANT_ENV,
  mutatedFunctionKeys,
  noCoverageReason,
  runMutant,
  runMutantsSplit,
  schemataSources,
  splittable,
  UNKNOWN_MUTANT_EXIT,
  type MutantRun,
} from '../../mutants/schemata.js';
import { compile } from '../../reference/compiler/index.js';
import { runProgram } from '../../reference/run.js';

const cacheDir = t.testdir();
const mtc = await createMutantToolchain({ cacheDir, minTimeoutMs: 500 });
const official = loadTestFile(officialSuite).tests.filter((x) => x.valid && x.code !== undefined);
const collector = mutants.filter((m) => splittable(mtc, m));

/** A run as a comparable value: heap addresses in output (ASLR moves them) masked, durations dropped. */
const comparable = (run: MutantRun) => {
  const mask = (s: string) => s.replace(/-?\d{7,}/g, '<n>').replace(/0x[0-9a-f]{8}\b/gi, '0x<word>');
  const { durationMs: _d, ...outcome } = run.outcome as unknown as Record<string, unknown>;
  return { ...run, reason: 'reason' in run ? run.reason : undefined, outcome: { ...outcome, stdout: mask(String(outcome.stdout)), stderr: mask(String(outcome.stderr)) } };
};

t.test('the hooked sources: counters, the split hook, the codegen table; nothing without hooks', async (t) => {
  const plain = schemataSources(mutants);
  const hooked = schemataSources(mutants, { hooks: true });
  t.same(plain.functions, [], 'no counters without hooks');
  t.notMatch(plain.sources['fox_schemata.c'], 'fox_split');
  t.match(hooked.sources['main.c'], /int\* try_gc\([^\n]*\{\n {2}if \(fox_split_pending\) fox_split\(\);\n {2}fox_reached\[\d+\] = 1;\n {2}if \(fox_active_mutant == /);
  t.ok(hooked.functions.includes('gc.c:mark') && hooked.functions.includes('main.c:try_gc'), hooked.functions.join(' '));
  t.equal(new Set(hooked.functions).size, hooked.functions.length);
  for (const m of mutants) {
    if (m.kind === 'runtime') for (const key of mutatedFunctionKeys(m)) t.ok(hooked.functions.includes(key), `${m.id}: ${key} has a counter`);
  }
  t.same([...hooked.codegen.keys()], mutants.filter((m) => m.kind === 'codegen').map((m) => m.id));
  // A selection without try_gc mutants still gets the split hook.
  const own = schemataSources([findMutant('print-drops-last')!], { hooks: true });
  t.match(own.sources['main.c'], 'if (fox_split_pending) fox_split();');
});

t.test('FOX_COVERAGE: the functions a run entered', async (t) => {
  const gcMiddle = await buildMutantPrograms(mtc, { code: 'let a = (1, 2), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)', filename: 'm.fox' });
  const run = await runBuiltProgram(mtc.schemata, gcMiddle.asReference, 14, { coverage: true, stats: true });
  t.ok(run.coverage?.includes('gc.c:mark') && run.coverage.includes('main.c:try_gc') && run.coverage.includes('types.c:print_tuple'), run.coverage?.join(' '));
  const number = await buildMutantPrograms(mtc, { code: '1 + 2', filename: 'n.fox' });
  const quiet = await runBuiltProgram(mtc.schemata, number.asReference, 10, { coverage: true });
  t.same(quiet.coverage, [], 'nothing mutated is entered: an empty list, not undefined');
  t.match(quiet.outcome, { status: 'exited', exitCode: 0, stdout: '3\n' });
  const without = await runBuiltProgram(mtc.schemata, number.asReference, 10);
  t.equal(without.coverage, undefined, 'not asked, not written');
});

t.test('noCoverageReason: the three reasons, and nothing for programs that do not run', async (t) => {
  const reasonOf = async (code: string, heap: number, id: string) => {
    const programs = await buildMutantPrograms(mtc, { code, filename: 'x.fox' }, { codegen: 'combined' });
    const ref = await runBuiltProgram(mtc.schemata, programs.asReference, heap, { stats: true, coverage: true });
    return noCoverageReason(mtc, programs, findMutant(id)!, ref);
  };
  t.equal(await reasonOf('(1, 2)', 100, 'mark-skips-nested'), 'never calls try_gc');
  t.equal(await reasonOf('(1, 2)', 100, 'print-drops-last'), undefined, 'print mutants are reached by printing a tuple');
  t.equal(await reasonOf('1 + 2', 100, 'print-drops-last'), 'mutated code not reached', 'a number prints without print_tuple');
  // gc-0: nothing is live at the collection, so no block is moved: move_block is never entered.
  const gc0 = 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)';
  t.equal(await reasonOf(gc0, 6, 'compact-copies-backward'), 'mutated code not reached');
  t.equal(await reasonOf(gc0, 6, 'gc-returns-max-address'), undefined, 'but the collector runs');
  t.equal(await reasonOf('let a = (1, 2), b = (let g = (5, 6) in g[0]) in (a, b)', 8, 'compact-copies-backward'), undefined, 'a live block is moved (in place)');
  t.equal(await reasonOf('(1, 2)', 100, 'tail-call-as-call'), 'same code for this program', 'no tail call to compile');
  t.equal(await reasonOf('def f(n): if n == 0: 0 else: f(n - 1)\nf(3)', 100, 'tail-call-as-call'), undefined);
  const bad = await buildMutantPrograms(mtc, { code: 'x', filename: 'bad.fox' });
  t.equal(noCoverageReason(mtc, bad, findMutant('tail-call-as-call')!, {}), undefined, 'a compile error runs nothing anyway');
});

t.test('coverage analysis is sound on the official suite: every skipped pair survives when run', async (t) => {
  const wrong: string[] = [];
  const counts = new Map<string, number>();
  for (const test of official) {
    const programs = await buildMutantPrograms(mtc, { code: test.code!, filename: `${test.name}.fox`, anf: test.anf }, { codegen: 'combined' });
    const ref = await runBuiltProgram(mtc.schemata, programs.asReference, test.heap, { stats: true, coverage: true });
    if (!judge(test.expected, ref.outcome).pass) wrong.push(`${test.displayName}: the schemata reference fails it`);
    for (const m of mutants) {
      const reason = noCoverageReason(mtc, programs, m, ref);
      if (reason === undefined) continue;
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
      const run = await runMutant(mtc, programs, m, test.expected, test.heap, { referenceDurationMs: ref.durationMs });
      if (run.status !== 'survived') wrong.push(`${m.id} × ${test.displayName} (${reason}): ${run.status}`);
    }
  }
  t.same(wrong, [], 'no skipped pair would have been detected');
  for (const reason of ['never calls try_gc', 'mutated code not reached', 'same code for this program']) t.ok((counts.get(reason) ?? 0) > 0, `${reason}: ${counts.get(reason)}`);
});

t.test('codegen variants inside the schemata binary behave as their own builds (official suite)', async (t) => {
  const differ: string[] = [];
  let compared = 0;
  for (const test of official.filter((x) => !x.anf)) {
    const program = { code: test.code!, filename: `${test.name}.fox` };
    const combined = await buildMutantPrograms(mtc, program, { codegen: 'combined' });
    const separate = await buildMutantPrograms(mtc, program);
    for (const m of mutants) {
      if (m.kind !== 'codegen' || combined.sameCode(m.variant)) continue;
      const opts = { referenceDurationMs: 1000 };
      const a = await runMutant(mtc, combined, m, test.expected, test.heap, opts);
      const b = await runMutant(mtc, separate, m, test.expected, test.heap, opts);
      compared++;
      if (JSON.stringify(comparable(a)) !== JSON.stringify(comparable(b))) differ.push(`${m.id} × ${test.displayName}: ${a.status} vs ${b.status}`);
    }
  }
  t.ok(compared > 300, `${compared} (test, variant) pairs`);
  t.same(differ, []);
  const one = await buildMutantPrograms(mtc, { code: '(1, 2)', filename: 'p.fox' }, { codegen: 'combined' });
  if (!one.schemata.ok) throw new Error('build failed');
  const variant = await one.variant('elements-from-word-one');
  t.match(variant, { ok: true, exe: one.schemata.exe, env: { [MUTANT_ENV]: '', [CODEGEN_ENV]: 'elements-from-word-one' } }, 'one executable');
  t.match(await runProgram(one.schemata.exe, { heap: 10, env: { [CODEGEN_ENV]: 'nope' } }), { status: 'exited', exitCode: UNKNOWN_MUTANT_EXIT, stderr: "fox: unknown codegen variant 'nope'\n" });
  t.match(await runProgram(one.schemata.exe, { heap: 10, env: { [MUTANT_ENV]: 'keep-let-slots' } }), { exitCode: UNKNOWN_MUTANT_EXIT }, 'FOX_MUTANT still knows runtime mutants only');
});

t.test('combinedVariantsAsm: labels renamed apart, one jump table, refuses an unknown layout', async (t) => {
  const ref = compile('def f(n): if n == 0: 0 else: f(n - 1)\nf(2)', { filename: 'f.fox', dialect: 'sp19' });
  const variant = compile('def f(n): if n == 0: 0 else: f(n - 1)\nf(2)', { filename: 'f.fox', dialect: 'sp19', variant: 'tail-call-as-call' });
  if (!ref.ok || !variant.ok) throw new Error('compile failed');
  const asm = combinedVariantsAsm(ref.asm, [undefined, variant.asm, variant.asm]);
  t.match(asm, /^our_code_starts_here:/m);
  t.match(asm, /fox_codegen_entries:\n {2}dd fox_v0_our_code_starts_here\n {2}dd fox_v0_our_code_starts_here\n {2}dd fox_v1_our_code_starts_here\n {2}dd fox_v1_our_code_starts_here\n/, 'identical variants share one copy');
  t.match(asm, /^fox_v1_fox_f:/m);
  t.match(asm, /jmp fox_v0_fox_f/, 'references follow their labels (the reference: a tail call)');
  t.match(asm, /call fox_v1_fox_f/, 'and in the variant (a call)');
  t.notMatch(asm, /^fox_f:/m, 'no label keeps its name');
  t.match(asm, '0x7FFFFFFF', 'numbers are not labels');
  t.throws(() => combinedVariantsAsm(`${ref.asm}\nsection .data\n`, []), /unexpected compiler output/);
});

t.test('split-stream gives runMutant\'s results (official GC tests, every collector mutant)', async (t) => {
  const differ: string[] = [];
  let pairs = 0;
  const gcTests = official.filter((x) => x.name.startsWith('gc-') && !x.anf);
  t.ok(gcTests.length > 30);
  for (const test of gcTests) {
    const programs = await buildMutantPrograms(mtc, { code: test.code!, filename: `${test.name}.fox` }, { codegen: 'combined' });
    const opts = { referenceDurationMs: 5 };
    const split = await runMutantsSplit(mtc, programs, collector, test.expected, test.heap, opts);
    for (const [i, m] of collector.entries()) {
      const alone = await runMutant(mtc, programs, m, test.expected, test.heap, opts);
      pairs++;
      if (JSON.stringify(comparable(split[i])) !== JSON.stringify(comparable(alone))) {
        differ.push(`${m.id} × ${test.name}: split ${JSON.stringify(comparable(split[i]))} alone ${JSON.stringify(comparable(alone))}`);
      }
    }
  }
  t.ok(pairs > 800, `${pairs} pairs`);
  t.same(differ, [], 'same status, reason, exit or signal, and output');
});

t.test('split-stream: no collection, endless output, a child that never ends, a prefix', async (t) => {
  const loud: RuntimeMutant = {
    id: 'test-loud-collector',
    title: 'Prints forever when it collects',
    description: 'A mutant made for this test: try_gc prints without end.',
    phase: 'try_gc',
    hint: 'none',
    kind: 'runtime',
    patches: [{ file: 'main.c', function: 'try_gc', find: 'int words_needed = bytes_needed / 4;', replace: 'int words_needed = bytes_needed / 4; for (;;) printf("gc! ");' }],
  };
  const stuck: RuntimeMutant = {
    ...loud,
    id: 'test-stuck-collector',
    title: 'Never returns from a collection',
    description: 'A mutant made for this test: try_gc loops forever.',
    patches: [{ file: 'main.c', function: 'try_gc', find: 'int words_needed = bytes_needed / 4;', replace: 'int words_needed = bytes_needed / 4; for (volatile int i = 0; ; i++) {}' }],
  };
  const own = await createMutantToolchain({ cacheDir, minTimeoutMs: 300, mutants: [loud, stuck, findMutant('try-gc-never-collects')!, findMutant('mark-skips-nested')!] });
  const some = own.mutants.filter((m) => splittable(own, m));
  t.equal(some.length, 4);
  const compare = async (code: string, heap: number, expected: { kind: 'value' | 'failure'; text: string }) => {
    const programs = await buildMutantPrograms(own, { code, filename: 'p.fox' }, { codegen: 'combined' });
    const opts = { referenceDurationMs: 1 };
    const split = await runMutantsSplit(own, programs, some, expected, heap, opts);
    const alone = [];
    for (const m of some) alone.push(await runMutant(own, programs, m, expected, heap, opts));
    return { split: split.map((r) => ({ status: r.status, reason: 'reason' in r ? r.reason : undefined })), alone: alone.map((r) => ({ status: r.status, reason: 'reason' in r ? r.reason : undefined })), raw: split };
  };
  const never = await compare('print(7)', 100, { kind: 'value', text: '7\n7' });
  t.same(never.split, never.alone, 'a program that never collects: the same for all');
  t.same(never.split.map((r) => r.status), ['survived', 'survived', 'survived', 'survived']);

  const code = 'let a = print(5), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)';
  const expected = { kind: 'value', text: '5\n(5, (7, 8), 5)' } as const;
  const prefix = await compare(code, 10, expected);
  t.same(prefix.split, prefix.alone, 'printed before the collection, then each child its own');
  t.same(prefix.split.map((r) => r.status), ['killed', 'timeout', 'killed', 'survived']);
  t.match(prefix.raw[0].outcome, { status: 'signaled', signal: 'SIGKILL', stdout: /^5\ngc! gc! /, truncated: true }, 'the prefix, then the endless output, cut at the bound');
  t.equal(prefix.raw[0].outcome.stdout.length, 1024 * 1024);
  t.match(prefix.raw[1].outcome, { status: 'timeout' });
  t.match(prefix.raw[2].outcome, { status: 'exited', exitCode: 9, stdout: '5\n' });
  const programs = await buildMutantPrograms(own, { code, filename: 'p.fox' }, { codegen: 'combined' });
  const [small] = await runMutantsSplit(own, programs, [loud], expected, 10, { referenceDurationMs: 1, maxOutputBytes: 100 });
  t.match(small.outcome, { stdout: /^5\ngc! /, truncated: true }, 'a smaller bound');
  t.equal(small.outcome.stdout.length, 100);
});
