import t from 'tap';
import { join } from 'node:path';
import { linkSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  closestKey,
  DEFAULT_HEAP,
  loadTestFile,
  loadTestFileFromText,
  MAX_PROGRAM_BYTES,
  MAX_TEST_FILE_BYTES,
  scanJson,
} from '../../suites/test-file.js';
import { FoxGradeError, formatError, formatLocation } from '../../suites/errors.js';

const fixtures = fileURLToPath(new URL('../fixtures/test-files/', import.meta.url));
const repo = join(fixtures, 'repo');
const OK = '{"name": "ok", "code": "1", "result": {"value": "1"}}';

/** One test under scrutiny at line 2, column 3, followed by a valid one. */
function withSibling(element: string) {
  return loadTestFileFromText(`[\n  ${element},\n  ${OK}\n]\n`, 'tests/t.json');
}

/** The column of `needle` in an element placed by withSibling. */
function colOf(element: string, needle: string): number {
  const i = element.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${element}`);
  return i + 3;
}

t.test('a well-formed repository file loads every test', async (t) => {
  const loaded = loadTestFile(join(repo, 'tests', 'yourTests.json'), { root: repo });
  t.equal(loaded.file, join('tests', 'yourTests.json'), 'named relative to the root');
  t.same(loaded.problems, []);
  t.same(loaded.warnings, []);
  t.equal(loaded.tests.length, 4);
  const [gc0, neg, nested, anf] = loaded.tests;
  t.match(gc0, {
    index: 0,
    name: 'gc-0',
    displayName: 'gc-0',
    source: 'inline',
    code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)',
    expected: { kind: 'value', text: '(1, 1, 1)' },
    heap: 6,
    heapGiven: true,
    anf: false,
    valid: true,
    line: 2,
    col: 3,
  });
  t.equal(gc0.problem, undefined);
  t.equal(gc0.programPath, undefined);
  t.same(neg.expected, { kind: 'failure', text: 'out of memory' });
  t.equal(neg.heap, 5);
  t.equal(nested.source, 'file');
  t.equal(nested.programPath, join(repo, 'tests', 'input', 'nested.fox'));
  t.equal(nested.code, 'let t = (0, (1, (2, false))) in\n  t\n');
  t.equal(nested.line, 14);
  t.equal(anf.anf, true);
  t.equal(anf.heap, DEFAULT_HEAP, 'absent heap means 100000');
  t.equal(anf.heapGiven, false);
  t.equal(anf.code, 'def f(x): x\ndef g(x): x\nf(g(1))');
});

t.test('"heap": 0 and below follow the dialect (FOX.md §6, §8)', async (t) => {
  const text = (heap: number) => `[{"name": "a", "code": "1", "heap": ${heap}, "result": {"value": "1"}}]`;
  const sp19 = loadTestFileFromText(text(0), 'tests/t.json');
  t.match(sp19.tests[0], { valid: true, heap: 0, heapGiven: true }, 'sp19: 0 is a 0-word heap');
  t.same(loadTestFileFromText(text(0), 'tests/t.json', { dialect: 'sp19' }).tests[0].heap, 0, 'sp19 explicitly');
  t.match(loadTestFileFromText(text(-1), 'tests/t.json').tests[0], { valid: false, problem: /'heap' is -1/ }, 'sp19: -1 is invalid');
  for (const heap of [0, -1, -100000]) {
    const fa18 = loadTestFileFromText(text(heap), 'tests/t.json', { dialect: 'fa18' });
    t.same(fa18.problems, [], `fa18: heap ${heap} is accepted`);
    t.match(fa18.tests[0], { valid: true, heap: DEFAULT_HEAP, heapGiven: false }, `fa18: heap ${heap} means no heap argument`);
  }
  const one = loadTestFileFromText(text(1), 'tests/t.json', { dialect: 'fa18' });
  t.match(one.tests[0], { heap: 1, heapGiven: true }, 'fa18: heap 1 is a heap of 1');
  // Only the heap's own complaint is forgiven: other problems of that test stay.
  const other = loadTestFileFromText('[{"name": "a/b", "code": "1", "heap": -2, "result": {"value": "1"}}]', 'tests/t.json', { dialect: 'fa18' });
  t.equal(other.problems.length, 1);
  t.match(other.problems[0].message, /'name'/);
  const float = loadTestFileFromText('[{"name": "a", "code": "1", "heap": -2.5, "result": {"value": "1"}}]', 'tests/t.json', { dialect: 'fa18' });
  t.match(float.problems[0]?.message, /'heap' is a number \(-2\.5\); expected an integer/, 'fa18: a negative fraction is still invalid');
});

t.test('schema problems invalidate only their test, located and explained', async (t) => {
  const cases: { what: string; element: string; at: string; message: RegExp }[] = [
    { what: 'missing name', element: '{"code": "1", "result": {"value": "1"}}', at: '{', message: /^test 1: missing key 'name': expected a file stem of 1 to 100 characters/ },
    { what: 'missing code', element: '{"name": "a", "result": {"value": "1"}}', at: '{', message: /^test 1 'a': missing key 'code': expected a string: the program text, or "file"/ },
    { what: 'missing result', element: '{"name": "a", "code": "1"}', at: '{', message: /^test 1 'a': missing key 'result': expected an object with exactly one of 'value'/ },
    { what: 'both value and failure', element: '{"name": "a", "code": "1", "result": {"value": "1", "failure": "x"}}', at: '"result"', message: /^test 1 'a': 'result' has both 'value' and 'failure'; expected an object with exactly one of/ },
    { what: 'neither value nor failure', element: '{"name": "a", "code": "1", "result": {}}', at: '"result"', message: /^test 1 'a': 'result' has neither 'value' nor 'failure'; expected/ },
    { what: 'name a number', element: '{"name": 5, "code": "1", "result": {"value": "1"}}', at: '"name"', message: /^test 1: 'name' is a number \(5\); expected a file stem/ },
    { what: 'code a number', element: '{"name": "a", "code": 1, "result": {"value": "1"}}', at: '"code"', message: /^test 1 'a': 'code' is a number \(1\); expected a string: the program text/ },
    { what: 'code null', element: '{"name": "a", "code": null, "result": {"value": "1"}}', at: '"code"', message: /'code' is null; expected a string/ },
    { what: 'result a string', element: '{"name": "a", "code": "1", "result": "1"}', at: '"result"', message: /^test 1 'a': 'result' is a string \("1"\); expected an object with exactly one of/ },
    { what: 'result an array', element: '{"name": "a", "code": "1", "result": ["1"]}', at: '"result"', message: /'result' is an array; expected an object/ },
    { what: 'value a number', element: '{"name": "a", "code": "1", "result": {"value": 1}}', at: '"value"', message: /^test 1 'a': 'result.value' is a number \(1\); expected a string: the output expected/ },
    { what: 'failure a boolean', element: '{"name": "a", "code": "1", "result": {"failure": false}}', at: '"failure"', message: /'result.failure' is a boolean \(false\); expected a string: text expected in the output of a failing/ },
    { what: 'heap a string', element: '{"name": "a", "code": "1", "heap": "6", "result": {"value": "1"}}', at: '"heap"', message: /^test 1 'a': 'heap' is a string \("6"\); expected an integer from 0 to 16777216/ },
    { what: 'heap negative', element: '{"name": "a", "code": "1", "heap": -1, "result": {"value": "1"}}', at: '"heap"', message: /^test 1 'a': 'heap' is -1; expected an integer from 0 to 16777216: the heap size in words/ },
    { what: 'heap huge', element: '{"name": "a", "code": "1", "heap": 16777217, "result": {"value": "1"}}', at: '"heap"', message: /'heap' is 16777217; expected an integer from 0 to 16777216/ },
    { what: 'heap absurd', element: '{"name": "a", "code": "1", "heap": 1e30, "result": {"value": "1"}}', at: '"heap"', message: /'heap' is 1e\+30; expected/ },
    { what: 'heap a float', element: '{"name": "a", "code": "1", "heap": 6.5, "result": {"value": "1"}}', at: '"heap"', message: /'heap' is a number \(6\.5\); expected an integer/ },
    { what: 'anf a string', element: '{"name": "a", "code": "1", "anf": "yes", "result": {"value": "1"}}', at: '"anf"', message: /'anf' is a string \("yes"\); expected a boolean/ },
    { what: 'name ../x', element: '{"name": "../x", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /^test 1 '\.\.\/x': 'name' is "\.\.\/x"; expected a file stem/ },
    { what: 'name a/b', element: '{"name": "a/b", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /'name' is "a\/b"; expected a file stem/ },
    { what: 'name empty', element: '{"name": "", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /^test 1 '': 'name' is ""; expected a file stem/ },
    { what: 'name .hidden', element: '{"name": ".hidden", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /'name' is "\.hidden"; expected .*not starting with '\.'/ },
    { what: 'name a..b', element: '{"name": "a..b", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /'name' is "a\.\.b"/ },
    { what: 'name with a space', element: '{"name": "a b", "code": "1", "result": {"value": "1"}}', at: '"name"', message: /'name' is "a b"/ },
    { what: 'name of 101 characters', element: `{"name": "${'x'.repeat(101)}", "code": "1", "result": {"value": "1"}}`, at: '"name"', message: /'name' is "x{58}…; expected a file stem of 1 to 100/ },
    { what: 'element a number', element: '5', at: '5', message: /^test 1: found a number \(5\); expected a test: an object with 'name', 'code' and 'result'/ },
    { what: 'element a string', element: '"gc-0"', at: '"gc-0"', message: /^test 1: found a string \("gc-0"\); expected a test/ },
    { what: 'element null', element: 'null', at: 'null', message: /^test 1: found null; expected a test/ },
    { what: 'element an array', element: '[]', at: '[]', message: /^test 1: found an array; expected a test/ },
  ];
  for (const c of cases) {
    t.test(c.what, async (t) => {
      const loaded = withSibling(c.element);
      t.equal(loaded.tests.length, 2, 'nothing is dropped');
      t.equal(loaded.tests[0].valid, false);
      t.equal(loaded.tests[1].valid, true, 'the next test is unaffected');
      t.equal(loaded.problems.length, 1, 'exactly one problem');
      const [p] = loaded.problems;
      t.equal(p.code, 'E_TEST_SCHEMA');
      t.match(p.message, c.message);
      t.match(p.location, { file: 'tests/t.json', line: 2, col: colOf(c.element, c.at), test: { index: 0 } });
      t.equal(loaded.tests[0].problem, formatError(p), 'the test carries its located problem');
      t.match(loaded.tests[0].problem, new RegExp(`^tests/t\\.json:2:${colOf(c.element, c.at)}: test 1`));
    });
  }
  t.test('several problems in one test are all reported, in file order', async (t) => {
    const element = '{"heap": -1, "name": "a/b", "code": 3, "result": {"value": "1", "failure": ""}}';
    const loaded = withSibling(element);
    t.same(
      loaded.problems.map((p) => p.location?.col),
      ['"heap"', '"name"', '"code"', '"result"'].map((key) => colOf(element, key)),
    );
    t.equal(loaded.tests[0].problem?.split('\n').length, 5, 'four problems, one of them with a remedy line');
  });
  t.test('boundary values are accepted', async (t) => {
    for (const element of [
      '{"name": "gc-0", "code": "1", "heap": 0, "result": {"value": "1"}}',
      '{"name": "gc-1", "code": "1", "heap": 1, "result": {"value": "1"}}',
      '{"name": "a.b_C-9", "code": "1", "heap": 16777216, "result": {"value": "1"}}',
      `{"name": "${'x'.repeat(100)}", "code": "", "heap": 6.0, "anf": false, "result": {"failure": ""}}`,
    ]) {
      const loaded = withSibling(element);
      t.same(loaded.problems, [], element.slice(0, 40));
      t.equal(loaded.tests[0].valid, true);
    }
  });
});

t.test('malformed JSON is one located file-level problem', async (t) => {
  const loaded = loadTestFile(join(fixtures, 'malformed.json'));
  t.same(loaded.tests, []);
  t.equal(loaded.problems.length, 1);
  t.match(loaded.problems[0], {
    code: 'E_TESTFILE_JSON',
    message: /a ',' is missing/,
    location: { file: join(fixtures, 'malformed.json'), line: 7, col: 3 },
  });

  const syntax: [string, string, number, number, RegExp][] = [
    ['trailing comma', '[\n  {"name": "a"},\n]', 2, 16, /trailing comma/],
    ['line break in a string', '[\n  {"code": "1 +\n 2"}]', 2, 16, /cannot contain a line break; write \\n/],
    ['tab in a string', '[{"code": "\t1"}]', 1, 12, /control character U\+0009; write \\t/],
    ['single quotes', "[{'name': 'a'}]", 1, 3, /double quotes/],
    ['bare property name', '[{name: "a"}]', 1, 3, /property names must be in double quotes: write "name"/],
    ['missing colon', '[{"name" "a"}]', 1, 10, /expected ':' after the property name "name"/],
    ['missing comma between keys', '[{"name": "a"\n  "code": "1"}]', 2, 3, /expected ',' or '}' after a property: a ',' is missing/],
    ['comment', '[\n  // my tests\n]', 2, 3, /comments are not allowed/],
    ['never closed', '[\n  {"name": "a"}\n', 3, 1, /end of file: the '\[' at line 1, column 1 is never closed/],
    ['unterminated string', '["abc', 1, 2, /never closed/],
    ['bad literal', '[{"anf": True}]', 1, 10, /unexpected 'True': expected a value/],
    ['leading zero', '[{"heap": 06}]', 1, 11, /leading zeros/],
    ['bad escape', '[{"code": "a\\qb"}]', 1, 13, /invalid escape '\\q'/],
    ['text after the array', '[]\n[]', 2, 1, /after the end of the JSON value/],
    ['stray character after an element', '[1 :]', 1, 4, /unexpected ':': expected ',' or '\]' after an array element/],
    ['empty file', '  \n', 1, 1, /the file is empty/],
    ['columns count code points', '["🦊", x]', 1, 7, /unexpected 'x'/],
    ['nesting too deep', `${'['.repeat(600)}${']'.repeat(600)}`, 1, 513, /nesting deeper than 512 levels/],
  ];
  for (const [what, text, line, col, message] of syntax) {
    const r = loadTestFileFromText(text, 'x.json');
    t.equal(r.problems.length, 1, what);
    t.match(r.problems[0], { code: 'E_TESTFILE_JSON', message, location: { file: 'x.json', line, col } }, what);
    t.same(r.tests, [], what);
  }
});

t.test('scanJson agrees with JSON.parse and records test positions', async (t) => {
  const text = '[\n {"name": "a", "result": {"value": "1"}},\n  7\n]';
  const scan = scanJson(text);
  if (!scan.ok) throw new Error('scan failed');
  t.equal(scan.positions.offsets.get('/0'), text.indexOf('{'));
  t.equal(scan.positions.offsets.get('/0/name'), text.indexOf('"name"'));
  t.equal(scan.positions.offsets.get('/0/result/value'), text.indexOf('"value"'));
  t.equal(scan.positions.offsets.get('/1'), text.indexOf('7'));
  for (const good of ['[]', '{}', '"x"', '-0.5e+3', 'true', '[null, false, {"a": [1, {"b": "\\u00e9\\n"}]}]', ' [ 1 , 2 ] ']) {
    t.ok(scanJson(good).ok, good);
    t.doesNotThrow(() => JSON.parse(good));
  }
  for (const bad of ['[1,]', '01', '1.', '.5', '+1', '-', '"\\x"', 'nul', '[1 2]', '{"a":1,}', '{"a"}', 'NaN', "'a'", '"a\u0001"']) {
    t.notOk(scanJson(bad).ok, bad);
    t.throws(() => JSON.parse(bad), bad);
  }
});

t.test('a file that is not an array', async (t) => {
  const loaded = loadTestFile(join(fixtures, 'not-an-array.json'));
  t.same(loaded.tests, []);
  t.match(loaded.problems, [
    { code: 'E_TESTFILE_NOT_ARRAY', message: /^the file holds an object; expected a JSON array of tests/, location: { line: 1, col: 1 } },
  ]);
  const scalar = loadTestFileFromText('  42', 'x.json');
  t.match(scalar.problems, [{ code: 'E_TESTFILE_NOT_ARRAY', message: /holds a number \(42\)/, location: { line: 1, col: 3 } }]);
});

t.test('a file that cannot be read', async (t) => {
  const missing = loadTestFile(join(fixtures, 'nope.json'));
  t.same(missing.tests, []);
  t.match(missing.problems, [{ code: 'E_TESTFILE_READ', message: /nope\.json does not exist/, remedy: /tests\/\*\.json/ }]);
  t.equal(missing.problems[0].location?.line, undefined, 'no line for a file that is not there');
  const directory = loadTestFile(fixtures);
  t.match(directory.problems, [{ code: 'E_TESTFILE_READ', message: /is a directory/ }]);
  const tooLong = loadTestFile(join(fixtures, 'x'.repeat(300)));
  t.match(tooLong.problems, [{ code: 'E_TESTFILE_READ', message: /ENAMETOOLONG/ }], 'other system errors are reported as they are');
  const noRoot = loadTestFile(join(fixtures, 'malformed.json'), { root: join(fixtures, 'no-such-root') });
  t.match(noRoot.problems, [{ code: 'E_ROOT', message: /no-such-root cannot be opened \(ENOENT\)/ }]);
  const dir = t.testdir({ 'latin1.json': Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]) });
  t.match(loadTestFile(join(dir, 'latin1.json')).problems, [{ code: 'E_TESTFILE_ENCODING', message: /not valid UTF-8/ }]);
});

t.test('"code": "file" reads input/<name>.fox', async (t) => {
  const text = JSON.stringify([
    { name: 'here', code: 'file', result: { value: '3' } },
    { name: 'gone', code: 'file', result: { value: '3' } },
    { name: '../here', code: 'file', result: { value: '3' } },
    { name: 'dir', code: 'file', result: { value: '3' } },
    { name: 'latin1', code: 'file', result: { value: '3' } },
    { name: 'huge', code: 'file', result: { value: '3' } },
  ]);
  const dir = t.testdir({
    tests: {
      'fox.json': text,
      input: {
        'here.fox': '\uFEFFadd1(2)\n',
        'dir.fox': {},
        'latin1.fox': Buffer.from([0x31, 0xe9]),
        'huge.fox': 'x'.repeat(MAX_PROGRAM_BYTES + 1),
      },
    },
  });
  const loaded = loadTestFile(join(dir, 'tests', 'fox.json'), { root: dir });
  const [here, gone, unsafe, directory, latin1, huge] = loaded.tests;
  t.match(here, { valid: true, source: 'file', code: 'add1(2)\n', programPath: join(dir, 'tests', 'input', 'here.fox') });
  t.equal(gone.valid, false);
  t.equal(gone.code, undefined);
  const byTest = (i: number) => loaded.problems.filter((p) => p.location?.test?.index === i);
  t.match(byTest(1), [
    {
      code: 'E_TEST_INPUT_MISSING',
      message: `test 2 'gone': 'code' is "file", so the program should be tests/input/gone.fox, but it does not exist`,
      remedy: /create tests\/input\/gone\.fox/,
      location: { file: 'tests/fox.json', line: 1, col: text.indexOf('"code"', text.indexOf('"gone"')) + 1 },
    },
  ]);
  t.equal(byTest(2).length, 1, 'an unsafe name is reported, and no file is looked for');
  t.equal(byTest(2)[0].code, 'E_TEST_SCHEMA');
  t.equal(unsafe.programPath, undefined);
  t.match(byTest(3), [{ code: 'E_TEST_INPUT_READ', message: /tests\/input\/dir\.fox, but it is a directory/ }]);
  t.match(byTest(4), [{ code: 'E_TEST_INPUT_READ', message: /is not valid UTF-8 text/ }]);
  t.match(byTest(5), [{ code: 'E_TEST_INPUT_READ', message: /is too large/ }]);
  t.equal(directory.valid || latin1.valid || huge.valid, false);

  t.test('inputsDir overrides the default', async (t) => {
    const other = t.testdir({ 'gone.fox': '5' });
    const r = loadTestFile(join(dir, 'tests', 'fox.json'), { inputsDir: other });
    t.equal(r.tests[1].valid, true);
    t.equal(r.tests[1].code, '5');
  });
  t.test('from text, the default input/ is next to the label, under the root', async (t) => {
    const r = loadTestFileFromText('[{"name": "here", "code": "file", "result": {"value": "3"}}]', 'tests/x.json', { root: dir });
    t.equal(r.tests[0].code, 'add1(2)\n');
  });
});

t.test('symbolic links and escapes from the root are refused', async (t) => {
  const tests = JSON.stringify([
    { name: 'real', code: 'file', result: { value: '1' } },
    { name: 'link', code: 'file', result: { value: '1' } },
  ]);
  const dir = t.testdir({
    outside: { 'real.fox': 'secret', 'link.fox': 'secret', 'tests.json': '[]' },
    repo: {
      tests: {
        'yourTests.json': tests,
        'linked.json': t.fixture('symlink', 'yourTests.json'),
        input: { 'real.fox': '1', 'link.fox': t.fixture('symlink', 'real.fox') },
      },
    },
    escape: { tests: { 'yourTests.json': tests, input: t.fixture('symlink', '../../outside') } },
  });
  const root = join(dir, 'repo');

  const linked = loadTestFile(join(root, 'tests', 'yourTests.json'), { root });
  t.equal(linked.tests[0].valid, true);
  t.equal(linked.tests[1].valid, false, 'a link to a file inside the repository is still refused');
  t.match(linked.problems, [{ code: 'E_TEST_INPUT_SYMLINK', message: /tests\/input\/link\.fox, but it is a symbolic link/, remedy: /regular files/ }]);
  t.equal(loadTestFile(join(root, 'tests', 'yourTests.json')).tests[1].valid, false, 'with or without a root');

  const escape = join(dir, 'escape');
  const out = loadTestFile(join(escape, 'tests', 'yourTests.json'), { root: escape });
  t.equal(out.tests[0].valid, false);
  t.equal(out.tests[0].code, undefined, 'nothing outside the root is read');
  t.match(out.problems[0], {
    code: 'E_TEST_INPUT_OUTSIDE_ROOT',
    message: `test 1 'real': 'code' is "file", so the program should be tests/input/real.fox, but it resolves to ${realpathSync(join(dir, 'outside', 'real.fox'))}, outside the repository`,
  });
  t.equal(loadTestFile(join(escape, 'tests', 'yourTests.json')).tests[0].code, 'secret', 'without a root the link is followed');

  const inputsOutside = loadTestFile(join(root, 'tests', 'yourTests.json'), { root, inputsDir: join(dir, 'outside') });
  t.match(inputsOutside.problems[0], { code: 'E_TEST_INPUT_OUTSIDE_ROOT' });

  t.match(loadTestFile(join(dir, 'outside', 'tests.json'), { root }).problems, [{ code: 'E_TESTFILE_OUTSIDE_ROOT', message: /outside the repository/ }]);
  t.match(loadTestFile(join(root, 'tests', 'linked.json'), { root }).problems, [
    { code: 'E_TESTFILE_SYMLINK', message: 'the test file tests/linked.json is a symbolic link', location: { file: 'tests/linked.json' } },
  ]);
});

t.test('duplicate names are kept, numbered and warned about', async (t) => {
  const text = JSON.stringify([
    { name: 'gc-0', code: 'p', heap: 6, result: { value: '(1, 1, 1)' } },
    { name: 'other', code: 'p', result: { value: '1' } },
    { name: 'gc-0', code: 'p', heap: 5, result: { failure: 'out of memory' } },
    { name: 'gc-0', code: 'p', heap: 4, result: { failure: 'out of memory' } },
  ]);
  const loaded = loadTestFileFromText(text, 't.json');
  t.same(loaded.problems, []);
  t.same(loaded.tests.map((x) => x.displayName), ['gc-0', 'other', 'gc-0#2', 'gc-0#3']);
  t.same(loaded.tests.map((x) => x.name), ['gc-0', 'other', 'gc-0', 'gc-0']);
  t.same(loaded.tests.map((x) => x.heap), [6, 100000, 5, 4]);
  t.ok(loaded.tests.every((x) => x.valid));
  t.match(loaded.warnings, [
    { code: 'W_DUPLICATE_NAME', message: "test 3 'gc-0': the name 'gc-0' is also used by test 1; this test is reported as 'gc-0#2'", location: { test: { index: 2 } } },
    { code: 'W_DUPLICATE_NAME', message: /^test 4 'gc-0': .* reported as 'gc-0#3'$/ },
  ]);
  t.equal(loaded.warnings.length, 2);
});

t.test('unknown keys are warnings, with a suggestion when close', async (t) => {
  const element = '{"name": "foo", "code": "1", "heapsize": 6, "Anf": true, "xyzzy": 1, "result": {"values": "1", "value": "1"}}';
  const loaded = withSibling(element);
  t.same(loaded.problems, []);
  t.equal(loaded.tests[0].valid, true);
  t.equal(loaded.tests[0].heap, DEFAULT_HEAP, 'an unknown key is ignored');
  t.match(loaded.warnings, [
    { code: 'W_UNKNOWN_KEY', message: "test 1 'foo': unknown key 'heapsize' (ignored); did you mean 'heap'?", location: { line: 2, col: colOf(element, '"heapsize"') } },
    { code: 'W_UNKNOWN_KEY', message: "test 1 'foo': unknown key 'Anf' (ignored); did you mean 'anf'?" },
    { code: 'W_UNKNOWN_KEY', message: "test 1 'foo': unknown key 'xyzzy' (ignored)" },
    { code: 'W_UNKNOWN_KEY', message: "test 1 'foo': unknown key 'values' in 'result' (ignored); did you mean 'value'?", location: { col: colOf(element, '"values"') } },
  ]);
  t.equal(loaded.warnings.length, 4);
  const neither = withSibling('{"name": "foo", "code": "1", "result": {"fail": "x"}}');
  t.equal(neither.tests[0].valid, false, 'a misspelt result key leaves the result empty');
  t.match(neither.warnings, [{ message: /unknown key 'fail' in 'result' \(ignored\); did you mean 'failure'\?/ }]);

  t.equal(closestKey('heapsize', ['name', 'code', 'result', 'heap', 'anf']), 'heap');
  t.equal(closestKey('nmae', ['name', 'code']), 'name');
  t.equal(closestKey('reslt', ['name', 'result']), 'result');
  t.equal(closestKey('program', ['name', 'code', 'result', 'heap', 'anf']), undefined);
  t.equal(closestKey('x', ['anf']), undefined);
});

t.test('other warnings: repeated keys, byte-order mark, no tests', async (t) => {
  const repeated = loadTestFileFromText('[{"name": "a", "code": "1", "heap": 5, "heap": 6, "result": {"value": "1", "value": "2"}}]', 'r.json');
  t.equal(repeated.tests[0].heap, 6, 'the last occurrence wins, as in JSON.parse');
  t.same(repeated.tests[0].expected, { kind: 'value', text: '2' });
  t.match(repeated.warnings, [
    { code: 'W_DUPLICATE_KEY', message: "test 1 'a': key 'heap' appears more than once; the last one is used", location: { line: 1, col: 40 } },
    { code: 'W_DUPLICATE_KEY', message: /key 'result.value' appears more than once/ },
  ]);
  const bom = loadTestFileFromText(`\uFEFF[${OK}]`, 'b.json');
  t.same(bom.problems, []);
  t.equal(bom.tests.length, 1);
  t.match(bom.warnings, [{ code: 'W_BOM' }]);
  t.equal(bom.tests[0].col, 2, 'columns ignore the mark');
  t.match(loadTestFileFromText('[]', 'e.json'), { tests: [], problems: [], warnings: [{ code: 'W_EMPTY' }] });
});

t.test('errors.ts: FoxGradeError and formatError', async (t) => {
  const cause = new Error('EACCES: permission denied');
  const e = new FoxGradeError('E_X', 'cannot do it', { cause, remedy: 'do something else', location: { file: 'a.json', line: 3, col: 7 } });
  t.ok(e instanceof Error);
  t.equal(e.name, 'FoxGradeError');
  t.equal(e.code, 'E_X');
  t.equal(e.cause, cause);
  t.equal(formatError(e), 'a.json:3:7: cannot do it\n  remedy: do something else\n  cause: EACCES: permission denied');
  t.equal(formatError({ code: 'E_Y', message: 'm', location: { file: 'f' } }), 'f: m');
  t.equal(formatError({ code: 'E_Y', message: 'm' }), 'm');
  t.equal(formatError(new FoxGradeError('E_Z', 'failed: EACCES: permission denied', { cause })), 'failed: EACCES: permission denied', 'no repeated cause');
  t.equal(formatError(new Error('plain')), 'error: plain');
  t.equal(formatError('text'), 'error: text');
  t.equal(formatLocation({ file: 'f', line: 2 }), 'f:2');
  t.equal(formatLocation(undefined), '');
  t.equal(new FoxGradeError('E_W', 'w').cause, undefined);
});

// ---------------------------------------------------------------------------------------------
// What a user of the loader relies on beyond the cases above (issue 14: mutation testing).

t.test('every refused input program has its own code and a remedy naming what to do', async (t) => {
  const names = ['dir', 'huge', 'latin1', 'linked', 'outlink', 'here'];
  const text = JSON.stringify(names.map((name) => ({ name, code: 'file', result: { value: '1' } })));
  const dir = t.testdir({
    outside: { 'secret.fox': '1' },
    repo: {
      tests: {
        'fox.json': text,
        input: {
          'dir.fox': {},
          'huge.fox': 'x'.repeat(MAX_PROGRAM_BYTES + 1),
          'latin1.fox': Buffer.from([0x31, 0xe9]),
          'here.fox': '1',
          'linked.fox': t.fixture('symlink', 'here.fox'),
        },
      },
    },
  });
  const root = join(dir, 'repo');
  linkSync(join(dir, 'outside', 'secret.fox'), join(root, 'tests', 'input', 'outlink.fox'));
  const loaded = loadTestFile(join(root, 'tests', 'fox.json'), { root });
  const byName = (name: string) => {
    const test = loaded.tests.find((x) => x.name === name);
    return loaded.problems.filter((p) => p.location?.test?.index === test?.index);
  };
  const shown = (name: string) => `tests/input/${name}.fox`;
  t.match(byName('dir'), [{ code: 'E_TEST_INPUT_READ', remedy: `make ${shown('dir')} a file holding the program` }]);
  t.match(byName('huge'), [{ code: 'E_TEST_INPUT_READ', remedy: `keep programs under ${MAX_PROGRAM_BYTES} bytes` }]);
  t.match(byName('latin1'), [{ code: 'E_TEST_INPUT_READ', remedy: `save ${shown('latin1')} as UTF-8 text` }]);
  t.match(byName('linked'), [{ code: 'E_TEST_INPUT_SYMLINK', remedy: /replace the symbolic link by a copy of the program/ }]);
  t.match(byName('outlink'), [
    { code: 'E_TEST_INPUT_HARDLINK', message: /tests\/input\/outlink\.fox, but it is a hard link/, remedy: 'replace the hard link by a copy of the program' },
  ]);
  t.equal(loaded.tests.find((x) => x.name === 'outlink')?.code, undefined, 'a hard link out of the repository is never read');
  t.same(byName('here'), []);

  t.test('outside the repository', async (t) => {
    const secret = '[{"name": "secret", "code": "file", "result": {"value": "1"}}]';
    const escape = t.testdir({ tests: { 'fox.json': secret, input: t.fixture('symlink', join(dir, 'outside')) } });
    const r = loadTestFile(join(escape, 'tests', 'fox.json'), { root: escape });
    t.match(r.problems, [{ code: 'E_TEST_INPUT_OUTSIDE_ROOT', remedy: 'keep the program inside the repository' }]);
  });
  t.test('a program that cannot be read for another reason (here ENAMETOOLONG)', async (t) => {
    const r = loadTestFileFromText('[{"name": "a", "code": "file", "result": {"value": "1"}}]', 't.json', { inputsDir: join(dir, 'x'.repeat(300)) });
    t.match(r.problems, [{ code: 'E_TEST_INPUT_READ', message: /cannot be read \(ENAMETOOLONG/, remedy: /^check the permissions of .*a\.fox$/ }]);
    t.equal(r.tests[0].valid, false);
  });
});

t.test('every refused test file has its own code and a remedy', async (t) => {
  const dir = t.testdir({
    outside: { 'tests.json': '[]' },
    repo: {
      tests: {
        'ok.json': '[]',
        'linked.json': t.fixture('symlink', 'ok.json'),
        'latin1.json': Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]),
      },
    },
  });
  const root = join(dir, 'repo');
  linkSync(join(dir, 'outside', 'tests.json'), join(root, 'tests', 'hard.json'));
  writeFileSync(join(root, 'tests', 'big.json'), ' '.repeat(MAX_TEST_FILE_BYTES + 1));
  const load = (path: string) => loadTestFile(path, { root });
  const refused = (path: string) => {
    const r = load(path);
    t.same(r.tests, [], `${path}: no tests`);
    t.same(r.warnings, [], `${path}: no warnings`);
    t.equal(r.problems.length, 1, `${path}: one problem`);
    return r.problems[0];
  };
  t.match(refused(join(root, 'tests', 'linked.json')), { code: 'E_TESTFILE_SYMLINK', remedy: 'replace the symbolic link by the file itself: fox-grade reads only regular files' });
  t.match(refused(join(root, 'tests', 'hard.json')), {
    code: 'E_TESTFILE_HARDLINK',
    message: /^the test file tests\/hard\.json is a hard link/,
    remedy: 'replace the hard link by a copy of the file',
    location: { file: join('tests', 'hard.json') },
  });
  t.match(refused(join(dir, 'outside', 'tests.json')), { code: 'E_TESTFILE_OUTSIDE_ROOT', remedy: 'keep test files inside the repository' });
  t.match(refused(join(root, 'tests')), { code: 'E_TESTFILE_READ', message: 'the test file tests is a directory', remedy: 'give the path of a test file (a .json file)' });
  t.match(refused(join(root, 'tests', 'big.json')), { code: 'E_TESTFILE_TOO_LARGE', remedy: `keep test files under ${MAX_TEST_FILE_BYTES} bytes` });
  t.match(refused(join(root, 'tests', 'latin1.json')), { code: 'E_TESTFILE_ENCODING', remedy: 'save the file as UTF-8 text' });
  t.match(refused(join(root, 'x'.repeat(300))), { code: 'E_TESTFILE_READ', message: /cannot be read \(ENAMETOOLONG/, remedy: 'check the permissions of the file' });
  t.equal(load(root).file, '.', 'the root itself is named ., never by an empty string');
  t.match(load(root).problems, [{ message: 'the test file . is a directory' }]);
});

t.test('an unusable root: one E_ROOT problem, no tests, from disk or from text', async (t) => {
  const root = join(fixtures, 'no-such-root');
  for (const loaded of [loadTestFile(join(fixtures, 'malformed.json'), { root }), loadTestFileFromText(OK, 'tests/t.json', { root })]) {
    t.same(loaded.tests, []);
    t.same(loaded.warnings, []);
    t.equal(loaded.problems.length, 1);
    t.match(loaded.problems[0], { code: 'E_ROOT', message: /no-such-root cannot be opened \(ENOENT\)/, remedy: 'pass the directory of the student repository' });
    t.equal(loaded.problems[0].location?.file, loaded.file, 'located in the file it concerns');
  }
  t.equal(loadTestFileFromText(OK, 'tests/t.json', { root }).file, 'tests/t.json');
});

t.test('without a root nothing is confined: a file outside the working directory loads', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fox-grade-noroot-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tests.json'), `[${OK}]`);
  const loaded = loadTestFile(join(dir, 'tests.json'));
  t.same(loaded.problems, []);
  t.equal(loaded.tests.length, 1);
  t.equal(loaded.tests[0].valid, true);
});

t.test('a byte-order mark read from disk is kept in text and warned about', async (t) => {
  const dir = t.testdir({ 'bom.json': `\uFEFF[${OK}]` });
  const loaded = loadTestFile(join(dir, 'bom.json'));
  t.equal(loaded.text, `\uFEFF[${OK}]`, 'the text exactly as read, mark included');
  t.equal(loaded.warnings.length, 1);
  t.match(loaded.warnings[0], { code: 'W_BOM', message: /byte-order mark/, remedy: /UTF-8 without BOM/, location: { file: join(dir, 'bom.json') } });
  t.equal(loaded.tests[0].valid, true);
});

t.test('file-level problems and warnings say what to do', async (t) => {
  t.match(loadTestFileFromText(' \n', 'e.json').problems[0], { code: 'E_TESTFILE_JSON', remedy: /write \[\]/ });
  t.match(loadTestFileFromText('[1,]', 'j.json').problems[0], { code: 'E_TESTFILE_JSON', remedy: /fix the JSON syntax/ });
  t.match(loadTestFileFromText('{}', 'o.json').problems[0], { code: 'E_TESTFILE_NOT_ARRAY', remedy: /one array holding all the tests/ });
  const empty = loadTestFileFromText('\n  []', 'e.json');
  t.match(empty.warnings, [{ code: 'W_EMPTY', message: /no tests/, location: { file: 'e.json', line: 2, col: 3 } }]);
});

t.test('JSON.parse failing after the scanner accepted: its message, located when it gives a position', async (t) => {
  const parse = JSON.parse;
  t.teardown(() => {
    JSON.parse = parse;
  });
  let message = '';
  JSON.parse = () => {
    throw new SyntaxError(message);
  };
  message = 'Unexpected token at position 12';
  const text = '[\n  1234567, 89\n]';
  const at = loadTestFileFromText(text, 'p.json');
  message = 'something else';
  const nowhere = loadTestFileFromText(text, 'p.json');
  JSON.parse = parse;
  t.same(at.tests, []);
  t.same(at.problems, [
    { code: 'E_TESTFILE_JSON', message: 'invalid JSON: Unexpected token at position 12', location: { file: 'p.json', line: 2, col: 11 } },
  ]);
  t.same(nowhere.problems, [{ code: 'E_TESTFILE_JSON', message: 'invalid JSON: something else', location: { file: 'p.json', line: 1, col: 1 } }]);
});

t.test('a test without a usable name: shown as <test N>, name empty, no name in its location', async (t) => {
  const loaded = loadTestFileFromText(`[${OK}, 5, {"name": 7, "code": "1", "result": {"value": "1"}}, {"code": "1", "result": {"value": "1"}}]`, 't.json');
  t.same(loaded.tests.map((x) => x.displayName), ['ok', '<test 2>', '<test 3>', '<test 4>']);
  t.same(loaded.tests.map((x) => x.name), ['ok', '', '', '']);
  for (const p of loaded.problems) t.notOk(p.location?.test && 'name' in p.location.test, `${p.message}: no name in the location`);
  t.equal(loaded.problems.length, 3);
  const named = withSibling('{"name": "a", "code": 1, "result": {"value": "1"}}');
  t.same(named.problems[0].location?.test, { index: 0, name: 'a' }, 'a named test is located by index and name');
});

t.test('a problem in one key does not spoil the others', async (t) => {
  const loaded = loadTestFileFromText('[{"name": "a", "code": 1, "heap": 6, "result": {"value": "1"}}, {"name": "a", "code": "1", "result": {"value": "1"}}]', 't.json');
  t.equal(loaded.tests[0].valid, false);
  t.equal(loaded.tests[0].displayName, 'a', 'the name is still usable');
  t.equal(loaded.tests[0].heap, 6, 'and so is the heap');
  t.equal(loaded.tests[1].displayName, 'a#2');
  t.equal(loaded.tests[0].code, undefined, 'a program that is not a string is no program');
  t.notOk('code' in loaded.tests[0], 'code is absent, not undefined');
});

t.test('an invalid heap never becomes the heap a test runs with', async (t) => {
  for (const heap of ['-1', '6.5', '"6"', '16777217']) {
    const loaded = withSibling(`{"name": "a", "code": "1", "heap": ${heap}, "result": {"value": "1"}}`);
    t.equal(loaded.tests[0].valid, false, heap);
    t.equal(loaded.tests[0].heap, DEFAULT_HEAP, `${heap}: the default heap stands in`);
  }
  const huge = loadTestFileFromText('[{"name": "a", "code": "1", "heap": 16777217, "result": {"value": "1"}}]', 't.json', { dialect: 'fa18' });
  t.match(huge.problems, [{ code: 'E_TEST_SCHEMA', message: /'heap' is 16777217/ }], 'fa18 forgives only heaps ≤ 0');
  const nulls = loadTestFileFromText('[null, {"name": "a", "code": "1", "heap": -1, "result": {"value": "1"}}]', 't.json', { dialect: 'fa18' });
  t.equal(nulls.problems.length, 1, 'a null element is still one problem in fa18');
  t.equal(nulls.tests[1].valid, true);
});

t.test('"code": "file" with an unusable name: no program, no path, nothing read', async (t) => {
  const loaded = withSibling('{"name": "../x", "code": "file", "result": {"value": "1"}}');
  t.equal(loaded.tests[0].source, 'file');
  t.notOk('code' in loaded.tests[0], 'no program text (never the word "file")');
  t.notOk('programPath' in loaded.tests[0]);
  t.notOk('programPath' in loaded.tests[1], 'an inline test has no program path');
  t.equal(loaded.tests[1].code, '1');
});

t.test('an unusable result: the placeholder is a well-formed expectation', async (t) => {
  for (const result of ['null', '"1"', '{}', '[1]']) {
    const loaded = withSibling(`{"name": "a", "code": "1", "result": ${result}}`);
    t.equal(loaded.tests[0].valid, false, result);
    t.match(loaded.tests[0].expected, { kind: /^(value|failure)$/, text: String }, result);
    t.same(loaded.warnings, [], `${result}: no key warnings for a result that is not an object`);
  }
});

t.test('warnings name exactly the key and test they concern', async (t) => {
  const unknown = withSibling('{"name": "foo", "code": "1", "xyzzy": 1, "result": {"value": "1"}}');
  t.equal(unknown.warnings[0].message, "test 1 'foo': unknown key 'xyzzy' (ignored)", 'no suggestion when nothing is close');
  const text = `[${OK},\n {"name": "b", "code": "1", "code": "2", "result": {"value": "1"}}]`;
  const repeated = loadTestFileFromText(text, 'r.json');
  t.equal(repeated.warnings.length, 1, 'a repeated key is reported once, for its own test');
  t.match(repeated.warnings[0], {
    code: 'W_DUPLICATE_KEY',
    message: "test 2 'b': key 'code' appears more than once; the last one is used",
    remedy: 'remove the other occurrences',
    location: { file: 'r.json', line: 2, col: 29, test: { index: 1, name: 'b' } },
  });
  const names = loadTestFileFromText(`[${OK},\n  {"name": "ok", "code": "2", "result": {"value": "2"}}]`, 'n.json');
  t.match(names.warnings, [{ code: 'W_DUPLICATE_NAME', remedy: 'give each test a unique name', location: { file: 'n.json', line: 2, col: 4 } }]);
});

t.test('a test without a usable result expects nothing: reports show an empty expectation, not an invented one', async (t) => {
  for (const element of ['{"name": "a", "code": "1"}', '{"name": "a", "code": "1", "result": {}}', '{"name": "a", "code": "1", "result": {"value": 1}}']) {
    const loaded = withSibling(element);
    t.equal(loaded.tests[0].valid, false, element);
    t.same(loaded.tests[0].expected, { kind: 'value', text: '' }, element);
  }
});
