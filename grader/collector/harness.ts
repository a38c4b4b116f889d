// The per-phase diagnosis (reference/diagnose/diagnose.c): building the harness runtime from the
// student's objects and the reference's, running a program under it, and reading its one line.
//
// The harness runtime reuses the objects of the student's normal build, renamed with objcopy
// (so the collector that is diagnosed is byte for byte the one that was graded):
//   main.o          try_gc → fox_runtime_try_gc (diagnose.c's try_gc notes ESI, then calls it)
//   student gc.o    gc, mark, forward, redirect, compact → student_*
//   student types.o unchanged
//   reference.o     `ld -r` of the reference's gc.o and types.o, the five functions renamed ref_*
//                   and every other symbol made local (the reference's helpers never mix with
//                   the student's is_tuple, tuple_size, …)
//   diagnose.o      the harness (defines try_gc and gc)
// Every derived object is cached under <cache>/obj/ by a hash of its inputs.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { buildRuntime, once, RUNTIME_CFLAGS, type Runtime } from '../../reference/build.js';
import { projectRoot, runtimeDir } from '../../reference/paths.js';
import { runProgram, type RunResult } from '../../reference/run.js';
import { bindingDefines, type PhaseBinding } from './binding.js';
import { openJail, type Containment, type Jail } from '../../reference/sandbox.js';
import { COLLECTOR_FUNCTION_NAMES } from './compile.js';

export const DIAGNOSE_SOURCE = join(projectRoot, 'reference', 'diagnose', 'diagnose.c');
const TOOL_TIMEOUT_MS = 120_000;
const HARNESS_VERSION = 'fox-diagnose-2';

/** The phases a diagnosis can blame; `gc` when every phase alone agrees but gc() as a whole does not. */
export type DiagnosedPhase = 'mark' | 'forward' | 'redirect' | 'compact' | 'gc';
export const DIAGNOSED_PHASES: readonly DiagnosedPhase[] = ['mark', 'forward', 'redirect', 'compact', 'gc'];

/** One word where the student's state differs from the reference's after the blamed phase. */
export interface WordDifference {
  /** `heap+24` (word offset), `STACK_BOTTOM-3` (words below STACK_BOTTOM), or `return value`. */
  where: string;
  /** `GC word of block heap+24`, `element 1 of block heap+8`, `stack word STACK_BOTTOM-3`, `free pointer` … */
  what: string;
  /** The reference's word, as a Fox value (`tuple heap+12`, `number 5`, `forwarding address heap+6, marked`). */
  expected: string;
  /** The student's. */
  actual: string;
}

/** What the diagnosis found for one run of one program. */
export interface TestDiagnosis {
  /**
   * `diverged`: a phase left a different state; `crashed` / `timeout` / `exited`: the student's
   * phase died, did not return, or ended the program; `unattributed`: the student's gc() went
   * wrong, but its phases composed as the diagnosis calls them do not reproduce what it did
   * (it does more than the four phases), so no phase is blamed; `not-implemented`: the blamed
   * phase is still the starter's stub; `agree`: every collection agreed (the failure is
   * elsewhere); `unavailable`: the diagnosis run gave no answer.
   */
  status: 'diverged' | 'crashed' | 'timeout' | 'exited' | 'unattributed' | 'not-implemented' | 'agree' | 'unavailable';
  phase?: DiagnosedPhase;
  /** The collection (1-based) where it went wrong. */
  collection?: number;
  /** Collections the program made up to the diagnosis (all of them when they agreed). */
  collections: number;
  /** One sentence: `forward: block at heap+24 got forwarding address heap+8, expected heap+12`. */
  message: string;
  differences?: WordDifference[];
  /** Differences beyond those listed. */
  moreDifferences?: number;
  /** What an earlier difference led to (a wrong max_address from mark, then …). */
  consequence?: string;
  signal?: string;
  notes?: string[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function tool(file: string, args: string[], cwd?: string): Promise<void> {
  const r = await execa(file, args, { cwd, reject: false, all: true, stdin: 'ignore', timeout: TOOL_TIMEOUT_MS, env: { LC_ALL: 'C' } });
  if (r.failed) throw new Error(`${file} ${args.join(' ')} failed: ${(r.all ?? r.shortMessage ?? '').toString().trim()}`);
}

/** A derived object at <cache>/obj/<hash>.o, made once (atomically, verified: build.ts' once) by `make(tempPath)`. */
async function derived(cacheDir: string, key: string, make: (temp: string) => Promise<void>): Promise<string> {
  await mkdir(join(cacheDir, 'obj'), { recursive: true });
  return once(join(cacheDir, 'obj', `${sha256(`${HARNESS_VERSION}\n${key}`)}.o`), make);
}

const redefine = (prefix: string) => COLLECTOR_FUNCTION_NAMES.flatMap((fn) => ['--redefine-sym', `${fn}=${prefix}${fn}`]);

/**
 * A runtime's objects by source name: buildRuntime compiles the reference's .c files plus the
 * overrides' and lists the objects in the order of the names.
 */
export async function runtimeObjects(runtime: Runtime, overrides: string[] = []): Promise<RuntimeObjects> {
  const names = new Set((await readdir(runtimeDir)).filter((n) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.c$/.test(n)));
  for (const n of overrides) if (n.endsWith('.c')) names.add(n);
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = (name: string) => {
    const object = runtime.objects[sorted.indexOf(name)];
    if (object === undefined) throw new Error(`the runtime has no object for ${name}`);
    return object;
  };
  return { main: at('main.c'), gc: at('gc.c'), types: at('types.c') };
}

/** The reference collector as one object whose only globals are ref_gc, ref_mark, … */
async function referenceCollector(cacheDir: string): Promise<string> {
  const { gc: gcObject, types: typesObject } = await runtimeObjects(await buildRuntime({ cacheDir }));
  return derived(cacheDir, `reference ${basename(gcObject)} ${basename(typesObject)}`, async (temp) => {
    const combined = `${temp}.r.o`;
    try {
      await tool('ld', ['-m', 'elf_i386', '-r', '-o', combined, gcObject, typesObject]);
      await tool('objcopy', [
        '--wildcard',
        ...redefine('ref_'),
        ...COLLECTOR_FUNCTION_NAMES.map((fn) => `--keep-global-symbol=ref_${fn}`),
        // gcc's PIC thunks live in COMDAT groups: localizing them breaks the link.
        '--keep-global-symbol=__x86.get_pc_thunk.*',
        combined,
        temp,
      ]);
    } finally {
      await rm(combined, { force: true });
    }
  });
}

/** diagnose.o, with the student's argument orders (binding.ts) as -D macros. */
async function diagnoseObject(cacheDir: string, defines: string[]): Promise<string> {
  const source = await readFile(DIAGNOSE_SOURCE, 'utf8');
  return derived(cacheDir, `diagnose ${sha256(source)} ${RUNTIME_CFLAGS.join(' ')} ${defines.join(' ')}`, async (temp) => {
    await mkdir(join(cacheDir, 'tmp'), { recursive: true });
    const dir = await mkdtemp(join(cacheDir, 'tmp', 'diag-'));
    try {
      await tool('gcc', [...RUNTIME_CFLAGS, ...defines, '-c', DIAGNOSE_SOURCE, '-o', temp], dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The objects of a student's runtime by source name (buildRuntime lists them in name order). */
export interface RuntimeObjects {
  main: string;
  gc: string;
  types: string;
}

/**
 * The harness runtime for a student's build; `bindings` give the argument order of each phase
 * (default: the course gc.c's). Throws when a tool fails (a bug of ours).
 */
export async function buildDiagnosisRuntime(student: Runtime, objects: RuntimeObjects, cacheDir: string, bindings: PhaseBinding[] = []): Promise<Runtime> {
  const [main, gc, reference, harness] = await Promise.all([
    derived(cacheDir, `main ${basename(objects.main)}`, (temp) =>
      tool('objcopy', ['--redefine-sym', 'try_gc=fox_runtime_try_gc', objects.main, temp]),
    ),
    derived(cacheDir, `student ${basename(objects.gc)}`, (temp) => tool('objcopy', [...redefine('student_'), objects.gc, temp])),
    referenceCollector(cacheDir),
    diagnoseObject(cacheDir, bindingDefines(bindings)),
  ]);
  const list = [main, gc, objects.types, reference, harness];
  return { objects: list, key: sha256(list.map((o) => basename(o)).join('\n')), dialect: student.dialect };
}

export interface DiagnoseRunOptions {
  heap: number;
  /** The test's own time limit; the diagnosis run gets this plus two phase limits. */
  timeoutMs: number;
  /** Each run of the student's code in a child (gc() whole, then the phases). Default 2000. */
  phaseTimeoutMs: number;
  /** Where the harness writes its line (a fresh directory of the caller's), when not in a jail. */
  outDir: string;
  /** Run in a jail of this containment (student code); the line is then written in the jail. */
  containment?: Containment;
}

/** Runs a program linked with the harness and reads the diagnosis. Never throws for the program's behaviour. */
export async function runDiagnosis(exe: string, opts: DiagnoseRunOptions): Promise<TestDiagnosis> {
  if (opts.containment === undefined) return diagnoseIn(exe, opts, undefined);
  const jail = await openJail(opts.containment);
  try {
    return await diagnoseIn(exe, opts, jail);
  } finally {
    await jail.close();
  }
}

async function diagnoseIn(exe: string, opts: DiagnoseRunOptions, jail: Jail | undefined): Promise<TestDiagnosis> {
  const out = join(jail ? jail.workDir : opts.outDir, 'diagnosis.json');
  let run: RunResult;
  try {
    run = await runProgram(exe, {
      heap: opts.heap,
      jail,
      env: { FOX_DIAG_OUT: jail ? jail.inside(out) : out, FOX_DIAG_PHASE_MS: String(opts.phaseTimeoutMs) },
      timeoutMs: opts.timeoutMs + 2 * opts.phaseTimeoutMs + 1000,
      // Six copies of the heap (the snapshots) and a fork per collection.
      limits: { addressSpaceMB: 3072, cpuSeconds: Math.ceil((opts.timeoutMs + 2 * opts.phaseTimeoutMs) / 1000) + 1 },
      maxOutputBytes: 256 * 1024,
    });
  } catch (error) {
    return { status: 'unavailable', collections: 0, message: `the diagnosis run could not start: ${(error as Error).message}` };
  }
  let text: string;
  try {
    text = await readFile(out, 'utf8');
  } catch {
    const how = run.status === 'timeout' ? 'ran past its time limit' : run.status === 'signaled' ? `was killed by ${run.signal}` : `exited with ${run.exitCode} without a result`;
    return { status: 'unavailable', collections: 0, message: `the diagnosis run ${how}` };
  }
  return parseDiagnosisLine(text);
}

interface RawDiagnosis {
  diagnose?: number;
  status?: string;
  phase?: string;
  message?: string;
  collection?: number;
  collections?: number;
  compared?: number;
  differences?: WordDifference[];
  moreDifferences?: number;
  consequence?: string;
  signal?: string;
  notes?: string[];
}

/** The harness's JSON line as a TestDiagnosis. */
export function parseDiagnosisLine(text: string): TestDiagnosis {
  let raw: RawDiagnosis;
  try {
    raw = JSON.parse(text.trim().split('\n')[0] ?? '') as RawDiagnosis;
  } catch {
    return { status: 'unavailable', collections: 0, message: 'the diagnosis line is not JSON' };
  }
  const collections = raw.collections ?? 0;
  const notes = (raw.notes ?? []).filter((n) => n !== '');
  const phase = DIAGNOSED_PHASES.find((p) => p === raw.phase);
  switch (raw.status) {
    case 'agree':
      return {
        status: 'agree',
        collections,
        message:
          collections === 0
            ? 'no collection happened in this test: the failure is not in the collector'
            : `the collector agreed with the reference in all ${collections} collection(s): the failure is outside the four phases (types.c, or gc.c code the phases do not run)`,
      };
    case 'unattributed': {
      const d: TestDiagnosis = { status: 'unattributed', collections, message: raw.message ?? 'cannot attribute to one phase' };
      if (raw.collection !== undefined) d.collection = raw.collection;
      if (notes.length > 0) d.notes = notes;
      return d;
    }
    case 'diverged':
    case 'crashed':
    case 'timeout':
    case 'exited': {
      const d: TestDiagnosis = {
        status: raw.status,
        collections,
        message: raw.message ?? `${phase ?? 'the collector'} went wrong`,
      };
      if (phase) d.phase = phase;
      if (raw.collection !== undefined) d.collection = raw.collection;
      if (raw.differences && raw.differences.length > 0) d.differences = raw.differences;
      if (raw.moreDifferences) d.moreDifferences = raw.moreDifferences;
      if (raw.consequence) d.consequence = raw.consequence;
      if (raw.signal) d.signal = raw.signal;
      if (notes.length > 0) d.notes = notes;
      return d;
    }
    default:
      return { status: 'unavailable', collections, message: raw.message ?? 'the diagnosis gave no answer' };
  }
}

/** `forward: … (collection 2)`: the one line reports show. */
export function formatDiagnosis(d: TestDiagnosis): string {
  const at = d.collection !== undefined && d.status === 'diverged' ? ` (collection ${d.collection})` : '';
  return `${d.message}${at}`;
}
