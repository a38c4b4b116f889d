// Mutant schemata (as in Mull and Stryker): every runtime mutant is compiled into ONE runtime,
// and the mutant to activate is chosen when the program starts, by the environment variable
// FOX_MUTANT=<id> (unset or empty: the reference behaviour). A test program is then linked once
// for all runtime mutants instead of once per mutant.
//
// How a runtime file is rewritten, for each function F that some mutants change (numbered K,
// from 1, in the order of the catalog):
//   - before F's definition, prototypes of the renamed mutated copies `static … F__m<K>(…);`
//   - as F's first statement, one dispatch per mutant:
//       if (fox_active_mutant == K) return F__m<K>(args);        (void F: call, then return)
//   - at the end of the file, the mutated copies themselves, renamed (calls inside a copy go to
//     the original names, which dispatch again, so a mutant changing two functions works);
//   - at the top, `extern int fox_active_mutant;`.
// A generated fox_schemata.c defines fox_active_mutant and a constructor that maps
// getenv("FOX_MUTANT") to K through a table of the ids; an unknown id prints
// `fox: unknown mutant '<id>'` on stderr and exits with status 3.
//
// Codegen mutants are compiler variants: each gets its own build of the program, linked with the
// reference runtime (cached like every build); or, with `codegen: 'combined'` (what grading
// uses), every variant that compiles the program differently is assembled into the schemata
// executable itself, behind an entry that jumps to the variant FOX_CODEGEN names.
//
// Hooks (`schemataSources(…, { hooks: true })`, what createMutantToolchain builds by default;
// inert unless their variable is set, and only in the generated sources, never in
// reference/runtime/):
//   - coverage: each mutated function's first statement sets its counter
//     (`fox_reached[i] = 1;`); FOX_COVERAGE=<path> writes the entered functions at exit, one
//     `file:function` per line. noCoverageReason uses it to skip pairs that cannot kill.
//   - split-stream: try_gc's first statement is `if (fox_split_pending) fox_split();`.
//     FOX_SPLIT_MUTANTS=<id>,<id>… (with FOX_SPLIT_DIR, FOX_SPLIT_TIMEOUT_MS,
//     FOX_SPLIT_MAX_OUTPUT) runs the program with no mutant up to its first call of try_gc,
//     then forks one child per mutant, one at a time (runMutantsSplit).
//   - FOX_CODEGEN=<codegen mutant id> selects a variant of a combined build.
//
// The code, cut along those seams: schemata-sources.ts (generating the sources), schemata-build.ts
// (the toolchain and a test program's builds), schemata-run.ts (one mutant run),
// schemata-split.ts (split-stream), schemata-coverage.ts (pairs that cannot kill). This file is
// their single import for the rest of the project.
export * from './schemata-sources.js';
export * from './schemata-build.js';
export * from './schemata-run.js';
export * from './schemata-split.js';
export * from './schemata-coverage.js';
