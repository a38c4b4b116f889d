// The official suite is the reference's own acceptance test: every test passes, stress mode
// changes nothing, and every GC test sits at its exact minimal heap with a -neg twin below it.
import t from 'tap';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { checkTestFile } from '../../grader/cli/check-file.js';
import { buildTestProgram, createToolchain, runBuiltProgram } from '../../suites/execute.js';
import { loadTestFile } from '../../suites/test-file.js';
import { suitesDir } from '../../reference/paths.js';

const suite = join(suitesDir, 'fox.json');
const loaded = loadTestFile(suite);
const byName = new Map(loaded.tests.map((test) => [test.name, test]));
const gcTests = loaded.tests.filter((test) => test.name.startsWith('gc-') && !test.name.endsWith('-neg'));

t.test('the suite is well formed and large enough', async (t) => {
  t.same(loaded.problems, [], 'no file problems');
  t.same(loaded.warnings, [], 'no warnings');
  t.ok(loaded.tests.length >= 80, `at least 80 tests (has ${loaded.tests.length})`);
  t.ok(gcTests.length >= 25, `at least 25 GC tests (has ${gcTests.length})`);
  for (const test of gcTests) {
    t.ok(test.heapGiven, `${test.name} states its heap`);
    const twin = byName.get(`${test.name}-neg`);
    t.ok(twin, `${test.name} has a -neg twin`);
    t.equal(twin?.heap, test.heap - 1, `${test.name}-neg sits at heap ${test.heap - 1}`);
    t.same(twin?.expected, { kind: 'failure', text: 'out of memory' }, `${test.name}-neg expects out of memory`);
    t.equal(twin?.code, test.code, `${test.name}-neg runs the same program`);
  }
});

t.test('the reference passes every official test', async (t) => {
  const report = await checkTestFile(suite, { jobs: 2 });
  const failures = report.results.filter((r) => r.status !== 'pass').map((r) => r.test.name);
  t.same(failures, [], 'no failing or invalid test');
  t.equal(report.results.length, loaded.tests.length);
});

t.test('stress mode (a collection at every allocation) gives identical output', async (t) => {
  const tc = await createToolchain();
  const limit = pLimit(2);
  const differences = (
    await Promise.all(
      loaded.tests.map((test) =>
        limit(async () => {
          const built = await buildTestProgram(tc, { code: test.code!, filename: `${test.name}.fox`, anf: test.anf });
          if (!built.ok) return undefined;
          const [normal, stress] = await Promise.all([
            runBuiltProgram(tc, built, test.heap),
            runBuiltProgram(tc, built, test.heap, { stress: true }),
          ]);
          // Tuple addresses in error messages change from run to run (the heap is placed by
          // malloc, under ASLR): compare them as <tuple>.
          const masked = (text: string) => text.replace(/0x[0-9a-f]{7}[19]/g, '<tuple>');
          const strip = ({ outcome }: typeof normal) =>
            'stdout' in outcome ? { ...outcome, stdout: masked(outcome.stdout), stderr: masked(outcome.stderr), durationMs: 0 } : outcome;
          return JSON.stringify(strip(normal)) === JSON.stringify(strip(stress)) ? undefined : test.name;
        }),
      ),
    )
  ).filter((name) => name !== undefined);
  t.same(differences, [], 'every program prints and exits the same with FOX_GC_STRESS=1');
});
