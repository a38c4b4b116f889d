// Compiling a student's collector before it is built for real: gcc -Wall over the runtime's
// files (the student's gc.c and types.c, the reference main.c, all with the student's headers)
// for located warnings and errors, and the check that the collector's functions keep the
// course's signatures (docs/DESIGN.md, Runtime), which the per-phase diagnosis needs.
//
// gcc runs on copies in a jail (reference/sandbox.ts: only the sources and the system's headers
// are visible, so no preprocessor or assembler trick reads another file), under prlimit (CPU
// time, address space, processes, which cc1 and as inherit) and a wall-clock limit that kills
// everything it started: a hostile or pathological source cannot hold the grader. Results are
// cached by content (<cache>/student-gc/).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { RUNTIME_CFLAGS, type Dialect } from '../../reference/build.js';
import { runInJail } from '../../reference/run.js';
import { openJail, type Containment, type Jail } from '../../reference/sandbox.js';

export const COMPILE_TIMEOUT_MS = 60_000;
const COMPILE_CPU_SECONDS = 60;
const COMPILE_ADDRESS_SPACE_MB = 2048;

/** One message of gcc or of the linker, located in the repository's terms. */
export interface CompilerMessage {
  /** `c-bits/gc.c`, `reference/runtime/main.c`, or the tool (`gcc`, `ld`) when it names no file. */
  file: string;
  line?: number;
  col?: number;
  severity: 'error' | 'warning';
  /** gcc's text, option included (`unused variable 'x' [-Wunused-variable]`). */
  message: string;
  /** The function gcc said it was in. */
  function?: string;
}

/** `c-bits/gc.c:12:5: error: …` */
export function formatCompilerMessage(m: CompilerMessage): string {
  const where = [m.file, m.line, m.col].filter((x) => x !== undefined).join(':');
  return `${where}: ${m.severity}: ${m.message}`;
}

/** Maps a file name as a tool printed it (relative, or a scratch path) to the repository's name for it. */
export type FileNamer = (printed: string) => string;

const GCC_LINE = /^(.+?):(\d+)(?::(\d+))?: (fatal error|error|warning): (.*)$/;
const GCC_TOOL_LINE = /^(cc1|gcc|as|collect2|ld)(?:\.\S*)?: (fatal error|error|warning): (.*)$/;
const IN_FUNCTION = /^(.+?): In function '(.+)':$/;

/** gcc's diagnostics (errors and warnings; notes, context and caret lines are dropped). */
export function parseGccOutput(output: string, name: FileNamer): CompilerMessage[] {
  const messages: CompilerMessage[] = [];
  const functions = new Map<string, string>();
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    const fn = IN_FUNCTION.exec(line);
    if (fn) {
      functions.set(fn[1], fn[2]);
      continue;
    }
    if (/^.+?: At top level:$/.test(line)) {
      functions.delete(line.replace(/: At top level:$/, ''));
      continue;
    }
    const m = GCC_LINE.exec(line);
    if (m && !/^\s/.test(line)) {
      const [, file, l, c, severity, message] = m;
      const entry: CompilerMessage = {
        file: name(file),
        line: Number(l),
        ...(c !== undefined ? { col: Number(c) } : {}),
        severity: severity === 'warning' ? 'warning' : 'error',
        message,
      };
      const inFunction = functions.get(file);
      if (inFunction !== undefined) entry.function = inFunction;
      messages.push(entry);
      continue;
    }
    const t = GCC_TOOL_LINE.exec(line);
    if (t && !/some warnings being treated as errors|ld returned \d+ exit status/.test(t[3])) {
      messages.push({ file: t[1] === 'collect2' ? 'ld' : t[1], severity: t[2] === 'warning' ? 'warning' : 'error', message: t[3] });
    }
  }
  return messages;
}

/**
 * A message without the grader's temporary paths (scratch directories, the object cache):
 * an absolute path that is not a repository name becomes its file name. Messages must be the
 * same from run to run and must not show the grader's file system.
 */
export function scrubPaths(text: string): string {
  return text.replace(/(?:\/[^\s/:'"`()]+)+\/([^\s/:'"`()]+)/g, (whole, base: string) => (whole.startsWith('/usr/') ? whole : base));
}

/**
 * The linker's complaints (undefined references, multiple definitions). With -g, ld names the
 * source line (`/scratch/cc-1/main.c:142: undefined reference to `gc'`); object paths are named
 * through `objects` (object path → source name).
 */
export function parseLinkerOutput(output: string, objects: Map<string, string>, name: FileNamer): CompilerMessage[] {
  const messages: CompilerMessage[] = [];
  let context: string | undefined;
  for (const raw of output.split('\n')) {
    let line = raw.trimEnd().replace(/^\/usr\/bin\/ld(?:\.\S+)?: /, '').replace(/^ld(?:\.\S+)?: /, '');
    for (const [object, source] of objects) line = line.split(object).join(source);
    const inFn = /^(.+?): in function [`'](.+)':$/.exec(line);
    if (inFn) {
      context = inFn[2];
      continue;
    }
    const located = /^(.+?):(\d+): (.*(?:undefined reference|multiple definition|first defined here).*)$/.exec(line);
    if (located) {
      messages.push({ file: name(located[1]), line: Number(located[2]), severity: 'error', message: scrubPaths(located[3]), ...(context ? { function: context } : {}) });
      continue;
    }
    const bare = /^(.+?):\(.+?\): (.*(?:undefined reference|multiple definition).*)$/.exec(line);
    if (bare) {
      messages.push({ file: name(bare[1]), severity: 'error', message: scrubPaths(bare[2]), ...(context ? { function: context } : {}) });
      continue;
    }
    if (/undefined reference|multiple definition|cannot find|error:/.test(line) && !/ld returned \d+ exit status/.test(line)) {
      messages.push({ file: 'ld', severity: 'error', message: scrubPaths(line.replace(/^collect2: error: /, '')) });
    }
  }
  if (messages.length === 0 && output.trim() !== '') messages.push({ file: 'ld', severity: 'error', message: scrubPaths(output.trim().split('\n')[0]) });
  return messages;
}

// ---------------------------------------------------------------------------------------------
// Running gcc under limits
// ---------------------------------------------------------------------------------------------

export interface ToolRun {
  ok: boolean;
  output: string;
  timedOut: boolean;
  /** The tool could not be started at all. */
  missing: boolean;
}

/**
 * Runs a tool in its own process group, under prlimit, killed (group and all) at the time limit;
 * in `jail` when given (`cwd` is then the jail's directory).
 */
export async function runLimitedTool(file: string, args: string[], cwd: string, timeoutMs = COMPILE_TIMEOUT_MS, jail?: Jail): Promise<ToolRun> {
  if (jail) {
    const r = await runInJail(jail, file, args, {
      timeoutMs,
      limits: { cpuSeconds: COMPILE_CPU_SECONDS, addressSpaceMB: COMPILE_ADDRESS_SPACE_MB, fileSizeMB: 64, processes: 16 },
      env: { LC_ALL: 'C' },
    });
    const output = r.stdout + r.stderr;
    return { ok: r.status === 'exited' && r.exitCode === 0, output, timedOut: r.status === 'timeout', missing: r.status === 'exited' && r.exitCode === 127 && /not found|No such file/.test(output) };
  }
  const limits = [`--cpu=${COMPILE_CPU_SECONDS}:${COMPILE_CPU_SECONDS + 1}`, `--as=${COMPILE_ADDRESS_SPACE_MB * 1024 * 1024}`, '--core=0', '--'];
  const child = execa('prlimit', [...limits, file, ...args], {
    cwd,
    reject: false,
    all: true,
    stdin: 'ignore',
    detached: true,
    env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    extendEnv: false,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, timeoutMs);
  const result = await child;
  clearTimeout(timer);
  const output = (result.all ?? '').toString();
  const missing = result.code === 'ENOENT' || /prlimit: failed to execute/.test(output);
  return { ok: !result.failed && !timedOut, output, timedOut: timedOut || result.signal === 'SIGXCPU', missing };
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

/** The collector's functions and their types, as docs/DESIGN.md gives them. */
export const COLLECTOR_FUNCTIONS = {
  gc: { ret: 'int*', params: ['int*', 'int*', 'int*', 'int*', 'int*'], names: 'stack_bottom, stack_top, first_frame, heap_start, heap_end' },
  mark: { ret: 'int*', params: ['int*', 'int*', 'int*', 'int*'], names: 'stack_bottom, stack_top, first_frame, heap_start' },
  forward: { ret: 'int*', params: ['int*', 'int*'], names: 'heap_start, max_address' },
  redirect: { ret: 'void', params: ['int*', 'int*', 'int*', 'int*', 'int*'], names: 'stack_bottom, stack_top, first_frame, heap_start, max_address' },
  compact: { ret: 'void', params: ['int*', 'int*', 'int*'], names: 'heap_start, max_address, heap_end' },
} as const;

export type CollectorFunction = keyof typeof COLLECTOR_FUNCTIONS;
export const COLLECTOR_FUNCTION_NAMES = Object.keys(COLLECTOR_FUNCTIONS) as CollectorFunction[];

export function expectedSignature(fn: CollectorFunction): string {
  const f = COLLECTOR_FUNCTIONS[fn];
  return `${f.ret} ${fn}(${f.params.join(', ')})`;
}

/** What is wrong with one of the collector's functions, for the per-phase diagnosis. */
export interface SignatureProblem {
  function: CollectorFunction;
  problem: 'missing' | 'static' | 'signature';
  message: string;
  expected: string;
  /** The type gcc saw, when it differs (`void (*)(int *, int *, int *)`). */
  actual?: string;
}

/** The type check of one function: ok, not declared by gc.h, or gcc's type for it. */
type TypeCheck = { status: 'ok' } | { status: 'undeclared' } | { status: 'differs'; actual: string; compatible: boolean };

export interface Analysis {
  warnings: CompilerMessage[];
  errors: CompilerMessage[];
  /** Per function, from the headers (or, when gc.h does not declare it, from gc.c itself). */
  types: Record<CollectorFunction, TypeCheck>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const gccVersion = (() => {
  let version: Promise<string> | undefined;
  return () =>
    (version ??= execa('gcc', ['--version'], { reject: false, stdin: 'ignore', timeout: COMPILE_TIMEOUT_MS }).then((r) =>
      r.failed ? 'unknown' : (r.stdout.split('\n')[0] ?? ''),
    ));
})();

/** The signature-check translation unit: each function assigned to a pointer of the course's type, one per line. */
function signatureUnit(include: string, fns: CollectorFunction[]): { text: string; lines: Map<number, CollectorFunction> } {
  const out = [`#include "${include}"`];
  const lines = new Map<number, CollectorFunction>();
  for (const fn of fns) {
    const f = COLLECTOR_FUNCTIONS[fn];
    out.push(`typedef ${f.ret} (*fox_check_${fn}_t)(${f.params.join(', ')});`);
    out.push(`fox_check_${fn}_t fox_check_${fn} = ${fn};`);
    lines.set(out.length, fn);
  }
  return { text: out.join('\n') + '\n', lines };
}

/** `void (*)(int *, int *)` → whether a call through the course's type works the same on i386. */
function abiCompatible(fn: CollectorFunction, actual: string): boolean {
  const m = /^(.*?)\s*\(\*\)\s*\((.*)\)$/.exec(actual.trim());
  if (!m) return false;
  const ret = m[1].trim();
  const params = m[2].trim() === '' || m[2].trim() === 'void' ? [] : m[2].split(',').map((p) => p.trim());
  const want = COLLECTOR_FUNCTIONS[fn];
  if ((ret === 'void') !== (want.ret === 'void')) return false;
  if (params.length !== want.params.length) return false;
  const wordSized = (t: string) => /\*$/.test(t) || /^(const\s+)?(unsigned\s+|signed\s+)?(int|long)$/.test(t) || /^(u?int32_t|u?intptr_t|size_t)$/.test(t);
  return (ret === 'void' || wordSized(ret)) && params.every(wordSized);
}

function parseTypeErrors(output: string, lines: Map<number, CollectorFunction>, unit: string): Map<CollectorFunction, TypeCheck> {
  const found = new Map<CollectorFunction, TypeCheck>();
  for (const raw of output.split('\n')) {
    const m = new RegExp(`^${unit.replace('.', '\\.')}:(\\d+):\\d+: (?:error|warning): (.*)$`).exec(raw.trimEnd());
    if (!m) continue;
    const fn = lines.get(Number(m[1]));
    if (fn === undefined || found.has(fn)) continue;
    if (/undeclared/.test(m[2])) found.set(fn, { status: 'undeclared' });
    else {
      const type = /from incompatible pointer type '([^']+)'/.exec(m[2])?.[1] ?? m[2];
      found.set(fn, { status: 'differs', actual: type, compatible: abiCompatible(fn, type) });
    }
  }
  return found;
}

export interface AnalyzeOptions {
  dialect: Dialect;
  cacheDir: string;
  /** The files gcc sees: the reference runtime with the student's files in place. */
  files: Map<string, string>;
  /** Repository names of the files (`gc.c` → `c-bits/gc.c`). */
  name: FileNamer;
  /** The jail gcc runs in (student sources). Without it, a scratch directory of the cache. */
  containment?: Containment;
}

const ANALYSIS_VERSION = 3; // 3: compiled in a jail

/**
 * gcc -Wall over gc.c, types.c and main.c, and the signature check. Cached by content. Throws
 * only when gcc cannot be run at all.
 */
export async function analyzeSources(opts: AnalyzeOptions): Promise<Analysis> {
  // -fcommon: as the course's gcc (< 10) accepted tentative definitions in two files (grade-collector.ts).
  const flags = [...RUNTIME_CFLAGS, ...(opts.dialect === 'fa18' ? ['-DFOX_DIALECT_FA18'] : []), '-fcommon', '-Wall'];
  const files = [...opts.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = sha256(JSON.stringify({ v: ANALYSIS_VERSION, files, flags, cc: await gccVersion() }));
  const cacheFile = join(opts.cacheDir, 'student-gc', `analysis-${key}.json`);
  if (existsSync(cacheFile)) {
    try {
      const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { analysis: Analysis; names: Record<string, string> };
      // Names depend on where files came from, which the key covers only through contents.
      return renameAnalysis(cached.analysis, opts.name);
    } catch {
      // a damaged cache entry: analyze again
    }
  }
  const jail = opts.containment ? await openJail(opts.containment) : undefined;
  if (!jail) await mkdir(join(opts.cacheDir, 'tmp'), { recursive: true });
  const dir = jail ? jail.workDir : await mkdtemp(join(opts.cacheDir, 'tmp', `lint-${process.pid}-`));
  const tool = (args: string[]) => runLimitedTool('gcc', args, dir, COMPILE_TIMEOUT_MS, jail);
  try {
    await Promise.all(files.map(([name, content]) => writeFile(join(dir, name), content)));
    const units = files.map(([name]) => name).filter((n) => n.endsWith('.c'));
    const runs = await Promise.all(units.map((unit) => tool([...flags, '-c', unit, '-o', `${unit}.o`])));
    const messages: CompilerMessage[] = [];
    runs.forEach((run, i) => {
      if (run.missing) throw new Error('gcc could not be run; scripts/setup installs it');
      if (run.timedOut) {
        messages.push({ file: units[i], severity: 'error', message: `gcc did not finish within ${COMPILE_TIMEOUT_MS / 1000} s` });
        return;
      }
      const parsed = parseGccOutput(run.output, (f) => f);
      messages.push(...parsed);
      if (!run.ok && !parsed.some((m) => m.severity === 'error')) {
        messages.push({ file: units[i], severity: 'error', message: run.output.trim().split('\n').slice(-1)[0] || 'gcc failed' });
      }
    });
    // The same header warning shows once per unit that includes it: keep one.
    const unique = dedupe(messages);
    const types = await checkTypes(dir, flags, opts.files, tool);
    const analysis: Analysis = {
      warnings: unique.filter((m) => m.severity === 'warning'),
      errors: unique.filter((m) => m.severity === 'error'),
      types,
    };
    await mkdir(join(opts.cacheDir, 'student-gc'), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify({ analysis }));
    await rename(temp, cacheFile);
    return renameAnalysis(analysis, opts.name);
  } finally {
    if (jail) await jail.close();
    else await rm(dir, { recursive: true, force: true });
  }
}

function dedupe(messages: CompilerMessage[]): CompilerMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = formatCompilerMessage(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function renameAnalysis(analysis: Analysis, name: FileNamer): Analysis {
  const rename = (m: CompilerMessage): CompilerMessage => ({ ...m, file: name(m.file) });
  return { ...analysis, warnings: analysis.warnings.map(rename), errors: analysis.errors.map(rename) };
}

/** Assigns each function to a pointer of its course type, first through gc.h, then (for those gc.h does not declare) through gc.c. */
async function checkTypes(dir: string, flags: string[], files: Map<string, string>, tool: (args: string[]) => Promise<ToolRun>): Promise<Record<CollectorFunction, TypeCheck>> {
  const result = {} as Record<CollectorFunction, TypeCheck>;
  const check = async (include: string, fns: CollectorFunction[], unit: string) => {
    const { text, lines } = signatureUnit(include, fns);
    await writeFile(join(dir, unit), text);
    const run = await tool([...flags, '-Werror=incompatible-pointer-types', '-fsyntax-only', unit]);
    const found = parseTypeErrors(run.output, lines, unit);
    return { run, found };
  };
  const first = await check('gc.h', COLLECTOR_FUNCTION_NAMES, 'fox_signature_check.c');
  const undeclared: CollectorFunction[] = [];
  for (const fn of COLLECTOR_FUNCTION_NAMES) {
    const found = first.found.get(fn);
    if (found === undefined || found.status !== 'undeclared') result[fn] = found ?? { status: 'ok' };
    else undeclared.push(fn);
  }
  if (undeclared.length > 0 && files.has('gc.c')) {
    const second = await check('gc.c', undeclared, 'fox_signature_check_gc.c');
    for (const fn of undeclared) result[fn] = second.found.get(fn) ?? (second.run.ok ? { status: 'ok' } : { status: 'undeclared' });
  }
  for (const fn of undeclared) result[fn] ??= { status: 'undeclared' };
  return result;
}

/** Symbols of an object file: name → nm type letter (`T` global text, `t` static, `U` undefined …). */
export async function objectSymbols(object: string): Promise<Map<string, string>> {
  const r = await execa('nm', ['-P', object], { reject: false, stdin: 'ignore', timeout: COMPILE_TIMEOUT_MS, env: { LC_ALL: 'C' } });
  const symbols = new Map<string, string>();
  if (r.failed) return symbols;
  for (const line of r.stdout.split('\n')) {
    const [name, type] = line.trim().split(/\s+/);
    if (name && type && !symbols.has(name)) symbols.set(name, type);
  }
  return symbols;
}

/** Combines nm's view of gc.o and the type check into the problems that rule out the diagnosis. */
export function signatureProblems(symbols: Map<string, string>, types: Record<CollectorFunction, TypeCheck>, gcPath: string): SignatureProblem[] {
  const problems: SignatureProblem[] = [];
  for (const fn of COLLECTOR_FUNCTION_NAMES) {
    const expected = expectedSignature(fn);
    const type = symbols.get(fn);
    if (type === undefined || type === 'U') {
      problems.push({ function: fn, problem: 'missing', expected, message: `${fn} is not defined in ${gcPath}: expected ${expected}` });
      continue;
    }
    if (type !== 'T' && type !== 'W') {
      const what = type === 't' ? `static in ${gcPath}` : `not a global function of ${gcPath} (nm type ${type})`;
      problems.push({ function: fn, problem: 'static', expected, message: `${fn} is ${what}: the diagnosis calls it from outside, so it must be a global function ${expected}` });
      continue;
    }
    const check = types[fn];
    if (check?.status === 'differs' && !check.compatible) {
      problems.push({ function: fn, problem: 'signature', expected, actual: check.actual, message: `${fn} has type ${check.actual}, expected ${expected}` });
    }
  }
  return problems;
}

/** `gc.c` → `c-bits/gc.c` for the student's files, `reference/runtime/main.c` for the others. */
export function repoNamer(studentFiles: Set<string>, collectorDir: string): FileNamer {
  return (printed) => {
    const base = basename(printed);
    if (studentFiles.has(base)) return `${collectorDir}/${base}`;
    if (/\.[ch]$/.test(base) && !printed.includes('/usr/')) return `reference/runtime/${base}`;
    return printed;
  };
}
