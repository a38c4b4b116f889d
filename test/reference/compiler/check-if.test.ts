// The static checks reach inside an if (FOX.md §2): its condition and both branches. (Stryker
// found that no test had an error inside an if: a checker that skipped ifs passed them all.)
import t from 'tap';
import { located } from './fixtures/located.js';

t.test('an if checks its condition and both branches', async (t) => {
  t.same(located('if c: 1 else: 2'), ["1:4-4 unbound variable 'c'"]);
  t.same(located('if true: a else: 2'), ["1:10-10 unbound variable 'a'"]);
  t.same(located('if true: 1 else: g(2)'), ["1:18-21 function 'g' is not defined"]);
  t.same(located('if true: 1 else: 1073741824'), ["1:18-27 number '1073741824' is too large"]);
  t.same(located('let x = 1 in if true: (let x = 2 in x) else: x'), ["1:28-28 shadow binding 'x'"]);
  t.same(located('if true: false else: true'), [], 'booleans need no check');
});
