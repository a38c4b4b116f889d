// grader/collector/: grading a student's own collector (c-bits/gc.c, types.c) with the reference
// compiler: reading and checking its sources (source.ts), compiling and linking it in the sandbox
// (compile.ts), running the suites against it (grade-collector.ts; one test: run-test.ts; options and
// result: types.ts), AddressSanitizer (sanitize.ts),
// and the per-phase diagnosis harness (harness.ts, binding.ts; its C side is
// reference/diagnose/diagnose.c, which stays with the runtime it links against).
// May import: reference/, suites/. Lowest folder of grader/: nothing else in grader/ is imported.
export * from './grade-collector.js';
export * from './sanitize.js';
export * from './source.js';
