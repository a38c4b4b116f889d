// suites/: everything about a test file. The official suite (fox.json, input/) and the test-file
// JSON Schema are data here; the code loads and validates a test file (test-file.ts, with the
// JSON positions of json-scan.ts, its schema in test-file-schema.ts, repository files read by
// read-file.ts), judges an outcome against a test's expected result (judge.ts),
// and compiles and runs one test on the reference (execute.ts). errors.ts is the diagnostic shape
// every layer reports users' input problems in.
// May import: reference/ only. Imported by mutants/, grader/, reports/, bench/.
export * from './errors.js';
export * from './execute.js';
export * from './judge.js';
export * from './suite-files.js';
export * from './test-file.js';
