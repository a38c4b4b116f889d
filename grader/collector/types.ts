// A student collector's grade: the options of gradeCollector and the CollectorResult it returns
// (grade-collector.ts has the result's shape, annotated).
import type { ContainmentKind } from '../../reference/sandbox.js';
import type { Diagnostic } from '../../suites/errors.js';
import type { Expected } from '../../suites/judge.js';
import type { Dialect } from '../../reference/compiler/variants.js';
import type { CompilerMessage, SignatureProblem } from './compile.js';
import type { DiagnosedPhase, TestDiagnosis } from './harness.js';
import type { SanitizerFinding } from './sanitize.js';
import type { BoundPhase } from './binding.js';
import type { SourceFile } from './source.js';

export const collectorResultVersion = 1;

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
