// Builds Fox programs: the C runtime (gcc -m32), the generated assembly (nasm) and the link
// (gcc -m32 -no-pie). Every product is cached under a content hash, so that grading a class
// compiles the runtime once per variant and each distinct program once.
//
// Cache layout (<cacheDir> is paths.ts' defaultCacheDir() unless given):
//   <cacheDir>/obj/<sha256>.o   one runtime object; the hash covers the file, every header,
//                               the flags, the dialect and the compiler's version
//   <cacheDir>/bin/<sha256>     one executable; the hash covers the assembly, the runtime's
//                               objects, the link flags and the tools' versions
//   <cacheDir>/tmp/             scratch directories, removed after each build; those of an
//                               interrupted run (named <kind>-<pid>-…) by the next run
// Products are written under a unique temporary name and renamed into place: a rename is
// atomic, so a concurrent build (another worker, another process) sees either nothing or a
// complete file, and two builds of one product just both rename identical files.
//
// Entries are verified before they are used (issue 19): each has a sidecar <entry>.sha256 with
// the digest of its content, written before the entry is renamed into place, and no write
// bits. An entry whose content, type or mode does not match (changed by someone, truncated by
// a full disk) is removed and built again, never run: a truncated executable would otherwise be
// run by /bin/sh (execvp's fallback). Each entry is hashed once per process; later uses check
// its inode, size, mode and mtime. Student code never sees the cache (reference/sandbox.ts).
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { defaultCacheDir, runtimeDir } from './paths.js';
import { runCommand, runInJail } from './run.js';
import { openJail, type Containment, type Jail } from './sandbox.js';
import { once, scratchDir, sha256, sweepCache } from './build-cache.js';

export type { Dialect } from './compiler/variants.js';
export { once, sweepCache } from './build-cache.js';
import type { Dialect } from './compiler/variants.js';

/** The compiler flags of every runtime object (the course's Makefile used -m32 -g). */
export const RUNTIME_CFLAGS: readonly string[] = ['-m32', '-O1', '-g', '-std=gnu11'];

const TOOL_TIMEOUT_MS = 120_000;
const SETUP_REMEDY = 'Run scripts/setup: it installs nasm and gcc-multilib (gcc -m32), which fox-grade needs.';

export type BuildErrorCode =
  | 'E_CC' // a runtime C file does not compile
  | 'E_ASM' // nasm rejected the assembly
  | 'E_LINK' // the link failed (an undefined or duplicate symbol, usually)
  | 'E_SOURCE' // a `sources` override has an unusable name
  | 'E_TOOL' // gcc or nasm is missing or could not be run
  | 'E_TIMEOUT' // a tool ran longer than TOOL_TIMEOUT_MS
  | 'E_NO_COMPILER'; // reference/compiler/index.ts is missing or exports no compile()

export type BuildStage = 'runtime' | 'assemble' | 'link' | 'compile';

/** A build that could not complete. `message` holds the tool's own output, `remedy` what to do. */
export class BuildError extends Error {
  override name = 'BuildError';
  readonly code: BuildErrorCode;
  readonly stage: BuildStage;
  readonly remedy: string;
  constructor(code: BuildErrorCode, stage: BuildStage, message: string, opts: { remedy: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.stage = stage;
    this.remedy = opts.remedy;
  }
}

// ---------------------------------------------------------------------------------------------
// Running the tools
// ---------------------------------------------------------------------------------------------

interface ToolFailure {
  code: BuildErrorCode;
  stage: BuildStage;
  remedy: string;
}

/**
 * Runs gcc or nasm; a failure becomes a BuildError whose message is the tool's output. The tools
 * run through reference/run.ts' runCommand (execa).
 */
async function runTool(file: string, args: string[], cwd: string, failure: ToolFailure): Promise<void> {
  // LC_ALL=C: plain ASCII quotes in gcc's messages, the same on every machine.
  const result = await runCommand(file, args, { cwd, timeoutMs: TOOL_TIMEOUT_MS, env: { LC_ALL: 'C' } });
  if (!result.notFound && !result.timedOut && result.exitCode === 0) return;
  if (result.notFound) {
    throw new BuildError('E_TOOL', failure.stage, `${file} not found`, { remedy: SETUP_REMEDY, cause: result });
  }
  if (result.timedOut) {
    throw new BuildError('E_TIMEOUT', failure.stage, `${file} ran for more than ${TOOL_TIMEOUT_MS / 1000} s`, {
      remedy: 'The machine may be overloaded; run the build again.',
      cause: result,
    });
  }
  // Both streams (the tools write their messages on stderr).
  const how = result.signal !== undefined ? `killed by ${result.signal}` : `exit status ${result.exitCode}`;
  const output = `${result.stdout}${result.stderr}`.trim() || `${file} failed (${how})`;
  throw new BuildError(failure.code, failure.stage, output, { remedy: failure.remedy, cause: result });
}

const versions = new Map<string, Promise<string>>();

/** The first line of `tool --version`: part of every hash, so a new toolchain rebuilds. */
function toolVersion(tool: string, flag: string): Promise<string> {
  let version = versions.get(tool);
  if (version === undefined) {
    version = execa(tool, [flag], { reject: false, stdin: 'ignore', timeout: TOOL_TIMEOUT_MS }).then((r) => {
      if (r.failed) {
        versions.delete(tool);
        throw new BuildError('E_TOOL', tool === 'nasm' ? 'assemble' : 'runtime', `${tool} could not be run: ${r.shortMessage}`, {
          remedy: SETUP_REMEDY,
          cause: r,
        });
      }
      return r.stdout.split('\n')[0] ?? '';
    });
    versions.set(tool, version);
  }
  return version;
}

// ---------------------------------------------------------------------------------------------
// The runtime
// ---------------------------------------------------------------------------------------------

export interface BuildRuntimeOptions {
  dialect?: Dialect;
  cacheDir?: string;
  /** File contents by name, replacing the reference's (`{ 'gc.c': studentGc }`) or added to it. */
  sources?: Record<string, string>;
  /** Extra gcc flags (`-fsanitize=address`, `-DDEBUG`, …), after the standard ones. */
  cflags?: string[];
  /** Compile in a jail of this containment: required for student sources (reference/sandbox.ts). */
  containment?: Containment;
}

export interface Runtime {
  /** The object files, one per .c file, in the order of their names. */
  objects: string[];
  /** A hash of all the objects' hashes: identifies this runtime in program hashes. */
  key: string;
  dialect: Dialect;
}

const SOURCE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[ch]$/;

/** The reference runtime's files, with the overrides applied. */
async function runtimeSources(overrides: Record<string, string> = {}): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(runtimeDir)).sort()) {
    if (SOURCE_NAME.test(name)) files.set(name, await readFile(join(runtimeDir, name), 'utf8'));
  }
  for (const [name, content] of Object.entries(overrides)) {
    if (!SOURCE_NAME.test(name) || typeof content !== 'string') {
      throw new BuildError('E_SOURCE', 'runtime', `cannot use a runtime source named ${JSON.stringify(name)}`, {
        remedy: 'Name sources by their file name only, ending in .c or .h (for example "gc.c").',
      });
    }
    files.set(name, content);
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Compiles the runtime's .c files into cached objects. Every object depends on every header,
 * so a changed gc.h rebuilds all of them.
 */
export async function buildRuntime(opts: BuildRuntimeOptions = {}): Promise<Runtime> {
  const dialect = opts.dialect ?? 'sp19';
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  await sweepCache(cacheDir);
  const files = await runtimeSources(opts.sources);
  const flags = [...RUNTIME_CFLAGS, ...(dialect === 'fa18' ? ['-DFOX_DIALECT_FA18'] : []), ...(opts.cflags ?? [])];
  const headers = [...files].filter(([name]) => name.endsWith('.h'));
  const cc = await toolVersion('gcc', '--version');

  const units = [...files.keys()]
    .filter((name) => name.endsWith('.c'))
    .map((name) => ({
      name,
      // Contained compiles have their own entries: an object compiled outside a jail may hold what a
      // trick (an #include of /etc/passwd) read there.
      hash: sha256(JSON.stringify({ name, source: files.get(name), headers, flags, dialect, cc, ...(opts.containment ? { contained: 1 } : {}) })),
    }));

  await mkdir(join(cacheDir, 'obj'), { recursive: true });
  const key = sha256(units.map((u) => u.hash).join('\n'));
  const objects = opts.containment ? await compileContained(units, files, flags, cacheDir, opts.containment) : await compileHere(units, files, flags, cacheDir);
  return { objects, key, dialect };
}

/** The runtime's objects compiled by gcc in a scratch copy in the cache (the reference's own sources). */
async function compileHere(units: { name: string; hash: string }[], files: Map<string, string>, flags: string[], cacheDir: string): Promise<string[]> {
  let dir: Promise<string> | undefined; // one scratch copy of the sources, made on the first miss
  try {
    // allSettled, not all: the scratch directory is removed only when every gcc has finished.
    const settled = await Promise.allSettled(
      units.map(({ name, hash }) => {
        const object = join(cacheDir, 'obj', `${hash}.o`);
        return once(object, async (temp) => {
          dir ??= writeSources(cacheDir, files);
          const cwd = await dir;
          // Compiled from the scratch copy, with a relative name, so that gcc's messages
          // say "gc.c:12:5: error: …" and #include "gc.h" finds the overridden header.
          await runTool('gcc', [...flags, '-c', name, '-o', temp], cwd, {
            code: 'E_CC',
            stage: 'runtime',
            remedy: `Fix the C error above in ${name}; the runtime is compiled with gcc ${flags.join(' ')}.`,
          });
        });
      }),
    );
    return settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
  } finally {
    const scratch = await dir?.catch(() => undefined);
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  }
}

/** Limits of gcc on student sources (cc1 and as inherit them). */
export const CONTAINED_CC_LIMITS = { cpuSeconds: 60, addressSpaceMB: 2048, fileSizeMB: 64, processes: 16 } as const;

/**
 * The runtime's objects compiled in a jail (student sources, issue 19): gcc sees the sources
 * and the system's headers, nothing else, so no preprocessor or assembler trick reaches
 * another file; the objects are copied out into the cache.
 */
async function compileContained(units: { name: string; hash: string }[], files: Map<string, string>, flags: string[], cacheDir: string, containment: Containment): Promise<string[]> {
  let jail: Promise<Jail> | undefined;
  try {
    const settled = await Promise.allSettled(
      units.map(({ name, hash }) =>
        once(join(cacheDir, 'obj', `${hash}.o`), async (temp) => {
          jail ??= openJail(containment).then(async (j) => {
            await Promise.all([...files].map(([file, content]) => writeFile(join(j.workDir, file), content)));
            return j;
          });
          const j = await jail;
          const run = await runInJail(j, 'gcc', [...flags, '-c', name, '-o', `${name}.o`], {
            timeoutMs: TOOL_TIMEOUT_MS,
            limits: CONTAINED_CC_LIMITS,
            env: { LC_ALL: 'C' },
          });
          if (run.status !== 'exited' || run.exitCode !== 0) {
            const how = run.status === 'timeout' ? `ran past its ${run.limit === 'cpu' ? 'CPU' : 'time'} limit` : run.status === 'signaled' ? `was killed by ${run.signal}` : `exit status ${run.exitCode}`;
            const output = `${run.stdout}${run.stderr}`.trim();
            throw new BuildError(run.status === 'timeout' ? 'E_TIMEOUT' : 'E_CC', 'runtime', output === '' ? `gcc ${how}` : output, {
              remedy: `Fix the C error above in ${name}; the runtime is compiled with gcc ${flags.join(' ')}.`,
              cause: run,
            });
          }
          await copyFile(join(j.workDir, `${name}.o`), temp);
        }),
      ),
    );
    return settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
  } finally {
    const j = await jail?.catch(() => undefined);
    await j?.close();
  }
}

async function writeSources(cacheDir: string, files: Map<string, string>): Promise<string> {
  const dir = await scratchDir(cacheDir, 'cc');
  await Promise.all([...files].map(([name, content]) => writeFile(join(dir, name), content)));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

export interface LinkOptions {
  cacheDir?: string;
  /** Extra gcc flags for the link (`-fsanitize=address` with an ASan runtime). */
  ldflags?: string[];
  /**
   * `gold`: run ld.gold directly with the arguments `gcc -m32 -no-pie` would give the linker
   * (read once from `gcc -###`), skipping the gcc and collect2 processes and bfd ld (grading
   * builds: about 3× less CPU per link). Falls back to gcc when gold is missing or fails its
   * probe, or with ldflags. Default `gcc`. FOX_GRADE_LINKER=gcc forces gcc.
   */
  linker?: 'gcc' | 'gold';
}

/** Splits a command line as `gcc -###` prints it (words, double-quoted words with \-escapes). */
function commandWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return words;
}

let goldLinker: Promise<string[] | undefined> | undefined;

/**
 * The linker arguments `gcc -m32 -no-pie -o @OUT@ @OBJ@.o` would pass to collect2 (without the
 * LTO plugin, unused here), when ld.gold links and runs a probe program with them; else undefined.
 */
function goldArguments(cacheDir: string): Promise<string[] | undefined> {
  goldLinker ??= (async () => {
    if (process.env.FOX_GRADE_LINKER === 'gcc') return undefined;
    const query = await runCommand('gcc', ['-m32', '-no-pie', '-###', '-o', '@OUT@', '@OBJ@.o'], { timeoutMs: TOOL_TIMEOUT_MS, env: { LC_ALL: 'C' } });
    const line = `${query.stdout}\n${query.stderr}`.split('\n').find((l) => /collect2|\/ld(\.\w+)?\s/.test(l) && l.includes('@OUT@'));
    if (query.exitCode !== 0 || line === undefined) return undefined;
    const words = commandWords(line.trim()).slice(1);
    const args: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '-plugin') i++;
      else if (!words[i].startsWith('-plugin-opt=') && !words[i].startsWith('-fuse-ld')) args.push(words[i]);
    }
    if (!args.includes('@OUT@') || !args.includes('@OBJ@.o')) return undefined;
    // Probe: link and run a C program with them.
    const dir = await scratchDir(cacheDir, 'gold');
    try {
      await writeFile(join(dir, 'probe.c'), 'int main(void) { return 42; }\n');
      const cc = await runCommand('gcc', ['-m32', '-c', '-o', 'probe.o', 'probe.c'], { cwd: dir, timeoutMs: TOOL_TIMEOUT_MS, env: { LC_ALL: 'C' } });
      if (cc.exitCode !== 0) return undefined;
      const ld = await runCommand('ld.gold', args.map((a) => (a === '@OUT@' ? 'probe' : a === '@OBJ@.o' ? 'probe.o' : a)), { cwd: dir, timeoutMs: TOOL_TIMEOUT_MS, env: { LC_ALL: 'C' } });
      if (ld.exitCode !== 0) return undefined;
      const run = await runCommand(join(dir, 'probe'), [], { cwd: dir, timeoutMs: TOOL_TIMEOUT_MS });
      return run.exitCode === 42 ? args : undefined;
    } catch {
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return goldLinker;
}

/** Assembles `asm` (NASM, elf32) and links it with the runtime. Returns the executable's path. */
export async function assembleAndLink(asm: string, runtime: Runtime, opts: LinkOptions = {}): Promise<string> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const ldflags = opts.ldflags ?? [];
  const [nasm, cc] = await Promise.all([toolVersion('nasm', '-v'), toolVersion('gcc', '--version')]);
  const gold = opts.linker === 'gold' && ldflags.length === 0 ? await goldArguments(cacheDir) : undefined;
  // The linker is part of a product's identity (gcc's products keep their hashes).
  const hash = sha256(JSON.stringify({ asm, runtime: runtime.key, ldflags, nasm, cc, ...(gold ? { linker: 'gold' } : {}) }));
  const exe = join(cacheDir, 'bin', hash);
  await mkdir(join(cacheDir, 'bin'), { recursive: true });

  return once(exe, async (temp) => {
    const dir = await scratchDir(cacheDir, 'ld');
    try {
      await writeFile(join(dir, 'program.asm'), asm);
      await runTool('nasm', ['-f', 'elf32', '-o', 'program.o', 'program.asm'], dir, {
        code: 'E_ASM',
        stage: 'assemble',
        remedy: 'The assembly does not assemble: a bug in the code generator (the line numbers refer to its output).',
      });
      const failure: ToolFailure = {
        code: 'E_LINK',
        stage: 'link',
        remedy:
          'The program and the runtime do not link: check that the runtime defines every symbol the assembly uses ' +
          '(our_code_starts_here, print, error, try_gc, HEAP, HEAP_END, STACK_BOTTOM) and that no symbol is defined twice.',
      };
      if (gold) {
        await runTool('ld.gold', gold.flatMap((a) => (a === '@OUT@' ? [temp] : a === '@OBJ@.o' ? ['program.o', ...runtime.objects] : [a])), dir, failure);
      } else {
        await runTool('gcc', ['-m32', '-no-pie', ...ldflags, '-o', temp, 'program.o', ...runtime.objects], dir, failure);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 0o555);
}

/** What the reference compiler (reference/compiler/index.ts) exports. */
export type CompileFn = (
  source: string,
  opts: { filename: string; dialect: Dialect; variant?: string },
) => CompileResult | Promise<CompileResult>;

export type CompileResult = { ok: true; asm: string; anf?: string } | { ok: false; diagnostics: unknown[]; message: string };

export interface BuildProgramOptions {
  filename?: string;
  dialect?: Dialect;
  variant?: string;
  cacheDir?: string;
  /** A runtime already built (a mutant's, a student's); by default the reference runtime of the dialect. */
  runtime?: Runtime;
  /** Another compiler with the reference's interface; by default the reference compiler. */
  compiler?: CompileFn;
  ldflags?: string[];
}

export type ProgramBuild =
  | { ok: true; exe: string; asm: string }
  | { ok: false; stage: 'compile'; message: string; diagnostics: unknown[] };

// A variable, not a literal, so that TypeScript does not resolve the module at build time:
// the compiler is written in parallel with this file, and may be missing or incomplete.
const COMPILER_MODULE = './compiler/index.js';

async function loadCompiler(): Promise<CompileFn> {
  let mod: { compile?: unknown };
  try {
    mod = (await import(COMPILER_MODULE)) as { compile?: unknown };
  } catch (cause) {
    throw new BuildError('E_NO_COMPILER', 'compile', `cannot load the reference compiler (reference/compiler/index.ts): ${String(cause)}`, {
      remedy: 'Make sure reference/compiler/index.ts exists and loads; in dist/, run `npm run build` first.',
      cause,
    });
  }
  if (typeof mod.compile !== 'function') {
    throw new BuildError('E_NO_COMPILER', 'compile', 'reference/compiler/index.ts does not export a compile() function', {
      remedy: 'Export `compile(source, { filename, dialect, variant })` from reference/compiler/index.ts.',
    });
  }
  return mod.compile as CompileFn;
}

/**
 * Compiles a Fox program and links it with the runtime. A Fox compile error is a result (a
 * failure test may expect it); an assembler or linker error is a BuildError (a bug of ours).
 */
export async function buildProgram(source: string, opts: BuildProgramOptions = {}): Promise<ProgramBuild> {
  const dialect = opts.dialect ?? opts.runtime?.dialect ?? 'sp19';
  const compile = opts.compiler ?? (await loadCompiler());
  const compiled = await compile(source, { filename: opts.filename ?? 'program.fox', dialect, variant: opts.variant });
  if (!compiled.ok) return { ok: false, stage: 'compile', message: compiled.message, diagnostics: compiled.diagnostics };
  const runtime = opts.runtime ?? (await buildRuntime({ dialect, cacheDir: opts.cacheDir }));
  const exe = await assembleAndLink(compiled.asm, runtime, { cacheDir: opts.cacheDir, ldflags: opts.ldflags });
  return { ok: true, exe, asm: compiled.asm };
}
