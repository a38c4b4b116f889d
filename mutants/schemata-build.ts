// Mutant schemata, building: the schemata runtime and the reference runtime (createMutantToolchain),
// and one test program linked with them, codegen variants combined into one binary
// (buildMutantPrograms). schemata.ts has the overview.
import { assembleAndLink, buildRuntime } from '../reference/build.js';
import { compile } from '../reference/compiler/index.js';
import type { Dialect } from '../reference/compiler/variants.js';
import { defaultCacheDir } from '../reference/paths.js';
import { DEFAULT_TIMEOUT_MS } from '../reference/run.js';
import { buildTestProgram, anfOutcome, createToolchain, type BuiltProgram, type ProgramSource, type Toolchain } from '../suites/execute.js';
import type { Mutant, VariantName } from './mutant.js';
import { mutants as catalog } from './registry.js';
import { CODEGEN_ENV, MUTANT_ENV, schemataSources } from './schemata-sources.js';

export interface MutantToolchainOptions {
  /** Default `sp19`. */
  dialect?: Dialect;
  /** Default: FOX_GRADE_CACHE or `.fox-cache/` in the project. */
  cacheDir?: string;
  /** Upper bound of one mutant run's wall clock. Default 15000 (the course's limit). */
  timeoutMs?: number;
  /** Lower bound of one mutant run's wall clock (see mutantTimeoutMs). Default 2000. */
  minTimeoutMs?: number;
  /** A mutant run may take this many times the reference's run time (see mutantTimeoutMs). Default 10. */
  timeoutFactor?: number;
  /** The mutants to serve. Default: the whole catalog (mutants/registry.ts). */
  mutants?: readonly Mutant[];
  /**
   * Build the schemata with the grading hooks (coverage, split-stream, FOX_CODEGEN; see
   * schemataSources). Default true: with none of their variables set they change nothing.
   */
  hooks?: boolean;
}

export interface MutantToolchain {
  dialect: Dialect;
  cacheDir: string;
  timeoutMs: number;
  minTimeoutMs: number;
  timeoutFactor: number;
  mutants: readonly Mutant[];
  /** Runs programs linked with the schemata runtime (every runtime mutant, none active by default). */
  schemata: Toolchain;
  /** Runs programs linked with the reference runtime (codegen mutants, and the reference itself). */
  reference: Toolchain;
  /** Runtime mutant id → its number in the schemata. */
  table: ReadonlyMap<string, number>;
  /** Whether the schemata runtime has the hooks (coverage, split-stream, FOX_CODEGEN). */
  hooks: boolean;
  /** With hooks: the functions the coverage counters track (`gc.c:mark` …). */
  functions: readonly string[];
  /** With hooks: codegen mutant id → its number for FOX_CODEGEN. */
  codegen: ReadonlyMap<string, number>;
}

/** Builds (or finds in the cache) the schemata runtime and the reference runtime. */
export async function createMutantToolchain(opts: MutantToolchainOptions = {}): Promise<MutantToolchain> {
  const dialect = opts.dialect ?? 'sp19';
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const mutants = opts.mutants ?? catalog;
  const hooks = opts.hooks ?? true;
  const { sources, table, functions, codegen } = schemataSources(mutants, { hooks });
  const [schemata, reference] = await Promise.all([
    buildRuntime({ dialect, cacheDir, sources }).then((runtime) => createToolchain({ dialect, cacheDir, timeoutMs, runtime })),
    createToolchain({ dialect, cacheDir, timeoutMs }),
  ]);
  return {
    dialect,
    cacheDir,
    timeoutMs,
    minTimeoutMs: opts.minTimeoutMs ?? 2000,
    timeoutFactor: opts.timeoutFactor ?? 10,
    mutants,
    schemata,
    reference,
    table,
    hooks,
    functions,
    codegen,
  };
}

export interface MutantPrograms {
  readonly program: ProgramSource;
  /** The program linked with the schemata runtime: one executable for every runtime mutant. */
  readonly schemata: BuiltProgram;
  /**
   * The schemata build run with no mutant active (FOX_MUTANT set to '', so that the grader's
   * environment cannot select one): it behaves exactly like the reference (the contract test
   * shows it on the official suite), so the grading pipeline's reference runs use it and the
   * program is linked once instead of twice.
   */
  readonly asReference: BuiltProgram;
  /** The program compiled by a codegen variant, ready to run: built on first use, then shared. */
  variant(name: VariantName): Promise<BuiltProgram>;
  /**
   * Whether the variant compiles this program to exactly the reference's assembly, so that it
   * cannot behave differently on it. False when the program does not run (compile error, ANF test).
   */
  sameCode(name: VariantName): boolean;
}

export interface BuildMutantProgramsOptions {
  /**
   * How the codegen variants are built.
   * - `separate` (default): each on first use, compiled by its variant and linked with the
   *   reference runtime (one link per variant).
   * - `combined` (a toolchain with hooks): every variant whose assembly differs from the
   *   reference's is assembled into the schemata executable itself, whose entry jumps to the code
   *   FOX_CODEGEN names (combinedVariantsAsm): ONE link serves the reference run, every runtime
   *   mutant and every codegen mutant. A variant with the reference's assembly runs the
   *   reference's code. FOX_MUTANT still knows runtime mutants only.
   */
  codegen?: 'separate' | 'combined';
}

/**
 * Builds one test program for every mutant: one schemata link now; the codegen variants lazily
 * (on first use, once), or within that link (`codegen: 'combined'`). Every product is cached by
 * content hash.
 */
export async function buildMutantPrograms(mtc: MutantToolchain, program: ProgramSource, opts: BuildMutantProgramsOptions = {}): Promise<MutantPrograms> {
  const mode = opts.codegen ?? 'separate';
  if (mode === 'combined' && !mtc.hooks) throw new Error("buildMutantPrograms: codegen 'combined' needs a toolchain built with hooks");
  const compiled = compile(program.code, { filename: program.filename, dialect: mtc.dialect });

  // The variants' compiler outputs, each computed once (the compiler is in-process and fast).
  const outputs = new Map<VariantName, ReturnType<typeof compile>>();
  const variantOutput = (name: VariantName) => {
    let out = outputs.get(name);
    if (out === undefined) {
      out = compile(program.code, { filename: program.filename, dialect: mtc.dialect, variant: name });
      outputs.set(name, out);
    }
    return out;
  };
  // Codegen mutant ids of the toolchain (FOX_CODEGEN's table) and their variants.
  const codegenIds = new Map<VariantName, string>();
  for (const id of mtc.codegen.keys()) {
    const m = mtc.mutants.find((x) => x.id === id);
    if (m?.kind === 'codegen') codegenIds.set(m.variant, id);
  }

  let schemata: BuiltProgram;
  // An anf test is judged on its printout, without the static check compile() applies.
  if (program.anf) schemata = { ok: false, outcome: anfOutcome(program, mtc.dialect) };
  else if (!compiled.ok) schemata = { ok: false, outcome: { status: 'compile-error', message: compiled.message } };
  else {
    let asm = compiled.asm;
    if (mode === 'combined') {
      const entries = [...mtc.codegen.keys()].map((id) => {
        const m = mtc.mutants.find((x) => x.id === id);
        const out = m?.kind === 'codegen' ? variantOutput(m.variant) : undefined;
        return out?.ok ? out.asm : undefined;
      });
      asm = combinedVariantsAsm(compiled.asm, entries);
    }
    schemata = { ok: true, exe: await assembleAndLink(asm, mtc.schemata.runtime, { cacheDir: mtc.cacheDir, linker: 'gold' }), anf: compiled.anf };
  }
  const asReference: BuiltProgram = schemata.ok ? { ...schemata, env: { [MUTANT_ENV]: '' } } : schemata;
  const sameCode = (name: VariantName): boolean => {
    if (!schemata.ok || !compiled.ok) return false;
    const out = variantOutput(name);
    return out.ok && out.asm === compiled.asm;
  };

  const variants = new Map<VariantName, Promise<BuiltProgram>>();
  return {
    program,
    schemata,
    asReference,
    sameCode,
    variant(name) {
      let built = variants.get(name);
      if (built === undefined) {
        const id = codegenIds.get(name);
        const out = mode === 'combined' ? variantOutput(name) : undefined;
        if (mode === 'separate' || !schemata.ok || id === undefined || out === undefined) {
          built = buildTestProgram(mtc.reference, program, name);
        } else if (!out.ok) {
          built = Promise.resolve({ ok: false, outcome: { status: 'compile-error', message: out.message } });
        } else {
          built = Promise.resolve({ ok: true, exe: schemata.exe, anf: out.anf, env: { [MUTANT_ENV]: '', [CODEGEN_ENV]: id } });
        }
        variants.set(name, built);
        built.catch(() => variants.delete(name)); // a failed build may be retried
      }
      return built;
    },
  };
}

/** The first lines of every compiler output, and its last one (reference/compiler/codegen.ts). */
const ASM_HEADER = ['bits 32', 'section .text', 'global our_code_starts_here'];
const ASM_TRAILER = 'section .note.GNU-stack noalloc noexec nowrite progbits';
const ENTRY = 'our_code_starts_here';

/**
 * One assembly file holding the reference's code and the variants': each one's labels get the
 * prefix `fox_v<j>_` (j = 0 for the reference, then the first entry with that code), and the
 * entry `our_code_starts_here` jumps through a table, indexed by the runtime's
 * fox_active_codegen (FOX_CODEGEN), to the chosen code. A jump, not a call: the stack is exactly
 * as the runtime's call left it. `variants[i]` is the assembly of codegen id i + 1 (undefined:
 * the reference's code). Throws if an output does not have the expected layout.
 */
export function combinedVariantsAsm(reference: string, variants: readonly (string | undefined)[]): string {
  const bodies: string[] = [reference];
  const index = variants.map((asm) => {
    if (asm === undefined || asm === reference) return 0;
    const seen = bodies.indexOf(asm);
    if (seen >= 0) return seen;
    bodies.push(asm);
    return bodies.length - 1;
  });
  let externs: string | undefined;
  const parts = bodies.map((asm, j) => {
    const { extern, body } = relabel(asm, `fox_v${j}_`);
    if (externs !== undefined && extern !== externs) throw new Error('combinedVariantsAsm: the outputs declare different externs');
    externs = extern;
    return `; ---- ${j === 0 ? 'the reference' : `variant ${j}`}\n${body}`;
  });
  return [
    ...ASM_HEADER,
    externs!,
    'extern fox_active_codegen',
    '',
    `${ENTRY}:                ; FOX_CODEGEN's code (mutants/schemata.ts)`,
    '  mov eax, [fox_active_codegen]',
    '  jmp [fox_codegen_entries + eax*4]',
    '',
    ...parts,
    'section .rodata',
    'align 4',
    'fox_codegen_entries:',
    `  dd fox_v0_${ENTRY}`,
    ...index.map((j) => `  dd fox_v${j}_${ENTRY}`),
    '',
    ASM_TRAILER,
    '',
  ].join('\n');
}

/** A compiler output without its header and trailer, every label it defines prefixed. */
function relabel(asm: string, prefix: string): { extern: string; body: string } {
  const lines = asm.split('\n');
  const problem = (what: string) => new Error(`combinedVariantsAsm: unexpected compiler output (${what})`);
  ASM_HEADER.forEach((line, i) => {
    if (lines[i] !== line) throw problem(`line ${i + 1} is not '${line}'`);
  });
  const extern = lines[ASM_HEADER.length];
  if (!extern.startsWith('extern ')) throw problem('no extern line');
  const rest = lines.slice(ASM_HEADER.length + 1);
  const labels = new Set<string>();
  for (const line of rest) {
    const label = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(line);
    if (label) labels.add(label[1]);
  }
  if (!labels.has(ENTRY)) throw problem(`no ${ENTRY}`);
  const body: string[] = [];
  for (const line of rest) {
    if (line === ASM_TRAILER) continue;
    if (/^\s*(section|segment|global|extern|bits|%)/i.test(line)) throw problem(`'${line.trim()}'`);
    const semicolon = line.indexOf(';');
    const code = semicolon < 0 ? line : line.slice(0, semicolon);
    const comment = semicolon < 0 ? '' : line.slice(semicolon);
    // Identifiers and numbers are tokens: a number (0x7FFFFFFF) is never taken for a label.
    body.push(code.replace(/[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*/g, (word) => (labels.has(word) ? prefix + word : word)) + comment);
  }
  return { extern, body: body.join('\n') };
}
