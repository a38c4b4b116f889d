// `fox-grade class`: every repo graded with one shared build, the class report written, a repo
// that cannot be graded listed with its reason while the others complete.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../../grader/cli/cli.js';
import { expandRepos } from '../../../../grader/class/grade-class.js';
import { classProgressPrinter, formatEta } from '../../../../grader/cli/commands/class.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import { examplesDir } from '../../../../reference/paths.js';

t.test('a directory of repos expands to its subdirectories', async (t) => {
  const dir = t.testdir({ class: { alice: { tests: {} }, bob: { tests: {} }, '.git': {} }, solo: { tests: {} } });
  t.same(expandRepos([join(dir, 'class'), join(dir, 'solo')]), [join(dir, 'class', 'alice'), join(dir, 'class', 'bob'), join(dir, 'solo')]);
});

t.test('class report over both examples and a broken repo', async (t) => {
  const dir = t.testdir({
    broken: { tests: { 'other.json': '[]' } },
    'bad-json': { tests: { 'yourTests.json': '[ { "name": "x",, } ]' } },
  });
  const io = memoryIo({ cwd: dir });
  const code = await main(
    ['class', join(examplesDir, 'student-strong'), join(examplesDir, 'student-weak'), 'broken', 'bad-json', '--out', 'class', '--no-minimize', '--gradescope', '--no-cache'],
    io,
  );
  t.equal(code, 0);
  const summary = JSON.parse(readFileSync(join(dir, 'class', 'class.json'), 'utf8'));
  t.equal(summary.graded, 2);
  t.same(summary.students.map((s: { dir: string }) => s.dir).sort(), ['student-strong', 'student-weak']);
  t.same(summary.students.map((s: { dialect: string }) => s.dialect), ['sp19', 'sp19']);
  t.equal(summary.ungradable.length, 2);
  t.match(summary.ungradable[0].reason, /tests\/yourTests\.json:1:17: invalid JSON/, 'a file that yields no test is not graded 0: it is listed with its reason');
  t.match(summary.ungradable[1].reason, /has no tests\/yourTests\.json/);
  const scores = summary.students.map((s: { thoroughness: number }) => s.thoroughness);
  t.equal(summary.distribution.mean, (scores[0] + scores[1]) / 2, 'the ungradable are left out of the mean');
  t.ok(existsSync(join(dir, 'class', 'student-weak', 'results.json')), '--gradescope: a results.json per student');
  const progress = io.err.join('');
  t.match(progress, /\[\d\/4\] student-strong finished · class \d+% · (about \d+ (s|min) left|estimating time left)/, 'progress per student and the time left');
  t.match(progress, /\[4\/4\] \S+ finished · class 100%/);
  t.ok(summary.hardestTests.length > 0, 'the hardest tests are ranked');
  const html = readFileSync(join(dir, 'class', 'class.html'), 'utf8');
  t.match(html, 'href="student-strong/report.html"', 'links to each student report');
  t.ok(existsSync(join(dir, 'class', 'student-strong', 'report.html')));
  t.ok(existsSync(join(dir, 'class', 'student-weak', 'result.json')));
  t.match(io.out.join(''), /broken: not graded: .*has no tests\/yourTests\.json/);
});

t.test('progress: the time left, one line per student, the work in flight at most every few seconds', async (t) => {
  t.equal(formatEta(null), 'estimating time left');
  t.equal(formatEta(400), 'about 1 s left');
  t.equal(formatEta(42_000), 'about 42 s left');
  t.equal(formatEta(5 * 60_000), 'about 5 min left');
  t.equal(formatEta(3 * 3_600_000), 'about 3.0 h left');
  const io = memoryIo();
  let now = 0;
  const print = classProgressPrinter(io, 5000, () => now);
  const base = { finished: 0, students: 2, fraction: 0.25, etaMs: 60_000 };
  now = 6000;
  print({ ...base, student: 'ada', phase: 'mutants', done: 10, total: 40 });
  now = 7000;
  print({ ...base, student: 'ada', phase: 'mutants', done: 11, total: 40 });
  print({ ...base, student: 'ada', phase: 'done', done: 1, total: 1, finished: 1, fraction: 0.5 });
  t.same(io.err, ['… ada: mutants runs 10/40 · class 25% · about 60 s left\n', '[1/2] ada finished · class 50% · about 60 s left\n']);
});
