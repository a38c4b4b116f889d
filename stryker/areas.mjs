// The areas of fox-grade that `npm run mutate` measures (issue 14): the code whose mistakes would
// silently mis-grade a student. Each area names the sources Stryker mutates and the test files that
// exercise them. Only tests that run no native program are listed: under qemu-user one native run
// costs ~66 ms and those tests take minutes, and Stryker reruns a test file for every mutant it
// covers. Left out, and why:
// - terminal output (reports/terminal.ts, grader/cli/progress.ts, grader/cli/tty.ts): formatting only;
// - grader/heap/killing-mutant.ts: wiring of killingHeap to the schemata runner; its only
//   behaviour is a native run (test/grader/heap/killing.test.ts, minutes under qemu);
// - grader/heap/types.ts: types only, nothing to mutate;
// - reference/compiler/anf-print.ts: prints ANF for `fox-grade program --anf`, a debugging aid;
// - reference/compiler/codegen.ts: its tests run the programs natively (fixtures/native.ts);
//   measuring it needs those tests, minutes per mutant under qemu (see README, Quality).
// Paths are relative to the project root; `tests` are TypeScript files (stryker/ts-entry.mjs).

/** @type {Record<string, { description: string, mutate: string[], tests: string[] }>} */
export const areas = {
  judging: {
    description: 'test-file loading and judging',
    mutate: ['suites/judge.ts', 'suites/json-scan.ts', 'suites/test-file.ts', 'suites/read-file.ts', 'suites/test-file-schema.ts'],
    tests: [
      'test/suites/judge.test.ts',
      'test/suites/judge-edges.test.ts',
      'test/suites/test-file.test.ts',
      'test/suites/test-file-hostile.test.ts',
      'test/suites/json-scan.test.ts',
      'test/suites/read-file.test.ts',
      'test/suites/test-file-schema.test.ts',
      'test/suites/test-file-schema-missing.test.ts',
    ],
  },
  score: {
    description: 'kill matrix and score',
    mutate: ['grader/grade/6-score.ts'],
    tests: ['test/grader/grade/6-score.test.ts'],
  },
  'coverage-split': {
    description: 'coverage skipping and split-stream result assembly',
    // Not mutants/schemata-split.ts: the split-stream children's outputs are read back there
    // from native runs, measured only by native tests (test/mutants/hooks.test.ts).
    mutate: ['grader/grade/5-mutant-runs.ts', 'mutants/schemata-coverage.ts'],
    tests: ['test/grader/grade/5-mutant-runs.test.ts', 'test/mutants/schemata-coverage.test.ts'],
  },
  'minimal-heap': {
    description: 'minimal-heap search',
    mutate: [
      'grader/heap/minimal-heap.ts',
      'grader/heap/search.ts',
      'grader/heap/killing.ts',
      'grader/heap/constraints.ts',
      'grader/heap/note.ts',
      'grader/heap/out-of-memory.ts',
      'grader/heap/for-test.ts',
    ],
    tests: [
      'test/grader/heap/minimal-heap.test.ts',
      'test/grader/heap/constraints.test.ts',
      'test/grader/heap/note.test.ts',
      'test/grader/heap/killing-search.test.ts',
      'test/grader/heap/search.test.ts',
      'test/grader/heap/out-of-memory.test.ts',
      'test/grader/heap/for-test.test.ts',
    ],
  },
  reporters: {
    description: 'Gradescope and mutation-testing-schema reporters',
    mutate: ['reports/gradescope.ts', 'reports/mutation-json.ts'],
    tests: ['test/reports/gradescope.test.ts', 'test/reports/gradescope-output.test.ts', 'test/reports/mutation-json.test.ts', 'test/reports/mutation-json-edges.test.ts', 'test/reports/registry.test.ts'],
  },
  compiler: {
    description: 'reference compiler (front end and ANF)',
    mutate: [
      'reference/compiler/tokenize.ts',
      'reference/compiler/parse.ts',
      'reference/compiler/check.ts',
      'reference/compiler/anf.ts',
      'reference/compiler/nesting.ts',
      'reference/compiler/variants.ts',
      'reference/compiler/diagnostics.ts',
      'reference/compiler/index.ts',
    ],
    tests: [
      'test/reference/compiler/tokenize.test.ts',
      'test/reference/compiler/parse.test.ts',
      'test/reference/compiler/check.test.ts',
      'test/reference/compiler/anf.test.ts',
      'test/reference/compiler/nesting.test.ts',
      'test/reference/compiler/diagnostics.test.ts',
      'test/reference/compiler/index.test.ts',
      'test/reference/compiler/variant-options.test.ts',
      'test/reference/compiler/anf-edges.test.ts',
      'test/reference/compiler/check-edges.test.ts',
      'test/reference/compiler/index-edges.test.ts',
      'test/reference/compiler/tokenize-edges.test.ts',
      'test/reference/compiler/parse-edges.test.ts',
      'test/reference/compiler/nesting-edges.test.ts',
      'test/reference/compiler/check-if.test.ts',
      'test/reference/compiler/diagnostics-edges.test.ts',
      'test/reference/compiler/nesting-at.test.ts',
    ],
  },
};

/**
 * The areas named in FOX_MUTATE_AREAS (comma-separated), or all of them. Throws on an unknown name.
 * @param {string | undefined} list
 */
export function selectAreas(list = process.env.FOX_MUTATE_AREAS) {
  if (list === undefined || list.trim() === '') return Object.keys(areas);
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(n in areas));
  if (unknown.length > 0) {
    throw new Error(`FOX_MUTATE_AREAS: unknown area(s) ${unknown.join(', ')}; the areas are ${Object.keys(areas).join(', ')}`);
  }
  return names;
}

/** The area a source file belongs to (relative path with `/`), or undefined. */
export function areaOf(file) {
  // A mutate entry may end in a line range: `file.ts:10-20`.
  return Object.keys(areas).find((name) => areas[name].mutate.some((entry) => entry.replace(/:\d+-\d+$/, '') === file));
}

/**
 * One incremental file for every run, committed. A run narrowed by FOX_MUTATE_AREAS keeps the
 * results of the files it does not mutate (Stryker carries them over), so it never shrinks the file;
 * those carried-over results are as of the run that made them. Stryker's reports (git-ignored)
 * include them too.
 */
export const runFiles = {
  incrementalFile: 'stryker/incremental.json',
  html: 'reports/stryker/mutation.html',
  json: 'reports/stryker/mutation.json',
};
