import t from 'tap';
import type { GradeResult } from '../../grader/result.js';
import { renderJson } from '../../reports/json.js';
import { fixtureText, loadFixture } from '../fixtures/results/helpers.js';

/** The same data with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

t.test('2-space JSON with a final newline, same data', async (t) => {
  const text = renderJson(loadFixture('strong'));
  t.ok(text.endsWith('}\n'));
  t.match(text, /^\{\n {2}"schemaVersion": 1,\n {2}"tool": \{\n {4}"name": "fox-grade",/);
  t.same(JSON.parse(text), loadFixture('strong'));
});

t.test('stable: key order does not depend on how the result was built', async (t) => {
  for (const name of ['strong', 'weak'] as const) {
    const result = loadFixture(name);
    const text = renderJson(result);
    t.equal(renderJson(reversed(result) as GradeResult), text, `${name}: reversed keys give the same bytes`);
    t.equal(text, fixtureText(name), `${name}: the pipeline's declared order`);
    t.equal(renderJson(JSON.parse(text)), text, 'idempotent');
  }
});

t.test('byPhase in phase order; unknown keys kept, after the known ones, sorted', async (t) => {
  const result = loadFixture('weak');
  result.score.byPhase = Object.fromEntries(Object.entries(result.score.byPhase).reverse());
  (result as unknown as Record<string, unknown>).zeta = 1;
  (result as unknown as Record<string, unknown>).alpha = { b: 2, a: 1 };
  const parsed = JSON.parse(renderJson(result));
  t.same(Object.keys(parsed.score.byPhase), ['mark', 'forward', 'redirect', 'compact', 'try_gc', 'alloc', 'codegen', 'print']);
  t.same(Object.keys(parsed).slice(-3), ['notes', 'alpha', 'zeta']);
  t.same(Object.keys(parsed.alpha), ['a', 'b']);
});

t.test('undefined optional fields are left out', async (t) => {
  const result = loadFixture('weak');
  result.tests[0].reason = undefined;
  t.notMatch(renderJson(result), /"reason": null/);
  t.equal(JSON.parse(renderJson(result)).tests[0].reason, undefined);
});

t.test('a stricter reveal level drops the mutant fields it hides', async (t) => {
  const result = { ...loadFixture('strong'), reveal: 'full' as const };
  t.ok(result.mutants.every((m) => m.title && m.hint && m.description), 'the fixture carries every field');
  t.equal(renderJson(result, { reveal: 'full' }), renderJson(result));
  const titles = JSON.parse(renderJson(result, { reveal: 'titles' }));
  t.equal(titles.reveal, 'titles');
  t.ok(titles.mutants.every((m: object) => 'title' in m && !('hint' in m) && !('description' in m)));
  const none = JSON.parse(renderJson(result, { reveal: 'none' }));
  t.ok(none.mutants.every((m: object) => !('title' in m) && !('hint' in m) && !('description' in m)));
  t.same(none.mutants.map((m: { killedBy: string[] }) => m.killedBy), result.mutants.map((m) => m.killedBy), 'the rest unchanged');
  // A result written at `titles` cannot show more: its level stays.
  t.equal(JSON.parse(renderJson(JSON.parse(renderJson(result, { reveal: 'titles' })), { reveal: 'full' })).reveal, 'titles');
  t.ok(loadFixture('strong').mutants.every((m) => m.description !== undefined), 'the input is not modified');
});
