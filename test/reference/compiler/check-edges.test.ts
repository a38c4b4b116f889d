// Edges of the static checks (FOX.md §2): every sub-expression is checked, and errors come back
// in source order (line, then column) even when they are found in another order.
import t from 'tap';
import { compile } from '../../../reference/compiler/index.js';
import { located } from './fixtures/located.js';

t.test('an index expression checks both its tuple and its index', async (t) => {
  t.same(located('(1, 2)[y]'), ["1:8-8 unbound variable 'y'"]);
  t.same(located('t[0]'), ["1:1-1 unbound variable 't'"]);
  t.same(located('let t = (1, 2) in t[g(1)]'), ["1:21-24 function 'g' is not defined"]);
  t.same(located('(1, 2)[1073741824]'), ["1:8-17 number '1073741824' is too large"]);
  t.same(located('let t = (1, 2) in t[let t = 0 in t]'), ["1:25-25 shadow binding 't'"]);
  t.same(located('let t = (1, 2) in t[0]'), []);
});

t.test('errors on one line are sorted by column, whatever order they were found in', async (t) => {
  // Duplicate functions are found before any body is checked, but come after the first body here.
  t.same(located("def f(x): y def f(x): x\nf(1)"), ["1:11-11 unbound variable 'y'", "1:17-17 duplicate function 'f'"]);
  t.same(located("def f(x): (a, b, c) def f(x): x def f(y): z\nf(1)"), [
    "1:12-12 unbound variable 'a'",
    "1:15-15 unbound variable 'b'",
    "1:18-18 unbound variable 'c'",
    "1:25-25 duplicate function 'f'",
    "1:37-37 duplicate function 'f'",
    "1:43-43 unbound variable 'z'",
  ]);
  // The same through compile(): diagnostics and the message follow the sorted order.
  const r = compile('def f(x): y def f(x): x\nf(1)', { filename: 'd.fox' });
  if (r.ok) throw new Error('expected errors');
  t.same(
    r.diagnostics.map((d) => [d.line, d.col, d.message]),
    [
      [1, 11, "unbound variable 'y'"],
      [1, 17, "duplicate function 'f'"],
    ],
  );
  t.match(r.message, /^d\.fox:1:11-11: unbound variable 'y'\n[^\n]*\n {10}\^\nd\.fox:1:17-17: duplicate function 'f'\n/);
});
