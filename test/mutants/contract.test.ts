// The catalog's contract, checked on every mutant with one shared kit (helpers.ts): it applies
// cleanly and compiles into the schemata, it really changes the reference, and the official
// suite kills it. Also: with no mutant active the schemata binary behaves exactly like the
// reference on the whole official suite.
//
// One kill table (every mutant × every official test, two programs at a time) serves all the
// tests below; it is the expensive part of this folder.
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { judge } from '../../suites/judge.js';
import { loadTestFile } from '../../suites/test-file.js';
import { projectRoot } from '../../reference/paths.js';
import { detected, killTable, officialSuite } from '../../mutants/kills.js';
import { mutantPhases } from '../../mutants/mutant.js';
import { mutants } from '../../mutants/registry.js';
import { buildMutantPrograms, createMutantToolchain, onlyInCollector, runMutant, runWithoutMutant, schemataSources } from '../../mutants/schemata.js';
import { killProblems, staticProblems } from './fixtures/contract-kit.js';

const proposedSuite = join(projectRoot, 'mutants', 'proposed-tests.json');

/**
 * Mutants that no official test kills yet, only a test of mutants/proposed-tests.json. When the
 * official suite gains that test, this list must shrink (the test below says so).
 */
const awaitingOfficialTest: string[] = [];

const mtc = await createMutantToolchain({ cacheDir: t.testdir() });
const schemata = schemataSources(mutants);
const official = await killTable({ toolchain: mtc, jobs: 2 });
// The file exists only while a test waits to join the official suite.
const hasProposed = existsSync(proposedSuite);
const proposed = hasProposed ? await killTable({ toolchain: mtc, jobs: 2, suite: proposedSuite }) : { kills: {} as Record<string, string[]>, excluded: [] };

t.test('the catalog: at least 30 mutants, unique ids, every phase', async (t) => {
  t.ok(mutants.length >= 30, `${mutants.length} mutants`);
  t.equal(new Set(mutants.map((m) => m.id)).size, mutants.length, 'ids are unique');
  const phases = new Set(mutants.map((m) => m.phase));
  t.same(mutantPhases.filter((p) => !phases.has(p)), [], 'no phase without a mutant');
});

t.test('the official suite is usable: the reference passes every test', async (t) => {
  t.same(official.excluded, []);
  t.ok(official.tests.length >= 148, `${official.tests.length} tests`);
});

for (const m of mutants) {
  t.test(`contract: ${m.id}`, async (t) => {
    const problems = [...staticProblems(m, schemata), ...killProblems(m, official.kills, proposed.kills)];
    t.same(problems, [], `${m.id} honours the contract`);
    const killers = official.kills[m.id] ?? [];
    t.comment(`${m.id}: ${killers.length > 0 ? killers.join(', ') : `(proposed) ${proposed.kills[m.id]?.join(', ')}`}`);
  });
}

t.test('every mutant is killed by at least one official test', async (t) => {
  const survivors = mutants.map((m) => m.id).filter((id) => official.kills[id].length === 0);
  const unexpected = survivors.filter((id) => !awaitingOfficialTest.includes(id));
  t.same(unexpected, [], `no official test kills: ${unexpected.join(', ') || 'none'} (add a test to the suite, or drop the mutant)`);
  const nowKilled = awaitingOfficialTest.filter((id) => !survivors.includes(id));
  t.same(nowKilled, [], `now killed by the official suite, remove from awaitingOfficialTest: ${nowKilled.join(', ')}`);
  for (const id of awaitingOfficialTest) {
    t.ok(proposed.kills[id]?.length > 0, `${id} is killed by a proposed test: ${proposed.kills[id]?.join(', ')}`);
  }
});

t.test('a kill is a failed test: the runs behind the table', async (t) => {
  // Cross-check a few cells against what the judge says of the recorded outcome.
  for (const id of ['mark-skips-nested', 'try-gc-off-by-one', 'print-drops-last', 'keep-let-slots']) {
    for (const test of official.kills[id]) {
      const run = official.runs[id][test];
      t.not(run.status, 'survived', `${id} × ${test}`);
    }
    const survivedSomewhere = official.tests.find((test) => !detected(official.runs[id][test]));
    t.ok(survivedSomewhere, `${id} also passes some test (it is not a crash on every program)`);
  }
  const noMarkedCheck = official.runs['mark-no-marked-check']['gc-dag-deep'];
  t.equal(noMarkedCheck.status, 'timeout', 'the exponential mark runs out of time on gc-dag-deep');
});

t.test('coverage analysis is sound: skipped cells survive when run for real', async (t) => {
  const loaded = new Map(loadTestFile(officialSuite).tests.map((x) => [x.displayName, x]));
  const uncovered = official.tests.filter((test) => official.runs['mark-skips-nested'][test].status === 'no-coverage');
  t.ok(uncovered.length > 50, `${uncovered.length} official tests never call try_gc`);
  t.ok(official.tests.some((test) => official.runs['mark-skips-nested'][test].status !== 'no-coverage'), 'the GC tests do');
  t.same(
    mutants.filter((m) => !onlyInCollector(m)).flatMap((m) => official.tests.filter((test) => official.runs[m.id][test].status === 'no-coverage')),
    [],
    'print and codegen mutants are always run',
  );
  // A sample across the kinds of tests: values, printing, run-time errors, deep recursion.
  const sample = ['num', 'print-nested', 'err-add1-tuple', 'fact', 'tail-deep', 'list-sum', 'tuple-args', 'eq-tuple-same'].filter((n) => uncovered.includes(n));
  t.ok(sample.length >= 6, `sample: ${sample.join(', ')}`);
  const wrong: string[] = [];
  for (const name of sample) {
    const test = loaded.get(name)!;
    const programs = await buildMutantPrograms(mtc, { code: test.code!, filename: `${test.name}.fox` });
    const referenceDurationMs = official.reference[name].durationMs;
    for (const m of mutants.filter(onlyInCollector)) {
      const run = await runMutant(mtc, programs, m, test.expected, test.heap, { referenceDurationMs });
      if (run.status !== 'survived') wrong.push(`${m.id} × ${name}: ${run.status}`);
    }
  }
  t.same(wrong, [], 'every collector-only mutant survives a test that never collects');
});

t.test('no mutant active: the schemata binary behaves exactly like the reference on the official suite', async (t) => {
  const loaded = loadTestFile(officialSuite);
  const mismatches: string[] = [];
  // A tuple printed in an error message shows its heap address, which ASLR moves from run to
  // run: such words (three low bits 001, so the last hex digit is 1 or 9) are compared as <tuple>.
  const tupleWords = (text: unknown) => (typeof text === 'string' ? text.replace(/0x[0-9a-f]{7}[19]\b/g, '0x<tuple>') : text);
  const simplify = (o: Record<string, unknown>) => {
    const { durationMs: _d, truncated: _t, limit: _l, stdout, stderr, ...rest } = o;
    return { ...rest, stdout: tupleWords(stdout), stderr: tupleWords(stderr) };
  };
  for (const test of loaded.tests) {
    const programs = await buildMutantPrograms(mtc, { code: test.code!, filename: `${test.name}.fox`, anf: test.anf });
    const run = await runWithoutMutant(mtc, programs, test.heap);
    const reference = official.reference[test.displayName].outcome;
    if (JSON.stringify(simplify(run.outcome)) !== JSON.stringify(simplify(reference))) mismatches.push(test.displayName);
    if (!judge(test.expected, run.outcome).pass) mismatches.push(`${test.displayName} (fails)`);
  }
  t.same(mismatches, [], 'same outcome (status, exit status or signal, stdout, stderr) for every test');
});

t.test('proposed tests: each passes at its heap h on the reference, and its -neg twin at h-1 runs out of memory', { skip: hasProposed ? false : 'no mutants/proposed-tests.json' }, async (t) => {
  t.same(proposed.excluded, [], 'the reference passes every proposed test');
  const loaded = loadTestFile(proposedSuite);
  t.same(loaded.problems, []);
  const byName = new Map(loaded.tests.map((x) => [x.name, x]));
  const positives = loaded.tests.filter((x) => !x.name.endsWith('-neg'));
  t.ok(positives.length > 0);
  for (const test of positives) {
    const twin = byName.get(`${test.name}-neg`);
    t.ok(twin, `${test.name} has a -neg twin`);
    if (!twin) continue;
    t.equal(test.expected.kind, 'value');
    t.same(twin.expected, { kind: 'failure', text: 'out of memory' });
    t.equal(twin.code, test.code, 'same program');
    t.equal(twin.heap, test.heap - 1, 'the twin has one word less');
  }
});
