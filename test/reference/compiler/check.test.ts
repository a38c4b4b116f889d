import t from 'tap';
import { check } from '../../../reference/compiler/check.js';
import { compile } from '../../../reference/compiler/index.js';
import { parse } from '../../../reference/compiler/parse.js';

/** The messages of the static errors of `src`, in the order reported. */
const messages = (src: string) => check(parse(src)).map((e) => e.message);

/** `line:col-endCol message` of each error (all checks here are on one line). */
const located = (src: string) => check(parse(src)).map((e) => `${e.span.line}:${e.span.col}-${e.span.endCol} ${e.message}`);

t.test('a correct program has no errors', async (t) => {
  t.same(messages('def f(x, y): let z = x in f(z, y)\ndef g(t): t[0]\nlet a = 1, b = (a, a) in g(b) + f(a, 2)'), []);
  // Function and variable names are separate namespaces.
  t.same(messages('def f(f): f\nlet f = 1 in f(f)'), []);
  // Siblings may reuse a name: the first let is out of scope in the second.
  t.same(messages('(let x = 1 in x) + (let x = 2 in x)'), []);
  t.same(messages('let x = (let y = 1 in y), y = 2 in x + y'), []);
  t.same(messages('1073741823'), []);
});

t.test('duplicate function', async (t) => {
  t.same(located('def f(x): x\ndef f(y): y\nf(1)'), ["2:5-5 duplicate function 'f'"]);
  // Calls are judged against the first definition.
  t.same(messages('def f(x): x\ndef f(x, y): y\nf(1)'), ["duplicate function 'f'"]);
});

t.test('duplicate parameter', async (t) => {
  t.same(located('def f(x, y, x): x\nf(1, 2, 3)'), ["1:13-13 duplicate parameter 'x'"]);
  t.same(messages('def f(x, x, x): x\n0'), ["duplicate parameter 'x'", "duplicate parameter 'x'"]);
});

t.test('shadow binding: lets and parameters, and within one let', async (t) => {
  t.same(located('let x = 1 in let x = 2 in x'), ["1:18-18 shadow binding 'x'"]);
  t.same(located('let a = 1, a = 2 in a'), ["1:12-12 shadow binding 'a'"]);
  t.same(messages('def f(n): let n = 1 in n\nf(1)'), ["shadow binding 'n'"]);
  t.same(messages('let x = 1 in (let y = 2 in let x = 3 in y)'), ["shadow binding 'x'"]);
});

t.test('number too large quotes the literal as written', async (t) => {
  t.same(located('1073741824'), ["1:1-10 number '1073741824' is too large"]);
  t.same(messages('0 - 99999999999999999999'), ["number '99999999999999999999' is too large"]);
  t.same(messages('0001073741823'), []);
});

t.test('unbound variable', async (t) => {
  t.same(located('let x = y in x'), ["1:9-9 unbound variable 'y'"]);
  // A binding's own name is not in scope in its value.
  t.same(messages('let x = x in x'), ["unbound variable 'x'"]);
  // No globals: a function body sees only its parameters and its own lets.
  t.same(messages('def f(x): y\nlet y = 1 in f(y)'), ["unbound variable 'y'"]);
  // A let's scope ends with its body.
  t.same(messages('(let x = 1 in x) + x'), ["unbound variable 'x'"]);
});

t.test('function not defined; a variable is not a function', async (t) => {
  t.same(located('g(1, 2)'), ["1:1-7 function 'g' is not defined"]);
  t.same(messages('let f = 1 in f(1)'), ["function 'f' is not defined"]);
});

t.test('wrong arity', async (t) => {
  t.same(located('def f(x, y): x\nf(1)'), ['2:1-4 wrong arity of arguments at call of f']);
  t.same(messages('def f(x): x\nf(1, 2)'), ['wrong arity of arguments at call of f']);
  t.same(messages('def f(): 1\nf(1)'), ['wrong arity of arguments at call of f']);
});

t.test('all errors are reported, in source order', async (t) => {
  const src = [
    'def f(a, a): b', //
    'def f(x): g(x)',
    'let x = 1, x = 2147483648 in f(x, y, 3)',
  ].join('\n');
  t.same(located(src), [
    "1:10-10 duplicate parameter 'a'",
    "1:14-14 unbound variable 'b'",
    "2:5-5 duplicate function 'f'",
    "2:11-14 function 'g' is not defined",
    "3:12-12 shadow binding 'x'",
    "3:16-25 number '2147483648' is too large",
    '3:30-39 wrong arity of arguments at call of f',
    "3:35-35 unbound variable 'y'",
  ]);
});

t.test('compile() formats every error with its line and carets', async (t) => {
  const r = compile('def f(x): x\nlet x = 1, x = y in\n  f(1, 2)', { filename: 'tests/input/bad.fox' });
  if (r.ok) throw new Error('expected errors');
  t.equal(
    r.message,
    [
      "tests/input/bad.fox:2:12-12: shadow binding 'x'",
      'let x = 1, x = y in',
      '           ^',
      "tests/input/bad.fox:2:16-16: unbound variable 'y'",
      'let x = 1, x = y in',
      '               ^',
      'tests/input/bad.fox:3:3-9: wrong arity of arguments at call of f',
      '  f(1, 2)',
      '  ^^^^^^^',
    ].join('\n'),
  );
  t.same(r.diagnostics[2], { file: 'tests/input/bad.fox', line: 3, col: 3, endCol: 9, message: 'wrong arity of arguments at call of f' });
});

t.test('a multi-line span is cut at the end of its first line', async (t) => {
  const r = compile('let a = 1 in\n  g(a,\n    a)');
  if (r.ok) throw new Error('expected an error');
  t.equal(r.message, ["program.fox:2:3-6: function 'g' is not defined", '  g(a,', '  ^^^^'].join('\n'));
});

t.test('a parse error is reported alone, with the default file name', async (t) => {
  const r = compile('let x = 1 in\n  x +\n');
  if (r.ok) throw new Error('expected an error');
  t.equal(r.diagnostics.length, 1);
  t.equal(r.message, ['program.fox:2:6-6: parse error: unexpected end of input, expecting expression', '  x +', '     ^'].join('\n'));
});
