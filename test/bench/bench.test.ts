// bench/bench.ts and its parts: the options, the naive grader (checked against fox-grade on the
// same pairs), and `--quick --json` end to end (its documented keys). No timing is asserted:
// the targets are the benchmark's own printed figures.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asPlain, parseArgs } from '../../bench/bench.js';
import { naiveGrade } from '../../bench/naive.js';
import { compareWithNaive } from '../../bench/agreement.js';
import { gradeRepo } from '../../grader/grade/index.js';
import type { GradeResult } from '../../grader/result.js';
import { findMutant } from '../../mutants/registry.js';
import { projectRoot } from '../../reference/paths.js';

t.test('options: the full run, --quick, overrides', async (t) => {
  t.match(parseArgs([]), { quick: false, json: false, repos: 10, tests: 20, seed: 1, repeat: 3 });
  t.match(parseArgs(['--quick', '--json']), { quick: true, json: true, repos: 2, tests: 10, repeat: 1 });
  t.match(parseArgs(['--seed', '7', '--repos', '3', '--naive-tests', '4']), { seed: 7, repos: 3, naiveTests: 4 });
  t.match(parseArgs([]), { classSize: 20, classScaleOnly: false });
  t.match(parseArgs(['--quick']), { classSize: 3 });
  t.match(parseArgs(['--class-scale-only', '--class-size', '200']), { classSize: 200, classScaleOnly: true });
  t.match(parseArgs(['--cli-only', '--tests', '20']), { cliOnly: true, tests: 20 });
  let errors = '';
  const quiet = { writeOut: () => {}, writeErr: (text: string) => (errors += text) };
  t.throws(() => parseArgs(['--repos', 'many'], quiet), /--repos <n>.*needs a whole number, got many/);
  t.throws(() => parseArgs(['--repos', '-2'], quiet), /needs a whole number, got -2/);
  t.throws(() => parseArgs(['--tets', '20'], quiet), /unknown option '--tets'/, 'a misspelt option stops the run before it starts');
  t.match(errors, /unknown option '--tets'/);
  let help = '';
  t.throws(() => parseArgs(['--help'], { writeOut: (text) => (help += text), writeErr: () => {} }), { code: 'commander.helpDisplayed' });
  t.match(help, /--class-scale-only/);
  t.match(help, /--cli-only/);
});

t.test('asPlain reads no-coverage as survived and changes nothing else', async (t) => {
  const result = {
    score: { killed: 1 },
    matrix: { tests: ['a'], mutants: ['m', 'n', 'o'], cells: [[{ status: 'no-coverage', reason: 'never calls try_gc' }, { status: 'killed', reason: 'wrong value' }, { status: 'survived', reason: 'survived' }]] },
  } as unknown as GradeResult;
  t.same(asPlain(result), { ...result, matrix: { ...result.matrix, cells: [[{ status: 'survived', reason: 'survived' }, { status: 'killed', reason: 'wrong value' }, { status: 'survived', reason: 'survived' }]] } });
});

t.test('the naive grader finds what fox-grade finds, building everything from scratch', async (t) => {
  const dir = t.testdir({
    repo: {
      tests: {
        'yourTests.json': JSON.stringify([
          { name: 'middle', code: 'let a = (1, 2), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)', result: { value: '((1, 2), (7, 8), 5)' }, heap: 14 },
          { name: 'wrong', code: '(1, 2)', result: { value: '(2, 1)' } },
        ]),
      },
    },
    work: {},
  });
  const ids = ['try-gc-off-by-one', 'mark-skips-nested', 'print-drops-last', 'elements-from-word-one'];
  const selected = ids.map((id) => findMutant(id)!);
  const naive = await naiveGrade(
    [
      { id: 'middle', code: 'let a = (1, 2), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)', heap: 14, expected: { kind: 'value', text: '((1, 2), (7, 8), 5)' } },
      { id: 'wrong', code: '(1, 2)', heap: 100000, expected: { kind: 'value', text: '(2, 1)' } },
    ],
    { mutants: selected, jobs: 2, workDir: join(dir, 'work') },
  );
  t.same(naive.valid, ['middle'], 'validity from a fresh reference build');
  t.equal(naive.builds, 2 + ids.length, 'one build per test and per (valid test, mutant) pair');
  const fox = await gradeRepo(join(dir, 'repo'), { jobs: 2, mutantIds: ids, minimize: false, cacheDir: join(dir, 'cache') });
  const plain = asPlain(fox).matrix;
  const row = ids.map((id) => plain.cells[0][plain.mutants.indexOf(id)].status).map((s) => (s === 'timeout' ? 'killed' : s));
  t.same(ids.map((id) => naive.cells.middle[id]), row, `same cells: ${row.join(', ')}`);
  t.ok(row.includes('killed') && row.includes('survived'), 'a mix');
  t.same(compareWithNaive(fox, naive, '').disagreements, [], 'the benchmark\'s agreement check finds none');

  // A machine too loaded for the fast limit (1 ms): every run overruns it, the run at the course's limit decides.
  const loaded = await naiveGrade([{ id: 'middle', code: 'let a = (1, 2), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)', heap: 14, expected: { kind: 'value', text: '((1, 2), (7, 8), 5)' } }], {
    mutants: selected,
    jobs: 2,
    workDir: join(dir, 'work'),
    minTimeoutMs: 1,
    timeoutFactor: 0,
  });
  t.same(loaded.cells.middle, naive.cells.middle, 'the same cells under load');
  t.equal(loaded.unconfirmedTimeouts, ids.length, 'every fast-limit timeout was the load');
});

t.test('`npm run bench -- --quick --json` prints the documented figures', async (t) => {
  // The benchmark runs from dist/ (its contenders are child processes): build it first.
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(projectRoot, 'tsconfig.json')], { stdio: 'inherit' });
  const out = execFileSync(process.execPath, [join(projectRoot, 'dist', 'bench', 'bench.js'), '--quick', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const f = JSON.parse(out);
  for (const key of ['naiveOverFoxGrade', 'foxGradeOverFloor']) t.ok(f.ratios[key] > 0, `ratios.${key} = ${f.ratios[key]}`);
  for (const key of ['heapSearchRunsPerTest', 'bisectionRunsPerTest', 'peakMemoryMB', 'perStudentSeconds']) t.ok(f[key] > 0, `${key} = ${f[key]}`);
  t.ok(f.bisectionRunsPerTest >= 17, 'a bisection over [1, 100000] takes at least 17 runs');
  // Each differing cell, with both sides' statuses and reasons, is in the message.
  const differences = f.resultsIdentical.modeDifferences as { splitVsPlain: string[]; coverageVsPlain: string[] };
  t.same(f.resultsIdentical.coverageVsPlain, true, `coverage does not change the result: ${differences.coverageVsPlain.join(' | ')}`);
  t.same(f.resultsIdentical.splitVsPlain, true, `nor does split-stream: ${differences.splitVsPlain.join(' | ')}`);
  const [agree, total] = String(f.resultsIdentical.naiveAgreement).split(' ')[0].split('/').map(Number);
  t.ok(total > 0 && agree === total, `naive vs fox-grade: ${f.resultsIdentical.naiveAgreement}`);
  t.same(f.resultsIdentical.naiveDisagreements, [], 'no disagreeing pair listed');
  t.equal(f.targets.naiveAgreement.met, true);
  t.type(f.resultsIdentical.naiveUnconfirmedTimeouts, 'number');
  t.equal(f.class.repos, 2);
  t.equal(f.class.testsPerRepo, 10);
  t.equal(f.heapSearchSameAnswer, f.heapSearchTests, 'the search and the bisection agree');
  t.equal(f.classScale.students, 3);
  t.ok(f.classScale.wallSeconds > 0 && f.classScale.peakRssMB > 0, 'class-scale wall time and memory');
  t.equal(f.classScale.regrade.studentsFromCache, 2, 'the re-grade takes the unchanged students from the cache');
  t.ok(f.classScale.regrade.cellsFromCache > 0, "and the changed student's unchanged pairs");
  t.ok(f.classScale.regradeRatio > 0 && f.classScale.regradeRatio < 1, `re-grade ratio ${f.classScale.regradeRatio}`);
  for (const target of ['perStudent', 'naive', 'floor', 'memory', 'regrade']) t.type(f.targets[target].met, 'boolean', `target ${target} is reported`);
  for (const c of Object.values(f.contenders) as Array<{ wallSeconds: number; cpuSeconds: number }>) t.ok(c.wallSeconds > 0 && c.cpuSeconds > 0);
  // The CLI as a TA runs it, in the same run as the exec floor.
  t.ok(f.cli.version.medianSeconds > 0 && f.cli.cold.wallSeconds > 0 && f.cli.warm.wallSeconds > 0, 'CLI: --version, cold and warm timed');
  for (const step of ['startup', 'loading', 'load', 'build', 'reference', 'mutants', 'reports', 'print', 'total']) {
    t.type(f.cli.warm.breakdown[step], 'number', `the warm run's breakdown has ${step}`);
  }
  for (const target of ['cliWarm', 'cliWarmNoCache', 'cliVersion', 'naiveAgreement']) t.type(f.targets[target].met, 'boolean', `target ${target} is reported`);
  t.ok(f.cli.warmNoCache.wallSeconds > 0, 'warm --no-cache timed');
  // The exec floor of the TA's command: a warm run from the result cache starts at most the
  // reference runs of the tests the reference failed (a pass is cached, a failure runs again).
  t.ok(f.cliExec.foxProgramMs > 0 && f.cliExec.nativeMs > 0, 'one program start measured');
  t.ok(f.cliExec.programRuns <= f.class.testsPerRepo && f.cliExec.programRuns < f.cliExec.noCache.programRuns, `programs started: warm ${f.cliExec.programRuns} (at most one per test), --no-cache ${f.cliExec.noCache.programRuns}`);
  t.ok(f.cliExec.noCache.floorSeconds > 0 && f.cliExec.floorSeconds >= 0 && f.cliExec.nativeEstimateSeconds <= f.cli.warm.wallSeconds);
});
