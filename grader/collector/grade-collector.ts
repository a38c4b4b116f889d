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
import { assembleAndLink, BuildError, buildRuntime, type Runtime } from '../../reference/build.js';
import { compile } from '../../reference/compiler/index.js';
import { defaultCacheDir, runtimeDir, suitesDir } from '../../reference/paths.js';
import { DEFAULT_TIMEOUT_MS } from '../../reference/run.js';
import { requireContainment, SandboxError, type Containment } from '../../reference/sandbox.js';
import type { Diagnostic } from '../../suites/errors.js';
import type { Dialect } from '../../reference/compiler/variants.js';
import { analyzeSources, formatCompilerMessage, objectSymbols, parseGccOutput, parseLinkerOutput, repoNamer, scrubPaths, signatureProblems as findSignatureProblems, type CompilerMessage } from './compile.js';
import { buildDiagnosisRuntime, DIAGNOSED_PHASES, runtimeObjects, type DiagnosedPhase } from './harness.js';
import { ASAN_CFLAGS, ASAN_LDFLAGS, probeLeakSanitizer, studentFileNamer } from './sanitize.js';
import { bindPhases, formatBinding, stubPhases, type PhaseBinding } from './binding.js';
import { COLLECTOR_DIR, readCollectorSources } from './source.js';
import { loadTestFile } from '../../suites/test-file.js';
import pLimit from 'p-limit';
import { type CollectorBuild, type CollectorResult, type CollectorSuite, type DiagnosisSummary, type GradeCollectorOptions, STUDENT_CFLAGS, type SanitizerSetup, type SuiteSpec, collectorResultVersion } from './types.js';
import { type Context, type LoadedSuite, gradeTest } from './run-test.js';

export * from './types.js';
export { clip, collectorReason, hiddenReason, markStub } from './run-test.js';

export type { CompilerMessage, SignatureProblem } from './compile.js';
export type { DiagnosedPhase, TestDiagnosis, WordDifference } from './harness.js';
export type { SanitizerFinding } from './sanitize.js';
export type { SourceFile } from './source.js';

/** The official suite, run unless `official: false`. */
export const OFFICIAL_SUITE = join(suitesDir, 'fox.json');
const OFFICIAL_LABEL = 'suites/fox.json';
/** Words the fa18 offering lost to its heap rounding (FOX.md §8): its tests' heaps are 2 larger. */
const FA18_EXTRA_WORDS = 2;
// ---------------------------------------------------------------------------------------------
// Suites
// ---------------------------------------------------------------------------------------------

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

/** The reference runtime's files (name → content), as buildRuntime sees them before overrides. */
export async function referenceRuntimeFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(runtimeDir)).sort()) {
    if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[ch]$/.test(name)) files.set(name, await readFile(join(runtimeDir, name), 'utf8'));
  }
  return files;
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
