// grader/class/: grading many repositories as one class run (grade-class.ts): every (test, mutant)
// pair across students at once (all-pairs.ts) and the content-addressed cache of builds and runs
// shared between students (cache.ts, cache-wrap.ts).
// May import: reference/, suites/, mutants/, grader/ below it (collector/, heap/, grade/, result.ts).
export * from './grade-class.js';
