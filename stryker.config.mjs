// StrykerJS on fox-grade itself (issue 14): `npm run mutate`. The areas, their sources and their
// tests are in stryker/areas.mjs; FOX_MUTATE_AREAS=judging,score narrows a run to some of them.
import { areas, runFiles, selectAreas } from './stryker/areas.mjs';

const selected = selectAreas();

const unique = (list) => [...new Set(list)];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  // Each test file in its own process, one process per file per mutant: built once to plain .js
  // (stryker/build.mjs), run by its .ts name (stryker/ts-entry.mjs).
  buildCommand: 'node stryker/build.mjs',
  tap: {
    testFiles: unique(selected.flatMap((name) => areas[name].tests)),
    // tap's own mock loader, which `tap` adds to the files it runs: t.mockImport needs it
    // (test/grader/heap/for-test.test.ts replaces the program runner with a fake runtime);
    // and each worker's test processes get their own t.testdir() directories (worker-fixtures.mjs).
    nodeArgs: ['--import', './stryker/ts-entry.mjs', '--import', '@tapjs/mock/import', '--import', './stryker/worker-fixtures.mjs'],
    // A test file stops at its first failure: the mutant is killed, the rest would be wasted time.
    forceBail: true,
  },
  mutate: unique(selected.flatMap((name) => areas[name].mutate)),
  // Each mutant runs only the test files that reached it in the dry run.
  coverageAnalysis: 'perTest',
  // Committed (stryker/areas.mjs, runFiles): a re-run tests only the mutants whose code or
  // covering tests changed.
  incremental: true,
  incrementalFile: runFiles.incrementalFile,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: runFiles.html },
  jsonReporter: { fileName: runFiles.json },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // 2 cores shared with others: more runners only queue.
  concurrency: 2,
  // A loaded machine stretches a test file's start-up (several seconds under load); a mutant is
  // a timeout only well past that.
  timeoutMS: 20000,
  tempDirName: '.stryker-tmp',
  // Not needed by the tests in scope, and big: dist/ (built CLI), the native build cache.
  ignorePatterns: ['.stryker-tmp*', 'dist', '.fox-cache', '.tap', 'fox-grade-report', 'fox-grade-class', '.scratch*', '*.tgz'],
  thresholds: { high: 90, low: 85, break: null },
};
