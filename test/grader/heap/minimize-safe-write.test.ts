// `minimize --write` / `--neg` write inside a student repository: never through a planted link,
// atomically, and never losing the original, even with two runs at once on one file. Each test
// plants its links in a temporary area and checks that nothing outside the repository changed.
import t from 'tap';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { minimizeTestFile } from '../../../grader/heap/minimize-file.js';

const ORIGINAL = `[
  { "name": "tight", "code": "let x = let y = (1, 2, 3) in y[0] in (x, x, x)", "heap": 40, "result": { "value": "(1, 1, 1)" } }
]
`;
const SECRET = 'precious data outside the repository\n';

/** A temporary area: `repo/` (the student's) and `outside/` (what must not change). */
function area(t: Tap.Test) {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': ORIGINAL, input: {} } }, outside: { 'victim.txt': SECRET } });
  return { dir, repo: join(dir, 'repo'), tests: join(dir, 'repo', 'tests'), outside: join(dir, 'outside') };
}

/** Names and contents of everything in `outside/`. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const opts = { write: true, neg: true, jobs: 1, constraints: { seed: 1 } };

t.test('a .bak planted as a link to a file outside: the link is replaced, the file untouched', async (t) => {
  const a = area(t);
  symlinkSync(join(a.outside, 'victim.txt'), join(a.tests, 'yourTests.json.bak'));
  const before = snapshot(a.outside);
  const report = await minimizeTestFile(a.repo, opts);
  t.ok(report.rewritten, 'the file was rewritten');
  t.same(snapshot(a.outside), before, 'nothing outside the repository changed');
  const bak = join(a.tests, 'yourTests.json.bak');
  t.ok(lstatSync(bak).isFile(), 'the backup is a regular file now');
  t.equal(readFileSync(bak, 'utf8'), ORIGINAL, 'holding the original');
  t.match(readFileSync(join(a.tests, 'yourTests.json'), 'utf8'), /"heap": 6,/);
  t.same(readdirSync(a.tests).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock')), [], 'no temporary or lock file left');
});

t.test('a dangling .bak link: nothing is created where it points', async (t) => {
  const a = area(t);
  const target = join(a.outside, 'created-by-fox-grade.txt');
  symlinkSync(target, join(a.tests, 'yourTests.json.bak'));
  const before = snapshot(a.outside);
  await minimizeTestFile(a.repo, opts);
  t.notOk(existsSync(target), 'the link target was not created');
  t.same(snapshot(a.outside), before);
  t.equal(readFileSync(join(a.tests, 'yourTests.json.bak'), 'utf8'), ORIGINAL);
});

t.test('two --write at once on one file: the original survives in the backup', async (t) => {
  const a = area(t);
  const [first, second] = await Promise.all([minimizeTestFile(a.repo, { ...opts, neg: false }), minimizeTestFile(a.repo, { ...opts, neg: false })]);
  t.equal(readFileSync(join(a.tests, 'yourTests.json.bak'), 'utf8'), ORIGINAL, 'the backup holds the original');
  t.match(readFileSync(join(a.tests, 'yourTests.json'), 'utf8'), /"heap": 6,/, 'the file holds one complete rewrite');
  const written = [first, second].filter((r) => r.rewritten);
  const refused = [first, second].filter((r) => r.problems.some((p) => p.code === 'E_TESTFILE_CHANGED'));
  t.equal(written.length, 1, 'one run wrote');
  t.equal(refused.length, 1, 'the other saw the file change and wrote nothing');
  t.match(refused[0].problems[0].message, /changed while its heaps were being searched.*nothing was written/);
});
