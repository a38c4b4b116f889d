// killingHeapForMutant: the real mutant catalog (mutants/schemata.ts). A GC test run at the
// default heap collects nothing, so collector mutants survive it; at its minimal heap they die.
import t from 'tap';
import { join } from 'node:path';
import { suitesDir } from '../../../reference/paths.js';
import { findMutant } from '../../../mutants/registry.js';
import { buildMutantPrograms, createMutantToolchain, runMutant } from '../../../mutants/schemata.js';
import { killingHeapForMutant } from '../../../grader/heap/killing-mutant.js';
import { loadTestFile } from '../../../suites/test-file.js';

t.test('a mutant that survives at heap 100000 is killed at the minimal heap', async (t) => {
  const official = loadTestFile(join(suitesDir, 'fox.json')).tests.find((test) => test.name === 'gc-middle')!;
  const test = { ...official, heap: 100000 }; // a student's copy without a heap
  const neverCollects = findMutant('try-gc-never-collects')!;
  const skipsNested = findMutant('mark-skips-nested')!;
  const mtc = await createMutantToolchain({ mutants: [neverCollects, skipsNested] });
  const programs = await buildMutantPrograms(mtc, { code: test.code!, filename: 'gc-middle.fox' });
  const opts = { referenceDurationMs: 10 };

  for (const m of [neverCollects, skipsNested]) {
    const run = await runMutant(mtc, programs, m, test.expected, test.heap, opts);
    t.equal(run.status, 'survived', `${m.id} survives at heap 100000`);
  }

  const killed = await killingHeapForMutant(mtc, programs, neverCollects, test, 14, opts);
  t.same(killed, {
    killingHeap: 14,
    runs: 1,
    seed: 1,
    path: '0',
    note: 'test gc-middle would kill mutant try-gc-never-collects at heap 14',
  });

  // gc-middle has no nested tuple: no heap lets it see this mutant.
  const survives = await killingHeapForMutant(mtc, programs, skipsNested, test, 14, { ...opts, samples: 3, maxRuns: 6 });
  t.equal(survives.killingHeap, null);
  t.equal(survives.note, undefined);
  t.ok(survives.runs >= 1 && survives.runs <= 3, `at most the samples (${survives.runs})`);
});
