// grader/heap/: the smallest heap at which a test passes (minimal-heap.ts: fast-check shrinking,
// verified, checked for monotonicity; search.ts, constraints.ts, types.ts), for one test
// (for-test.ts), `fox-grade minimize` (minimize-file.ts, minimize-rewrite.ts), and killing heaps:
// a heap at which a student's program would kill a surviving mutant (killing*.ts).
// May import: reference/, suites/, mutants/, grader/result.ts and safe-write.ts.
export * from './minimal-heap.js';
export * from './for-test.js';
export * from './killing.js';
export * from './minimize-file.js';
