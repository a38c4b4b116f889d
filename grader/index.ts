// grader/: grading, one folder per capability, lowest first:
//   collector/  a student's own collector (gc.c): sources, compile, sandbox, sanitize, diagnosis
//   (this folder's files) result.ts, the grade result every reporter views; safe-write.ts; version.ts
//   heap/       the minimal heap of a test (search, verification, minimize --write) and killing heaps
//   witness/    generated Fox programs that kill a mutant
//   grade/      gradeRepo: the numbered pipeline, load → … → report
//   class/      many repositories at once: the class run, all pairs, its cache
//   cli/        commander, the commands, terminal I/O; bin.ts is the installed entry point
// May import: reference/, suites/, mutants/; only cli/ (and bin.ts) may import reports/.
// test/architecture.test.ts checks this order.
export * from './result.js';
export { gradeRepo } from './grade/index.js';
export { gradeCollector } from './collector/index.js';
export { gradeClass } from './class/index.js';
