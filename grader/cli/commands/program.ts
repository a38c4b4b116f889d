// `fox-grade run FILE.fox [--heap N]` and `fox-grade compile FILE.fox [-o OUT] [--anf]`.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { constants as osConstants } from 'node:os';
import { anfPrintout, compile } from '../../../reference/compiler/index.js';
import { buildTestProgram, createToolchain, runBuiltProgram } from '../../../suites/execute.js';
import { FoxGradeError } from '../../../suites/errors.js';
import { errnoThenWords, explainErrno, writeFileAtomic } from '../../safe-write.js';
import { MAX_PROGRAM_BYTES } from '../../../suites/test-file.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../../../reference/run.js';
import type { Io } from '../io.js';
import type { Dialect } from '../../result.js';

export interface ProgramOptions {
  dialect: Dialect;
  heap?: number;
}

/**
 * Reads a program: a regular file of at most MAX_PROGRAM_BYTES. Opened non-blocking, so that a
 * FIFO cannot hang the open, and checked before reading, so that /dev/zero is refused at once.
 */
async function readProgram(path: string, io: Io): Promise<string> {
  const file = resolve(io.cwd, path);
  const fail = (why: string, remedy: string, cause?: unknown): never => {
    throw new FoxGradeError('E_NO_PROGRAM', `cannot read ${path}: ${why}`, { ...(cause !== undefined ? { cause } : {}), remedy, location: { file: path } });
  };
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    return fail(errnoThenWords(cause), 'Give the path of a Fox program (a .fox file).', cause);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
      return fail(`it is ${kind}, not a regular file`, 'Give the path of a Fox program (a .fox file).');
    }
    if (stat.size > MAX_PROGRAM_BYTES) return fail(`it is too large (${stat.size} bytes; the limit is ${MAX_PROGRAM_BYTES} bytes)`, 'Fox programs are far smaller: check the path.');
    const buffer = Buffer.alloc(MAX_PROGRAM_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_PROGRAM_BYTES) return fail(`it is too large (more than ${MAX_PROGRAM_BYTES} bytes)`, 'Fox programs are far smaller: check the path.');
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (cause) {
    if (cause instanceof FoxGradeError) throw cause;
    return fail(explainErrno(cause), 'Check the permissions of the file.', cause);
  } finally {
    await handle.close();
  }
}

/** Compiles and runs; the program's output and exit status pass through unchanged. */
export async function runCommand(path: string, opts: ProgramOptions, io: Io): Promise<number> {
  const code = await readProgram(path, io);
  const tc = await createToolchain({ dialect: opts.dialect });
  const built = await buildTestProgram(tc, { code, filename: basename(path) });
  const heapArg = opts.heap ?? 100000;
  const { outcome } = await runBuiltProgram(tc, built, heapArg, { env: passThroughSwitches(io.env) });
  switch (outcome.status) {
    case 'compile-error':
      io.stderr(`${outcome.message}\n`);
      return 1;
    case 'exited':
      io.stdout(outcome.stdout);
      io.stderr(outcome.stderr);
      return outcome.exitCode;
    case 'signaled':
      io.stdout(outcome.stdout);
      io.stderr(
        outcome.truncated
          ? `${outcome.stderr}\nfox-grade: the program printed more than ${DEFAULT_MAX_OUTPUT_BYTES} bytes on one stream and was killed (${outcome.signal}); the rest of its output was dropped\n`
          : `${outcome.stderr}fox-grade: the program was killed by ${outcome.signal}\n`,
      );
      return 128 + (osConstants.signals[outcome.signal as keyof typeof osConstants.signals] ?? 0);
    case 'timeout':
      io.stdout(outcome.stdout);
      io.stderr(`${outcome.stderr}fox-grade: TIMEOUT: the program ran past the time limit and was killed\n`);
      return 124;
  }
}

/** The runtime's debugging switches, when the user set them for `fox-grade run`. */
function passThroughSwitches(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = ['FOX_GC_STRESS', 'FOX_GC_STATS', 'FOX_GC_LOG'];
  return Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]!]));
}

export interface CompileCommandOptions {
  dialect: Dialect;
  output?: string;
  anf?: boolean;
}

/** Prints (or writes) the assembly, or the A-normal form with --anf. */
export async function compileCommand(path: string, opts: CompileCommandOptions, io: Io): Promise<number> {
  const source = await readProgram(path, io);
  // --anf prints what an `anf` test compares: parse → ANF → print, no static check (FOX.md §6).
  const result = opts.anf ? anfPrintout(source, { filename: basename(path), dialect: opts.dialect }) : compile(source, { filename: basename(path), dialect: opts.dialect });
  if (!result.ok) {
    io.stderr(`${result.message}\n`);
    return 1;
  }
  const text = 'asm' in result ? (result.asm as string) : `${result.anf}\n`;
  if (opts.output) writeFileAtomic(resolve(io.cwd, opts.output), text, 'E_OUTPUT_WRITE');
  else io.stdout(text);
  return 0;
}
