// `fox-grade run FILE.fox [--heap N]` and `fox-grade compile FILE.fox [-o OUT] [--anf]`.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { constants } from 'node:os';
import { anfPrintout, compile } from '../../reference/compiler/index.js';
import { buildTestProgram, createToolchain, runBuiltProgram } from '../execute.js';
import { FoxGradeError } from '../errors.js';
import type { Io } from '../io.js';
import type { Dialect } from '../result.js';

export interface ProgramOptions {
  dialect: Dialect;
  heap?: number;
}

async function readProgram(path: string, io: Io): Promise<string> {
  const file = resolve(io.cwd, path);
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new FoxGradeError('E_NO_PROGRAM', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      cause,
      remedy: 'Give the path of a Fox program (a .fox file).',
      location: { file: path },
    });
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
      io.stderr(`${outcome.stderr}fox-grade: the program was killed by ${outcome.signal}\n`);
      return 128 + (constants.signals[outcome.signal as keyof typeof constants.signals] ?? 0);
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
  if (opts.output) await writeFile(resolve(io.cwd, opts.output), text);
  else io.stdout(text);
  return 0;
}
