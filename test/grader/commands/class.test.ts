// `fox-grade class`: every repo graded with one shared build, the class report written, a repo
// that cannot be graded listed with its reason while the others complete.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../grader/cli.js';
import { expandRepos } from '../../../grader/class.js';
import { memoryIo } from '../../../grader/io.js';
import { examplesDir } from '../../../reference/paths.js';

t.test('a directory of repos expands to its subdirectories', async (t) => {
  const dir = t.testdir({ class: { alice: { tests: {} }, bob: { tests: {} }, '.git': {} }, solo: { tests: {} } });
  t.same(expandRepos([join(dir, 'class'), join(dir, 'solo')]), [join(dir, 'class', 'alice'), join(dir, 'class', 'bob'), join(dir, 'solo')]);
});

t.test('class report over both examples and a broken repo', async (t) => {
  const dir = t.testdir({ broken: { tests: { 'other.json': '[]' } } });
  const io = memoryIo({ cwd: dir });
  const code = await main(
    ['class', join(examplesDir, 'student-strong'), join(examplesDir, 'student-weak'), 'broken', '--out', 'class', '--no-minimize'],
    io,
  );
  t.equal(code, 0);
  const summary = JSON.parse(readFileSync(join(dir, 'class', 'class.json'), 'utf8'));
  t.equal(summary.graded, 2);
  t.same(summary.students.map((s: { dir: string }) => s.dir).sort(), ['student-strong', 'student-weak']);
  t.equal(summary.ungradable.length, 1);
  t.match(summary.ungradable[0].reason, /has no tests\/yourTests\.json/);
  t.ok(summary.hardestTests.length > 0, 'the hardest tests are ranked');
  const html = readFileSync(join(dir, 'class', 'class.html'), 'utf8');
  t.match(html, 'href="student-strong/report.html"', 'links to each student report');
  t.ok(existsSync(join(dir, 'class', 'student-strong', 'report.html')));
  t.ok(existsSync(join(dir, 'class', 'student-weak', 'result.json')));
  t.match(io.out.join(''), /broken: not graded: .*has no tests\/yourTests\.json/);
});
