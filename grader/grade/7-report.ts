// Phase 7: assemble the result object, the single source every reporter renders. Invalid tests
// keep their place in the file's order; mutants keep the catalog's order; what each mutant
// reveals follows the instructor's `reveal` choice.
import type { Verdict } from '../../suites/judge.js';
import type { Cell, Dialect, GradeResult, MutantResult, Reveal, TestResult } from '../result.js';
import { resultSchemaVersion } from '../result.js';
import { heapNote } from '../heap/note.js';
import { toolVersion } from '../version.js';
import type { LoadedRepo } from './1-load.js';
import { invalidTest, type Validated } from './2-validate.js';
import type { ReferenceRun } from './4-reference-run.js';
import type { Scored } from './6-score.js';
import type { CatalogMutant } from './engine.js';

/** How much of an expected/actual text a result keeps. */
const maxTextLength = 2000;

export interface GradedFile {
  validated: Validated;
  reference: ReferenceRun[];
}

export function testResults(file: GradedFile, fileName: string, scored?: Scored): TestResult[] {
  const validNames = file.reference.filter((r) => r.verdict.pass).map((r) => r.built.test.displayName);
  const results = new Map<string, TestResult>(file.validated.invalid);
  for (const ref of file.reference) {
    const test = ref.built.test;
    const collections = ref.stats?.collections ?? null;
    if (!ref.verdict.pass) {
      const details = { ...failureDetails(ref.verdict, collections), notes: tooSmallNotes(ref) };
      results.set(test.displayName, invalidTest(test, fileName, `the reference does not pass this test: ${ref.verdict.reason}`, details));
      continue;
    }
    const i = validNames.indexOf(test.displayName);
    results.set(test.displayName, {
      name: test.displayName,
      originalName: test.name,
      file: fileName,
      index: test.index,
      valid: true,
      expected: test.expected,
      heap: test.heap,
      collections,
      ...(ref.minimal ? { minimalHeap: ref.minimal.minimalHeap, heapSearchRuns: ref.minimal.runs } : {}),
      killed: scored?.killed[i] ?? [],
      killedAlone: scored?.killedAlone[i] ?? [],
      notes: testNotes(ref),
    });
  }
  return [...results.values()].sort((a, b) => a.index - b.index);
}

function failureDetails(verdict: Verdict & { pass: false }, collections: number | null): Partial<TestResult> {
  return {
    actual: clip(verdict.actualText.trim()),
    collections,
    ...(verdict.firstDifference ? { firstDifference: verdict.firstDifference } : {}),
  };
}

function clip(text: string): string {
  return text.length <= maxTextLength ? text : `${text.slice(0, maxTextLength)}…`;
}

/** An invalid test that ran out of memory: the heap from which the reference passes it, when the search found one. */
function tooSmallNotes(ref: ReferenceRun): string[] {
  const minimal = ref.minimal?.minimalHeap;
  const heap = ref.built.test.heap;
  if (minimal === null || minimal === undefined || minimal <= heap) return [];
  return [`heap ${heap} is too small for this test: the reference passes it from heap ${minimal}; try "heap": ${minimal}`];
}

function testNotes(ref: ReferenceRun): string[] {
  const notes: string[] = [];
  const heap = ref.built.test.heap;
  const neverCollects = ref.minimal?.neverCollects === true;
  if (!ref.ran) notes.push('nothing runs (a compile error or an ANF test): it can only kill compiler mutants');
  else if (neverCollects) {
    // Every allocation fits even at the minimal heap: no heap makes the collector run, so
    // "try a smaller heap" would not help; the program itself must leave garbage behind.
    notes.push(
      `no collection happens at heap ${heap}, nor at any heap at which this test passes (no tuple becomes garbage ` +
        'before a later allocation): it cannot kill collector mutants; drop a tuple, then allocate again',
    );
  } else if (ref.stats?.collections === 0) notes.push(`no collection happens at heap ${heap}: this test cannot kill collector mutants`);
  const tight = neverCollects ? undefined : heapNote(heap, ref.minimal?.minimalHeap);
  if (tight) notes.push(tight);
  const above = ref.minimal?.failsAbove;
  if (above) {
    notes.push(
      `passes at heap ${ref.minimal!.minimalHeap} but fails at the larger heap ${above.heap}: its outcome does not grow ` +
        `monotonically with the heap (replay: seed ${above.seed}, path ${above.path})`,
    );
  }
  return notes;
}

export function mutantResults(mutants: readonly CatalogMutant[], scored: Scored, reveal: Reveal): MutantResult[] {
  return mutants.map((m, j) => ({
    id: m.id,
    ...(reveal !== 'none' ? { title: m.title } : {}),
    phase: m.phase,
    kind: m.kind,
    ...(reveal === 'full' ? { description: m.description } : {}),
    ...(reveal === 'hints' || reveal === 'full' ? { hint: m.hint } : {}),
    status: scored.killedBy[j].length > 0 ? 'killed' : 'survived',
    killedBy: scored.killedBy[j],
  }));
}

/**
 * A repo of the other offering (FOX.md §8) shows its out-of-memory tests as invalid: fa18 had 2
 * fewer usable words, so graded as sp19 its `-neg` tests print a value instead of running out
 * of memory; graded as fa18, an sp19 repo's tight value tests run out of memory.
 */
export function dialectNote(tests: TestResult[], dialect: Dialect): string | undefined {
  const other = dialect === 'sp19' ? 'fa18' : 'sp19';
  const suspicious = disagreeing(tests, dialect);
  if (suspicious.length === 0) return undefined;
  return (
    `${suspicious.length} invalid test(s) disagree with the reference about running out of memory ` +
    `(${suspicious.map((t) => t.name).join(', ')}): they may have been written for the ${other} offering, ` +
    `whose heap accounting differs by 2 words; try --dialect ${other}`
  );
}

/** The other offering, when the result's invalid tests suggest it (dialectNote's rule). */
export function suggestedDialect(result: GradeResult): Dialect | undefined {
  const suspicious = disagreeing([...result.tests, ...result.officialTests], result.dialect);
  return suspicious.length > 0 ? (result.dialect === 'sp19' ? 'fa18' : 'sp19') : undefined;
}

function disagreeing(tests: TestResult[], dialect: Dialect): TestResult[] {
  const outOfMemory = (text: string | undefined) => text !== undefined && /out of memory/i.test(text);
  return tests.filter((t) => {
    if (t.valid || t.actual === undefined || !t.expected) return false;
    return dialect === 'sp19'
      ? t.expected.kind === 'failure' && outOfMemory(t.expected.text) && !outOfMemory(t.actual)
      : t.expected.kind === 'value' && outOfMemory(t.actual);
  });
}

export interface AssembleInput {
  repo: LoadedRepo;
  dialect: Dialect;
  reveal: Reveal;
  student: GradedFile;
  official?: GradedFile;
  mutants: readonly CatalogMutant[];
  validNames: string[];
  cells: Cell[][];
  scored: Scored;
}

export function assembleResult(input: AssembleInput): GradeResult {
  const tests = testResults(input.student, input.repo.student.file, input.scored);
  const officialTests = input.official && input.repo.official ? testResults(input.official, input.repo.official.file) : [];
  const note = dialectNote([...tests, ...officialTests], input.dialect);
  return {
    schemaVersion: resultSchemaVersion,
    tool: { name: 'fox-grade', version: toolVersion() },
    repo: input.repo.name,
    dialect: input.dialect,
    reveal: input.reveal,
    tests,
    officialTests,
    mutants: mutantResults(input.mutants, input.scored, input.reveal),
    matrix: { tests: input.validNames, mutants: input.mutants.map((m) => m.id), cells: input.cells },
    score: input.scored.score,
    warnings: input.repo.warnings,
    notes: note ? [note] : [],
  };
}
