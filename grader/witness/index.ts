// grader/witness/: generated Fox programs (program.ts, fast-check arbitraries) searched for one
// that kills a given mutant, shrunk to the smallest (search.ts).
// May import: reference/, suites/, mutants/, grader/result.ts.
export * from './search.js';
