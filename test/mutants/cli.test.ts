// `fox-grade mutants`, in-process through grader/cli/cli.ts.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../grader/cli/cli.js';
import { closeIds } from '../../grader/cli/commands/mutants.js';
import { memoryIo } from '../../grader/cli/io.js';
import { mutantDiff } from '../../mutants/mutant.js';
import { findMutant, mutants } from '../../mutants/registry.js';

async function cli(args: string[], overrides: Parameters<typeof memoryIo>[0] = {}) {
  const io = memoryIo(overrides);
  const status = await main(args, io);
  return { status, out: io.out.join(''), err: io.err.join('') };
}

t.test('mutants: the catalog as a table', async (t) => {
  const r = await cli(['mutants']);
  t.equal(r.status, 0);
  t.equal(r.err, '');
  const lines = r.out.trimEnd().split('\n');
  t.match(lines[0], /^ID\s+PHASE\s+KIND\s+TITLE$/);
  t.equal(lines.length, mutants.length + 2, 'a header, one line per mutant, a total');
  t.match(lines[1], /^mark-skips-nested\s+mark\s+runtime\s+Mark does not follow nested tuples$/);
  t.match(r.out, /^keep-let-slots\s+codegen\s+codegen\s+/m);
  const runtime = mutants.filter((m) => m.kind === 'runtime').length;
  t.match(lines.at(-1), `${mutants.length} mutants (${runtime} runtime, ${mutants.length - runtime} codegen)`);
});

t.test('mutants --json: id, title, phase, kind, description, hint', async (t) => {
  const r = await cli(['mutants', '--json']);
  t.equal(r.status, 0);
  const list = JSON.parse(r.out) as Array<Record<string, string>>;
  t.same(
    list,
    mutants.map((m) => ({ id: m.id, title: m.title, phase: m.phase, kind: m.kind, description: m.description, hint: m.hint })),
  );
  t.same(Object.keys(list[0]), ['id', 'title', 'phase', 'kind', 'description', 'hint']);
});

t.test('mutants show ID: the details and the diff', async (t) => {
  const r = await cli(['mutants', 'show', 'compact-leaves-gc-word']);
  t.equal(r.status, 0);
  const m = findMutant('compact-leaves-gc-word')!;
  t.match(r.out, /^compact-leaves-gc-word: Compact leaves the GC word set\nphase: compact, kind: runtime\n\n/);
  t.match(r.out, m.description);
  t.match(r.out, `hint: ${m.hint}`);
  t.match(r.out, '--- a/reference/runtime/gc.c\n+++ b/reference/runtime/gc.c\n');
  t.match(r.out, '-      to[1] = 0;\n');
  t.ok(r.out.endsWith(`${mutantDiff(m).trimEnd()}\n`), 'ends with the diff');

  const c = await cli(['mutants', 'show', 'no-zero-locals']);
  t.equal(c.status, 0);
  t.match(c.out, 'phase: codegen, kind: codegen');
  t.match(c.out, 'compiler variant: no-zero-locals (frame entry does not zero the local slots');
  t.notMatch(c.out, '---');

  const j = await cli(['mutants', 'show', 'tail-call-as-call', '--json']);
  t.match(JSON.parse(j.out), { id: 'tail-call-as-call', kind: 'codegen', variant: 'tail-call-as-call', variantSummary: /self tail calls/ });
  const d = await cli(['mutants', 'show', 'redirect-drops-tag', '--json']);
  t.match(JSON.parse(d.out), { id: 'redirect-drops-tag', diff: /\+  \*slot = \(int\)forwarded/ });
});

t.test('mutants show: an unknown id is a usage error that names close ids', async (t) => {
  const r = await cli(['mutants', 'show', 'mark-skip-nested']);
  t.equal(r.status, 2);
  t.equal(r.out, '');
  t.match(r.err, "fox-grade: unknown mutant 'mark-skip-nested'; did you mean mark-skips-nested");

  const far = await cli(['mutants', 'show', 'zzzz']);
  t.equal(far.status, 2);
  t.match(far.err, "unknown mutant 'zzzz'; run `fox-grade mutants` to list them");

  const redirects = closeIds('redirect', mutants.map((m) => m.id));
  t.equal(redirects.length, 5, 'at most five');
  t.ok(redirects.every((id) => id.startsWith('redirect-')), redirects.join(', '));
  t.same(closeIds('nested', mutants.map((m) => m.id)), ['mark-skips-nested'], 'a word of the id');
  t.same(closeIds('try-gc-of-by-one', mutants.map((m) => m.id))[0], 'try-gc-off-by-one');

  t.equal((await cli(['mutants', 'show'])).status, 2, 'show needs an id');
  t.equal((await cli(['mutants', 'frobnicate'])).status, 2, 'unknown action');
  t.equal((await cli(['mutants', 'show', 'print-drops-last', '--kills'])).status, 2);
});

t.test('mutants --kills: the kill table of a test file', async (t) => {
  // Two official tests, as a test file of their own (gc-overlap-move and its -neg twin).
  const program = 'let g = (let w = (0, 0) in 0), a = (1, 2, 5), b = (4, 5) in (a, b)';
  const dir = t.testdir({
    'overlap.json': JSON.stringify([
      { name: 'gc-overlap-move', code: program, result: { value: '((1, 2, 5), (4, 5))' }, heap: 14 },
      { name: 'gc-overlap-move-neg', code: program, result: { failure: 'out of memory' }, heap: 13 },
    ]),
    cache: {},
  });
  const suite = join(dir, 'overlap.json');
  process.env.FOX_GRADE_CACHE = join(dir, 'cache');
  t.teardown(() => void delete process.env.FOX_GRADE_CACHE);

  const j = await cli(['mutants', '--kills', '--json', '--jobs', '2', '--suite', suite]);
  const table = JSON.parse(j.out) as Record<string, string[]>;
  t.same(Object.keys(table), mutants.map((m) => m.id), 'one entry per mutant, catalog order');
  t.same(table['compact-size-after-move'], ['gc-overlap-move']);
  t.same(table['compact-copies-backward'], ['gc-overlap-move', 'gc-overlap-move-neg']);
  t.same(table['try-gc-message-without-oom'], ['gc-overlap-move-neg']);
  t.same(table['keep-let-slots'], [], 'this file does not kill it');
  t.equal(j.status, 1, 'exit 1: some mutant survives this file');
  t.equal(j.err, '', '--json and no terminal: no progress');

  // On a terminal: a bar for the builds, then one for the runs, on stderr.
  const text = await cli(['mutants', '--kills', '--jobs', '2', '--suite', suite], { stderrIsTTY: true });
  t.equal(text.status, 1);
  t.match(text.err, /^\rbuilds\s+\[\.{30}\] 0\/3/, 'the builds bar from the start, before the runtimes are built');
  t.match(text.err, /\rbuilds\s+\[#{30}\] 3\/3\n/);
  t.match(text.err, new RegExp(`\\rmutant runs\\s+\\[#{30}\\] ${2 * mutants.length}/${2 * mutants.length}\\n$`));
  t.match(text.out, /^compact-size-after-move\s+1  gc-overlap-move$/m);
  t.match(text.out, /^keep-let-slots\s+SURVIVED$/m);
  t.match(text.out, new RegExp(`overlap\\.json: \\d+ of ${mutants.length} mutants killed by 2 tests; survived: .*keep-let-slots`));

  t.equal((await cli(['mutants', '--kills', '--jobs', '0'])).status, 2, '--jobs must be at least 1');

  // Only the mutants named (a new mutant, checked alone): catalog order, the same verdicts.
  const named = await cli(['mutants', '--kills', 'keep-let-slots', 'compact-size-after-move', '--json', '--jobs', '2', '--suite', suite]);
  t.same(JSON.parse(named.out), { 'compact-size-after-move': ['gc-overlap-move'], 'keep-let-slots': [] });
  t.equal(named.status, 1, 'keep-let-slots survives this file');
  const killed = await cli(['mutants', '--kills', 'compact-size-after-move', '--jobs', '2', '--suite', suite]);
  t.equal(killed.status, 0, 'every mutant named is killed');
  t.match(killed.out, /^compact-size-after-move\s+1  gc-overlap-move$/m);
  t.match(killed.out, /overlap\.json: 1 of 1 mutants killed by 2 tests/);
  const typo = await cli(['mutants', '--kills', 'compact-size-after-mov', '--suite', suite]);
  t.equal(typo.status, 2);
  t.match(typo.err, /unknown mutant 'compact-size-after-mov'; did you mean compact-size-after-move/);

  // Not a terminal (a pipe, a CI log): one plain line per phase.
  const one = join(dir, 'one.json');
  writeFileSync(one, JSON.stringify([{ name: 'gc-overlap-move', code: program, result: { value: '((1, 2, 5), (4, 5))' }, heap: 14 }]));
  const piped = await cli(['mutants', '--kills', '--jobs', '2', '--suite', one]);
  t.equal(piped.err, `builds: 2 to run\nmutant runs: ${mutants.length} to run\n`);
});
