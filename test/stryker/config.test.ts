// CI's check of `npm run mutate` (issue 14). A real Stryker run takes far longer than CI can spare
// (the suite already takes ~36 of its 90 minutes), so CI checks that the configuration loads and
// names files that exist, and that Stryker's dry run (sandbox, build, the tests with coverage, no
// mutant) passes on one small file.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { projectRoot } from '../../reference/paths.js';

interface Area {
  description: string;
  mutate: string[];
  tests: string[];
}
const { areas, selectAreas, areaOf, runFiles } = (await import(join(projectRoot, 'stryker/areas.mjs'))) as {
  areas: Record<string, Area>;
  selectAreas: (list?: string) => string[];
  areaOf: (file: string) => string | undefined;
  runFiles: { incrementalFile: string; html: string; json: string };
};

/** The configuration as Stryker loads it, with FOX_MUTATE_AREAS set to `list`. */
async function loadConfig(list: string | undefined) {
  const saved = process.env.FOX_MUTATE_AREAS;
  if (list === undefined) delete process.env.FOX_MUTATE_AREAS;
  else process.env.FOX_MUTATE_AREAS = list;
  try {
    // A fresh module each time: the config reads the variable when it loads.
    return (await import(`${join(projectRoot, 'stryker.config.mjs')}?areas=${list ?? ''}`)).default;
  } finally {
    if (saved === undefined) delete process.env.FOX_MUTATE_AREAS;
    else process.env.FOX_MUTATE_AREAS = saved;
  }
}

t.test('the configuration names files that exist, area by area', async (t) => {
  const config = await loadConfig(undefined);
  t.equal(config.testRunner, 'tap');
  t.equal(config.coverageAnalysis, 'perTest', 'each mutant runs only the test files that reach it');
  t.equal(config.incremental, true);
  t.equal(config.incrementalFile, runFiles.incrementalFile);
  t.notMatch(config.incrementalFile, /^reports\//, 'the incremental file is committed, not under the ignored reports/');
  t.ok(config.concurrency <= 2, 'two cores at most');
  for (const [name, area] of Object.entries(areas)) {
    for (const entry of area.mutate) {
      const file = entry.replace(/:\d+-\d+$/, '');
      t.ok(existsSync(join(projectRoot, file)), `${name}: ${file} exists`);
      t.equal(areaOf(file), name, `${file} belongs to ${name} only`);
    }
    for (const test of area.tests) t.ok(existsSync(join(projectRoot, test)), `${name}: ${test} exists`);
  }
  t.same(config.mutate, [...new Set(Object.values(areas).flatMap((a) => a.mutate))], 'every area is mutated by default');
  t.same(config.tap.testFiles, [...new Set(Object.values(areas).flatMap((a) => a.tests))]);
});

t.test('FOX_MUTATE_AREAS narrows the run, and refuses a name it does not know', async (t) => {
  const config = await loadConfig('score');
  t.same(config.mutate, areas.score.mutate);
  t.same(config.tap.testFiles, areas.score.tests);
  t.equal(config.incrementalFile, runFiles.incrementalFile, 'a narrowed run keeps the one incremental file (Stryker carries the other files over)');
  t.same(selectAreas(' judging , score '), ['judging', 'score']);
  t.throws(() => selectAreas('judging,scores'), { message: /unknown area\(s\) scores; the areas are judging, score/ });
});

t.test('npm run mutate runs Stryker area by area, and stops at a name it does not know', async (t) => {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  t.equal(pkg.scripts.mutate, 'node stryker/run.mjs && node stryker/score.mjs');
  const run = await execa(process.execPath, ['stryker/run.mjs'], { cwd: projectRoot, reject: false, env: { FOX_MUTATE_AREAS: 'judging,scores' } });
  t.equal(run.exitCode, 2);
  t.match(run.stderr, /^stryker\/run: FOX_MUTATE_AREAS: unknown area\(s\) scores; the areas are judging, score/);
  t.notMatch(run.stderr, /\n\s+at /, 'a message, not a stack trace');
  t.notMatch(run.stdout, /area 1 of/, 'before any Stryker run starts');
});

t.test("Stryker's dry run passes on one small file", async (t) => {
  // Its own sandbox directory and incremental file: a `npm run mutate` may be running, and the
  // committed incremental file must not change.
  const tempDirName = '.stryker-tmp-ci';
  t.teardown(() => rmSync(join(projectRoot, tempDirName), { recursive: true, force: true }));
  const run = await execa(
    'npx',
    ['stryker', 'run', '--dryRunOnly', '--mutate', 'grader/grade/6-score.ts', '--tempDirName', tempDirName, '--incrementalFile', `${tempDirName}/incremental.json`, '--concurrency', '1', '--reporters', 'clear-text', '--logLevel', 'info'],
    { cwd: projectRoot, env: { FOX_MUTATE_AREAS: 'score' }, all: true, reject: false, timeout: 170_000 },
  );
  t.equal(run.exitCode, 0, run.all?.slice(-3000));
  t.match(run.all, /Instrumented 1 source file\(s\) with \d+ mutant\(s\)/, 'the file was mutated');
  t.match(run.all, /Initial test run succeeded\. Ran \d+ tests?/, 'the tests passed in the sandbox, every mutant off');
});
