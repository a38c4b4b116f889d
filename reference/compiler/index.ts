// The reference Fox compiler: source → (tokenize, parse) → check → ANF → NASM x86-32.
// `anfPrintout` is the course's `anf` test pipeline: parse → ANF → print, with no static check.
// Errors never throw: they come back as located diagnostics (parse errors: the first one;
// static errors: all of them). Only a bad option (unknown dialect or variant) throws.
import { toAnf } from './anf.js';
import { printAnf } from './anf-print.js';
import { check } from './check.js';
import { generate } from './codegen.js';
import { anfTooDeep, nestingMessage } from './nesting.js';
import { diagnosticAt, formatDiagnostic } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { parse, ParseError } from './parse.js';
import { compilerOptions } from './variants.js';
import type { Dialect } from './variants.js';

export type { Diagnostic } from './diagnostics.js';
export { formatDiagnostic } from './diagnostics.js';
export { codegenVariants, dialects } from './variants.js';
export type { Dialect, VariantName } from './variants.js';

export type CompileOptions = {
  /** The name shown in diagnostics; default `program.fox`. */
  filename?: string;
  /** `sp19` (default) or `fa18` (FOX.md §8). */
  dialect?: Dialect;
  /** One of `codegenVariants`' names; absent: the correct compiler. */
  variant?: string;
  /**
   * Lay out calls so return addresses on the stack carry the tuple tag (codegen.ts): used to
   * grade students' collectors, where skipping return addresses is part of the contract.
   */
  taggedReturnAddresses?: boolean;
};

export type CompileResult =
  | { ok: true; asm: string; anf: string }
  | { ok: false; diagnostics: Diagnostic[]; message: string };

export type AnfResult = { ok: true; anf: string } | { ok: false; diagnostics: Diagnostic[]; message: string };

/**
 * What an `"anf": true` test compares (FOX.md §6): parse → A-normal form → print, with NO static
 * check (the course's official anf tests use free variables such as `x`). A parse error is a
 * failure as usual. `variant` matters (let-temps-leak changes the printout); the dialect does not,
 * but is validated like compile()'s.
 */
export function anfPrintout(source: string, options: CompileOptions = {}): AnfResult {
  const file = options.filename ?? 'program.fox';
  const flags = compilerOptions(options.dialect ?? 'sp19', options.variant);
  try {
    return { ok: true, anf: printAnf(toAnf(parse(source), flags.anf)) };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const diagnostics = [diagnosticAt(file, source, e.span, e.message)];
    // Stryker disable next-line StringLiteral: equivalent, a parse error gives exactly one diagnostic, so join's separator never shows
    return { ok: false, diagnostics, message: diagnostics.map((d) => formatDiagnostic(d, source)).join('\n') };
  }
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const file = options.filename ?? 'program.fox';
  // Validate the options first, so a bad option fails even for a program with errors.
  const flags = compilerOptions(options.dialect ?? 'sp19', options.variant);

  const failure = (diagnostics: Diagnostic[]): CompileResult => ({
    ok: false,
    diagnostics,
    message: diagnostics.map((d) => formatDiagnostic(d, source)).join('\n'),
  });

  let program;
  try {
    program = parse(source);
  } catch (e) {
    if (e instanceof ParseError) return failure([diagnosticAt(file, source, e.span, e.message)]);
    throw e;
  }

  const errors = check(program);
  if (errors.length > 0) return failure(errors.map((err) => diagnosticAt(file, source, err.span, err.message)));

  const anf = toAnf(program, flags.anf);
  // Named intermediate values can nest deeper than the source did (DESIGN.md "Nesting limit").
  const deep = anfTooDeep(anf, program);
  if (deep) return failure([diagnosticAt(file, source, deep.span, nestingMessage(deep.levels, ' once intermediate values are named'))]);
  const codegen = options.taggedReturnAddresses ? { ...flags.codegen, taggedReturnAddresses: true } : flags.codegen;
  return { ok: true, asm: generate(anf, codegen), anf: printAnf(anf) };
}
