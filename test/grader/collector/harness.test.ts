// The per-phase diagnosis harness (reference/diagnose/diagnose.c) raises no false alarm: with a
// correct collector (the reference's own gc.c, and the example written differently), every
// collection of every official GC test agrees, and the program's output is the reference's.
import t from 'tap';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { assembleAndLink, buildRuntime } from '../../../reference/build.js';
import { compile } from '../../../reference/compiler/index.js';
import { defaultCacheDir, examplesDir, runtimeDir, suitesDir } from '../../../reference/paths.js';
import { bindPhases } from '../../../grader/collector/binding.js';
import { buildDiagnosisRuntime, runDiagnosis, runtimeObjects } from '../../../grader/collector/harness.js';
import { loadTestFile } from '../../../suites/test-file.js';

const cacheDir = defaultCacheDir();
const gcTests = loadTestFile(join(suitesDir, 'fox.json')).tests.filter((x) => x.valid && x.heapGiven && x.code !== undefined);

const collectors: Record<string, string> = {
  'the reference gc.c': await readFile(join(runtimeDir, 'gc.c'), 'utf8'),
  'correct-mark-stack': await readFile(join(examplesDir, 'collectors', 'correct-mark-stack', 'c-bits', 'gc.c'), 'utf8'),
};

const limit = pLimit(2);
const scratch = await mkdtemp(join(tmpdir(), 'fox-harness-test-'));
t.teardown(() => rm(scratch, { recursive: true, force: true }));

t.ok(gcTests.length >= 50, `${gcTests.length} official tests with a heap`);

for (const [label, source] of Object.entries(collectors)) {
  t.test(label, async (t) => {
    const student = await buildRuntime({ cacheDir, sources: { 'gc.c': source } });
    const harness = await buildDiagnosisRuntime(student, await runtimeObjects(student, ['gc.c']), cacheDir, bindPhases(source));
    let collections = 0;
    await Promise.all(
      gcTests.map((test, i) =>
        limit(async () => {
          const compiled = compile(test.code!, { filename: `${test.name}.fox`, dialect: 'sp19', taggedReturnAddresses: true });
          if (!compiled.ok) throw new Error(compiled.message);
          const exe = await assembleAndLink(compiled.asm, harness, { cacheDir });
          const outDir = await mkdtemp(join(scratch, `${label.replace(/\W/g, '')}-${i}-`));
          // A generous limit: gc-many collects about 1000 times, each checked in a child (slow under i386 emulation).
          const d = await runDiagnosis(exe, { heap: test.heap, timeoutMs: 120_000, phaseTimeoutMs: 2000, outDir });
          t.equal(d.status, 'agree', `${test.name}: ${d.message}`);
          collections += d.collections;
        }),
      ),
    );
    t.ok(collections >= gcTests.length, `${collections} collections compared, all in agreement`);
  });
}
