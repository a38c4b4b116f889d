// Hostile return addresses (on by default in collector grading): the programs are laid out so
// that every return address on the stack carries the tuple tag, so a collector that takes return
// addresses for roots fails reliably (the commonest root-scan bug), and the diagnosis calls them
// return addresses, not tuples. A correct collector is not affected.
import t from 'tap';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, suitesDir, defaultCacheDir } from '../../../reference/paths.js';
import { gradeCollector } from '../../../grader/collector/grade-collector.js';
import { loadTestFile } from '../../../suites/test-file.js';
import { collectorRepo } from '../../fixtures/collectors/repo.js';

const cacheDir = defaultCacheDir();
const scratch = await mkdtemp(join(tmpdir(), 'fox-ra-test-'));
t.teardown(() => rm(scratch, { recursive: true, force: true }));

// The official tests that collect (the others cannot tell a collector from another).
const official = JSON.parse(await readFile(join(suitesDir, 'fox.json'), 'utf8')) as { name: string }[];
const withHeap = new Set(loadTestFile(join(suitesDir, 'fox.json')).tests.filter((x) => x.valid && x.heapGiven).map((x) => x.name));
const suitePath = join(scratch, 'gc-tests.json');
await writeFile(suitePath, JSON.stringify(official.filter((x) => withHeap.has(x.name))));
const grade = (fixture: string, taggedReturnAddresses = true) =>
  gradeCollector(collectorRepo(fixture), {
    cacheDir,
    official: false,
    suites: [{ path: suitePath, hidden: false, label: 'official gc tests', inputsDir: join(suitesDir, 'input') }],
    jobs: 2,
    taggedReturnAddresses,
  });

t.test('a collector that scans return addresses fails at least five official tests', async (t) => {
  const r = await grade('scans-return-addresses');
  const failing = r.suites[0].tests.filter((x) => !x.pass && x.counted !== false);
  t.ok(failing.length >= 5, `${failing.length} official tests fail: ${failing.map((x) => x.name).join(', ')}`);
  const notes = failing.flatMap((x) => [x.diagnosis?.message ?? '', ...(x.diagnosis?.notes ?? [])]).join('\n');
  t.match(notes, /return address/, 'the diagnosis speaks of return addresses');
  t.notMatch(notes, /tuple an address outside the heap|outside the heap \(not a Fox value\)/, 'never calls a code address a tuple');
});

t.test('the same collector with the plain layout: fewer failures (luck)', async (t) => {
  const tagged = await grade('scans-return-addresses');
  const plain = await grade('scans-return-addresses', false);
  t.ok(plain.score.passed > tagged.score.passed, `plain layout ${plain.score.passed}, tagged ${tagged.score.passed} of ${tagged.score.total}`);
});

t.test('a correct collector passes every test with tagged return addresses', async (t) => {
  const r = await grade('correct-course-order');
  t.equal(r.score.passed, r.score.total, r.verdict);
});
