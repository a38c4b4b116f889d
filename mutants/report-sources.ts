// What reports/mutation-json.ts needs beyond the GradeResult: the student's test file, and for
// instructors only (`--instructor-full-source`) the mutants located in the reference sources they
// change. Students' reports never get the latter: those sources are the assignment's solution.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../reference/paths.js';
import { applyPatches, mutantLocation, referenceSource, type Mutant, type Position, type RuntimeFile, type RuntimeMutant } from './mutant.js';
import { mutants as catalog } from './registry.js';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceMutant {
  id: string;
  mutatorName: string;
  location: { start: SourcePosition; end: SourcePosition };
  replacement?: string;
  description?: string;
}

/** Source files with the mutants located in them, keyed by repo-relative path. */
export type LocatedFiles = Record<string, { source: string; mutants: SourceMutant[] }>;

export interface MutationSources {
  /**
   * Instructors only: the reference files (`reference/runtime/gc.c`, …), each mutant located in
   * them with its replacement. It is the solution: absent, each mutant is located in its phase's
   * generated description file instead (`phaseDescriptionFiles`).
   */
  instructorFullSource?: LocatedFiles;
  /** The student's test file; its source lets viewers show where each test is. */
  testFile: { path: string; source?: string };
}

export interface MutationSourcesOptions {
  /** Instructors: the reference files and each mutant's code change. Default false. */
  instructorFullSource?: boolean;
}

export function mutationSources(
  testFile: { path: string; source?: string },
  options: MutationSourcesOptions = {},
  mutants: readonly Mutant[] = catalog,
): MutationSources {
  return { testFile, ...(options.instructorFullSource === true && { instructorFullSource: referenceLocations(mutants) }) };
}

/** Offset of a 1-based position in `source`. */
function offsetAt(source: string, position: Position): number {
  let offset = 0;
  for (let line = 1; line < position.line; line++) offset = source.indexOf('\n', offset) + 1;
  return offset + position.column - 1;
}

/**
 * The text that replaces the mutant's location in the mutated file. A mutant with several
 * patches is located from its first `find` to its last, so the replacement is that whole span
 * as mutated — the unchanged code between the patches included. (Joining the patches' `replace`
 * texts made the viewer draw the code between them deleted: `mark-bools-as-pointers`.)
 */
export function locationReplacement(mutant: RuntimeMutant): string {
  const location = mutantLocation(mutant);
  const file = basename(location.file) as RuntimeFile;
  const reference = referenceSource(file);
  const mutated = applyPatches(mutant)[file]!;
  const start = offsetAt(reference, location.start);
  const end = offsetAt(reference, location.end);
  // Every patch of this file lies inside [start, end): the text after it is unchanged.
  return mutated.slice(start, mutated.length - (reference.length - end));
}

/**
 * Each mutant located in the reference file it changes (its first file, for the schema has one
 * location per mutant; no mutant of the catalog patches two files).
 */
export function referenceLocations(mutants: readonly Mutant[] = catalog): LocatedFiles {
  const files: LocatedFiles = {};
  for (const mutant of mutants) {
    const location = mutantLocation(mutant);
    const entry = (files[location.file] ??= { source: readFileSync(join(projectRoot, location.file), 'utf8'), mutants: [] });
    const reported: SourceMutant = {
      id: mutant.id,
      mutatorName: `${mutant.phase}: ${mutant.title}`,
      location: { start: location.start, end: location.end },
      ...(mutant.kind === 'runtime' ? { replacement: locationReplacement(mutant) } : {}),
      description: mutant.description,
    };
    entry.mutants.push(reported);
  }
  return files;
}
