// `--gc`: the student's own collector is graded with the tests, and both reports show it.
import t from 'tap';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { gradeRepo } from '../../../grader/grade/index.js';
import { examplesDir, suitesDir } from '../../../reference/paths.js';
import { loadTestFile } from '../../../suites/test-file.js';
import { renderStudentHtml } from '../../../reports/html.js';
import { renderTerminal } from '../../../reports/terminal.js';

t.test('a repo with a collector that forgets the padding word', async (t) => {
  const repo = t.testdir();
  cpSync(join(examplesDir, 'student-weak', 'tests'), join(repo, 'tests'), { recursive: true });
  cpSync(join(examplesDir, 'collectors', 'forward-ignores-padding', 'c-bits'), join(repo, 'c-bits'), { recursive: true });

  const result = await gradeRepo(repo, { jobs: 2, minimize: false, mutantIds: ['print-drops-last'], collector: {} });
  t.equal(result.score.validTests, 4, 'the tests are graded as usual');
  const collector = result.collector!;
  const official = loadTestFile(join(suitesDir, 'fox.json')).tests.length;
  t.same(collector.score, { passed: official - 8, total: official }, 'eight official tests fail: those where an odd-sized block moves');
  t.equal(collector.diagnosis?.phase, 'forward');

  const html = renderStudentHtml(result);
  t.match(html, 'id="collector"');
  t.match(html, 'forward: block at heap+12 got forwarding address heap+5, expected heap+6');
  t.match(renderTerminal(result, { color: false }), new RegExp(`Your collector: passed ${official - 8}/${official} tests`));

  const without = await gradeRepo(repo, { jobs: 2, minimize: false, mutantIds: ['print-drops-last'] });
  t.equal(without.collector, undefined, 'not graded unless asked');
  t.notMatch(renderStudentHtml(without), 'id="collector"');
});
