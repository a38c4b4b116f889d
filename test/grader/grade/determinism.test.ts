// The result object is a function of the repo and the options: three runs in a row, and runs
// with one or two workers, give the same object.
import t from 'tap';
import { join } from 'node:path';
import { gradeRepo } from '../../../grader/grade/index.js';
import { examplesDir } from '../../../reference/paths.js';

t.test('identical results across runs and job counts', async (t) => {
  const repo = join(examplesDir, 'student-strong');
  const first = await gradeRepo(repo, { jobs: 2 });
  const second = await gradeRepo(repo, { jobs: 2 });
  const third = await gradeRepo(repo, { jobs: 2 });
  const serial = await gradeRepo(repo, { jobs: 1 });
  t.same(second, first, 'second run');
  t.same(third, first, 'third run');
  t.same(serial, first, '--jobs 1 and --jobs 2');
  t.equal(JSON.stringify(serial), JSON.stringify(first), 'byte-identical JSON, key order included');
});
