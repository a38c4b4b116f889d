// Grading a student's own collector (`fox-grade gc`, and `collector` in the grade result with
// --gc): their c-bits/gc.c and types.c (with their gc.h and types.h) are built into the runtime
// in place of the reference's, next to the REFERENCE main.c, and the reference compiler's
// programs are linked with it. The official suite (suites/fox.json) and any instructor suites
// run on it; a failing test is run again under the per-phase diagnosis harness
// (reference/diagnose/diagnose.c), which names the first phase whose result differs from the
// reference's; --sanitize adds a run of each test under AddressSanitizer.
//
// The student's C is untrusted: only the needed files are read (source.ts), and
// everything that compiles or runs it does so in a jail (reference/sandbox.ts: bubblewrap, or an
// unprivileged uid of its own, or nothing only with unsafeNoSandbox), under run.ts's wall clock,
// rlimits (ASan runs included, sized for its shadow memory) and kill of everything it started.
// The reference's own programs (is a test valid?) run as before, outside.
//
// ## The result (CollectorResult)
//
// {
//   version: 1,
//   repo: 'alice',                       the repository's directory name
//   dialect: 'sp19',
//   verdict: 'passed 120/148 tests; first wrong phase: forward (12 failing tests)'
//            | 'build failed: c-bits/gc.c:12:5: error: …' | 'no collector: …',
//   error?: Diagnostic,                  the repo has no usable collector (E_GC_MISSING, E_GC_SYMLINK …)
//   build: { ok, files: [{ name, path, from }], warnings: CompilerMessage[], errors?: CompilerMessage[] },
//   signatureProblems?: [{ function, problem, message, expected, actual? }],   diagnosis off when present
//   sanitizer?: { enabled, leakCheck, notes },                                   with --sanitize
//   containment: 'bubblewrap' | 'user' | 'none' | 'not run',  how the student's C was contained
//   suites: [{ file, hidden, tests: CollectorTest[], passed, total, problems? }],
//   score: { passed, total },            over the counted tests of every suite
//   diagnosis?: { available, reason?, diagnosed, byPhase, phase?, example? },
//   notes: string[],
// }
//
// A CollectorTest is { name, pass, counted?: false, reason?, expected?, actual?, diagnosis?,
// sanitizer? }. Tests of a hidden suite carry only { name, pass, counted?, reason } where reason
// is a class (HiddenReason): never their code, expected output or what the program printed. A
// test the reference itself does not pass (with this dialect) has counted: false and is left out
// of `total`. Everything is deterministic: no durations, no absolute addresses or paths.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { assembleAndLink, BuildError, buildRuntime, type Runtime } from '../../reference/build.js';
import { compile } from '../../reference/compiler/index.js';
import { defaultCacheDir, runtimeDir, suitesDir } from '../../reference/paths.js';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, RunError, runProgram, type RunLimits } from '../../reference/run.js';
import { requireContainment, SandboxError, type Containment, type ContainmentKind } from '../../reference/sandbox.js';
import type { Diagnostic } from '../../suites/errors.js';
import { anfOutcome } from '../../suites/execute.js';
import { judge, type Expected, type Outcome, type Verdict } from '../../suites/judge.js';
import type { Dialect } from '../../reference/compiler/variants.js';
import {
  analyzeSources,
  formatCompilerMessage,
  objectSymbols,
  parseGccOutput,
  parseLinkerOutput,
  repoNamer,
  scrubPaths,
  signatureProblems as findSignatureProblems,
  type CompilerMessage,
  type SignatureProblem,
} from './compile.js';
import {
  buildDiagnosisRuntime,
  DIAGNOSED_PHASES,
  runDiagnosis,
  runtimeObjects,
  type DiagnosedPhase,
  type TestDiagnosis,
} from './harness.js';
import {
  ASAN_CFLAGS,
  ASAN_LDFLAGS,
  asanOptions,
  classifySanitizedRun,
  probeLeakSanitizer,
  studentFileNamer,
  type SanitizerFinding,
} from './sanitize.js';
import { bindPhases, formatBinding, stubPhases, type BoundPhase, type PhaseBinding } from './binding.js';
import { COLLECTOR_DIR, readCollectorSources, type SourceFile } from './source.js';
import { loadTestFile, type LoadedTest } from '../../suites/test-file.js';

export type { CompilerMessage, SignatureProblem } from './compile.js';
export type { DiagnosedPhase, TestDiagnosis, WordDifference } from './harness.js';
export type { SanitizerFinding } from './sanitize.js';
export type { SourceFile } from './source.js';

export const collectorResultVersion = 1;

/** The official suite, run unless `official: false`. */
export const OFFICIAL_SUITE = join(suitesDir, 'fox.json');
const OFFICIAL_LABEL = 'suites/fox.json';
/** Words the fa18 offering lost to its heap rounding (FOX.md §8): its tests' heaps are 2 larger. */
const FA18_EXTRA_WORDS = 2;
const MAX_ACTUAL_CHARS = 2000;

// ---------------------------------------------------------------------------------------------
// Options and result
// ---------------------------------------------------------------------------------------------

export interface SuiteSpec {
  path: string;
  /** Hidden tests show their name, pass/fail and a reason class only. Default true. */
  hidden?: boolean;
  /** Where `"code": "file"` programs live; default `input/` beside the file. */
  inputsDir?: string;
  /** How the result names the file; default the path as given. */
  label?: string;
}

export interface GradeCollectorOptions {
  /** Default `sp19`. */
  dialect?: Dialect;
  /** Run suites/fox.json. Default true. */
  official?: boolean;
  /** Instructor suites; a plain path is a hidden suite. */
  suites?: (string | SuiteSpec)[];
  /** Also run every test under AddressSanitizer (+ LeakSanitizer where it works). */
  sanitize?: boolean;
  /** Diagnose failing visible tests phase by phase. Default true. */
  diagnose?: boolean;
  /** Count a test only when the reference runtime passes it. Default true. */
  referenceCheck?: boolean;
  /** Tests run at once. Default: the number of cores. */
  jobs?: number;
  cacheDir?: string;
  /** Wall clock of one program run (the CPU limit follows it). Default 15000. */
  timeoutMs?: number;
  /** Time the diagnosis gives each run of the student's code at one collection. Default 2000. */
  phaseTimeoutMs?: number;
  /**
   * Compile the programs so that return addresses on the stack carry the tuple tag (codegen.ts
   * `taggedReturnAddresses`): a collector that takes return addresses for roots then fails
   * reliably instead of by luck. Default true.
   */
  taggedReturnAddresses?: boolean;
  /** Called as tests finish (all suites together), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Run student C uncontained where no sandbox works here (--unsafe-no-sandbox). Default false: refuse. */
  unsafeNoSandbox?: boolean;
}

/**
 * Student C is compiled as the course's toolchain accepted it: gcc < 10 put tentative
 * definitions (`int* HEAP_END;` in gc.c as well as main.c) in common storage; gcc >= 10 makes
 * them duplicate definitions.
 */
export const STUDENT_CFLAGS: readonly string[] = ['-fcommon'];

export interface CollectorBuild {
  ok: boolean;
  /** The files built: the student's, and the reference's where the student has none. */
  files: SourceFile[];
  /** gcc -Wall's warnings, located (`c-bits/gc.c`, line, col). */
  warnings: CompilerMessage[];
  /** Present when the build failed. */
  errors?: CompilerMessage[];
}

/** Why a hidden test failed, without anything about its content. */
export type HiddenReason = 'wrong output' | 'runtime error' | 'crashed' | 'timeout' | 'memory error' | 'invalid test' | 'build error';

export interface CollectorTest {
  name: string;
  pass: boolean;
  /** false: the test does not count (invalid, or the reference fails it too). Absent: it counts. */
  counted?: false;
  /** Why it failed: the judge's phrase (visible) or a HiddenReason (hidden). */
  reason?: string;
  /** Visible failing tests only. */
  expected?: Expected;
  /** What the program printed (trimmed stdout for a value test, stdout + stderr for a failure test), clipped. */
  actual?: string;
  /** Visible failing tests, when the diagnosis is available. */
  diagnosis?: TestDiagnosis;
  /** With --sanitize, visible tests whose sanitized run reported something. */
  sanitizer?: SanitizerFinding;
}

export interface CollectorSuite {
  /** `suites/fox.json`, or the instructor's path as given. */
  file: string;
  hidden: boolean;
  tests: CollectorTest[];
  passed: number;
  /** Counted tests. */
  total: number;
  /** File-level problems (a hidden suite's carry only their code). */
  problems?: string[];
}

export interface SanitizerSetup {
  enabled: boolean;
  /** LeakSanitizer runs (detect_leaks=1); false when it does not work here (see notes). */
  leakCheck: boolean;
  notes: string[];
  /** Tests whose sanitized run ended without the sanitizer's verdict (an `internal-error` finding). */
  unchecked?: number;
}

export interface DiagnosisSummary {
  available: boolean;
  /** Why it is not available. */
  reason?: string;
  /** Failing visible tests that were diagnosed. */
  diagnosed: number;
  /** How many failing visible tests blame each phase. */
  byPhase: Partial<Record<DiagnosedPhase, number>>;
  /** The phase blamed most (ties: the earlier phase). */
  phase?: DiagnosedPhase;
  example?: { test: string; message: string };
  /** Failing tests where gc() does more than its four phases: no phase is blamed. */
  unattributed?: number;
  /** How the phases' arguments were bound: `mark(stack_top, first_frame, stack_bottom, heap_start) by parameter names`. */
  binding?: string[];
  /** Phases that are still the starter's stubs (reported as not implemented, never blamed). */
  notImplemented?: BoundPhase[];
}

export interface CollectorResult {
  version: typeof collectorResultVersion;
  repo: string;
  dialect: Dialect;
  /** One line for people: `passed 120/148 tests; …`, `build failed: c-bits/gc.c:12:5: error: …`. */
  verdict: string;
  /** The repository has no usable collector. */
  error?: Diagnostic;
  build: CollectorBuild;
  /** Present when a collector function is missing or has another signature: no per-phase diagnosis. */
  signatureProblems?: SignatureProblem[];
  sanitizer?: SanitizerSetup;
  suites: CollectorSuite[];
  score: { passed: number; total: number };
  diagnosis?: DiagnosisSummary;
  /** How the student's C was compiled and run (reference/sandbox.ts); `not run` when it was not. */
  containment: ContainmentKind | 'not run';
  notes: string[];
}

/** The address space of a sanitized run: ASan's shadow of a 32-bit program (512 MiB) and its allocator's regions. */
export const ASAN_ADDRESS_SPACE_MB = 2048;

// ---------------------------------------------------------------------------------------------
// Suites
// ---------------------------------------------------------------------------------------------

interface LoadedSuite {
  label: string;
  hidden: boolean;
  /** Heaps given by the test are raised by this (the official sp19 suite under fa18). */
  heapExtra: number;
  tests: LoadedTest[];
  problems: string[];
}

function loadSuites(opts: GradeCollectorOptions, dialect: Dialect): LoadedSuite[] {
  const specs: SuiteSpec[] = [];
  if (opts.official !== false) specs.push({ path: OFFICIAL_SUITE, hidden: false, label: OFFICIAL_LABEL });
  for (const s of opts.suites ?? []) specs.push(typeof s === 'string' ? { path: s, hidden: true } : s);
  return specs.map((spec) => {
    const hidden = spec.hidden ?? true;
    const loaded = loadTestFile(resolve(spec.path), { inputsDir: spec.inputsDir && resolve(spec.inputsDir), dialect });
    const problems = loaded.problems.map((p) => (hidden ? `${p.code}` : `${p.code}: ${p.message}`));
    const official = spec.path === OFFICIAL_SUITE;
    return {
      label: spec.label ?? spec.path,
      hidden,
      heapExtra: official && dialect === 'fa18' ? FA18_EXTRA_WORDS : 0,
      tests: loaded.tests,
      problems,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The reference's verdicts (is a test valid with this dialect?), shared by every repo graded
// in this process
// ---------------------------------------------------------------------------------------------

const referenceVerdicts = new Map<string, Promise<Verdict>>();

function referenceVerdict(asm: string, expected: Expected, heap: number, dialect: Dialect, cacheDir: string, timeoutMs: number): Promise<Verdict> {
  const key = createHash('sha256').update(JSON.stringify({ asm, expected, heap, dialect, cacheDir, timeoutMs })).digest('hex');
  let verdict = referenceVerdicts.get(key);
  if (verdict === undefined) {
    verdict = (async () => {
      const runtime = await buildRuntime({ dialect, cacheDir });
      const exe = await assembleAndLink(asm, runtime, { cacheDir });
      const run = await runProgram(exe, { heap, timeoutMs, limits: cpuLimit(timeoutMs) });
      return judge(expected, run, { caseInsensitive: dialect === 'fa18' });
    })();
    verdict.catch(() => referenceVerdicts.delete(key));
    referenceVerdicts.set(key, verdict);
  }
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// Grading
// ---------------------------------------------------------------------------------------------

interface Context {
  dialect: Dialect;
  cacheDir: string;
  timeoutMs: number;
  phaseTimeoutMs: number;
  referenceCheck: boolean;
  student: Runtime;
  asan?: { runtime: Runtime; leaks: boolean };
  containment: Containment;
  /** The harness runtime, built on first need; undefined when the diagnosis is off or failed. */
  diagnosisRuntime?: () => Promise<Runtime | undefined>;
  studentFile: (printed: string) => string | undefined;
  scratch: string;
  taggedReturnAddresses: boolean;
  /** Phases still the starter's stubs. */
  stubs: BoundPhase[];
}

/** The reference runtime's files (name → content), as buildRuntime sees them before overrides. */
export async function referenceRuntimeFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(runtimeDir)).sort()) {
    if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[ch]$/.test(name)) files.set(name, await readFile(join(runtimeDir, name), 'utf8'));
  }
  return files;
}

/** run.ts's limits with the CPU time following the wall clock (a --timeout above 15 s is not cut short). */
function cpuLimit(timeoutMs: number): RunLimits {
  return { cpuSeconds: Math.max(DEFAULT_LIMITS.cpuSeconds, Math.ceil(timeoutMs / 1000)) };
}

/** A long output cut, saying so (the whole output is never needed to see what went wrong). */
export function clip(text: string, max = MAX_ACTUAL_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut}… [cut: ${text.length - max} more characters]`;
}

/**
 * The judge's reason, with a crash or a timeout kept as such in every kind of test: a test that
 * expects `out of memory` and crashes is `killed by SIGSEGV`, not a missing text.
 */
export function collectorReason(verdictReason: string, run: Outcome): string {
  if (run.status === 'timeout' && verdictReason !== 'timeout') return 'timeout';
  if (run.status === 'signaled' && !verdictReason.startsWith('killed by') && !run.truncated) return `killed by ${run.signal}`;
  return verdictReason;
}

/** The class of a judge's reason, for hidden tests. */
export function hiddenReason(reason: string): HiddenReason {
  if (reason === 'timeout') return 'timeout';
  if (reason.startsWith('killed by')) return 'crashed';
  if (reason.startsWith('expected a value but the program failed')) return 'runtime error';
  if (reason.startsWith('memory error')) return 'memory error';
  if (reason.startsWith('build error')) return 'build error';
  return 'wrong output';
}

/** Grades the collector of the repository at `repoPath`. Throws only when the path is not a directory or the toolchain is missing. */
export async function gradeCollector(repoPath: string, options: GradeCollectorOptions = {}): Promise<CollectorResult> {
  const dialect = options.dialect ?? 'sp19';
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const suites = loadSuites(options, dialect);
  const reference = await referenceRuntimeFiles();
  const read = readCollectorSources(repoPath, (name) => reference.get(name));
  const notes: string[] = [];
  let containment: Containment | undefined;

  const unbuilt = (repo: string, build: CollectorBuild, verdict: string, error?: Diagnostic): CollectorResult => {
    const suiteResults = suites.map((s) => ({
      file: s.label,
      hidden: s.hidden,
      tests: [],
      passed: 0,
      total: s.tests.filter((t) => t.valid).length,
      ...(s.problems.length > 0 ? { problems: s.problems } : {}),
    }));
    return {
      version: collectorResultVersion,
      repo,
      dialect,
      verdict,
      ...(error ? { error } : {}),
      build,
      suites: suiteResults,
      score: { passed: 0, total: suiteResults.reduce((n, s) => n + s.total, 0) },
      containment: containment?.kind ?? 'not run',
      notes,
    };
  };

  if (!read.ok) {
    const verdict = read.problem.code === 'E_GC_MISSING' ? `no collector: ${read.problem.message}` : `cannot grade the collector: ${read.problem.message}`;
    return unbuilt(read.repo, { ok: false, files: [], warnings: [], errors: [] }, verdict, read.problem);
  }
  const src = read.value;
  notes.push(...src.notes);
  try {
    containment = await requireContainment(cacheDir, options.unsafeNoSandbox === true);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return unbuilt(src.repo, { ok: false, files: src.files, warnings: [] }, `not run: ${error.message}`, { code: error.code, message: error.message, remedy: error.remedy });
  }
  if (containment.kind !== 'bubblewrap') notes.push(containment.note);
  const jailed = containment;
  const studentNames = new Set(src.files.filter((f) => f.from === 'student').map((f) => f.name));
  const name = repoNamer(studentNames, COLLECTOR_DIR);

  // 1. gcc -Wall and the signature check, on copies, under limits.
  const files = new Map(reference);
  for (const [n, content] of Object.entries(src.sources)) files.set(n, content);
  const analysis = await analyzeSources({ dialect, cacheDir, files, name, containment: jailed });
  const build: CollectorBuild = { ok: true, files: src.files, warnings: analysis.warnings };
  const failBuild = (errors: CompilerMessage[]) => {
    build.ok = false;
    build.errors = errors;
    const first = errors[0];
    return unbuilt(src.repo, build, `build failed: ${first ? formatCompilerMessage(first) : 'unknown error'}`);
  };
  if (analysis.errors.length > 0) return failBuild(analysis.errors);

  // 2. The runtime, and a link of a trivial program (a missing or duplicate symbol shows here).
  let built: Runtime | undefined;
  try {
    built = await buildRuntime({ dialect, cacheDir, sources: src.sources, cflags: [...STUDENT_CFLAGS], containment: jailed });
    await probeLink(built, cacheDir, dialect, []);
  } catch (error) {
    if (error instanceof BuildError) return failBuild(await buildErrorMessages(error, built, src.sources, name));
    throw error;
  }
  const student = built;
  const objects = await runtimeObjects(student, Object.keys(src.sources));

  // 3. Can the diagnosis call the student's phases?
  const symbols = await objectSymbols(objects.gc);
  const sigProblems = findSignatureProblems(symbols, analysis.types, `${COLLECTOR_DIR}/gc.c`);
  const diagnosis: DiagnosisSummary = { available: options.diagnose !== false && sigProblems.length === 0, diagnosed: 0, byPhase: {} };
  const gcSource = src.sources['gc.c'] ?? '';
  const bindings: PhaseBinding[] = bindPhases(gcSource);
  const stubs = stubPhases(gcSource);
  if (diagnosis.available) diagnosis.binding = bindings.map(formatBinding);
  if (stubs.length > 0) diagnosis.notImplemented = stubs;
  if (options.diagnose === false) diagnosis.reason = 'the diagnosis is turned off';
  else if (sigProblems.length > 0) {
    diagnosis.reason = `the collector's functions do not keep the course's signatures (${sigProblems.map((p) => p.function).join(', ')}): whole-program tests only`;
  }

  // 4. The sanitized runtime.
  let sanitizer: SanitizerSetup | undefined;
  let asan: Context['asan'];
  if (options.sanitize) {
    sanitizer = { enabled: false, leakCheck: false, notes: [] };
    try {
      const runtime = await buildRuntime({ dialect, cacheDir, sources: src.sources, cflags: [...ASAN_CFLAGS, ...STUDENT_CFLAGS], containment: jailed });
      await probeLink(runtime, cacheDir, dialect, [...ASAN_LDFLAGS]);
      const leaks = await probeLeakSanitizer(cacheDir);
      if (!leaks.asanStarts) {
        // Not a finding about the student: the sanitizer cannot run on this machine at all.
        throw new Error(`AddressSanitizer cannot start for -m32 programs on this machine (${leaks.detail})`);
      }
      sanitizer.enabled = true;
      sanitizer.leakCheck = leaks.works;
      if (!leaks.works) sanitizer.notes.push(`LeakSanitizer does not work for -m32 programs here (${leaks.detail}): leak checking is off`);
      asan = { runtime, leaks: leaks.works };
    } catch (error) {
      sanitizer.notes.push(`no test ran sanitized: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  const scratch = await mkdtemp(join(tmpdir(), 'fox-gc-'));
  try {
    let harness: Promise<Runtime | undefined> | undefined;
    const ctx: Context = {
      dialect,
      cacheDir,
      timeoutMs,
      phaseTimeoutMs: options.phaseTimeoutMs ?? 2000,
      referenceCheck: options.referenceCheck !== false,
      student,
      asan,
      containment: jailed,
      studentFile: studentFileNamer(studentNames, COLLECTOR_DIR),
      scratch,
      taggedReturnAddresses: options.taggedReturnAddresses !== false,
      stubs,
      ...(diagnosis.available
        ? {
            diagnosisRuntime: () =>
              (harness ??= buildDiagnosisRuntime(student, objects, cacheDir, bindings).catch((error: unknown) => {
                diagnosis.available = false;
                diagnosis.reason = `the diagnosis harness could not be built: ${(error as Error).message.split('\n')[0]}`;
                return undefined;
              })),
          }
        : {}),
    };

    // 5. Every test of every suite.
    const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
    let serial = 0;
    let finished = 0;
    const total = suites.reduce((n, suite) => n + suite.tests.length, 0);
    const tick = <T>(value: T): T => (options.onProgress?.(++finished, total), value);
    const suiteResults = await Promise.all(
      suites.map(async (suite): Promise<CollectorSuite> => {
        const tests = await Promise.all(suite.tests.map((test) => limit(() => gradeTest(ctx, suite, test, serial++).then(tick))));
        const counted = tests.filter((t) => t.counted !== false);
        return {
          file: suite.label,
          hidden: suite.hidden,
          tests,
          passed: counted.filter((t) => t.pass).length,
          total: counted.length,
          ...(suite.problems.length > 0 ? { problems: suite.problems } : {}),
        };
      }),
    );

    const score = {
      passed: suiteResults.reduce((n, s) => n + s.passed, 0),
      total: suiteResults.reduce((n, s) => n + s.total, 0),
    };
    summarizeDiagnoses(diagnosis, suiteResults);
    if (sanitizer?.enabled) {
      const unchecked = suiteResults.flatMap((x) => x.tests).filter((t) => t.sanitizer?.kind === 'internal-error').length;
      if (unchecked > 0) {
        sanitizer.unchecked = unchecked;
        sanitizer.notes.push(`${unchecked} test(s) were not checked: the sanitizer stopped them without a report (an internal error, not your code's)`);
      }
    }
    const parts = [`passed ${score.passed}/${score.total} tests`];
    if (stubs.length > 0) parts.push(`not implemented: ${stubs.join(', ')}`);
    if (diagnosis.phase) parts.push(`first wrong phase: ${diagnosis.phase} (${diagnosis.byPhase[diagnosis.phase]} failing test(s))`);
    else if (diagnosis.unattributed) parts.push(`no phase to blame: your gc() does more than the four phases (${diagnosis.unattributed} failing test(s))`);
    if (sigProblems.length > 0) parts.push('no per-phase diagnosis (signatures)');
    if (build.warnings.length > 0) parts.push(`${build.warnings.length} compiler warning(s)`);
    return {
      version: collectorResultVersion,
      repo: src.repo,
      dialect,
      verdict: parts.join('; '),
      build,
      ...(sigProblems.length > 0 ? { signatureProblems: sigProblems } : {}),
      ...(sanitizer ? { sanitizer } : {}),
      suites: suiteResults,
      score,
      diagnosis,
      containment: jailed.kind,
      notes,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Links the program `0` with the runtime: every runtime symbol the generated code uses must resolve. */
async function probeLink(runtime: Runtime, cacheDir: string, dialect: Dialect, ldflags: string[]): Promise<void> {
  const compiled = compile('0', { filename: 'probe.fox', dialect });
  if (!compiled.ok) throw new Error(`the reference compiler rejects the probe program: ${compiled.message}`);
  await assembleAndLink(compiled.asm, runtime, { cacheDir, ldflags });
}

/** A BuildError as located messages (gcc's, or the linker's with objects named by their sources). */
async function buildErrorMessages(error: BuildError, runtime: Runtime | undefined, sources: Record<string, string>, name: (p: string) => string): Promise<CompilerMessage[]> {
  if (error.code === 'E_LINK' && runtime) {
    const objects = await runtimeObjects(runtime, Object.keys(sources));
    const byObject = new Map([
      [objects.gc, name('gc.c')],
      [objects.types, name('types.c')],
      [objects.main, name('main.c')],
    ]);
    return parseLinkerOutput(error.message, byObject, name);
  }
  if (error.code === 'E_CC') {
    const parsed = parseGccOutput(error.message, name);
    if (parsed.some((m) => m.severity === 'error')) return parsed.filter((m) => m.severity === 'error');
  }
  return [{ file: error.stage === 'link' ? 'ld' : 'gcc', severity: 'error', message: `${scrubPaths(error.message.split('\n')[0])} (${error.code})` }];
}

function notCounted(name: string, reason: string): CollectorTest {
  return { name, pass: false, counted: false, reason };
}

async function gradeTest(ctx: Context, suite: LoadedSuite, test: LoadedTest, serial: number): Promise<CollectorTest> {
  const name = test.displayName;
  if (!test.valid || test.code === undefined) {
    return notCounted(name, suite.hidden ? 'invalid test' : `invalid test: ${test.problem ?? 'unusable'}`);
  }
  const heap = test.heapGiven ? test.heap + suite.heapExtra : test.heap;
  const caseInsensitive = ctx.dialect === 'fa18';
  const program = { code: test.code, filename: `${test.name}.fox` };
  const compiled = compile(test.code, { filename: program.filename, dialect: ctx.dialect, taggedReturnAddresses: ctx.taggedReturnAddresses });

  // A compile error, or an ANF test: the runtime plays no part, the verdict is the reference's.
  if (!compiled.ok || test.anf) {
    // (An anf test is printed without the static check, so its outcome is not compiled's.)
    const outcome: Outcome = compiled.ok || test.anf ? anfOutcome(program, ctx.dialect) : { status: 'compile-error', message: compiled.message };
    const verdict = judge(test.expected, outcome, { caseInsensitive });
    if (verdict.pass) return { name, pass: true };
    return notCounted(name, suite.hidden ? 'invalid test' : `not counted: the reference fails it too (${verdict.reason})`);
  }

  try {
    if (ctx.referenceCheck) {
      const ref = await referenceVerdict(compiled.asm, test.expected, heap, ctx.dialect, ctx.cacheDir, ctx.timeoutMs);
      if (!ref.pass) return notCounted(name, suite.hidden ? 'invalid test' : `not counted: the reference fails it too (${ref.reason})`);
    }
    const exe = await assembleAndLink(compiled.asm, ctx.student, { cacheDir: ctx.cacheDir });
    const run = await runProgram(exe, { heap, timeoutMs: ctx.timeoutMs, limits: cpuLimit(ctx.timeoutMs), containment: ctx.containment });
    const judged = judge(test.expected, run, { caseInsensitive });
    const verdict = judged.pass ? judged : { ...judged, reason: collectorReason(judged.reason, run) };

    let sanitizer: SanitizerFinding | undefined;
    if (ctx.asan) {
      const asanExe = await assembleAndLink(compiled.asm, ctx.asan.runtime, { cacheDir: ctx.cacheDir, ldflags: [...ASAN_LDFLAGS] });
      const asanRun = await runProgram(asanExe, {
        heap,
        timeoutMs: ctx.timeoutMs * 3, // ASan programs are slower
        limits: { ...cpuLimit(ctx.timeoutMs * 3), addressSpaceMB: ASAN_ADDRESS_SPACE_MB },
        env: { ASAN_OPTIONS: asanOptions(ctx.asan.leaks) },
        containment: ctx.containment,
      });
      sanitizer = classifySanitizedRun(asanRun, run, ctx.studentFile);
    }
    const memoryError = sanitizer?.error === true;
    const pass = verdict.pass && !memoryError;
    if (suite.hidden) return pass ? { name, pass } : { name, pass, reason: memoryError && verdict.pass ? 'memory error' : hiddenReason(verdict.pass ? '' : verdict.reason) };

    const result: CollectorTest = { name, pass };
    if (!pass) {
      result.reason = verdict.pass ? `memory error: ${sanitizer!.kind}` : verdict.reason;
      result.expected = test.expected;
      if (!verdict.pass) result.actual = clip(verdict.actualText);
    }
    if (sanitizer) result.sanitizer = sanitizer;
    // A test that fails only under the sanitizer has its finding: the heap contents agree.
    if (!verdict.pass && ctx.diagnosisRuntime) {
      const runtime = await ctx.diagnosisRuntime();
      if (runtime) {
        const harnessExe = await assembleAndLink(compiled.asm, runtime, { cacheDir: ctx.cacheDir });
        const outDir = await mkdtemp(join(ctx.scratch, `t${serial}-`));
        result.diagnosis = markStub(await runDiagnosis(harnessExe, { heap, timeoutMs: ctx.timeoutMs, phaseTimeoutMs: ctx.phaseTimeoutMs, outDir, containment: ctx.containment }), ctx.stubs);
      }
    }
    return result;
  } catch (error) {
    if (!(error instanceof BuildError) && !(error instanceof RunError)) throw error;
    const reason = `build error: ${scrubPaths(error.message.split('\n')[0])}`;
    return suite.hidden ? { name, pass: false, reason: 'build error' } : { name, pass: false, reason };
  }
}

/** A phase blamed while it is still the starter's stub is reported as not implemented. */
export function markStub(d: TestDiagnosis, stubs: readonly string[]): TestDiagnosis {
  if (!d.phase || !stubs.includes(d.phase) || d.status === 'agree' || d.status === 'unavailable' || d.status === 'unattributed') return d;
  return { ...d, status: 'not-implemented', message: `${d.phase}: not implemented (it is still the starter's stub)`, notes: [...(d.notes ?? []), `what it did: ${d.message}`] };
}

function summarizeDiagnoses(summary: DiagnosisSummary, suites: CollectorSuite[]): void {
  for (const suite of suites) {
    for (const t of suite.tests) {
      const d = t.diagnosis;
      if (!d || t.counted === false) continue;
      summary.diagnosed++;
      if (d.status === 'unattributed') summary.unattributed = (summary.unattributed ?? 0) + 1;
      if (d.phase && d.status !== 'agree' && d.status !== 'unavailable' && d.status !== 'not-implemented') {
        summary.byPhase[d.phase] = (summary.byPhase[d.phase] ?? 0) + 1;
        summary.example ??= { test: t.name, message: d.message };
      }
    }
  }
  let best: DiagnosedPhase | undefined;
  for (const phase of DIAGNOSED_PHASES) {
    const n = summary.byPhase[phase] ?? 0;
    if (n > 0 && (best === undefined || n > (summary.byPhase[best] ?? 0))) best = phase;
  }
  if (best) {
    summary.phase = best;
    const example = suites
      .flatMap((s) => s.tests)
      .find((t) => t.diagnosis?.phase === best && t.counted !== false && !['agree', 'not-implemented', 'unavailable'].includes(t.diagnosis.status));
    if (example?.diagnosis) summary.example = { test: example.name, message: example.diagnosis.message };
  }
}
