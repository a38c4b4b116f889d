// `--sanitize`: the student's runtime built with AddressSanitizer (which includes LeakSanitizer),
// and its reports turned into per-test findings.
//
// ASan reserves terabytes of shadow address space, so these programs run with `limits: false`
// (no prlimit), but still under the wall-clock limit and the process-group kill. Reports carry
// absolute addresses, which change from run to run: findings keep the kind, the access, the
// region sentence and the frames in the student's files, with addresses masked (`0x…`), so a
// result is the same every time.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { runProgram } from '../../reference/run.js';

export const ASAN_CFLAGS: readonly string[] = ['-fsanitize=address', '-fno-omit-frame-pointer'];
export const ASAN_LDFLAGS: readonly string[] = ['-fsanitize=address'];

/** ASAN_OPTIONS of every sanitized run. exitcode 23 cannot be confused with the runtime's 1, 9 and 10. */
export function asanOptions(detectLeaks: boolean): string {
  return [
    `detect_leaks=${detectLeaks ? 1 : 0}`,
    'halt_on_error=1',
    'abort_on_error=0',
    'exitcode=23',
    'allocator_may_return_null=1',
    'symbolize=1',
    'print_summary=1',
    'detect_odr_violation=0',
    'color=never',
  ].join(':');
}

/** A sanitizer report of one run, reduced to what identifies the bug. */
export interface SanitizerFinding {
  /**
   * `heap-buffer-overflow`, `heap-use-after-free`, `SEGV`, `stack-buffer-overflow`, `memory-leak` …,
   * or `internal-error`: the sanitizer stopped the run without a report (the run was not checked).
   */
  kind: string;
  /** A memory error (fails the test); a leak does not. */
  error: boolean;
  /** The `ERROR: AddressSanitizer: …` line, addresses masked. */
  summary: string;
  /** `WRITE of size 4 at 0x… thread T0`, when ASan says it. */
  access?: string;
  /** `0x… is located 0 bytes after 400-byte region [0x…,0x…)` */
  region?: string;
  /** The first frames of the report's first stack that are in the student's files: `compact c-bits/gc.c:52`. */
  frames: string[];
}

const FRAME = /^\s*#(\d+)\s+0x[0-9a-f]+\s+in\s+(\S+)\s+(\S+?):(\d+)(?::(\d+))?\s*$/;
const MAX_FRAMES = 3;

function mask(text: string): string {
  return text.replace(/0x[0-9a-f]+/gi, '0x…').replace(/==\d+==/g, '').trim();
}

/**
 * Finds the first sanitizer report in `stderr`. `studentFile` maps a source file name (as the
 * report prints it, usually an absolute scratch path) to the repository's name, or undefined when
 * the file is not the student's.
 */
export function parseSanitizerReport(stderr: string, studentFile: (printed: string) => string | undefined): SanitizerFinding | undefined {
  const lines = stderr.split('\n');
  // A report reads `ERROR: AddressSanitizer: <kind> …`; the sanitizer's own start-up failures
  // (`ERROR: AddressSanitizer failed to allocate …`, no colon) are not findings about the student.
  const start = lines.findIndex((l) => /ERROR: (AddressSanitizer|LeakSanitizer): /.test(l));
  if (start < 0) return undefined;
  const head = lines[start];
  const leak = /LeakSanitizer: detected memory leaks/.test(head);
  const kind = leak ? 'memory-leak' : (/AddressSanitizer: ([A-Za-z-]+)/.exec(head)?.[1] ?? 'error');
  const finding: SanitizerFinding = { kind, error: !leak, summary: mask(head.replace(/^.*?ERROR:/, 'ERROR:')), frames: [] };
  // Frames come from the report's first stack only (then come "allocated by", "freed by" …);
  // the access and region sentences may follow it.
  let stack: 'before' | 'in' | 'after' = 'before';
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^SUMMARY:|^Shadow bytes/.test(line.trim())) break;
    if (finding.access === undefined && /^(READ|WRITE) of size \d+/.test(line.trim())) finding.access = mask(line);
    if (finding.region === undefined && /is located/.test(line)) finding.region = mask(line);
    const frame = FRAME.exec(line);
    if (frame && stack !== 'after') {
      stack = 'in';
      const file = studentFile(frame[3]);
      if (file !== undefined && finding.frames.length < MAX_FRAMES) finding.frames.push(`${frame[2]} ${file}:${frame[4]}`);
      continue;
    }
    if (stack === 'in' && line.trim() === '') {
      // A leak report lists several stacks: keep looking until one is the student's.
      stack = leak && finding.frames.length === 0 ? 'before' : 'after';
    }
  }
  return finding;
}

/** What a run ended as (run.ts's result, reduced to what this file needs). */
export interface SanitizedRun {
  status: 'exited' | 'signaled' | 'timeout';
  exitCode?: number;
  signal?: string;
  stderr: string;
}

/** The exit status ASAN_OPTIONS gives a run that the sanitizer stops (asanOptions). */
export const SANITIZER_EXIT_CODE = 23;

/**
 * The finding of a sanitized run, never "clean" when the sanitizer did not finish its work:
 * a report is the finding; a run the sanitizer ended (exit 23, `AddressSanitizer: CHECK failed`,
 * `Sanitizer…` lines) or that died where the plain run did not, without a report, is an
 * `internal-error` finding (the run was not checked; it does not fail the test). `plain` is the
 * plain run's end, to tell the program's own crashes from the sanitizer's.
 */
export function classifySanitizedRun(
  run: SanitizedRun,
  plain: { status: string; signal?: string },
  studentFile: (printed: string) => string | undefined,
): SanitizerFinding | undefined {
  const report = parseSanitizerReport(run.stderr, studentFile);
  if (report) return report;
  const said = run.stderr.split('\n').find((l) => /Sanitizer|AddressSanitizer|LeakSanitizer|CHECK failed/.test(l));
  const internal = (summary: string): SanitizerFinding => ({ kind: 'internal-error', error: false, summary, frames: [] });
  if (said !== undefined) return internal(`the sanitizer stopped without a report: ${mask(said)}`);
  if (run.status === 'exited' && run.exitCode === SANITIZER_EXIT_CODE) return internal(`the sanitized run exited with the sanitizer's status ${SANITIZER_EXIT_CODE} without a report`);
  if (run.status === 'timeout' && plain.status !== 'timeout') return internal('the sanitized run did not finish in time: it was not checked');
  if (run.status === 'signaled' && plain.status !== 'signaled') return internal(`the sanitized run was killed by ${run.signal ?? 'a signal'}: it was not checked`);
  return undefined;
}

/** One line: `heap-buffer-overflow: WRITE of size 4 at 0x… in compact c-bits/gc.c:52`. */
export function formatFinding(f: SanitizerFinding): string {
  if (f.kind === 'internal-error') return `not checked: ${f.summary}`;
  const where = f.frames.length > 0 ? ` in ${f.frames[0]}` : '';
  return `${f.kind}${f.access ? `: ${f.access}` : ''}${where}`;
}

export interface LeakCheck {
  works: boolean;
  /**
   * Whether AddressSanitizer itself starts for -m32 programs (it cannot where it finds no room
   * for its shadow memory, e.g. under qemu-user emulation of i386).
   */
  asanStarts: boolean;
  /** Why not, when it does not. */
  detail?: string;
}

let leakProbe: Promise<LeakCheck> | undefined;

/**
 * Whether LeakSanitizer works for -m32 programs on this machine: a tiny program that leaks must
 * be reported. (LSan needs ptrace-like access to its own threads; some containers forbid it.)
 */
export function probeLeakSanitizer(cacheDir: string): Promise<LeakCheck> {
  leakProbe ??= (async (): Promise<LeakCheck> => {
    await mkdir(join(cacheDir, 'tmp'), { recursive: true });
    const dir = await mkdtemp(join(cacheDir, 'tmp', 'lsan-'));
    try {
      await writeFile(
        join(dir, 'leak.c'),
        '#include <stdlib.h>\nvoid* volatile sink;\nint main(void) { sink = malloc(40); sink = 0; return 0; }\n',
      );
      const cc = await execa('gcc', ['-m32', '-g', ...ASAN_CFLAGS, 'leak.c', '-o', 'leak'], { cwd: dir, reject: false, all: true, timeout: 120_000, env: { LC_ALL: 'C' } });
      if (cc.failed) return { works: false, asanStarts: false, detail: `an ASan program does not build: ${(cc.all ?? '').toString().trim().split('\n')[0]}` };
      const run = await runProgram(join(dir, 'leak'), { limits: false, timeoutMs: 30_000, env: { ASAN_OPTIONS: asanOptions(true) } });
      if (/ERROR: LeakSanitizer: detected memory leaks/.test(run.stderr)) return { works: true, asanStarts: true };
      const startFailure = run.stderr.split('\n').find((l) => /AddressSanitizer failed|ReserveShadowMemoryRange|AddressSanitizer: CHECK failed/.test(l));
      if (startFailure !== undefined || run.status === 'timeout') {
        return { works: false, asanStarts: false, detail: startFailure ? mask(startFailure) : 'an ASan program did not finish in 30 s' };
      }
      const said = run.stderr.trim().split('\n').find((l) => /LeakSanitizer|ptrace/.test(l));
      return { works: false, asanStarts: true, detail: said ? mask(said) : `a leaking -m32 program was not reported (${run.status === 'exited' ? `exit ${run.exitCode}` : run.status})` };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return leakProbe;
}

/** Maps a printed path to `c-bits/<name>` when its name is one of the student's files. */
export function studentFileNamer(studentFiles: Set<string>, collectorDir: string): (printed: string) => string | undefined {
  return (printed) => {
    const base = basename(printed);
    return studentFiles.has(base) && !printed.includes('/usr/') && !printed.includes('libsanitizer') ? `${collectorDir}/${base}` : undefined;
  };
}
