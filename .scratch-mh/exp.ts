import { readFileSync } from 'node:fs';
import { loadTestFile } from '../grader/test-file.js';
import { createToolchain, buildTestProgram, runBuiltProgram, runAndJudge } from '../grader/execute.js';
const dialect = (process.argv[2] ?? 'sp19') as any;
const tc = await createToolchain({ dialect });
const f = loadTestFile('/work/main/suites/fox.json');
for (const t of f.tests.filter(t => /^gc-/.test(t.name) && !t.name.endsWith('-neg'))) {
  const built = await buildTestProgram(tc, { code: t.code!, filename: t.name + '.fox' });
  const t0 = Date.now();
  const r = await runBuiltProgram(tc, built, t.heap + (dialect==='fa18'?2:0), { stats: true, stress: true });
  const ms = Date.now() - t0;
  const lo = await runAndJudge(tc, built, t.expected, t.heap - 1 + (dialect==='fa18'?2:0));
  console.log(t.name, t.heap, r.stats?.maxDemand, r.stats?.collections, r.outcome.status, ms, 'neg:', lo.verdict.pass, JSON.stringify((lo.outcome as any).stderr));
}
