// Loaded into every test process Stryker starts (stryker.config.mjs, tap's nodeArgs). Stryker's
// two workers can run the same test file at once in one sandbox, and tap names a test's
// t.testdir() after the file, the test and the process's arguments only: the two runs shared one
// directory and deleted each other's files, and the failure counted as a kill (suites/test-file.ts
// 298:64 in the run of 30 Nov). An argument naming the worker gives each its own directory.
const worker = process.env.STRYKER_MUTATOR_WORKER;
if (worker !== undefined) process.argv.push(`stryker-worker-${worker}`);
