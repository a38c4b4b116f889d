// The strict JSON scanner behind test-file loading (suites/json-scan.ts): what it accepts (RFC 8259),
// the message and offset of the first syntax error, the positions it records, and its helpers.
// Runs no native program.
import t from 'tap';
import { clip, escapePointer, makeLocator, scanJson, unescapePointer } from '../../suites/json-scan.js';

/** The failure of `text`: its offset and message (fails the test if the text scans). */
function failure(text: string): { offset: number; message: string } {
  const r = scanJson(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return { offset: r.offset, message: r.message };
}

const VALUE = 'a value (a string, a number, true, false, null, an array or an object)';

t.test('clip keeps a text of up to max characters whole, and cuts a longer one to max', async (t) => {
  t.equal(clip('x'.repeat(60)), 'x'.repeat(60), 'exactly the default max (60): kept whole');
  t.equal(clip('x'.repeat(61)), `${'x'.repeat(59)}…`, 'one over: cut to 60 with the ellipsis');
  t.equal(clip('abc', 3), 'abc');
  t.equal(clip('abcd', 3), 'ab…');
});

t.test('JSON Pointer segments are escaped and unescaped as RFC 6901 says', async (t) => {
  t.equal(escapePointer('a/b'), 'a~1b');
  t.equal(escapePointer('a~b'), 'a~0b');
  t.equal(escapePointer('~/'), '~0~1');
  t.equal(unescapePointer('a~1b'), 'a/b');
  t.equal(unescapePointer('a~0b'), 'a~b');
  t.equal(unescapePointer('~01'), '~1', '~0 is unescaped last: ~01 is "~1", not "/"');
  for (const key of ['', 'plain', 'a/b~c', '~1', '//~~']) t.equal(unescapePointer(escapePointer(key)), key, key);
});

t.test('all four JSON whitespace characters separate tokens', async (t) => {
  const text = '[\t1,\r\n\t2 ,\r3]';
  const r = scanJson(text);
  t.ok(r.ok, 'tab, carriage return, newline and space are whitespace');
  if (!r.ok) return;
  t.equal(r.positions.offsets.get('/1'), text.indexOf('2'));
  t.equal(r.positions.offsets.get('/2'), text.indexOf('3'));
});

t.test('comments are refused, both kinds; a lone slash is just an unexpected character', async (t) => {
  t.same(failure('/* the tests */ []'), { offset: 0, message: 'comments are not allowed in JSON' });
  t.same(failure('[1, /* two */ 2]'), { offset: 4, message: 'comments are not allowed in JSON' });
  t.same(failure('[1, // two\n 2]'), { offset: 4, message: 'comments are not allowed in JSON' });
  t.same(failure('[1, /]'), { offset: 4, message: `unexpected '/': expected ${VALUE}` });
  for (const good of ['["/"]', '["*"]', '["//"]', '["/*"]', '[1,"/*"]', '{"a/b": "/"}']) t.ok(scanJson(good).ok, good);
});

t.test('end of file where something was expected', async (t) => {
  t.same(failure('[1,'), { offset: 3, message: `unexpected end of file: expected ${VALUE}` });
  t.same(failure('{'), { offset: 1, message: 'unexpected end of file: expected a property name in double quotes' });
  t.same(failure('[{"a": 1,'), { offset: 9, message: 'unexpected end of file: expected a property name in double quotes' });
  t.same(failure('{"a"'), { offset: 4, message: `unexpected end of file: expected ':' after the property name "a"` });
});

t.test('single quotes get their own message', async (t) => {
  const single = `strings and names must be in double quotes ("), not single quotes`;
  t.same(failure("['a']"), { offset: 1, message: single });
  t.same(failure("{'a': 1}"), { offset: 1, message: single });
});

t.test('property names: bare words are shown quoted, other characters are unexpected', async (t) => {
  t.same(failure('{name: 1}'), { offset: 1, message: 'property names must be in double quotes: write "name"' });
  t.same(failure('{1: 2}'), { offset: 1, message: `unexpected '1': expected a property name in double quotes` });
  t.same(failure('{, "a": 1}'), { offset: 1, message: `unexpected ',': expected a property name in double quotes` });
});

t.test('an unexpected character is quoted alone, not the next word after it', async (t) => {
  t.same(failure('{"a": 1; "b": 2}'), { offset: 7, message: `unexpected ';': expected ',' or '}' after a property` });
  t.same(failure('[1 :x]'), { offset: 3, message: `unexpected ':': expected ',' or ']' after an array element` });
});

t.test('strings: line breaks, control characters and escapes', async (t) => {
  const lineBreak = 'a string cannot contain a line break; write \\n for a newline';
  t.same(failure('"a\rb"'), { offset: 2, message: lineBreak }, 'a carriage return is a line break');
  t.same(failure('"a\nb"'), { offset: 2, message: lineBreak });
  t.same(failure('"a\u0001b"'), { offset: 2, message: 'a string cannot contain the control character U+0001; write \\u0001' });
  t.same(failure('"a\u001fb"'), { offset: 2, message: 'a string cannot contain the control character U+001f; write \\u001f' });
  t.same(failure('"a\tb"'), { offset: 2, message: 'a string cannot contain the control character U+0009; write \\t' });
  t.same(failure('"\\q1234"'), { offset: 1, message: "invalid escape '\\q' in a string; write \\\\ for a backslash" }, 'four hex digits do not make any escape valid');
  t.same(failure('"\\u12"'), { offset: 1, message: "invalid escape '\\u' in a string; write \\\\ for a backslash" });
  for (const good of ['"\\u00e9\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\uABCDx"', '"a\u007fb"']) t.ok(scanJson(good).ok, good);
});

t.test('numbers: every digit of a fraction, 9 as a first digit, leading zeros, what is not a number', async (t) => {
  for (const good of ['1.25', '[1.25, -0.125e-10]', '9', '[9, 90, -9]', '0', '-0', '0.5', '-0e1', '10']) {
    t.ok(scanJson(good).ok, good);
    t.doesNotThrow(() => JSON.parse(good), good);
  }
  const leading = 'a number cannot start with 0 (leading zeros are not allowed)';
  t.same(failure('06'), { offset: 0, message: leading });
  t.same(failure('-06'), { offset: 0, message: leading }, 'a negative number too');
  t.same(failure('[1, -01]'), { offset: 4, message: leading });
  t.same(failure('[-]'), { offset: 1, message: `unexpected '-': expected a number` });
  t.same(failure('+1'), { offset: 0, message: `unexpected '+1': expected ${VALUE}` }, 'a plus sign does not start a number');
  t.same(failure('[.5]'), { offset: 1, message: `unexpected '.5': expected ${VALUE}` });
  t.same(failure('[!]'), { offset: 1, message: `unexpected '!': expected ${VALUE}` });
});

t.test('positions are recorded down to a test\'s result.value, and no deeper', async (t) => {
  const text = '[{"name": "a", "result": {"value": {"x": [1, {"y": 2}], "x": 3}}}, [[[4]]]]';
  const r = scanJson(text);
  if (!r.ok) throw new Error(r.message);
  t.same(
    [...r.positions.offsets.keys()].sort(),
    ['', '/0', '/0/name', '/0/result', '/0/result/value', '/1', '/1/0', '/1/0/0'],
    'only pointers of depth 3 or less',
  );
  t.equal(r.positions.offsets.get('/0/result/value'), text.indexOf('"value"'), 'a member: the offset of its key');
  t.equal(r.positions.offsets.get('/1/0/0'), text.indexOf('[4]'), 'an element: the offset of the value');
  t.same(r.positions.duplicateKeys, [], 'keys below result.value are not checked for repeats');
});

t.test('duplicate keys: none in a clean file, each repeat of a recorded object with its pointer', async (t) => {
  const clean = scanJson('[{"name": "a", "code": "1", "result": {"value": "1"}}]');
  if (!clean.ok) throw new Error(clean.message);
  t.same(clean.positions.duplicateKeys, []);
  const text = '[{"a/b": 1, "a/b": 2, "result": {"v": 1, "v": 2}}]';
  const r = scanJson(text);
  if (!r.ok) throw new Error(r.message);
  t.same(r.positions.duplicateKeys, [
    { pointer: '/0', key: 'a/b', offset: text.indexOf('"a/b"', 3) },
    { pointer: '/0/result', key: 'v', offset: text.lastIndexOf('"v"') },
  ]);
  t.equal(r.positions.offsets.get('/0/a~1b'), text.indexOf('"a/b"', 3), 'a key with "/" is escaped in its pointer; the last one wins');
});

t.test('objects count toward the nesting limit as arrays do', async (t) => {
  const objects = `${'{"a":'.repeat(600)}1${'}'.repeat(600)}`;
  t.same(failure(objects), { offset: 512 * 5, message: 'nesting deeper than 512 levels' });
  const mixed = `${'[{"a":'.repeat(300)}1${'}]'.repeat(300)}`;
  t.match(failure(mixed), { message: 'nesting deeper than 512 levels' });
  const limit = `${'{"a":'.repeat(512)}1${'}'.repeat(512)}`;
  t.ok(scanJson(limit).ok, '512 levels are allowed');
});

t.test('makeLocator: 1-based lines and code-point columns', async (t) => {
  const text = 'ab\ncd\n\n🦊x';
  const at = makeLocator(text);
  t.same(at(0), { line: 1, col: 1 });
  t.same(at(2), { line: 1, col: 3 });
  t.same(at(3), { line: 2, col: 1 });
  t.same(at(6), { line: 3, col: 1 });
  t.same(at(7), { line: 4, col: 1 });
  t.same(at(9), { line: 4, col: 2 }, 'the fox is one column');
  t.same(at(text.length), { line: 4, col: 3 }, 'the end of the text');
});
