// What a mutant is, and the helpers every consumer of the catalog uses: the mutated sources, a
// diff to show, and where the change sits in the reference file (for mutation reports).
//
// A runtime mutant is a small, readable change to one or more functions of the reference
// runtime: each patch replaces a `find` text that occurs exactly once in the named function.
// A codegen mutant is one of the reference compiler's named variants (reference/compiler/variants.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { codegenVariants, type VariantName } from '../reference/compiler/variants.js';
import { projectRoot, runtimeDir } from '../reference/paths.js';
import { findFunction, occurrences, positionAt, type CFunction } from './c-functions.js';

export type { VariantName };

/** Where a mutant sits (the result's phases are these); the grade result re-exports them. */
export type MutantPhase = 'mark' | 'forward' | 'redirect' | 'compact' | 'try_gc' | 'alloc' | 'codegen' | 'print';
export type MutantKind = 'runtime' | 'codegen';

/** Every phase, in the collector's pipeline order, then the generated code and printing. */
export const mutantPhases: readonly MutantPhase[] = ['mark', 'forward', 'redirect', 'compact', 'try_gc', 'alloc', 'codegen', 'print'];

/** The runtime files a mutant may change. */
export type RuntimeFile = 'gc.c' | 'main.c' | 'types.c';
export const runtimeFiles: readonly RuntimeFile[] = ['gc.c', 'main.c', 'types.c'];

export interface Patch {
  file: RuntimeFile;
  /** The function the change is in; `find` must occur exactly once in its definition. */
  function: string;
  find: string;
  replace: string;
}

interface MutantInfo {
  /** Stable kebab-case; results, reports and FOX_MUTANT refer to it. */
  id: string;
  /** A few words, shown from `--reveal titles` on. */
  title: string;
  /** One paragraph: the misconception, in words a student understands (`--reveal full`). */
  description: string;
  phase: MutantPhase;
  /** Points at the test that would catch it without giving the code away (safe after the deadline). */
  hint: string;
}

export interface RuntimeMutant extends MutantInfo {
  kind: 'runtime';
  patches: readonly Patch[];
}

export interface CodegenMutant extends MutantInfo {
  kind: 'codegen';
  variant: VariantName;
}

export type Mutant = RuntimeMutant | CodegenMutant;

export class MutantError extends Error {
  override name = 'MutantError';
}

// ---------------------------------------------------------------------------------------------
// The reference sources

const referenceTexts = new Map<string, string>();

/** A reference runtime file's text (read once). */
export function referenceSource(file: RuntimeFile): string {
  let text = referenceTexts.get(file);
  if (text === undefined) {
    text = readFileSync(join(runtimeDir, file), 'utf8');
    referenceTexts.set(file, text);
  }
  return text;
}

/** Where the reference file is, relative to the project root (as mutation reports key files). */
export function referencePath(file: RuntimeFile): string {
  return `reference/runtime/${file}`;
}

// ---------------------------------------------------------------------------------------------
// Applying patches

/** One patch, located in the reference file. */
interface LocatedPatch {
  patch: Patch;
  fn: CFunction;
  /** Offset of `find` in the file. */
  at: number;
}

function locatePatch(mutant: RuntimeMutant, patch: Patch, index: number): LocatedPatch {
  const where = `mutant '${mutant.id}', patch ${index + 1}`;
  if (!(runtimeFiles as readonly string[]).includes(patch.file)) {
    throw new MutantError(`${where}: '${patch.file}' is not a runtime file (${runtimeFiles.join(', ')})`);
  }
  let fn: CFunction;
  try {
    fn = findFunction(referenceSource(patch.file), patch.file, patch.function);
  } catch (cause) {
    throw new MutantError(`${where}: ${(cause as Error).message}`, { cause });
  }
  const found = occurrences(fn.text, patch.find);
  if (found.length !== 1) {
    throw new MutantError(
      `${where}: the text to find occurs ${found.length} times in ${patch.file}'s function ${patch.function} ` +
        `(it must occur exactly once): ${JSON.stringify(patch.find)}`,
    );
  }
  if (patch.find === patch.replace) throw new MutantError(`${where}: 'replace' is the same as 'find'`);
  return { patch, fn, at: fn.start + found[0] };
}

/** Every patch located, each file's patches in file order; overlapping patches are an error. */
function locatePatches(mutant: RuntimeMutant): Map<RuntimeFile, LocatedPatch[]> {
  if (mutant.patches.length === 0) throw new MutantError(`mutant '${mutant.id}' has no patches`);
  const byFile = new Map<RuntimeFile, LocatedPatch[]>();
  mutant.patches.forEach((patch, i) => {
    const located = locatePatch(mutant, patch, i);
    byFile.set(patch.file, [...(byFile.get(patch.file) ?? []), located]);
  });
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.at - b.at);
    for (let i = 1; i < list.length; i++) {
      if (list[i].at < list[i - 1].at + list[i - 1].patch.find.length) {
        throw new MutantError(`mutant '${mutant.id}': two patches overlap in ${file}`);
      }
    }
  }
  return byFile;
}

function splice(text: string, patches: { offset: number; find: string; replace: string }[]): string {
  let result = text;
  for (const p of [...patches].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, p.offset) + p.replace + result.slice(p.offset + p.find.length);
  }
  return result;
}

/** The mutated texts of the files a runtime mutant changes (`{}` for a codegen mutant). */
export function applyPatches(mutant: Mutant): Partial<Record<RuntimeFile, string>> {
  if (mutant.kind === 'codegen') return {};
  const files: Partial<Record<RuntimeFile, string>> = {};
  for (const [file, list] of locatePatches(mutant)) {
    files[file] = splice(
      referenceSource(file),
      list.map((l) => ({ offset: l.at, find: l.patch.find, replace: l.patch.replace })),
    );
  }
  return files;
}

export interface MutatedFunction {
  file: RuntimeFile;
  /** The reference definition (signature line to closing brace). */
  original: CFunction;
  /** The same definition with the mutant's patches applied. */
  mutated: string;
}

/** The functions a runtime mutant changes, each before and after (file order). */
export function mutatedFunctions(mutant: RuntimeMutant): MutatedFunction[] {
  const result: MutatedFunction[] = [];
  for (const [file, list] of locatePatches(mutant)) {
    const byFunction = new Map<string, LocatedPatch[]>();
    for (const l of list) byFunction.set(l.fn.name, [...(byFunction.get(l.fn.name) ?? []), l]);
    for (const patches of byFunction.values()) {
      const fn = patches[0].fn;
      const mutated = splice(
        fn.text,
        patches.map((l) => ({ offset: l.at - fn.start, find: l.patch.find, replace: l.patch.replace })),
      );
      result.push({ file, original: fn, mutated });
    }
  }
  return result.sort((a, b) => (a.file === b.file ? a.original.start - b.original.start : a.file < b.file ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Showing a mutant

/** The variant's one-line summary, from the compiler's own list. */
export function variantSummary(variant: VariantName): string {
  return codegenVariants.find((v) => v.name === variant)?.summary ?? '';
}

/**
 * A unified diff of the mutant against the reference, labelled `a/reference/runtime/gc.c` and
 * `b/reference/runtime/gc.c` (one section per changed file). '' for a codegen mutant: it changes
 * no source, it selects a compiler variant (show `variant` and `variantSummary` instead).
 */
export function mutantDiff(mutant: Mutant, opts: { context?: number } = {}): string {
  const mutated = applyPatches(mutant);
  return runtimeFiles
    .filter((file) => mutated[file] !== undefined)
    .map((file) =>
      createTwoFilesPatch(`a/${referencePath(file)}`, `b/${referencePath(file)}`, referenceSource(file), mutated[file]!, undefined, undefined, {
        context: opts.context ?? 3,
        headerOptions: FILE_HEADERS_ONLY, // `--- a/…` and `+++ b/…`, no "Index:" or "===" lines
      }),
    )
    .join('');
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based; an end column is just after the last character (exclusive). */
  column: number;
}

export interface MutantLocation {
  /** Relative to the project root, as mutation reports key files: `reference/runtime/gc.c`. */
  file: string;
  /** The function the change is in (runtime mutants), or the variant's name (codegen mutants). */
  function: string;
  start: Position;
  end: Position;
}

/**
 * Where the mutant sits in the reference: for a runtime mutant, from the start of its first
 * `find` to the end of its last one in the first file it changes; for a codegen mutant, the
 * variant's `case` in reference/compiler/variants.ts (where its flag is flipped).
 */
export function mutantLocation(mutant: Mutant): MutantLocation {
  if (mutant.kind === 'codegen') {
    const path = 'reference/compiler/variants.ts';
    const source = readFileSync(join(projectRoot, path), 'utf8');
    const start = source.indexOf(`case '${mutant.variant}':`);
    const end = start === -1 ? -1 : source.indexOf('break;', start);
    if (start === -1 || end === -1) throw new MutantError(`mutant '${mutant.id}': no case for variant '${mutant.variant}' in ${path}`);
    return { file: path, function: mutant.variant, start: positionAt(source, start), end: positionAt(source, end + 'break;'.length) };
  }
  const [file, list] = [...locatePatches(mutant)][0];
  const source = referenceSource(file);
  const first = list[0];
  const last = list[list.length - 1];
  return {
    file: referencePath(file),
    function: first.fn.name,
    start: positionAt(source, first.at),
    end: positionAt(source, last.at + last.patch.find.length),
  };
}
