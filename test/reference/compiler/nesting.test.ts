// The nesting limit (DESIGN.md "Nesting limit"): deep programs get a located error, never a
// stack overflow, and programs up to the limit still compile. Every source is built with
// Buffer round-trips so that it is a flat string, as a file read gives.
import t from 'tap';
import { compile } from '../../../reference/compiler/index.js';
import { MAX_NESTING } from '../../../reference/compiler/nesting.js';

const flat = (s: string) => Buffer.from(s).toString();
const lets = (n: number) => flat(Array.from({ length: n }, (_, i) => `let x${i} = ${i} in `).join('') + 'x0');
const sum = (n: number) => flat(Array(n).fill('1').join(' + '));

function diagnostic(src: string): string {
  const r = compile(src, { filename: 'deep.fox' });
  if (r.ok) throw new Error('expected a compile error');
  t.equal(r.diagnostics.length, 1);
  return r.message;
}

t.test('the limit is 1000 levels', async (t) => {
  t.equal(MAX_NESTING, 1000);
});

t.test('programs at the limit compile', async (t) => {
  t.equal(compile(sum(MAX_NESTING)).ok, true, 'a flat sum of 1000 terms');
  t.equal(compile(lets(MAX_NESTING - 1)).ok, true, '999 nested lets');
  t.equal(compile(flat('('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING))).ok, true, '1000 grouping parentheses');
});

t.test('one level past the limit is a located error with the depth', async (t) => {
  const n = MAX_NESTING + 1;
  t.match(diagnostic(sum(n)), /^deep\.fox:1:1-1: nested too deeply: 1001 levels, the limit is 1000\n/);
  t.match(diagnostic(lets(n)), /^deep\.fox:1:\d+-\d+: nested too deeply: 1002 levels, the limit is 1000\n/);
  t.match(diagnostic(flat('(1, '.repeat(n) + '1' + ')'.repeat(n))), /nested too deeply: 1002 levels/);
  t.match(diagnostic(flat('def f(x): x\n' + 'f('.repeat(n) + '1' + ')'.repeat(n))), /^deep\.fox:2:\d+-\d+: nested too deeply: 1002 levels/);
  t.match(diagnostic(flat('if true: '.repeat(n) + '1' + ' else: 2'.repeat(n))), /nested too deeply: 1002 levels/);
  t.match(diagnostic(flat('let ' + Array.from({ length: n }, (_, i) => `x${i} = 1`).join(', ') + ' in 1')), /nested too deeply: 1002 levels/);
});

t.test('a flat sequence whose named temporaries nest too deep is refused at its body', async (t) => {
  const src = flat('(' + Array(MAX_NESTING + 1).fill('(1+1)').join(', ') + ')');
  t.match(diagnostic(src), /^deep\.fox:1:1-\d+: nested too deeply: 1002 levels once intermediate values are named, the limit is 1000\n/);
});

t.test('100000 levels: a located error, not a stack overflow', async (t) => {
  const n = 100000;
  t.match(diagnostic(flat('('.repeat(n) + '1' + ')'.repeat(n))), /^deep\.fox:1:\d+-\d+: nested too deeply: more than 1000 levels, the limit is 1000\n/);
  t.match(diagnostic(lets(n)), /nested too deeply: more than 1000 levels/);
  t.match(diagnostic(sum(n)), /nested too deeply: 100000 levels, the limit is 1000/);
});
