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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime } from '../reference/build.js';
import { compile } from '../reference/compiler/index.js';
import type { Dialect } from '../reference/compiler/variants.js';
import { defaultCacheDir } from '../reference/paths.js';
import { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS, runProgram, type RunResult } from '../reference/run.js';
import {
  buildTestProgram,
  anfOutcome,
  createToolchain,
  runAndJudge,
  runBuiltProgram,
  scratchRoot,
  type BuiltProgram,
  type GcStats,
  type ProgramRun,
  type ProgramSource,
  type RunBuiltOptions,
  type Toolchain,
} from '../suites/execute.js';
import { judge, type Expected, type Outcome, type Verdict } from '../suites/judge.js';
import { parseFunctions } from './c-functions.js';
import { mutatedFunctions, referenceSource, runtimeFiles, type Mutant, type RuntimeFile, type RuntimeMutant, type VariantName } from './mutant.js';
import { mutants as catalog } from './registry.js';

/** The environment variable that selects the active mutant of a schemata binary. */
export const MUTANT_ENV = 'FOX_MUTANT';
/** The exit status of a schemata binary started with an id it does not know. */
export const UNKNOWN_MUTANT_EXIT = 3;
/** The generated C file that holds the mutant table. */
export const SCHEMATA_FILE = 'fox_schemata.c';

// ---------------------------------------------------------------------------------------------
// Generating the sources

export interface SchemataSources {
  /** Runtime file contents by name, for buildRuntime's `sources`: the rewritten files and fox_schemata.c. */
  sources: Record<string, string>;
  /** Mutant id → K, the value of fox_active_mutant that activates it (1-based). */
  table: ReadonlyMap<string, number>;
  /**
   * With `hooks`: the mutated functions as `file:function` (`gc.c:mark`), in the order of the
   * coverage counters; what a FOX_COVERAGE file lists. Empty without hooks.
   */
  functions: readonly string[];
  /** With `hooks`: codegen mutant id → J, the value of fox_active_codegen that FOX_CODEGEN selects (1-based). */
  codegen: ReadonlyMap<string, number>;
}

export interface SchemataSourcesOptions {
  /**
   * Add the grading hooks (see "Hooks" below): coverage counters (FOX_COVERAGE), the
   * split-stream fork at the first call of try_gc (FOX_SPLIT_*), and the codegen-variant
   * selector (FOX_CODEGEN). Without a variable set they change nothing. Default false.
   */
  hooks?: boolean;
}

/** The environment variables of the hooks (schemataSources with `hooks`). */
export const COVERAGE_ENV = 'FOX_COVERAGE';
export const CODEGEN_ENV = 'FOX_CODEGEN';
export const SPLIT_ENV = {
  /** Comma-separated runtime mutant ids: fork one child per mutant at the first try_gc. */
  mutants: 'FOX_SPLIT_MUTANTS',
  /** Where each child writes `<i>.out` and `<i>.err`, and the parent `status`. */
  dir: 'FOX_SPLIT_DIR',
  /** Wall-clock limit of each child, in ms, from its fork. */
  timeoutMs: 'FOX_SPLIT_TIMEOUT_MS',
  /** A child may write this many bytes to a stream file (RLIMIT_FSIZE = this + 1). */
  maxOutput: 'FOX_SPLIT_MAX_OUTPUT',
} as const;

function renamed(signature: string, name: string, k: number): string {
  const sig = signature.replace(new RegExp(`\\b${name}\\s*\\(`), `${name}__m${k}(`);
  return /^static\b/.test(sig) ? sig : `static ${sig}`;
}

function cString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function schemataTableFile(ids: readonly string[], hooks?: { functions: readonly string[]; codegen: readonly string[] }): string {
  const plain = [
    `/* ${SCHEMATA_FILE} -- generated by mutants/schemata.ts: selects the active mutant. */`,
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    ...(hooks ? hookIncludes : []),
    '',
    '/* 0: none (the reference behaviour); K: the mutant fox_mutant_ids[K]. */',
    'int fox_active_mutant = 0;',
    '',
    `static const char* const fox_mutant_ids[${ids.length + 1}] = {`,
    '  "",',
    ...ids.map((id) => `  ${cString(id)},`),
    '};',
    '',
    ...(hooks ? hookDefinitions(ids.length, hooks.functions, hooks.codegen) : []),
    '__attribute__((constructor)) static void fox_select_mutant(void) {',
    ...(hooks ? ['  fox_read_hooks();'] : []),
    `  const char* id = getenv(${cString(MUTANT_ENV)});`,
    '  if (id == NULL || id[0] == \'\\0\') return;',
    `  for (int k = 1; k <= ${ids.length}; k++) {`,
    '    if (strcmp(id, fox_mutant_ids[k]) == 0) {',
    '      fox_active_mutant = k;',
    '      return;',
    '    }',
    '  }',
    '  fprintf(stderr, "fox: unknown mutant \'%s\'\\n", id);',
    `  exit(${UNKNOWN_MUTANT_EXIT});`,
    '}',
    '',
  ];
  return plain.join('\n');
}

const hookIncludes = ['#include <errno.h>', '#include <fcntl.h>', '#include <signal.h>', '#include <sys/resource.h>', '#include <sys/wait.h>', '#include <time.h>', '#include <unistd.h>'];

/**
 * The hooks' half of fox_schemata.c (C, one line per array element). The other half is one line
 * at the top of each mutated function (the counter) and of try_gc (the split), see schemataSources.
 */
function hookDefinitions(runtimeCount: number, functions: readonly string[], codegen: readonly string[]): string[] {
  return [
    '/* ---- Hooks (grading only; inert unless their variable is set) ---------------------------- */',
    '',
    `/* ${CODEGEN_ENV}=<id>: the program's entry jumps to that compiler variant's code (0: the reference). */`,
    'int fox_active_codegen = 0;',
    `static const char* const fox_codegen_ids[${codegen.length + 1}] = {`,
    '  "",',
    ...codegen.map((id) => `  ${cString(id)},`),
    '};',
    '',
    `/* ${COVERAGE_ENV}=<path>: at exit, the mutated functions the run entered, one per line. */`,
    `unsigned char fox_reached[${Math.max(1, functions.length)}];`,
    `static const char* const fox_function_names[${Math.max(1, functions.length)}] = {`,
    ...(functions.length === 0 ? ['  "",'] : functions.map((f) => `  ${cString(f)},`)),
    '};',
    'static const char* fox_coverage_path;',
    '',
    'static void fox_write_coverage(void) {',
    '  signal(SIGXFSZ, SIG_IGN);',
    '  FILE* out = fopen(fox_coverage_path, "w");',
    '  if (out == NULL) return;',
    `  for (int i = 0; i < ${functions.length}; i++) {`,
    '    if (fox_reached[i]) fprintf(out, "%s\\n", fox_function_names[i]);',
    '  }',
    '  fclose(out);',
    '}',
    '',
    `/* ${SPLIT_ENV.mutants}=<id>,<id>…: split-stream. The program runs with no mutant up to its`,
    '   first call of try_gc (identical for every collector mutant up to there), then forks one',
    '   child per mutant, one at a time: the child activates its mutant and continues, its stdout',
    `   and stderr (fds 1 and 2) going to <${SPLIT_ENV.dir}>/<i>.out and .err; what the parent wrote`,
    '   to them before the fork is each child\'s output prefix. The parent waits for it at most',
    `   ${SPLIT_ENV.timeoutMs} ms (then kills it) and writes "<i> exit N ms", "<i> signal N ms" or`,
    '   "<i> timeout ms ms" to <dir>/status, then "done …", and leaves with _exit(0), printing nothing. */',
    'int fox_split_pending = 0;',
    `static int fox_split_mutants[${Math.max(1, runtimeCount)}];`,
    'static int fox_split_count;',
    'static const char* fox_split_dir;',
    'static long fox_split_timeout_ms;',
    'static long fox_split_max_output;',
    '',
    'static long fox_elapsed_ms(const struct timespec* start) {',
    '  struct timespec now;',
    '  clock_gettime(CLOCK_MONOTONIC, &now);',
    '  return (long)(now.tv_sec - start->tv_sec) * 1000L + (now.tv_nsec - start->tv_nsec) / 1000000L;',
    '}',
    '',
    'static void fox_split_output(int fd, int i, const char* stream) {',
    '  char path[4096];',
    '  snprintf(path, sizeof path, "%s/%d.%s", fox_split_dir, i, stream);',
    '  int file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);',
    '  if (file < 0) _exit(126);',
    '  dup2(file, fd);',
    '  close(file);',
    '}',
    '',
    '/* The parent writes its status with write(2), never stdio: a FILE would be malloc\'d before',
    '   the fork, and a mutant that writes past the heap would then corrupt other memory than in',
    '   a run of its own. Nothing here allocates. */',
    'static void fox_status(int fd, const char* format, int i, long a, long b) {',
    '  char line[64];',
    '  int n = snprintf(line, sizeof line, format, i, a, b);',
    '  if (n > 0 && write(fd, line, (size_t)n) < 0) _exit(125);',
    '}',
    '',
    '/* stdout is NOT flushed before the forks: what the program printed and stdio still buffers is',
    '   copied into each child, which writes it with its own output, or loses it when it crashes,',
    '   exactly as a run of its own would. The parent never flushes it (it leaves with _exit). */',
    'void fox_split(void) {',
    '  fox_split_pending = 0;',
    '  char path[4096];',
    '  snprintf(path, sizeof path, "%s/status", fox_split_dir);',
    '  int status = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);',
    '  if (status < 0) _exit(125);',
    '  sigset_t chld, old;',
    '  sigemptyset(&chld);',
    '  sigaddset(&chld, SIGCHLD);',
    '  sigprocmask(SIG_BLOCK, &chld, &old);',
    '  for (int i = 0; i < fox_split_count; i++) {',
    '    struct timespec start;',
    '    clock_gettime(CLOCK_MONOTONIC, &start);',
    '    pid_t pid = fork();',
    '    if (pid < 0) {',
    '      fox_status(status, "%d error %ld %ld\\n", i, 0, 0);',
    '      continue;',
    '    }',
    '    if (pid == 0) {',
    '      close(status);',
    '      sigprocmask(SIG_SETMASK, &old, NULL);',
    '      fox_split_output(1, i, "out");',
    '      fox_split_output(2, i, "err");',
    '      if (fox_split_max_output > 0) {',
    '        struct rlimit limit;',
    '        if (getrlimit(RLIMIT_FSIZE, &limit) == 0) {',
    '          rlim_t want = (rlim_t)fox_split_max_output + 1;',
    '          if (limit.rlim_max == RLIM_INFINITY || want < limit.rlim_max) limit.rlim_cur = want;',
    '          setrlimit(RLIMIT_FSIZE, &limit);',
    '        }',
    '      }',
    '      fox_active_mutant = fox_split_mutants[i];',
    '      return;',
    '    }',
    '    int st = 0;',
    '    int timed_out = 0;',
    '    for (;;) {',
    '      pid_t done = waitpid(pid, &st, WNOHANG);',
    '      if (done == pid) break;',
    '      if (done < 0 && errno != EINTR) break;',
    '      long left = fox_split_timeout_ms - fox_elapsed_ms(&start);',
    '      if (left <= 0) {',
    '        kill(pid, SIGKILL);',
    '        waitpid(pid, &st, 0);',
    '        timed_out = 1;',
    '        break;',
    '      }',
    '      struct timespec wait = { left / 1000, (left % 1000) * 1000000L };',
    '      sigtimedwait(&chld, NULL, &wait);',
    '    }',
    '    long ms = fox_elapsed_ms(&start);',
    '    if (timed_out) fox_status(status, "%d timeout %ld %ld\\n", i, ms, ms);',
    '    else if (WIFEXITED(st)) fox_status(status, "%d exit %ld %ld\\n", i, WEXITSTATUS(st), ms);',
    '    else if (WIFSIGNALED(st)) fox_status(status, "%d signal %ld %ld\\n", i, WTERMSIG(st), ms);',
    '    else fox_status(status, "%d error %ld %ld\\n", i, 0, ms);',
    '  }',
    '  fox_status(status, "done %d %ld %ld\\n", fox_split_count, 0, 0);',
    '  close(status);',
    '  _exit(0);',
    '}',
    '',
    '/* The K of a runtime mutant id given as text[0..len), or 0. */',
    'static int fox_mutant_number(const char* text, size_t len) {',
    `  for (int k = 1; k <= ${runtimeCount}; k++) {`,
    '    if (strlen(fox_mutant_ids[k]) == len && strncmp(text, fox_mutant_ids[k], len) == 0) return k;',
    '  }',
    '  return 0;',
    '}',
    '',
    'static void fox_read_hooks(void) {',
    `  const char* codegen = getenv(${cString(CODEGEN_ENV)});`,
    "  if (codegen != NULL && codegen[0] != '\\0') {",
    `    for (int j = 1; j <= ${codegen.length}; j++) {`,
    '      if (strcmp(codegen, fox_codegen_ids[j]) == 0) fox_active_codegen = j;',
    '    }',
    '    if (fox_active_codegen == 0) {',
    '      fprintf(stderr, "fox: unknown codegen variant \'%s\'\\n", codegen);',
    `      exit(${UNKNOWN_MUTANT_EXIT});`,
    '    }',
    '  }',
    `  const char* coverage = getenv(${cString(COVERAGE_ENV)});`,
    "  if (coverage != NULL && coverage[0] != '\\0') {",
    '    fox_coverage_path = coverage;',
    '    atexit(fox_write_coverage);',
    '  }',
    `  const char* split = getenv(${cString(SPLIT_ENV.mutants)});`,
    `  const char* dir = getenv(${cString(SPLIT_ENV.dir)});`,
    "  if (split == NULL || split[0] == '\\0' || dir == NULL || dir[0] == '\\0') return;",
    '  for (const char* at = split; *at != \'\\0\';) {',
    "    const char* end = strchr(at, ',');",
    '    size_t len = end == NULL ? strlen(at) : (size_t)(end - at);',
    '    int k = fox_mutant_number(at, len);',
    `    if (k == 0 || fox_split_count >= ${runtimeCount}) {`,
    '      fprintf(stderr, "fox: unknown mutant \'%.*s\'\\n", (int)len, at);',
    `      exit(${UNKNOWN_MUTANT_EXIT});`,
    '    }',
    '    fox_split_mutants[fox_split_count++] = k;',
    '    at = end == NULL ? at + len : end + 1;',
    '  }',
    '  fox_split_dir = dir;',
    `  const char* timeout = getenv(${cString(SPLIT_ENV.timeoutMs)});`,
    '  fox_split_timeout_ms = timeout != NULL ? atol(timeout) : 15000;',
    '  if (fox_split_timeout_ms <= 0) fox_split_timeout_ms = 15000;',
    `  const char* max_output = getenv(${cString(SPLIT_ENV.maxOutput)});`,
    '  fox_split_max_output = max_output != NULL ? atol(max_output) : 0;',
    '  fox_split_pending = 1;',
    '}',
    '',
  ];
}

/** The function whose first statement holds the split hook (hooks only). */
const SPLIT_FILE: RuntimeFile = 'main.c';
const SPLIT_FUNCTION = 'try_gc';

/**
 * The schemata sources of a set of mutants (codegen mutants are ignored: they change no source,
 * except that with `hooks` their ids are known to the FOX_CODEGEN selector).
 */
export function schemataSources(mutants: readonly Mutant[], opts: SchemataSourcesOptions = {}): SchemataSources {
  const runtime = mutants.filter((m): m is RuntimeMutant => m.kind === 'runtime');
  const seen = new Set<string>();
  for (const m of runtime) {
    if (seen.has(m.id)) throw new Error(`schemata: mutant id '${m.id}' is listed twice`);
    seen.add(m.id);
  }
  const table = new Map(runtime.map((m, i) => [m.id, i + 1]));
  const hooks = opts.hooks === true;
  const codegenIds = hooks ? mutants.filter((m) => m.kind === 'codegen').map((m) => m.id) : [];
  const codegen = new Map(codegenIds.map((id, j) => [id, j + 1]));

  // file → function → the mutated copies, by K
  const copies = new Map<RuntimeFile, Map<string, { k: number; text: string }[]>>();
  for (const m of runtime) {
    for (const f of mutatedFunctions(m)) {
      const byFunction = copies.get(f.file) ?? new Map<string, { k: number; text: string }[]>();
      copies.set(f.file, byFunction);
      byFunction.set(f.original.name, [...(byFunction.get(f.original.name) ?? []), { k: table.get(m.id)!, text: f.mutated }]);
    }
  }
  if (hooks) {
    // The split hook goes into try_gc even when no mutant changes it.
    const byFunction = copies.get(SPLIT_FILE) ?? new Map<string, { k: number; text: string }[]>();
    copies.set(SPLIT_FILE, byFunction);
    if (!byFunction.has(SPLIT_FUNCTION)) byFunction.set(SPLIT_FUNCTION, []);
  }
  // Coverage counters: one per mutated function, in file then source order.
  const functions: string[] = [];

  const sources: Record<string, string> = {};
  for (const file of runtimeFiles) {
    const byFunction = copies.get(file);
    if (byFunction === undefined) continue;
    const source = referenceSource(file);
    let out = `extern int fox_active_mutant; /* ${SCHEMATA_FILE}: the mutant FOX_MUTANT selects */\n`;
    if (hooks) {
      out += `extern unsigned char fox_reached[]; /* ${SCHEMATA_FILE}: coverage counters (${COVERAGE_ENV}) */\n`;
      if (file === SPLIT_FILE) out += `extern int fox_split_pending; /* ${SCHEMATA_FILE}: split-stream (${SPLIT_ENV.mutants}) */\nextern void fox_split(void);\n`;
    }
    let copied = '';
    let at = 0;
    for (const fn of parseFunctions(source, file)) {
      const versions = byFunction.get(fn.name);
      if (versions === undefined) continue;
      const args = fn.params.join(', ');
      const firstLineEnd = fn.start + fn.text.indexOf('\n') + 1;
      out += source.slice(at, fn.start);
      out += versions.map((v) => `${renamed(fn.signature, fn.name, v.k)};\n`).join('');
      out += source.slice(fn.start, firstLineEnd);
      if (hooks && file === SPLIT_FILE && fn.name === SPLIT_FUNCTION) out += '  if (fox_split_pending) fox_split();\n';
      if (hooks && versions.length > 0) {
        out += `  fox_reached[${functions.length}] = 1;\n`;
        functions.push(`${file}:${fn.name}`);
      }
      out += versions
        .map((v) =>
          fn.returnsVoid
            ? `  if (fox_active_mutant == ${v.k}) { ${fn.name}__m${v.k}(${args}); return; }\n`
            : `  if (fox_active_mutant == ${v.k}) return ${fn.name}__m${v.k}(${args});\n`,
        )
        .join('');
      at = firstLineEnd;
      for (const v of versions) {
        const newline = v.text.indexOf('\n');
        copied += `\n/* mutant ${v.k}: ${[...table].find(([, k]) => k === v.k)![0]} */\n`;
        copied += `${renamed(fn.signature, fn.name, v.k)} {${v.text.slice(newline)}\n`;
      }
      byFunction.delete(fn.name);
    }
    if (byFunction.size > 0) throw new Error(`schemata: ${file} has no function ${[...byFunction.keys()].join(', ')}`);
    out += source.slice(at);
    out += `\n/* ------------------------------------------------------------------------------\n * Mutated copies (mutants/schemata.ts)\n * ------------------------------------------------------------------------------ */\n${copied}`;
    sources[file] = out;
  }
  // fox_schemata.c first in the object order, as before (sources are sorted by name anyway).
  return {
    sources: { [SCHEMATA_FILE]: schemataTableFile(runtime.map((m) => m.id), hooks ? { functions, codegen: codegenIds } : undefined), ...sources },
    table,
    functions,
    codegen,
  };
}

// ---------------------------------------------------------------------------------------------
// The API the grading pipeline calls

export interface MutantToolchainOptions {
  /** Default `sp19`. */
  dialect?: Dialect;
  /** Default: FOX_GRADE_CACHE or `.fox-cache/` in the project. */
  cacheDir?: string;
  /** Upper bound of one mutant run's wall clock. Default 15000 (the course's limit). */
  timeoutMs?: number;
  /** Lower bound of one mutant run's wall clock (see mutantTimeoutMs). Default 2000. */
  minTimeoutMs?: number;
  /** A mutant run may take this many times the reference's run time (see mutantTimeoutMs). Default 10. */
  timeoutFactor?: number;
  /** The mutants to serve. Default: the whole catalog (mutants/registry.ts). */
  mutants?: readonly Mutant[];
  /**
   * Build the schemata with the grading hooks (coverage, split-stream, FOX_CODEGEN; see
   * schemataSources). Default true: with none of their variables set they change nothing.
   */
  hooks?: boolean;
}

export interface MutantToolchain {
  dialect: Dialect;
  cacheDir: string;
  timeoutMs: number;
  minTimeoutMs: number;
  timeoutFactor: number;
  mutants: readonly Mutant[];
  /** Runs programs linked with the schemata runtime (every runtime mutant, none active by default). */
  schemata: Toolchain;
  /** Runs programs linked with the reference runtime (codegen mutants, and the reference itself). */
  reference: Toolchain;
  /** Runtime mutant id → its number in the schemata. */
  table: ReadonlyMap<string, number>;
  /** Whether the schemata runtime has the hooks (coverage, split-stream, FOX_CODEGEN). */
  hooks: boolean;
  /** With hooks: the functions the coverage counters track (`gc.c:mark` …). */
  functions: readonly string[];
  /** With hooks: codegen mutant id → its number for FOX_CODEGEN. */
  codegen: ReadonlyMap<string, number>;
}

/** Builds (or finds in the cache) the schemata runtime and the reference runtime. */
export async function createMutantToolchain(opts: MutantToolchainOptions = {}): Promise<MutantToolchain> {
  const dialect = opts.dialect ?? 'sp19';
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const mutants = opts.mutants ?? catalog;
  const hooks = opts.hooks ?? true;
  const { sources, table, functions, codegen } = schemataSources(mutants, { hooks });
  const [schemata, reference] = await Promise.all([
    buildRuntime({ dialect, cacheDir, sources }).then((runtime) => createToolchain({ dialect, cacheDir, timeoutMs, runtime })),
    createToolchain({ dialect, cacheDir, timeoutMs }),
  ]);
  return {
    dialect,
    cacheDir,
    timeoutMs,
    minTimeoutMs: opts.minTimeoutMs ?? 2000,
    timeoutFactor: opts.timeoutFactor ?? 10,
    mutants,
    schemata,
    reference,
    table,
    hooks,
    functions,
    codegen,
  };
}

export interface MutantPrograms {
  readonly program: ProgramSource;
  /** The program linked with the schemata runtime: one executable for every runtime mutant. */
  readonly schemata: BuiltProgram;
  /**
   * The schemata build run with no mutant active (FOX_MUTANT set to '', so that the grader's
   * environment cannot select one): it behaves exactly like the reference (the contract test
   * shows it on the official suite), so the grading pipeline's reference runs use it and the
   * program is linked once instead of twice.
   */
  readonly asReference: BuiltProgram;
  /** The program compiled by a codegen variant, ready to run: built on first use, then shared. */
  variant(name: VariantName): Promise<BuiltProgram>;
  /**
   * Whether the variant compiles this program to exactly the reference's assembly, so that it
   * cannot behave differently on it. False when the program does not run (compile error, ANF test).
   */
  sameCode(name: VariantName): boolean;
}

export interface BuildMutantProgramsOptions {
  /**
   * How the codegen variants are built.
   * - `separate` (default): each on first use, compiled by its variant and linked with the
   *   reference runtime (one link per variant).
   * - `combined` (a toolchain with hooks): every variant whose assembly differs from the
   *   reference's is assembled into the schemata executable itself, whose entry jumps to the code
   *   FOX_CODEGEN names (combinedVariantsAsm): ONE link serves the reference run, every runtime
   *   mutant and every codegen mutant. A variant with the reference's assembly runs the
   *   reference's code. FOX_MUTANT still knows runtime mutants only.
   */
  codegen?: 'separate' | 'combined';
}

/**
 * Builds one test program for every mutant: one schemata link now; the codegen variants lazily
 * (on first use, once), or within that link (`codegen: 'combined'`). Every product is cached by
 * content hash.
 */
export async function buildMutantPrograms(mtc: MutantToolchain, program: ProgramSource, opts: BuildMutantProgramsOptions = {}): Promise<MutantPrograms> {
  const mode = opts.codegen ?? 'separate';
  if (mode === 'combined' && !mtc.hooks) throw new Error("buildMutantPrograms: codegen 'combined' needs a toolchain built with hooks");
  const compiled = compile(program.code, { filename: program.filename, dialect: mtc.dialect });

  // The variants' compiler outputs, each computed once (the compiler is in-process and fast).
  const outputs = new Map<VariantName, ReturnType<typeof compile>>();
  const variantOutput = (name: VariantName) => {
    let out = outputs.get(name);
    if (out === undefined) {
      out = compile(program.code, { filename: program.filename, dialect: mtc.dialect, variant: name });
      outputs.set(name, out);
    }
    return out;
  };
  // Codegen mutant ids of the toolchain (FOX_CODEGEN's table) and their variants.
  const codegenIds = new Map<VariantName, string>();
  for (const id of mtc.codegen.keys()) {
    const m = mtc.mutants.find((x) => x.id === id);
    if (m?.kind === 'codegen') codegenIds.set(m.variant, id);
  }

  let schemata: BuiltProgram;
  // An anf test is judged on its printout, without the static check compile() applies.
  if (program.anf) schemata = { ok: false, outcome: anfOutcome(program, mtc.dialect) };
  else if (!compiled.ok) schemata = { ok: false, outcome: { status: 'compile-error', message: compiled.message } };
  else {
    let asm = compiled.asm;
    if (mode === 'combined') {
      const entries = [...mtc.codegen.keys()].map((id) => {
        const m = mtc.mutants.find((x) => x.id === id);
        const out = m?.kind === 'codegen' ? variantOutput(m.variant) : undefined;
        return out?.ok ? out.asm : undefined;
      });
      asm = combinedVariantsAsm(compiled.asm, entries);
    }
    schemata = { ok: true, exe: await assembleAndLink(asm, mtc.schemata.runtime, { cacheDir: mtc.cacheDir, linker: 'gold' }), anf: compiled.anf };
  }
  const asReference: BuiltProgram = schemata.ok ? { ...schemata, env: { [MUTANT_ENV]: '' } } : schemata;
  const sameCode = (name: VariantName): boolean => {
    if (!schemata.ok || !compiled.ok) return false;
    const out = variantOutput(name);
    return out.ok && out.asm === compiled.asm;
  };

  const variants = new Map<VariantName, Promise<BuiltProgram>>();
  return {
    program,
    schemata,
    asReference,
    sameCode,
    variant(name) {
      let built = variants.get(name);
      if (built === undefined) {
        const id = codegenIds.get(name);
        const out = mode === 'combined' ? variantOutput(name) : undefined;
        if (mode === 'separate' || !schemata.ok || id === undefined || out === undefined) {
          built = buildTestProgram(mtc.reference, program, name);
        } else if (!out.ok) {
          built = Promise.resolve({ ok: false, outcome: { status: 'compile-error', message: out.message } });
        } else {
          built = Promise.resolve({ ok: true, exe: schemata.exe, anf: out.anf, env: { [MUTANT_ENV]: '', [CODEGEN_ENV]: id } });
        }
        variants.set(name, built);
        built.catch(() => variants.delete(name)); // a failed build may be retried
      }
      return built;
    },
  };
}

/** The first lines of every compiler output, and its last one (reference/compiler/codegen.ts). */
const ASM_HEADER = ['bits 32', 'section .text', 'global our_code_starts_here'];
const ASM_TRAILER = 'section .note.GNU-stack noalloc noexec nowrite progbits';
const ENTRY = 'our_code_starts_here';

/**
 * One assembly file holding the reference's code and the variants': each one's labels get the
 * prefix `fox_v<j>_` (j = 0 for the reference, then the first entry with that code), and the
 * entry `our_code_starts_here` jumps through a table, indexed by the runtime's
 * fox_active_codegen (FOX_CODEGEN), to the chosen code. A jump, not a call: the stack is exactly
 * as the runtime's call left it. `variants[i]` is the assembly of codegen id i + 1 (undefined:
 * the reference's code). Throws if an output does not have the expected layout.
 */
export function combinedVariantsAsm(reference: string, variants: readonly (string | undefined)[]): string {
  const bodies: string[] = [reference];
  const index = variants.map((asm) => {
    if (asm === undefined || asm === reference) return 0;
    const seen = bodies.indexOf(asm);
    if (seen >= 0) return seen;
    bodies.push(asm);
    return bodies.length - 1;
  });
  let externs: string | undefined;
  const parts = bodies.map((asm, j) => {
    const { extern, body } = relabel(asm, `fox_v${j}_`);
    if (externs !== undefined && extern !== externs) throw new Error('combinedVariantsAsm: the outputs declare different externs');
    externs = extern;
    return `; ---- ${j === 0 ? 'the reference' : `variant ${j}`}\n${body}`;
  });
  return [
    ...ASM_HEADER,
    externs!,
    'extern fox_active_codegen',
    '',
    `${ENTRY}:                ; FOX_CODEGEN's code (mutants/schemata.ts)`,
    '  mov eax, [fox_active_codegen]',
    '  jmp [fox_codegen_entries + eax*4]',
    '',
    ...parts,
    'section .rodata',
    'align 4',
    'fox_codegen_entries:',
    `  dd fox_v0_${ENTRY}`,
    ...index.map((j) => `  dd fox_v${j}_${ENTRY}`),
    '',
    ASM_TRAILER,
    '',
  ].join('\n');
}

/** A compiler output without its header and trailer, every label it defines prefixed. */
function relabel(asm: string, prefix: string): { extern: string; body: string } {
  const lines = asm.split('\n');
  const problem = (what: string) => new Error(`combinedVariantsAsm: unexpected compiler output (${what})`);
  ASM_HEADER.forEach((line, i) => {
    if (lines[i] !== line) throw problem(`line ${i + 1} is not '${line}'`);
  });
  const extern = lines[ASM_HEADER.length];
  if (!extern.startsWith('extern ')) throw problem('no extern line');
  const rest = lines.slice(ASM_HEADER.length + 1);
  const labels = new Set<string>();
  for (const line of rest) {
    const label = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(line);
    if (label) labels.add(label[1]);
  }
  if (!labels.has(ENTRY)) throw problem(`no ${ENTRY}`);
  const body: string[] = [];
  for (const line of rest) {
    if (line === ASM_TRAILER) continue;
    if (/^\s*(section|segment|global|extern|bits|%)/i.test(line)) throw problem(`'${line.trim()}'`);
    const semicolon = line.indexOf(';');
    const code = semicolon < 0 ? line : line.slice(0, semicolon);
    const comment = semicolon < 0 ? '' : line.slice(semicolon);
    // Identifiers and numbers are tokens: a number (0x7FFFFFFF) is never taken for a label.
    body.push(code.replace(/[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*/g, (word) => (labels.has(word) ? prefix + word : word)) + comment);
  }
  return { extern, body: body.join('\n') };
}

export type MutantRun =
  /** The test fails on the mutant; `reason` is the judge's (`wrong value`, `killed by SIGSEGV`, …). */
  | { status: 'killed'; reason: string; outcome: Outcome }
  /** The mutant ran past its time limit (it is detected, like a kill). */
  | { status: 'timeout'; reason: 'timeout'; outcome: Outcome }
  /** The test passes on the mutant. */
  | { status: 'survived'; outcome: Outcome };

/** A mutant run's wall-clock limit: factor × the reference's time, at least the floor, at most timeoutMs. */
export function mutantTimeoutMs(mtc: MutantToolchain, referenceDurationMs: number): number {
  const scaled = Math.ceil(mtc.timeoutFactor * Math.max(0, referenceDurationMs));
  return Math.min(mtc.timeoutMs, Math.max(mtc.minTimeoutMs, scaled));
}

function schemataIndex(mtc: MutantToolchain, mutant: RuntimeMutant): number {
  const k = mtc.table.get(mutant.id);
  if (k === undefined) {
    throw new Error(`mutant '${mutant.id}' is not in this toolchain's schemata (createMutantToolchain's mutants option)`);
  }
  return k;
}

function mutantRunOf(verdict: Verdict, outcome: Outcome): MutantRun {
  if (verdict.pass) return { status: 'survived', outcome };
  if (outcome.status === 'timeout') return { status: 'timeout', reason: 'timeout', outcome };
  return { status: 'killed', reason: verdict.reason, outcome };
}

/**
 * Runs one test program on one mutant and judges it against the expected result. The program
 * is killed (as a process group) after mutantTimeoutMs(mtc, opts.referenceDurationMs).
 */
export async function runMutant(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  expected: Expected,
  heap: number,
  opts: { referenceDurationMs: number },
): Promise<MutantRun> {
  const timeoutMs = mutantTimeoutMs(mtc, opts.referenceDurationMs);
  let run;
  if (mutant.kind === 'runtime') {
    schemataIndex(mtc, mutant); // throws for a mutant the schemata does not hold
    run = await runAndJudge(mtc.schemata, programs.schemata, expected, heap, { timeoutMs, env: { [MUTANT_ENV]: mutant.id } });
  } else {
    run = await runAndJudge(mtc.reference, await programs.variant(mutant.variant), expected, heap, { timeoutMs });
  }
  return mutantRunOf(run.verdict, run.outcome);
}

/**
 * Runs the schemata build with no mutant active (FOX_MUTANT set to '' so that the grader's own
 * environment cannot select one): it must behave exactly like the reference.
 */
export async function runWithoutMutant(mtc: MutantToolchain, programs: MutantPrograms, heap: number, opts: RunBuiltOptions = {}): Promise<ProgramRun> {
  return runBuiltProgram(mtc.schemata, programs.schemata, heap, { ...opts, env: { ...opts.env, [MUTANT_ENV]: '' } });
}

// ---------------------------------------------------------------------------------------------
// Split-stream: many collector mutants in one process

/** Whether runMutantsSplit can run the mutant: a runtime mutant confined to the collector (onlyInCollector) in the schemata. */
export function splittable(mtc: MutantToolchain, mutant: Mutant): boolean {
  return mtc.hooks && mutant.kind === 'runtime' && mtc.table.has(mutant.id) && onlyInCollector(mutant);
}

// The first name of each number, as Node reports signals (SIGABRT, not its alias SIGIOT).
const signalNames = new Map<number, string>();
for (const [name, number] of Object.entries(osConstants.signals)) if (!signalNames.has(number)) signalNames.set(number, name);

/**
 * Runs several collector mutants (splittable) on one test program in ONE process: the program
 * runs with no mutant up to its first call of try_gc, which is the same for all of them, then
 * forks one child per mutant, one at a time (the hooks of schemataSources). Each child's output
 * is what the program had written before the fork followed by its own (stdio's unflushed buffer
 * is copied into the child, so a crash loses it as in a run of its own). The result is, mutant by mutant,
 * what runMutant gives (same judge, same time limit per mutant, output bounded the same way);
 * a mutant the split could not run (a fork failed, the whole run timed out) is run on its own.
 */
export async function runMutantsSplit(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutants: readonly Mutant[],
  expected: Expected,
  heap: number,
  opts: { referenceDurationMs: number; maxOutputBytes?: number },
): Promise<MutantRun[]> {
  const alone = (m: Mutant) => runMutant(mtc, programs, m, expected, heap, opts);
  if (!programs.schemata.ok || mutants.length === 0 || !mutants.every((m) => splittable(mtc, m))) {
    return Promise.all(mutants.map(alone));
  }
  const timeoutMs = mutantTimeoutMs(mtc, opts.referenceDurationMs);
  const maxOutput = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const caseInsensitive = mtc.dialect === 'fa18';
  // Files in memory (scratchRoot), read synchronously: 2 small files per mutant.
  const dir = mkdtempSync(join(scratchRoot(), 'fox-split-'));
  try {
    const parent = await runProgram(programs.schemata.exe, {
      heap,
      timeoutMs: timeoutMs + mutants.length * (timeoutMs + 1000),
      maxOutputBytes: maxOutput,
      env: {
        [MUTANT_ENV]: '',
        [SPLIT_ENV.mutants]: mutants.map((m) => m.id).join(','),
        [SPLIT_ENV.dir]: dir,
        [SPLIT_ENV.timeoutMs]: String(timeoutMs),
        [SPLIT_ENV.maxOutput]: String(maxOutput),
      },
    });
    const read = (name: string) => {
      try {
        return readFileSync(join(dir, name));
      } catch {
        return undefined;
      }
    };
    const status = read('status')?.toString('utf8');
    if (status === undefined) {
      // No split: the program never called try_gc (or died before), so every mutant does what it did.
      if (parent.status === 'timeout' || parent.durationMs > timeoutMs) return Promise.all(mutants.map(alone));
      const run = mutantRunOf(judge(expected, parent, { caseInsensitive }), parent);
      return mutants.map(() => run);
    }
    const lines = new Map<number, string[]>();
    for (const line of status.split('\n')) {
      const fields = line.split(' ');
      if (/^\d+$/.test(fields[0])) lines.set(Number(fields[0]), fields.slice(1));
    }
    return await Promise.all(
      mutants.map((m, i) => {
        const fields = lines.get(i);
        const [kind, value, ms] = fields ?? [];  // "exit N ms", "signal N ms", "timeout ms ms", "error 0 ms"
        if (fields === undefined || kind === 'error') return alone(m);
        const out = read(`${i}.out`);
        const err = read(`${i}.err`);
        if (out === undefined || err === undefined) return alone(m);
        const stdout = Buffer.concat([Buffer.from(parent.stdout), out]);
        const stderr = Buffer.concat([Buffer.from(parent.stderr), err]);
        const truncated = stdout.length > maxOutput || stderr.length > maxOutput;
        const output = {
          stdout: stdout.subarray(0, maxOutput).toString('utf8'),
          stderr: stderr.subarray(0, maxOutput).toString('utf8'),
          durationMs: Number(ms),
          truncated,
        };
        let outcome: RunResult;
        const signal = kind === 'signal' ? (signalNames.get(Number(value)) ?? `SIG${value}`) : undefined;
        // Output beyond the bound: runProgram kills the process group (SIGKILL) as soon as it sees it.
        if (truncated && kind !== 'timeout') outcome = { status: 'signaled', signal: 'SIGKILL', ...output };
        else if (kind === 'timeout') outcome = { status: 'timeout', limit: 'wall', ...output };
        else if (signal === 'SIGXCPU') outcome = { status: 'timeout', limit: 'cpu', ...output };
        else if (signal !== undefined) outcome = { status: 'signaled', signal, ...output };
        else if (kind === 'exit') outcome = { status: 'exited', exitCode: Number(value), ...output };
        else return alone(m);
        return Promise.resolve(mutantRunOf(judge(expected, outcome, { caseInsensitive }), outcome));
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Coverage

/**
 * The reference runtime's functions that run only inside try_gc: all of gc.c (the collector
 * is called from nowhere else), and try_gc and collect in main.c. A mutant that changes only
 * these cannot change a run in which the program never calls try_gc.
 */
const collectorFunctions: Readonly<Record<RuntimeFile, readonly string[] | 'all'>> = {
  'gc.c': 'all',
  'main.c': ['try_gc', 'collect'],
  'types.c': [],
};

/** Whether every change of the mutant is in code that runs only when the program calls try_gc. */
export function onlyInCollector(mutant: Mutant): boolean {
  if (mutant.kind === 'codegen') return false;
  return mutant.patches.every((p) => {
    const fns = collectorFunctions[p.file];
    return fns === 'all' || fns.includes(p.function);
  });
}

/**
 * Coverage analysis (as Stryker's): whether a test can possibly detect the mutant, given the
 * reference run's GC statistics (FOX_GC_STATS). The reference records a positive `maxDemand` at
 * every call of try_gc, so `maxDemand === 0` means try_gc never ran, and a mutant confined to the
 * collector (onlyInCollector) behaves exactly like the reference: the cell is "no coverage" and
 * need not be run. Without statistics (the run died before writing them), assume it is covered.
 */
export function mutantCovered(mutant: Mutant, referenceStats: Pick<GcStats, 'maxDemand'> | undefined): boolean {
  if (!onlyInCollector(mutant) || referenceStats === undefined) return true;
  return referenceStats.maxDemand > 0;
}

/** Why a (test, mutant) pair is `no-coverage`: the cell's reason. */
export type NoCoverageReason = 'never calls try_gc' | 'mutated code not reached' | 'same code for this program';

const functionKeys = new Map<string, string[]>();

/** The `file:function` keys of the functions a runtime mutant changes (as FOX_COVERAGE names them). */
export function mutatedFunctionKeys(mutant: RuntimeMutant): string[] {
  let keys = functionKeys.get(mutant.id);
  if (keys === undefined) {
    keys = mutatedFunctions(mutant).map((f) => `${f.file}:${f.original.name}`);
    functionKeys.set(mutant.id, keys);
  }
  return keys;
}

/**
 * Why the mutant provably behaves like the reference on this test, so that running it is
 * useless (it would survive), or undefined when it must run:
 * - `never calls try_gc`: a collector-only mutant, and the reference run never called try_gc
 *   (its statistics say maxDemand 0; mutantCovered);
 * - `mutated code not reached`: the reference run (of the schemata build, with FOX_COVERAGE)
 *   never entered any function the mutant changes; the mutant's run is the same instruction
 *   for instruction until it enters one, so it never does either;
 * - `same code for this program`: a codegen mutant whose variant compiles this program to the
 *   reference's very assembly.
 * Programs that do not run (compile error, ANF test) are left alone: they cost nothing.
 */
export function noCoverageReason(
  mtc: MutantToolchain,
  programs: MutantPrograms,
  mutant: Mutant,
  reference: { stats?: Pick<GcStats, 'maxDemand'>; coverage?: readonly string[] },
): NoCoverageReason | undefined {
  if (!programs.schemata.ok) return undefined;
  if (mutant.kind === 'codegen') return programs.sameCode(mutant.variant) ? 'same code for this program' : undefined;
  if (!mutantCovered(mutant, reference.stats)) return 'never calls try_gc';
  const reached = reference.coverage;
  if (reached !== undefined && mtc.hooks) {
    const keys = mutatedFunctionKeys(mutant);
    if (keys.every((key) => mtc.functions.includes(key) && !reached.includes(key))) return 'mutated code not reached';
  }
  return undefined;
}

/** Builds and runs the program on the reference compiler and runtime (its outcome and duration). */
export async function runReference(
  mtc: MutantToolchain,
  program: ProgramSource,
  heap: number,
  opts: RunBuiltOptions = {},
): Promise<ProgramRun & { built: BuiltProgram }> {
  const built = await buildTestProgram(mtc.reference, program);
  return { ...(await runBuiltProgram(mtc.reference, built, heap, opts)), built };
}
