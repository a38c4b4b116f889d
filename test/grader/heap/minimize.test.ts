// `fox-grade minimize` (grader/cli/commands/minimize.ts, grader/heap/minimize-file.ts) and the text
// rewriting behind --write and --neg (grader/heap/minimize-rewrite.ts).
import t from 'tap';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../grader/cli/cli.js';
import { checkTestFile } from '../../../grader/cli/check-file.js';
import { memoryIo } from '../../../grader/cli/io.js';
import { rewriteTestFile } from '../../../grader/heap/minimize-rewrite.js';

async function cli(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

// The fixture: a student's file, formatted by hand (every style on purpose).
const END = 'let a = (1, 2), b = (let g = (5, 6) in g[0]) in (a, b)'; // minimal heap 8
const FILE_PROGRAM = `// a program in a file\n${END}\n`;
const TESTS = `[
  {
    "name": "tight",
    "code": "let x = let y = (1, 2, 3) in y[0] in (x, x, x)",
    "heap": 6,
    "result": { "value": "(1, 1, 1)" }
  },
  {
    "heap":   40,
    "name": "loose",
    "code": "${END}",
    "result": {"value": "((1, 2), 5)"}
  },
  {
    "name": "from-file",
    "code": "file",
    "result": {
      "value": "((1, 2), 5)"
    }
  },
  {"name":"compact","code":"(1, 2)","result":{"value":"(1, 2)"}},
  {"name":"compact-neg","code":"(1, 2)","result":{"failure":"out of memory"},"heap":3},
  { "name": "oom", "code": "(1, 2)", "result": { "failure": "out of memory" }, "heap": 3 },
  { "name": "bad-compile", "code": "f(1)", "result": { "failure": "not defined" } },
  { "name": "broken", "code": "1" }
]
`;

/** The file after --write: only the heaps changed, in place or inserted after `result`. */
const WRITTEN = TESTS.replace('"heap":   40,', '"heap":   8,')
  .replace(
    `"result": {
      "value": "((1, 2), 5)"
    }
  },`,
    `"result": {
      "value": "((1, 2), 5)"
    },
    "heap": 8
  },`,
  )
  .replace('{"name":"compact","code":"(1, 2)","result":{"value":"(1, 2)"}}', '{"name":"compact","code":"(1, 2)","result":{"value":"(1, 2)"},"heap":4}');

function fixture(t: Pick<typeof import('tap').default, 'testdir'>) {
  const dir = t.testdir({ tests: { 'yourTests.json': TESTS, input: { 'from-file.fox': FILE_PROGRAM } } });
  return { dir, file: join(dir, 'tests', 'yourTests.json') };
}

t.test('the table: given heap, minimal heap, runs, verified; invalid tests listed and skipped', async (t) => {
  const { dir, file } = fixture(t);
  const r = await cli(['minimize', dir]);
  t.equal(r.code, 1, 'exit 1: an invalid test');
  const lines = r.out.split('\n');
  t.match(lines[0], /^test\s+heap\s+minimal\s+runs\s+verified$/);
  t.match(r.out, /\ntight\s+6\s+6\s+3\s+yes\n/);
  t.match(r.out, /\nloose\s+40\s+8\s+3\s+yes\n/);
  t.match(r.out, /\nfrom-file\s+-\s+8\s+3\s+yes\n/);
  t.match(r.out, /\ncompact\s+-\s+4\s+3\s+yes\n/);
  t.match(r.out, /\noom\s+3\s+-\s+\d+\s+-\s+the test expects the program to run out of memory/);
  t.match(r.out, /\nbad-compile\s+-\s+-\s+0\s+-\s+the program does not compile/);
  t.match(r.out, /\nbroken\s+-\s+-\s+0\s+-\s+INVALID \(skipped\)\n/);
  t.match(r.out, /INVALID broken\n\s+tests\/yourTests\.json:\d+:\d+: test 8 'broken': .*result/);
  t.match(r.out, /tests\/yourTests\.json: 8 tests, 4 minimal heaps \(4 verified\), 1 invalid; \d+ runs/);
  t.equal(readFileSync(file, 'utf8'), TESTS, 'without --write the file is untouched');
  t.notOk(existsSync(`${file}.bak`));
});

t.test('--json: an array of { name, minimalHeap, runs, verified }', async (t) => {
  const { file } = fixture(t);
  const r = await cli(['minimize', file, '--json', '--seed', '7']);
  const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
  t.same(
    rows.map(({ name, minimalHeap, verified }) => ({ name, minimalHeap, verified })),
    [
      { name: 'tight', minimalHeap: 6, verified: true },
      { name: 'loose', minimalHeap: 8, verified: true },
      { name: 'from-file', minimalHeap: 8, verified: true },
      { name: 'compact', minimalHeap: 4, verified: true },
      { name: 'compact-neg', minimalHeap: null, verified: false },
      { name: 'oom', minimalHeap: null, verified: false },
      { name: 'bad-compile', minimalHeap: null, verified: false },
      { name: 'broken', minimalHeap: null, verified: false },
    ],
  );
  t.same(Object.keys(rows[0]), ['name', 'minimalHeap', 'runs', 'verified']);
  t.equal(rows[0].runs, 3);
  t.match(rows[7].reason, /^invalid test: .*test 8 'broken': missing key 'result'/);
  t.match(r.err, /test 8 'broken': missing key 'result'/, 'problems on stderr, stdout is only JSON');
});

t.test('--write: the heaps in place, formatting and key order kept, a backup first', async (t) => {
  const { dir, file } = fixture(t);
  const r = await cli(['minimize', dir, '--write']);
  t.equal(readFileSync(`${file}.bak`, 'utf8'), TESTS, 'the backup is the original');
  t.equal(readFileSync(file, 'utf8'), WRITTEN, 'only the three heaps changed, byte for byte');
  t.match(r.out, /wrote tests\/yourTests\.json \(3 heaps changed, 0 twins added\); backup tests\/yourTests\.json\.bak/);
  t.match(r.out, /\nloose\s+40\s+8\s+3\s+yes\s+heap written\n/);

  // Again: the heaps are tight now, nothing to write.
  const again = await cli(['minimize', dir, '--write']);
  t.match(again.out, /unchanged: nothing to write/);
  t.equal(readFileSync(file, 'utf8'), WRITTEN);
  t.equal(readFileSync(`${file}.bak`, 'utf8'), TESTS, 'the backup is not overwritten by a no-op');
});

t.test('--neg: a twin at h − 1 after each verified test, unless one exists', async (t) => {
  const { dir, file } = fixture(t);
  const r = await cli(['minimize', dir, '--neg']);
  const text = readFileSync(file, 'utf8');
  t.equal(readFileSync(`${file}.bak`, 'utf8'), TESTS);
  t.match(r.out, /\(0 heaps changed, 3 twins added, 1 input file\(s\) created\)/);
  t.match(r.out, /\ncompact\s.*no twin: a test named 'compact-neg' exists already/);
  t.match(r.out, /\ntight\s.*twin 'tight-neg' added/);

  // Each twin is a copy of its test's own text, right after it.
  t.match(
    text,
    `    "result": { "value": "(1, 1, 1)" }
  },
  {
    "name": "tight-neg",
    "code": "let x = let y = (1, 2, 3) in y[0] in (x, x, x)",
    "heap": 5,
    "result": { "failure": "out of memory" }
  },
  {
    "heap":   40,`,
  );
  t.match(
    text,
    `  {
    "heap":   7,
    "name": "loose-neg",
    "code": "${END}",
    "result": {"failure": "out of memory"}
  },`,
  );
  t.match(
    text,
    `  {
    "name": "from-file-neg",
    "code": "file",
    "result": {
      "failure": "out of memory"
    },
    "heap": 7
  },`,
  );
  t.equal(readFileSync(join(dir, 'tests', 'input', 'from-file-neg.fox'), 'utf8'), FILE_PROGRAM, 'the program file is copied');
  const names = [...text.matchAll(/"name":\s*"([^"]+)"/g)].map((m) => m[1]);
  t.same(names, ['tight', 'tight-neg', 'loose', 'loose-neg', 'from-file', 'from-file-neg', 'compact', 'compact-neg', 'oom', 'bad-compile', 'broken']);

  // The reference passes every valid test of the new file, the twins included.
  const checked = await checkTestFile(file);
  const failing = checked.results.filter((c) => c.status === 'fail').map((c) => c.test.name);
  t.same(failing, []);
  t.same(checked.results.filter((c) => c.status === 'invalid').map((c) => c.test.name), ['broken']);

  // Once they exist, no more twins.
  const again = await cli(['minimize', dir, '--neg']);
  t.match(again.out, /unchanged: nothing to write/);
});

t.test('--write and --neg together; a clean file exits 0', async (t) => {
  const dir = t.testdir({
    'tests.json': '[{"name":"pair","code":"let t = (1, 2), u = (let w = (3, 4) in 5) in t","result":{"value":"(1, 2)"}}]',
  });
  const file = join(dir, 'tests.json');
  const r = await cli(['minimize', file, '--write', '--neg']);
  t.equal(r.code, 0);
  t.equal(
    readFileSync(file, 'utf8'),
    '[{"name":"pair","code":"let t = (1, 2), u = (let w = (3, 4) in 5) in t","result":{"value":"(1, 2)"},"heap":8}, ' +
      '{"name":"pair-neg","code":"let t = (1, 2), u = (let w = (3, 4) in 5) in t","result":{"failure":"out of memory"},"heap":7}]',
  );
});

t.test('--dialect fa18: heaps two words larger, twins that match its messages', async (t) => {
  const dir = t.testdir({
    'tests.json': JSON.stringify([
      { name: 'gc-0', code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', result: { value: '(1, 1, 1)' }, heap: 6 },
      { name: 'single', code: '(1, 2)', result: { value: '(1, 2)' } },
    ]),
  });
  const file = join(dir, 'tests.json');
  const r = await cli(['minimize', file, '--dialect', 'fa18', '--write', '--neg', '--json']);
  t.same(
    (JSON.parse(r.out) as Array<{ name: string; minimalHeap: number }>).map((e) => [e.name, e.minimalHeap]),
    [['gc-0', 8], ['single', 6]],
  );
  const tests = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; heap: number; result: unknown }>;
  t.same(
    tests.map((x) => [x.name, x.heap, x.result]),
    [
      ['gc-0', 8, { value: '(1, 1, 1)' }],
      // fa18's empty-heap message: "Allocation of 6 words too large for 7-word heap" (no "out of memory").
      ['gc-0-neg', 7, { failure: 'words too large' }],
      ['single', 6, { value: '(1, 2)' }],
      ['single-neg', 5, { failure: 'words too large' }],
    ],
  );
  const checked = await checkTestFile(file, { dialect: 'fa18' });
  t.same(checked.results.map((c) => c.status), ['pass', 'pass', 'pass', 'pass']);
  t.match(r.err, /^wrote .*tests\.json \(2 heaps changed, 2 twins added\); backup .*tests\.json\.bak\n$/);
});

t.test('a file that cannot be read: its problem, exit 1, nothing written', async (t) => {
  const dir = t.testdir({ 'bad.json': '[{"name": "x",}]' });
  const r = await cli(['minimize', join(dir, 'bad.json'), '--write']);
  t.equal(r.code, 1);
  t.match(r.err, /trailing comma/);
  t.notOk(existsSync(join(dir, 'bad.json.bak')));
  t.match(r.out, /0 invalid, 1 file problem \(above\);/, 'the summary says why the exit status is 1');
  t.notMatch(r.out, /^test +heap/m, 'no empty table');
  const usage = await cli(['minimize', join(dir, 'bad.json'), '--seed', '-3']);
  t.equal(usage.code, 2, 'a bad --seed is a usage error');
});

t.test('rewriteTestFile: edits in place, separators copied from the object', async (t) => {
  const crlf = '[\r\n  {\r\n    "name": "a",\r\n    "result": {"value": "1"},\r\n    "code": "1"\r\n  }\r\n]\r\n';
  t.equal(
    rewriteTestFile(crlf, [{ index: 0, heap: 12 }]),
    '[\r\n  {\r\n    "name": "a",\r\n    "result": {"value": "1"},\r\n    "heap": 12,\r\n    "code": "1"\r\n  }\r\n]\r\n',
    'CRLF kept; inserted right after result, with the separator before it',
  );
  t.equal(
    rewriteTestFile('[{"result": {"value": "1"}, "name": "a", "code": "1"}]', [{ index: 0, heap: 3 }]),
    '[{"result": {"value": "1"}, "heap": 3, "name": "a", "code": "1"}]',
    'result first: the separator after it',
  );
  t.equal(
    rewriteTestFile('[{"name":"a","code":"1","result":{"value":"1"},"heap":6.0}]', [{ index: 0, heap: 6 }]),
    '[{"name":"a","code":"1","result":{"value":"1"},"heap":6}]',
    'a heap written 6.0 becomes 6',
  );
  t.equal(
    rewriteTestFile('[{"name":"a","code":"1","heap":2,"result":{"value":"1"},"heap":9}]', [{ index: 0, heap: 4 }]),
    '[{"name":"a","code":"1","heap":2,"result":{"value":"1"},"heap":4}]',
    'a repeated key: the last one, which is the one that counts',
  );
  t.equal(
    rewriteTestFile('[ {"name":"a","code":"(1, 2)","result":{"failure":"x"}} ]', [
      { index: 0, twin: { name: 'a-neg', failure: 'out of memory', heap: 3 } },
    ]),
    '[ {"name":"a","code":"(1, 2)","result":{"failure":"x"}}, {"name":"a-neg","code":"(1, 2)","result":{"failure":"out of memory"},"heap":3} ]',
    'the only element: a twin after it',
  );
  t.equal(rewriteTestFile('[{"name":"a","code":"1","result":{"value":"1"},"heap":5}]', [{ index: 0, heap: 5 }]), '[{"name":"a","code":"1","result":{"value":"1"},"heap":5}]');
  t.throws(() => rewriteTestFile('{"a": 1}', [{ index: 0, heap: 1 }]), { code: 'E_REWRITE' });
  t.throws(() => rewriteTestFile('[1]', [{ index: 0, heap: 1 }]), { code: 'E_REWRITE', message: /test 1 is not an object/ });
  t.throws(() => rewriteTestFile('[{"name": }]', []), { code: 'E_REWRITE', message: /not valid JSON/ });
});
