// `check` and `minimize` on a file with a 100000-level test: that test gets its located error,
// the other tests are still checked (they used to die with "Maximum call stack size exceeded").
import t from 'tap';
import { main } from '../../../grader/cli/cli.js';
import { memoryIo } from '../../../grader/cli/io.js';

const n = 100000;
const TESTS = JSON.stringify([
  { name: 'deep', code: '('.repeat(n) + '1' + ')'.repeat(n), result: { value: '1' } },
  { name: 'fine', code: '(1, 2)', result: { value: '(1, 2)' }, heap: 4 },
]);

async function cli(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

t.test('check', async (t) => {
  const dir = t.testdir({ 'tests.json': TESTS });
  const r = await cli(['check', `${dir}/tests.json`]);
  t.equal(r.code, 1);
  t.match(r.out, /FAIL {4}deep: expected a value but compilation failed\n[\s\S]*actual: {3}deep\.fox:1:\d+-\d+: nested too deeply: more than 1000 levels, the limit is 1000/);
  t.match(r.out, /PASS {4}fine/);
  t.notMatch(r.err, /call stack/);
});

t.test('minimize', async (t) => {
  const dir = t.testdir({ 'tests.json': TESTS });
  const r = await cli(['minimize', `${dir}/tests.json`, '--json']);
  t.notMatch(r.err, /call stack/);
  const rows = JSON.parse(r.out) as { name: string; minimalHeap: number | null }[];
  t.same(rows.map((x) => [x.name, x.minimalHeap]), [['deep', null], ['fine', 4]]);
});
