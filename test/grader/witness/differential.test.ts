// Differential fuzzing of generated programs (grader/witness/program.ts): each one must print the
// same thing compiled and run on the reference runtime at the default heap, in stress mode (a
// collection at every allocation), at its minimal heap (the stress run's largest demand: every
// collection there is as tight as it gets), and in the TypeScript interpreter of FOX.md §3
// (test/reference/compiler/fixtures/interpret.ts). fast-check shrinks any disagreement and prints
// it with its seed and path. A fixed budget here; FOX_FUZZ_RUNS=N runs more.
import fc from 'fast-check';
import t from 'tap';
import { buildTestProgram, createToolchain, runBuiltProgram } from '../../../suites/execute.js';
import { DEFAULT_HEAP } from '../../../suites/test-file.js';
import { foxProgram } from '../../../grader/witness/program.js';
import { parse } from '../../../reference/compiler/parse.js';
import { run } from '../../reference/compiler/fixtures/interpret.js';

const RUNS = Number(process.env.FOX_FUZZ_RUNS ?? 8);
const tc = await createToolchain();

async function disagreement(src: string): Promise<string | undefined> {
  const expected = run(parse(src));
  if (expected.error) return `the interpreter reports error ${expected.error.code}`;
  const want = `${expected.stdout.join('\n')}\n`;
  const built = await buildTestProgram(tc, { code: src, filename: 'fuzz.fox' });
  if (!built.ok) return `does not build: ${JSON.stringify(built.outcome)}`;
  const normal = await runBuiltProgram(tc, built, DEFAULT_HEAP);
  const stress = await runBuiltProgram(tc, built, DEFAULT_HEAP, { stress: true, stats: true });
  const minimal = stress.stats === undefined || stress.stats.maxDemand === 0 ? undefined : stress.stats.maxDemand;
  const tight = minimal === undefined ? undefined : await runBuiltProgram(tc, built, minimal);
  const runs: Array<[string, typeof normal | undefined]> = [
    ['default heap', normal],
    ['stress mode', stress],
    [`minimal heap ${minimal}`, tight],
  ];
  for (const [name, r] of runs) {
    if (r === undefined) continue;
    const o = r.outcome;
    if (o.status !== 'exited' || o.exitCode !== 0 || o.stdout !== want) {
      return `${name}: ${JSON.stringify(o)}, the interpreter prints ${JSON.stringify(want)}`;
    }
  }
  return undefined;
}

t.test(`${RUNS} generated programs: reference, stress mode, minimal heap and interpreter agree`, async (t) => {
  await fc.assert(
    fc.asyncProperty(foxProgram(), async (src) => {
      const d = await disagreement(src);
      if (d !== undefined) throw new Error(`${src}\n${d}`);
    }),
    { numRuns: RUNS, seed: Number(process.env.FOX_FUZZ_SEED ?? 11) },
  );
  t.pass(`${RUNS} programs agree`);
});
