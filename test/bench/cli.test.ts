// bench/cli.ts: the CLI timed as a fresh process, with the breakdown the CLI writes itself
// (FOX_GRADE_TIMINGS). No timing is asserted, only that every part is measured and adds up.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { formatBreakdown, runCli } from '../../bench/cli.js';
import { projectRoot } from '../../reference/paths.js';

// The CLI runs from dist/: build it first.
execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(projectRoot, 'tsconfig.json')], { stdio: 'inherit' });

t.test('fox-grade REPO writes where its seconds go', async (t) => {
  const dir = t.testdir({
    repo: { tests: { 'yourTests.json': JSON.stringify([{ name: 'gc0', code: 'let x = let y = (1, 2, 3) in y[0] in (x, x, x)', result: { value: '(1, 1, 1)' }, heap: 6 }]) } },
    cache: {},
  });
  const version = await runCli(['--version'], { cacheDir: join(dir, 'cache'), cwd: dir });
  t.ok(version.wallMs > 0);
  t.equal(version.timings, undefined, 'no breakdown asked, none read');

  const run = await runCli([join(dir, 'repo'), '--out', join(dir, 'out')], { cacheDir: join(dir, 'cache'), cwd: dir, timingsFile: join(dir, 'timings.json') });
  const ms = run.timings!;
  for (const step of ['startup', 'loading', 'load', 'validate', 'build', 'reference', 'mutants', 'score', 'assemble', 'reports', 'print', 'total']) {
    t.ok(ms[step] >= 0, `${step}: ${ms[step]?.toFixed(1)} ms`);
  }
  // A count, not a time: the reference run, the heap search's runs and the mutant runs at least.
  t.ok(Number.isInteger(ms.programRuns) && ms.programRuns > 2, `programs started: ${ms.programRuns}`);
  const parts = Object.entries(ms).filter(([k]) => k !== 'total' && k !== 'programRuns').reduce((sum, [, v]) => sum + v, 0);
  t.ok(parts <= ms.total + 1, 'the parts do not exceed the total');
  t.ok(parts >= ms.total * 0.8, `the parts cover most of the total (${parts.toFixed(0)} of ${ms.total.toFixed(0)} ms)`);
  t.ok(run.wallMs >= ms.total, 'the wall clock seen from outside includes everything');
  t.match(formatBreakdown({ startup: 0.05, loading: 0.2, total: 1 }), /^startup 0\.05 · loading 0\.20$/);
});
