// The command line in-process: exit statuses, pass-through of program output, located errors.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../grader/cli/cli.js';
import { memoryIo } from '../../../grader/cli/io.js';

async function cli(argv: string[], cwd: string) {
  const io = memoryIo({ cwd });
  const code = await main(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

t.test('run: output and exit status pass through', async (t) => {
  const dir = t.testdir({
    'gc0.fox': 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)',
    'bad.fox': 'let x = 1 in\n  y + z',
    'boom.fox': 'print(7) + true',
  });
  const ok = await cli(['run', 'gc0.fox', '--heap', '6'], dir);
  t.same(ok, { code: 0, out: '(1, 1, 1)\n', err: '' });

  const oom = await cli(['run', 'gc0.fox', '--heap', '5'], dir);
  t.equal(oom.code, 10, 'the runtime exit status for an empty-heap allocation');
  t.match(oom.err, 'out of memory: Allocation of 6 words too large for 5-word heap');

  const bad = await cli(['run', 'bad.fox'], dir);
  t.equal(bad.code, 1);
  t.match(bad.err, "bad.fox:2:3-3: unbound variable 'y'\n  y + z\n  ^");
  t.match(bad.err, "bad.fox:2:7-7: unbound variable 'z'", 'every error is reported');

  const boom = await cli(['run', 'boom.fox'], dir);
  t.equal(boom.code, 1);
  t.equal(boom.out, '7\n');
  t.equal(boom.err, 'Error: expected a number but got 0xffffffff\n');
});

t.test('run: a missing program and bad options are clear errors', async (t) => {
  const dir = t.testdir({ 'p.fox': '1' });
  const missing = await cli(['run', 'nope.fox'], dir);
  t.equal(missing.code, 1);
  t.match(missing.err, /cannot read nope\.fox: ENOENT/);
  t.notMatch(missing.err, /\n\s+at /, 'no stack trace');

  const heap = await cli(['run', 'p.fox', '--heap', 'lots'], dir);
  t.equal(heap.code, 2);
  t.match(heap.err, /expected a whole number/);

  const dialect = await cli(['run', 'p.fox', '--dialect', 'wi20'], dir);
  t.equal(dialect.code, 2);
  t.match(dialect.err, /expected one of sp19, fa18/);
});

t.test('compile: assembly with a GNU-stack note, ANF, -o', async (t) => {
  const dir = t.testdir({ 'p.fox': 'def f(x): x\nf(f(1))', 'free.fox': '(if x: y + 1 else: z + 1) + 12', 'bad.fox': 'let in' });
  const asm = await cli(['compile', 'p.fox'], dir);
  t.equal(asm.code, 0);
  t.match(asm.out, 'our_code_starts_here');
  t.match(asm.out, '.note.GNU-stack');

  const anf = await cli(['compile', 'p.fox', '--anf'], dir);
  t.equal(anf.out, 'def f(x):\n    x\n\n(let anf0 = f(1) in f(anf0))\n');

  // --anf prints what an anf test compares: no static check, so free variables are fine.
  const free = await cli(['compile', 'free.fox', '--anf'], dir);
  t.same(free, { code: 0, out: '(let anf0 = (if x: y + 1 else: z + 1) in anf0 + 12)\n', err: '' });
  const unparsable = await cli(['compile', 'bad.fox', '--anf'], dir);
  t.equal(unparsable.code, 1);
  t.match(unparsable.err, /^bad\.fox:1:\d+-\d+: parse error/);

  const written = await cli(['compile', 'p.fox', '-o', 'p.asm'], dir);
  t.equal(written.out, '');
  t.match(readFileSync(join(dir, 'p.asm'), 'utf8'), 'our_code_starts_here');
});

t.test('check --inputs DIR: where "code": "file" programs are read from', async (t) => {
  const elsewhere = t.testdir({
    'tests.json': JSON.stringify([{ name: 'prog', code: 'file', result: { value: '(2, 2)' } }]),
    input: { 'prog.fox': '(1, 1)' },
    progs: { 'prog.fox': '(2, 2)' },
  });
  const moved = await cli(['check', 'tests.json', '--inputs', 'progs'], elsewhere);
  t.equal(moved.code, 0, moved.out);
  t.match(moved.out, /PASS +prog\n/);
  const beside = await cli(['check', 'tests.json'], elsewhere);
  t.match(beside.out, /FAIL +prog: wrong value/, 'without --inputs, input/ beside the file');
});

t.test('check: one line per test, a summary, exit 0 iff all pass', async (t) => {
  const dir = t.testdir({
    'good.json': JSON.stringify([
      { name: 'one', code: '1', result: { value: '1' } },
      { name: 'prog', code: 'file', result: { value: '(1, 1, 1)' }, heap: 6 },
    ]),
    'bad.json': JSON.stringify([
      { name: 'one', code: '1', result: { value: '2' } },
      { name: '../up', code: '1', result: { value: '1' } },
      { name: 'oom', code: '(1, 2)', result: { failure: 'out of memory' }, heap: 3 },
    ]),
    'broken.json': '[\n  { "name": "a", "code": "1" "result": {} }\n]\n',
    input: { 'prog.fox': 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)' },
  });
  const good = await cli(['check', 'good.json'], dir);
  t.equal(good.code, 0);
  t.match(good.out, /PASS +one\nPASS +prog\n.*2 passed, 0 failed, 0 invalid/s);

  const bad = await cli(['check', 'bad.json'], dir);
  t.equal(bad.code, 1);
  t.match(bad.out, /FAIL +one: wrong value\n +expected: 2\n +actual: +1/);
  t.match(bad.out, /INVALID <test 2>\n.*'\.\.\/up'/);
  t.match(bad.out, /PASS +oom/);
  t.match(bad.out, '1 passed, 1 failed, 1 invalid');
  t.equal(bad.err.split("'../up'").length - 1, 0, "a test's problem is printed once, under the test, not again on stderr");

  const broken = await cli(['check', 'broken.json'], dir);
  t.equal(broken.code, 1);
  t.match(broken.err, /broken\.json:2:\d+: /, 'a located JSON error');
  t.match(broken.out, '0 passed, 0 failed, 0 invalid, 1 file problem (above)', 'the summary says why the exit status is 1');
  t.notMatch(broken.err, /\n\s+at /, 'no stack trace');
});

t.test('--help points at the contract in the repository, --version prints the version', async (t) => {
  const help = await cli(['--help'], process.cwd());
  t.equal(help.code, 0);
  t.match(help.out, 'docs/SPEC.md');
  t.match(help.out, 'CONTRIBUTING.md');
  t.notMatch(help.out, 'FOX.md', 'no file the repository does not have');
  t.match(help.out, /--suite <file> +with --gc: an instructor suite .*repeatable/s);
  const version = await cli(['--version'], process.cwd());
  t.match(version.out, /^\d+\.\d+\.\d+\n$/);
});
