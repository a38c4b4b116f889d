// The committed witnesses (mutants/witnesses.json, the output of `fox-grade mutants --witness
// --json`): every mutant of the catalog has one, so a newly added mutant fails here until its
// witness is searched and committed; and each witness, on its own in an otherwise empty test
// file, passes the reference and kills its mutant. A sample of them here (FOX_WITNESS_ALL=1: all).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { projectRoot } from '../../reference/paths.js';
import { judge } from '../../suites/judge.js';
import { loadTestFile } from '../../suites/test-file.js';
import { findMutant, mutants } from '../../mutants/registry.js';
import { buildMutantPrograms, createMutantToolchain, runMutant, runReference } from '../../mutants/schemata.js';
import type { WitnessResult } from '../../grader/witness/search.js';
import { medianLines } from '../../grader/cli/commands/mutants-witness.js';

const file = join(projectRoot, 'mutants', 'witnesses.json');
const committed = JSON.parse(readFileSync(file, 'utf8')) as { seed: number; witnesses: WitnessResult[] };
const byId = new Map(committed.witnesses.map((w) => [w.mutant, w]));
const mtc = await createMutantToolchain();

t.test('every mutant of the catalog has a committed witness', async (t) => {
  // No exception: a mutant without a witness, a newly added one included, fails here.
  for (const m of mutants) {
    const w = byId.get(m.id);
    t.equal(w?.status, 'found', `${m.id} has a witness (else: fox-grade mutants --witness --json > mutants/witnesses.json)`);
  }
  t.same(committed.witnesses.map((w) => w.mutant).filter((id) => findMutant(id) === undefined), [], 'no witness of a mutant that is gone');
  const median = medianLines(committed.witnesses);
  t.ok(median !== undefined && median <= 3, `median witness: ${median} lines`);
});

// A sample spread over the phases (every one with FOX_WITNESS_ALL=1).
const SAMPLE = ['mark-skips-nested', 'forward-no-padding', 'redirect-heap-only', 'compact-size-after-move', 'print-drops-last', 'tail-call-as-call'];
const chosen = process.env.FOX_WITNESS_ALL === '1' ? mutants.map((m) => m.id) : SAMPLE.filter((id) => findMutant(id) !== undefined);

t.test(`${chosen.length} witnesses, each alone in a test file, pass the reference and kill their mutant`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fox-witness-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const id of chosen) {
    const w = byId.get(id);
    if (w?.status !== 'found') {
      t.fail(`${id} has no witness`);
      continue;
    }
    // The test as a student would add it: a test file of its own, loaded and validated.
    const suite = join(dir, `${id}.json`);
    writeFileSync(suite, JSON.stringify([w.test], null, 2));
    const loaded = loadTestFile(suite);
    t.same(loaded.problems, [], `${id}: a valid test file`);
    const test = loaded.tests[0];
    if (!test.valid || test.code === undefined) {
      t.fail(`${id}: ${test.problem}`);
      continue;
    }
    const program = { code: test.code, filename: `${test.name}.fox` };
    const ref = await runReference(mtc, program, test.heap);
    t.ok(judge(test.expected, ref.outcome).pass, `${id}: the reference passes ${test.name}`);
    const run = await runMutant(mtc, await buildMutantPrograms(mtc, program), findMutant(id)!, test.expected, test.heap, {
      referenceDurationMs: ref.durationMs,
    });
    t.not(run.status, 'survived', `${id}: ${test.name} kills it (${run.status === 'survived' ? 'survived' : run.reason})`);
  }
});
