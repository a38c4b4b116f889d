import { readFileSync } from 'node:fs';
import t from 'tap';
import { mutantResults } from '../../grader/grade/7-report.js';
import type { Scored } from '../../grader/grade/6-score.js';
import { mutants } from '../../mutants/registry.js';
import { renderResultFieldsDoc, resultFields } from '../../reports/result-fields.js';
import { reveals } from '../../reports/view.js';
import { loadFixture, projectRoot } from '../fixtures/results/helpers.js';

t.test('docs/result-json.md is generated from the table', async (t) => {
  t.equal(readFileSync(`${projectRoot}docs/result-json.md`, 'utf8'), renderResultFieldsDoc(), 'regenerate it: node -e "import(\'./dist/reports/result-fields.js\').then(m => process.stdout.write(m.renderResultFieldsDoc()))" > docs/result-json.md');
});

/** Every key path in a JSON value: arrays as `[]`, byPhase keys as `<phase>`. */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => paths(item, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, item]) => [`${prefix}${prefix === '' ? '' : '.'}${key}`, ...paths(item, `${prefix}${prefix === '' ? '' : '.'}${key}`)]);
}

const covers = (row: string, path: string) => path === row || path.startsWith(`${row}.`) || path.startsWith(`${row}[]`);

t.test('every field of a result is documented', async (t) => {
  // A parent path (`mutants[]`) is documented by its fields' rows.
  const undocumented = (result: object) =>
    [...new Set(paths(result))].filter((p) => p !== '' && !resultFields.some((f) => covers(f.path, p) || covers(p, f.path)));
  for (const name of ['strong', 'weak', 'medium'] as const) t.same(undocumented(loadFixture(name)), [], `${name}: every key has a row`);
  const extended = loadFixture('weak') as unknown as { mutants: Array<Record<string, unknown>> };
  extended.mutants[0].patch = 'x';
  t.same(undocumented(extended), ['mutants[].patch'], 'the check can fail: a new mutant field needs its row');
});

t.test('grading at each level writes exactly the mutant fields the table gives it', async (t) => {
  const scored = { killedBy: mutants.map(() => []) } as unknown as Scored;
  const mutantRows = resultFields.filter((f) => f.path.startsWith('mutants[].'));
  t.ok(mutantRows.length >= 8);
  for (const reveal of reveals) {
    const results = mutantResults(mutants, scored, reveal);
    for (const row of mutantRows) {
      const key = row.path.slice('mutants[].'.length);
      const present = results.every((m) => key in m);
      const absent = results.every((m) => !(key in m));
      t.ok(present || absent, `${reveal} ${key}: all or none`);
      t.equal(present, row.levels.includes(reveal), `${reveal}: ${key} ${row.levels.includes(reveal) ? 'shown' : 'hidden'}`);
    }
    t.same(Object.keys(results[0]).sort(), mutantRows.filter((r) => r.levels.includes(reveal)).map((r) => r.path.slice('mutants[].'.length)).sort(), `${reveal}: no other field`);
  }
});
