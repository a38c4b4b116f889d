// grader/class/grade-class.ts without running anything: members named uniquely, the slim copy a class keeps
// in memory (what the summary reads stays, the bulk goes), and a summary of slim results equal to
// one of full results.
import t from 'tap';
import { join } from 'node:path';
import { classMembers, slimResult } from '../../../grader/class/grade-class.js';
import { renderClassJson, summarizeClass } from '../../../reports/class.js';
import { loadFixture } from '../../fixtures/results/helpers.js';

t.test('two repos with one directory name get name and name-2', async (t) => {
  const dir = t.testdir({ a: { alice: { tests: {} } }, b: { alice: { tests: {} } } });
  t.same(classMembers([join(dir, 'a', 'alice'), join(dir, 'b', 'alice')]).map((m) => m.name), ['alice', 'alice-2']);
});

t.test('the slim copy: no matrix, no per-test details, the same class summary', async (t) => {
  for (const name of ['strong', 'medium', 'weak'] as const) {
    const full = loadFixture(name);
    const slim = slimResult(full);
    t.same(slim.matrix, { tests: [], mutants: [], cells: [] });
    t.same(slim.officialTests, []);
    t.ok(slim.tests.every((x) => x.notes.length === 0 && x.expected === undefined), `${name}: tests keep only names, validity and kills`);
    t.ok(JSON.stringify(slim).length < JSON.stringify(full).length / 2, `${name}: less than half the size`);
    const summary = (r: typeof full) => renderClassJson(summarizeClass([{ dir: 'x', result: r, reportHref: 'x/report.html' }]));
    t.equal(summary(slim), summary(full), `${name}: the class summary does not change`);
  }
});

t.test('a student whose reports cannot be written is listed with the reason, the others complete', async (t) => {
  const dir = t.testdir({ a: { tests: { 'yourTests.json': '[]' } }, b: { tests: { 'yourTests.json': '[]' } } });
  const { gradeClass } = await import('../../../grader/class/grade-class.js');
  const run = await gradeClass([dir], {
    jobs: 1,
    cacheDir: join(dir, '.cache'),
    minimize: false,
    mutantIds: ['mark-misses-last-element'],
    onStudent: (m) => {
      if (m.name === 'a') throw new Error('disk full');
    },
  });
  t.same(run.members.map((m) => [m.name, m.error ?? 'ok']), [['a', 'graded, but the reports could not be written: error: disk full'], ['b', 'ok']]);
});
