// One test on a student's collector: the reference's verdict (is the test valid in this dialect?),
// the student's run, a failure's diagnosis, and how a hidden test's failure is reported.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { assembleAndLink, BuildError, buildRuntime, type Runtime } from '../../reference/build.js';
import { compile } from '../../reference/compiler/index.js';
import { DEFAULT_LIMITS, RunError, runProgram, type RunLimits } from '../../reference/run.js';
import type { Containment } from '../../reference/sandbox.js';
import { anfOutcome } from '../../suites/execute.js';
import { judge, type Expected, type Outcome, type Verdict } from '../../suites/judge.js';
import type { Dialect } from '../../reference/compiler/variants.js';
import { scrubPaths } from './compile.js';
import { runDiagnosis, type TestDiagnosis } from './harness.js';
import { ASAN_LDFLAGS, asanOptions, classifySanitizedRun, type SanitizerFinding } from './sanitize.js';
import type { BoundPhase } from './binding.js';
import type { LoadedTest } from '../../suites/test-file.js';
import { ASAN_ADDRESS_SPACE_MB, type CollectorTest, type HiddenReason } from './types.js';

const MAX_ACTUAL_CHARS = 2000;

export interface LoadedSuite {
  label: string;
  hidden: boolean;
  /** Heaps given by the test are raised by this (the official sp19 suite under fa18). */
  heapExtra: number;
  tests: LoadedTest[];
  problems: string[];
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

export interface Context {
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

function notCounted(name: string, reason: string): CollectorTest {
  return { name, pass: false, counted: false, reason };
}

export async function gradeTest(ctx: Context, suite: LoadedSuite, test: LoadedTest, serial: number): Promise<CollectorTest> {
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
