// grader/witness/: generated Fox programs (program.ts, fast-check arbitraries; render.ts, their
// source) searched for one that kills a given mutant, shrunk to the smallest (search.ts; lab.ts
// memoises, batches and profiles its builds and runs).
// May import: reference/, suites/, mutants/, grader/result.ts.
export * from './search.js';
