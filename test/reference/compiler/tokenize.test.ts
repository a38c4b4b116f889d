import t from 'tap';
import { tokenize } from '../../../reference/compiler/tokenize.js';

/** `kind:text` of each token, for compact comparisons. */
const kinds = (src: string) => tokenize(src).map((tok) => `${tok.kind}:${tok.text}`);

t.test('each kind of token', async (t) => {
  t.same(kinds('let x1 = 42 in x1'), ['kw:let', 'id:x1', 'punct:=', 'num:42', 'kw:in', 'id:x1', 'eof:']);
  t.same(kinds('(a,b)[0]:'), ['punct:(', 'id:a', 'punct:,', 'id:b', 'punct:)', 'punct:[', 'num:0', 'punct:]', 'punct::', 'eof:']);
  t.same(kinds('a==b=c<d>e+f-g*h'), [
    'id:a', 'punct:==', 'id:b', 'punct:=', 'id:c', 'punct:<', 'id:d', 'punct:>', 'id:e', 'punct:+', 'id:f', 'punct:-', 'id:g', 'punct:*', 'id:h', 'eof:',
  ]);
});

t.test('every reserved word is a keyword, and only whole words', async (t) => {
  const words = 'if else true false let in add1 sub1 isNum isBool isTuple print def lambda';
  t.same(kinds(words).slice(0, -1), words.split(' ').map((w) => `kw:${w}`));
  t.same(kinds('iff lets isnum Print add12 in2'), ['id:iff', 'id:lets', 'id:isnum', 'id:Print', 'id:add12', 'id:in2', 'eof:']);
});

t.test('numbers are digit runs; an identifier starts with a letter', async (t) => {
  t.same(kinds('007 12ab'), ['num:007', 'num:12', 'id:ab', 'eof:']);
  t.same(kinds('99999999999999999999'), ['num:99999999999999999999', 'eof:']);
});

t.test('comments and whitespace are skipped', async (t) => {
  t.same(kinds('1 // two\n+ /* three\n four */ 5\t\r\n'), ['num:1', 'punct:+', 'num:5', 'eof:']);
  t.same(kinds('/**/1/***/'), ['num:1', 'eof:']);
});

t.test('spans are 1-based with an inclusive end column', async (t) => {
  const toks = tokenize('let abc =\n  12 == x');
  t.same(toks.map((x) => x.span), [
    { line: 1, col: 1, endLine: 1, endCol: 3 },
    { line: 1, col: 5, endLine: 1, endCol: 7 },
    { line: 1, col: 9, endLine: 1, endCol: 9 },
    { line: 2, col: 3, endLine: 2, endCol: 4 },
    { line: 2, col: 6, endLine: 2, endCol: 7 },
    { line: 2, col: 9, endLine: 2, endCol: 9 },
    // end of input: just after the last token, even with trailing blank lines
    { line: 2, col: 10, endLine: 2, endCol: 10 },
  ]);
  t.same(tokenize('x\n\n\n').at(-1)!.span, { line: 1, col: 2, endLine: 1, endCol: 2 });
  t.same(tokenize('').at(-1)!.span, { line: 1, col: 1, endLine: 1, endCol: 1 });
});

t.test('an illegal character ends the token stream with a bad token', async (t) => {
  const toks = tokenize('1 +\n  $ 2');
  t.same(toks.map((x) => x.kind), ['num', 'punct', 'bad']);
  t.equal(toks[2].text, "unexpected character '$'");
  t.same(toks[2].span, { line: 2, col: 3, endLine: 2, endCol: 3 });
  t.equal(tokenize('a_b')[1].text, "unexpected character '_'");
  t.equal(tokenize('a / b')[1].text, "unexpected character '/'");
  t.equal(tokenize('é')[0].text, "unexpected character 'é'");
  t.equal(tokenize('1 /* never closed')[1].text, 'unterminated comment');
});
