// `fox-grade REPO` reuses the result cache of `class`: the same command again runs no (test,
// mutant) pair, no heap search and no passing reference run, and gives the same result; a test
// the reference failed runs again; --no-cache runs everything.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../../grader/cli/cli.js';
import { cachedGradeDependencies } from '../../../../grader/cli/commands/grade-cache.js';
import { gradeRepo } from '../../../../grader/grade/index.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import { programRunCount } from '../../../../reference/run.js';

const tests = [
  { name: 'fun-live', code: 'def mk(n): let junk = (0, 0) in (n, n + 1)\nlet p1 = mk(1), p2 = mk(2) in (p1, p2)', result: { value: '((1, 2), (2, 3))' }, heap: 12 },
  { name: 'tuple-sum', code: 'let t = (11, 12, 13) in t[1] + t[2]', result: { value: '25' } },
  { name: 'wrong-sum', code: '1 + 1', result: { value: '3' } },
];
const mutantIds = ['mark-skips-nested', 'mark-innermost-frame-only', 'print-drops-last', 'keep-let-slots'];

t.test('the second grading of the same repo reads every pair and heap search from the cache', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': JSON.stringify(tests) } }, cache: {} });
  const options = { jobs: 2, mutantIds, cacheDir: join(dir, 'cache') };
  const first = cachedGradeDependencies(options);
  const graded = await gradeRepo(join(dir, 'repo'), options, first);
  t.ok(first.cache.stats.cell.writes > 0 && first.cache.stats.heap.writes > 0, 'the first run fills the cache');
  const second = cachedGradeDependencies(options);
  const before = programRunCount();
  const again = await gradeRepo(join(dir, 'repo'), options, second);
  t.same(again, graded, 'the same result');
  t.equal(second.cache.stats.cell.misses, 0, 'no pair run again');
  t.equal(second.cache.stats.heap.misses, 0, 'no heap search again');
  t.same(second.cache.stats.reference, { hits: 2, misses: 1, writes: 0 }, 'the two passing reference runs read back, the failing one not kept');
  t.equal(programRunCount() - before, 1, 'only the test the reference failed runs again');
  t.equal(again.tests.find((x) => x.name === 'wrong-sum')?.valid, false);
});

t.test('the CLI: cached by default, --no-cache grades everything again, same result.json', async (t) => {
  const dir = t.testdir({ repo: { tests: { 'yourTests.json': JSON.stringify(tests) } }, cache: {} });
  const io = () => memoryIo({ cwd: dir, env: { FOX_GRADE_CACHE: join(dir, 'cache') } });
  const saved = process.env.FOX_GRADE_CACHE;
  process.env.FOX_GRADE_CACHE = join(dir, 'cache');
  t.teardown(() => (saved === undefined ? delete process.env.FOX_GRADE_CACHE : (process.env.FOX_GRADE_CACHE = saved)));
  const runs = async (args: string[]) => {
    const before = programRunCount();
    t.equal(await main(['repo', '--jobs', '2', ...args], io()), 0);
    return programRunCount() - before;
  };
  const cold = await runs(['--out', 'a']);
  const warm = await runs(['--out', 'b']);
  const again = await runs(['--out', 'c', '--no-cache']);
  t.ok(warm < cold, `a warm run starts fewer programs (${warm} < ${cold})`);
  t.equal(again, cold, '--no-cache starts as many as the first run');
  const result = (name: string) => readFileSync(join(dir, name, 'result.json'), 'utf8');
  t.equal(result('b'), result('a'));
  t.equal(result('c'), result('a'));
});
