// Edges of the tokenizer (FOX.md §1 "Whitespace", "Comments", ID; DESIGN.md "Control characters
// in diagnostics"): the ends of the letter ranges, every whitespace character, comment delimiters
// that overlap, and how an unexpected control character is named.
import t from 'tap';
import { tokenize } from '../../../reference/compiler/tokenize.js';
import { compile } from '../../../reference/compiler/index.js';

const kinds = (src: string) => tokenize(src).map((tok) => `${tok.kind}:${tok.text}`);

t.test('A and Z are letters, at the start of an identifier and inside one', async (t) => {
  t.same(kinds('A Z AZ ZA xAy xZy A1 Z9'), ['id:A', 'id:Z', 'id:AZ', 'id:ZA', 'id:xAy', 'id:xZy', 'id:A1', 'id:Z9', 'eof:']);
  t.same(tokenize('  Z').map((x) => x.span), [
    { line: 1, col: 3, endLine: 1, endCol: 3 },
    { line: 1, col: 4, endLine: 1, endCol: 4 },
  ]);
  // the characters just outside the ranges are still not letters
  t.equal(tokenize('@')[0].text, "unexpected character '@'");
  t.equal(tokenize('x[')[1].text, '[');
  t.equal(tokenize('Z^')[1].text, "unexpected character '^'");
});

t.test('form feed and vertical tab are whitespace', async (t) => {
  t.same(kinds('1\f+\v2\f\v'), ['num:1', 'punct:+', 'num:2', 'eof:']);
  t.same(kinds('\flet\vx = 1 in x'), ['kw:let', 'id:x', 'punct:=', 'num:1', 'kw:in', 'id:x', 'eof:']);
  t.equal(compile('add1(\f1\v)').ok, true);
});

t.test('a block comment closes only after its opening /*', async (t) => {
  // `/*/` is not a complete comment: the `*` of the opener does not start the closer
  t.same(kinds('/*/ 1 */ 2'), ['num:2', 'eof:']);
  t.equal(tokenize('/*/').at(-1)!.text, 'unterminated comment');
  t.same(tokenize('1 /*/').at(-1)!, { kind: 'bad', text: 'unterminated comment', span: { line: 1, col: 3, endLine: 1, endCol: 4 } });
  // the closer may follow the opener immediately
  t.same(kinds('3/**/4'), ['num:3', 'num:4', 'eof:']);
});

t.test('a line comment at the very end of input, without a newline', async (t) => {
  t.same(kinds('1 // end'), ['num:1', 'eof:']);
  t.same(tokenize('1 // end').at(-1)!.span, { line: 1, col: 2, endLine: 1, endCol: 2 });
});

t.test('numbers and identifiers at the very end of input', async (t) => {
  t.same(kinds('12'), ['num:12', 'eof:']);
  t.same(kinds('ab1'), ['id:ab1', 'eof:']);
  t.same(tokenize('x 123').map((x) => x.span), [
    { line: 1, col: 1, endLine: 1, endCol: 1 },
    { line: 1, col: 3, endLine: 1, endCol: 5 },
    { line: 1, col: 6, endLine: 1, endCol: 6 },
  ]);
});

t.test('an unexpected control character is named U+XXXX, four upper-case hex digits', async (t) => {
  t.equal(tokenize('\0')[0].text, 'unexpected character U+0000');
  t.equal(tokenize('1 + \x1b')[2].text, 'unexpected character U+001B');
  t.equal(tokenize('\x7f')[0].text, 'unexpected character U+007F');
  t.equal(tokenize('\x9f')[0].text, 'unexpected character U+009F');
  t.same(tokenize('x\x01')[1], { kind: 'bad', text: 'unexpected character U+0001', span: { line: 1, col: 2, endLine: 1, endCol: 2 } });
  const r = compile('1 +\x1b 2', { filename: 'c.fox' });
  t.equal(r.ok, false);
  if (!r.ok) t.match(r.message, /^c\.fox:1:4-4: parse error: unexpected character U\+001B\n/);
});
