// The catalog's files and helpers, without running anything: one file per mutant, the explicit
// registry, patches that apply, diffs, source locations, and the C function finder they use.
import t from 'tap';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { projectRoot, runtimeDir } from '../../reference/paths.js';
import { codegenVariants } from '../../reference/compiler/variants.js';
import { CFormatError, parseFunctions } from '../../mutants/c-functions.js';
import {
  applyPatches,
  MutantError,
  mutantDiff,
  mutantLocation,
  mutatedFunctions,
  referenceSource,
  type Mutant,
  type RuntimeMutant,
} from '../../mutants/mutant.js';
import { findMutant, mutants } from '../../mutants/registry.js';
import { equivalentVariants } from './fixtures/contract-kit.js';

const mutantsDir = join(projectRoot, 'mutants');

const isMutant = (value: unknown): value is Mutant =>
  typeof value === 'object' && value !== null && typeof (value as Mutant).id === 'string' && ['runtime', 'codegen'].includes((value as Mutant).kind);

t.test('one file per mutant, named by its id, each listed once in the registry', async (t) => {
  // A file that exports a mutant is a mutant file; the others (mutant.ts, schemata.ts, …) are the tooling.
  const files = (await readdir(mutantsDir)).filter((f) => f.endsWith('.ts')).sort();
  const mutantFiles: string[] = [];
  for (const file of files) {
    const mod = (await import(`../../mutants/${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const exported = Object.values(mod).filter(isMutant);
    if (exported.length === 0) continue;
    mutantFiles.push(file);
    t.equal(exported.length, 1, `${file} exports one mutant`);
    t.equal(exported[0].id, file.replace(/\.ts$/, ''), `${file} holds the mutant of its name`);
    t.equal(findMutant(exported[0].id), exported[0], `the registry lists that very object (${file})`);
  }
  t.same(mutantFiles, mutants.map((m) => `${m.id}.ts`).sort(), 'the mutant files are exactly the registry');
  const registry = await readFile(join(mutantsDir, 'registry.ts'), 'utf8');
  t.notMatch(registry, /\breaddir\w*\s*\(|\bglob\w*\s*\(|\bimport\s*\(/, 'no globbing, no dynamic import');
  t.match(registry, /no-gc-word-init/, 'the registry says why no-gc-word-init is left out');
});

t.test('equivalent compiler variants stay out', async (t) => {
  const used = mutants.flatMap((m) => (m.kind === 'codegen' ? [m.variant] : []));
  for (const v of equivalentVariants) t.notOk(used.includes(v as never), `${v} is not used`);
  const usable = codegenVariants.map((v) => v.name).filter((v) => !equivalentVariants.includes(v));
  t.same(usable.filter((v) => !used.includes(v)), [], 'every other variant is a mutant');
});

t.test('applyPatches: the mutated files, each differing only inside the patched functions', async (t) => {
  for (const m of mutants) {
    const files = applyPatches(m);
    if (m.kind === 'codegen') {
      t.same(files, {}, `${m.id}: a codegen mutant changes no runtime file`);
      continue;
    }
    for (const [file, text] of Object.entries(files)) {
      const reference = referenceSource(file as 'gc.c');
      t.not(text, reference, `${m.id} changes ${file}`);
      // Outside the patched functions, the file is the reference.
      const patched = new Set(m.patches.filter((p) => p.file === file).map((p) => p.function));
      const outside = (source: string) =>
        parseFunctions(source, file)
          .filter((f) => !patched.has(f.name))
          .map((f) => f.text);
      t.same(outside(text), outside(reference), `${m.id}: the other functions of ${file} are untouched`);
    }
  }
});

const sample: RuntimeMutant = {
  id: 'sample',
  title: 'A sample',
  description: 'A mutant made for this test.',
  phase: 'mark',
  hint: 'none',
  kind: 'runtime',
  patches: [{ file: 'gc.c', function: 'forward', find: 'block <= max_address', replace: 'block < max_address' }],
};

t.test('a patch must find its text exactly once in the named function', async (t) => {
  t.doesNotThrow(() => applyPatches(sample));
  const withPatch = (patch: Partial<RuntimeMutant['patches'][number]>): RuntimeMutant => ({ ...sample, patches: [{ ...sample.patches[0], ...patch }] });
  // `block <= max_address` occurs in three functions of gc.c, but once in forward: fine.
  t.equal(referenceSource('gc.c').split('block <= max_address').length - 1, 3);
  t.throws(() => applyPatches(withPatch({ find: 'block_size(block)' })), /occurs 2 times in gc\.c's function forward/);
  t.throws(() => applyPatches(withPatch({ find: 'no such text' })), /occurs 0 times/);
  t.throws(() => applyPatches(withPatch({ function: 'nope' })), /gc\.c has no function named 'nope'/);
  t.throws(() => applyPatches(withPatch({ file: 'gc.h' as 'gc.c' })), /'gc\.h' is not a runtime file/);
  t.throws(() => applyPatches(withPatch({ replace: 'block <= max_address' })), /same as 'find'/);
  t.throws(() => applyPatches({ ...sample, patches: [] }), MutantError);
  t.throws(
    () => applyPatches({ ...sample, patches: [sample.patches[0], { ...sample.patches[0], find: 'max_address; block' }] }),
    /overlap/,
  );
});

t.test('mutatedFunctions: before and after, per function', async (t) => {
  const [f] = mutatedFunctions(sample);
  t.equal(f.file, 'gc.c');
  t.equal(f.original.name, 'forward');
  t.equal(f.mutated, f.original.text.replace('block <= max_address', 'block < max_address'));
  const two = mutatedFunctions(findMutant('mark-bools-as-pointers') as RuntimeMutant);
  t.equal(two.length, 1, 'two patches in one function: one mutated function');
  t.equal((two[0].mutated.match(/& 1\)/g) ?? []).length, 2, 'with both changes');
});

t.test('mutantDiff: a unified diff from a/reference/runtime/… to b/…, which applies', async (t) => {
  for (const m of mutants) {
    const diff = mutantDiff(m);
    if (m.kind === 'codegen') {
      t.equal(diff, '', `${m.id}: no diff`);
      continue;
    }
    const file = m.patches[0].file;
    t.match(diff, new RegExp(`^--- a/reference/runtime/${file.replace('.', '\\.')}\\n\\+\\+\\+ b/reference/runtime/${file.replace('.', '\\.')}\\n@@ `), m.id);
    t.equal(applyPatch(referenceSource(file), diff), applyPatches(m)[file], `${m.id}: the diff applies to the reference`);
  }
  t.match(mutantDiff(findMutant('forward-stops-before-max')!), '-  for (int* block = heap_start; block <= max_address; block += block_size(block)) {\n+  for (int* block = heap_start; block < max_address;');
});

t.test('mutantLocation: the patched text in the reference file, 1-based', async (t) => {
  for (const m of mutants) {
    const loc = mutantLocation(m);
    const source = await readFile(join(projectRoot, loc.file), 'utf8');
    const lines = source.split('\n');
    const startText = lines[loc.start.line - 1].slice(loc.start.column - 1);
    if (m.kind === 'codegen') {
      t.equal(loc.file, 'reference/compiler/variants.ts');
      t.match(startText, `case '${m.variant}':`, m.id);
      t.match(lines[loc.end.line - 1].slice(0, loc.end.column - 1), /break;$/);
      continue;
    }
    t.equal(loc.file, `reference/runtime/${m.patches[0].file}`);
    t.equal(loc.function, m.patches[0].function);
    const first = m.patches.find((p) => p.file === m.patches[0].file)!;
    t.ok(startText.startsWith(first.find.split('\n')[0]), `${m.id} starts at its find text`);
    t.ok(loc.end.line > loc.start.line || loc.end.column > loc.start.column, `${m.id} ends after it starts`);
  }
  const loc = mutantLocation(findMutant('compact-leaves-gc-word')!);
  const line = referenceSource('gc.c').split('\n').findIndex((l) => l === '      to[1] = 0;') + 1;
  t.same(loc, { file: 'reference/runtime/gc.c', function: 'compact', start: { line, column: 1 }, end: { line: line + 1, column: 1 } });
});

t.test('parseFunctions: the runtime format rule', async (t) => {
  const gc = await readFile(join(runtimeDir, 'gc.c'), 'utf8');
  const fns = parseFunctions(gc, 'gc.c');
  t.same(
    fns.map((f) => f.name),
    ['block_size', 'is_marked', 'forwarded', 'caller_frame', 'for_each_root', 'mark_elements', 'mark_block', 'mark_root', 'mark', 'forward', 'redirect_slot', 'redirect_elements', 'redirect', 'move_block', 'fill_caboose', 'compact', 'gc', 'print_heap'],
    'definitions only, not the prototype of mark_block',
  );
  const root = fns.find((f) => f.name === 'for_each_root')!;
  t.same(root.params, ['stack_bottom', 'stack_top', 'first_frame', 'visit', 'data']);
  t.equal(root.returnsVoid, true);
  const mark = fns.find((f) => f.name === 'mark')!;
  t.equal(mark.returnsVoid, false, 'int* is not void');
  t.equal(gc.slice(mark.start, mark.end), mark.text);
  t.ok(mark.text.startsWith('int* mark(') && mark.text.endsWith('\n}'));
  for (const file of ['main.c', 'types.c']) {
    const text = await readFile(join(runtimeDir, file), 'utf8');
    t.ok(parseFunctions(text, file).length > 5, `${file} follows the rule`);
  }
  const main = parseFunctions(await readFile(join(runtimeDir, 'main.c'), 'utf8'), 'main.c');
  t.same(main.find((f) => f.name === 'read_switches')?.params, [], '(void): no parameters');
  t.same(main.find((f) => f.name === 'main')?.params, ['argc', 'argv']);

  t.throws(() => parseFunctions('int f(int x) {\n  return x;\n', 'x.c'), CFormatError);
  t.throws(() => parseFunctions('}\n', 'x.c'), /outside a function/);
  t.throws(() => parseFunctions('struct s {\n  int a;\n};\n', 'x.c'), /not a function signature/);
  t.throws(() => parseFunctions('int f(int x) {\n  return x;\n} /* end */\n', 'x.c'), /must be alone/);
});
