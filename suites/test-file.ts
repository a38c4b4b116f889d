// Loading a test file (FOX.md §6) into tests the grader can run. Student files are often
// broken in small ways, so nothing here throws for content: every problem is reported with its
// line and column and invalidates only the test it is in, and the rest of the file still runs.
import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Diagnostic, type ErrorLocation, formatError } from './errors.js';
import type { Expected } from './judge.js';
import { escapePointer, makeLocator, quote, scanJson, type JsonPositions } from './json-scan.js';
import { type ReadResult, errnoCode, isInside, readRegularFile } from './read-file.js';
import { type Issue, type SchemaNode, closestKey, describeType, testFileSchema, testLabel, translate } from './test-file-schema.js';

export { makeLocator, scanJson } from './json-scan.js';
export { readRegularFile, type ReadResult } from './read-file.js';
export { closestKey } from './test-file-schema.js';

export type { Expected };
export type Problem = Diagnostic;
export type Warning = Diagnostic;

export interface LoadedTest {
  /** 0-based position in the file's array. Messages count from 1 ("test 3" is index 2). */
  index: number;
  /** As written ('' when missing or not a string). */
  name: string;
  /** Unique in the file: `name`, `name#2` for its second use, …; `<test N>` when the name is unusable. */
  displayName: string;
  source: 'inline' | 'file';
  /** The program text: inline, or read from `programPath`. Absent when it could not be had. */
  code?: string;
  programPath?: string;
  /** Best effort for an invalid test (a placeholder when `result` is unusable). */
  expected: Expected;
  heap: number;
  heapGiven: boolean;
  anf: boolean;
  valid: boolean;
  /** Every problem of this test, formatted (`file:line:col: …`), one per line. */
  problem?: string;
  /** Where the test starts in the file. */
  line?: number;
  col?: number;
}

export interface LoadedTestFile {
  /** The file as messages name it: relative to `root` when given, else as passed. */
  file: string;
  tests: LoadedTest[];
  problems: Problem[];
  warnings: Warning[];
  /**
   * The text exactly as read (byte-order mark included), when the file could be read: a writer
   * (`minimize --write`) backs up and re-checks against this, never against a second read.
   */
  text?: string;
}

export interface LoadOptions {
  /** The repository root: nothing outside it is read (checked on real paths). */
  root?: string;
  /** Where `"code": "file"` programs live; default `<dir of the file>/input`. */
  inputsDir?: string;
  /**
   * Decides what `"heap": 0` means (FOX.md §6, §8): sp19 (default) a 0-word heap, a negative heap
   * being invalid; fa18 "no heap argument" (the default heap), for 0 and any negative integer.
   */
  dialect?: 'sp19' | 'fa18';
}

export const DEFAULT_HEAP = 100000;
/** Far above any real file; stops a hostile repository from making the grader read gigabytes. */
export const MAX_TEST_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_PROGRAM_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Building the tests

interface Context {
  file: string;
  positions: JsonPositions;
  locate: (offset: number) => { line: number; col: number };
  inputsDir: string;
  rootReal: string | undefined;
  display: (path: string) => string;
  /** What a heap of 0 or below means (LoadOptions.dialect). */
  dialect: 'sp19' | 'fa18';
}

function locationOf(ctx: Context, pointer: string, test?: { index: number; name?: string }): ErrorLocation {
  const offset = ctx.positions.offsets.get(pointer);
  const location: ErrorLocation = { file: ctx.file };
  if (offset !== undefined) Object.assign(location, ctx.locate(offset));
  if (test) location.test = test;
  return location;
}

const inputProblem: Record<Exclude<ReadResult, { ok: true }>['kind'], { code: string; remedy: (path: string) => string }> = {
  missing: { code: 'E_TEST_INPUT_MISSING', remedy: (p) => `create ${p} with the program, or put the program text in 'code'` },
  symlink: { code: 'E_TEST_INPUT_SYMLINK', remedy: () => 'replace the symbolic link by a copy of the program: fox-grade reads only regular files' },
  hardlink: { code: 'E_TEST_INPUT_HARDLINK', remedy: () => 'replace the hard link by a copy of the program' },
  outside: { code: 'E_TEST_INPUT_OUTSIDE_ROOT', remedy: () => 'keep the program inside the repository' },
  'not-file': { code: 'E_TEST_INPUT_READ', remedy: (p) => `make ${p} a file holding the program` },
  'too-large': { code: 'E_TEST_INPUT_READ', remedy: () => `keep programs under ${MAX_PROGRAM_BYTES} bytes` },
  encoding: { code: 'E_TEST_INPUT_READ', remedy: (p) => `save ${p} as UTF-8 text` },
  io: { code: 'E_TEST_INPUT_READ', remedy: (p) => `check the permissions of ${p}` },
};

/** A test's context in messages: its label (`test 3 'foo'`) and its location. */
interface TestRef {
  index: number;
  label: string;
  ref: { index: number; name?: string };
  at: (pointer: string) => ErrorLocation;
}

/** Unknown keys are ignored, as the course's harness ignored them, but are usually typos; a key
 * given twice is legal JSON whose first value silently vanishes. */
function keyWarnings(ctx: Context, t: TestRef, obj: Record<string, unknown>, known: { test: string[]; result: string[] }): Warning[] {
  const warnings: Warning[] = [];
  const unknown = (keys: string[], candidates: string[], pointer: string, inResult: string) => {
    for (const key of keys.filter((k) => !candidates.includes(k))) {
      const guess = closestKey(key, candidates);
      warnings.push({
        code: 'W_UNKNOWN_KEY',
        message: `${t.label}: unknown key ${quote(key)}${inResult} (ignored)${guess ? `; did you mean '${guess}'?` : ''}`,
        location: t.at(`${pointer}/${escapePointer(key)}`),
      });
    }
  };
  unknown(Object.keys(obj), known.test, `/${t.index}`, '');
  const result = obj.result;
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    unknown(Object.keys(result), known.result, `/${t.index}/result`, " in 'result'");
  }
  for (const dup of ctx.positions.duplicateKeys) {
    if (dup.pointer !== `/${t.index}` && dup.pointer !== `/${t.index}/result`) continue;
    const key = dup.pointer === `/${t.index}` ? dup.key : `result.${dup.key}`;
    warnings.push({
      code: 'W_DUPLICATE_KEY',
      message: `${t.label}: key ${quote(key)} appears more than once; the last one is used`,
      remedy: 'remove the other occurrences',
      // Stryker disable next-line StringLiteral: only file and test come from this pointer (the same for any pointer); line and col are overwritten by the key's own offset spread after it
      location: { ...t.at(`/${t.index}`), ...ctx.locate(dup.offset) },
    });
  }
  return warnings;
}

/** Reads `<inputsDir>/<name>.fox` for a test whose code is "file". */
function readProgram(ctx: Context, t: TestRef, name: string): { path: string; text?: string; problem?: Problem } {
  const path = join(ctx.inputsDir, `${name}.fox`);
  const read = readRegularFile(path, ctx.rootReal, MAX_PROGRAM_BYTES, false);
  if (read.ok) return { path, text: read.text };
  const shown = ctx.display(path);
  const what =
    read.kind === 'outside'
      ? `resolves to ${read.detail}, outside the repository`
      : read.kind === 'too-large'
        ? `is too large (${read.detail}; the limit is ${MAX_PROGRAM_BYTES} bytes)`
        : read.detail;
  const problem: Problem = {
    code: inputProblem[read.kind].code,
    message: `${t.label}: 'code' is "file", so the program should be ${shown}, but it ${what}`,
    remedy: inputProblem[read.kind].remedy(shown),
    location: t.at(`/${t.index}/code`),
  };
  return { path, problem };
}

function buildTests(ctx: Context, data: unknown[], issues: Map<number, Issue[]>, known: { test: string[]; result: string[] }) {
  const tests: LoadedTest[] = [];
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  const firstUse = new Map<string, number>();
  const uses = new Map<string, number>();
  const offsetOf = (pointer: string) => ctx.positions.offsets.get(pointer) ?? 0;

  data.forEach((element, index) => {
    const obj = typeof element === 'object' && element !== null && !Array.isArray(element) ? (element as Record<string, unknown>) : undefined;
    const rawName = obj?.name;
    const ref = typeof rawName === 'string' ? { index, name: rawName } : { index };
    const t: TestRef = { index, label: testLabel(index, rawName), ref, at: (pointer) => locationOf(ctx, pointer, ref) };

    // Schema problems, in file order so that a student reads them top to bottom.
    const testIssues = [...(issues.get(index) ?? [])].sort((a, b) => offsetOf(a.pointer) - offsetOf(b.pointer));
    const own: Problem[] = testIssues.map((issue) => ({
      code: 'E_TEST_SCHEMA',
      message: `${t.label}: ${issue.message}`,
      ...(issue.remedy ? { remedy: issue.remedy } : {}),
      location: t.at(issue.pointer),
    }));
    const bad = (key: string) => testIssues.some((i) => i.pointer === `/${index}/${key}` || i.pointer.startsWith(`/${index}/${key}/`));
    const nameOk = typeof rawName === 'string' && !bad('name');
    if (obj) warnings.push(...keyWarnings(ctx, t, obj, known));

    // The program: inline, or from the inputs directory when code is exactly "file".
    const code = obj?.code;
    let program = typeof code === 'string' && code !== 'file' ? code : undefined;
    let programPath: string | undefined;
    if (code === 'file' && nameOk) {
      const read = readProgram(ctx, t, rawName);
      programPath = read.path;
      program = read.text;
      if (read.problem) own.push(read.problem);
    }

    // Duplicate names: the course's harness accepted them (the same program at two heaps), so
    // all are kept and the later ones get a distinct display name ('#' never occurs in a name).
    let displayName = `<test ${index + 1}>`;
    if (nameOk) {
      const n = (uses.get(rawName) ?? 0) + 1;
      uses.set(rawName, n);
      displayName = n === 1 ? rawName : `${rawName}#${n}`;
      if (n === 1) firstUse.set(rawName, index);
      else {
        const first = (firstUse.get(rawName) as number) + 1;
        warnings.push({
          code: 'W_DUPLICATE_NAME',
          message: `${t.label}: the name ${quote(rawName)} is also used by test ${first}; this test is reported as ${quote(displayName)}`,
          remedy: 'give each test a unique name',
          location: t.at(`/${index}/name`),
        });
      }
    }

    const result = obj?.result as Record<string, unknown> | undefined;
    const expected: Expected =
      typeof result?.value === 'string'
        ? { kind: 'value', text: result.value }
        : typeof result?.failure === 'string'
          ? { kind: 'failure', text: result.failure }
          : { kind: 'value', text: '' };
    const heapOk = typeof obj?.heap === 'number' && !bad('heap');
    // fa18 ran a test whose heap is 0 or negative without a heap argument: the default heap.
    const heapAbsent = ctx.dialect === 'fa18' && heapOk && (obj?.heap as number) <= 0;
    const start = ctx.positions.offsets.get(`/${index}`);
    tests.push({
      index,
      name: typeof rawName === 'string' ? rawName : '',
      displayName,
      source: code === 'file' ? 'file' : 'inline',
      ...(program !== undefined ? { code: program } : {}),
      ...(programPath !== undefined ? { programPath } : {}),
      expected,
      heap: heapOk && !heapAbsent ? (obj?.heap as number) : DEFAULT_HEAP,
      heapGiven: obj !== undefined && 'heap' in obj && !heapAbsent,
      anf: obj?.anf === true,
      valid: own.length === 0,
      ...(own.length > 0 ? { problem: own.map(formatError).join('\n') } : {}),
      ...(start !== undefined ? ctx.locate(start) : {}),
    });
    problems.push(...own);
  });
  return { tests, problems, warnings };
}

// ---------------------------------------------------------------------------------------------
// Entry points

interface Setup {
  rootReal: string | undefined;
  /** Why the root cannot be used, if it cannot. */
  rootError?: string;
  /** How messages name a path: relative to the root (or, without one, to the working directory) when inside it. */
  display: (path: string) => string;
}

function setup(root: string | undefined): Setup {
  // Stryker disable next-line StringLiteral: resolve('') and resolve('.') are both the working directory
  const base = resolve(root ?? '.');
  const display = (p: string) => (isInside(base, p) ? relative(base, p) || '.' : p);
  if (root === undefined) return { rootReal: undefined, display };
  try {
    return { rootReal: realpathSync(base), display };
  } catch (cause) {
    return { rootReal: undefined, display, rootError: `the repository root ${base} cannot be opened (${errnoCode(cause) ?? String(cause)})` };
  }
}

function rootProblem(message: string, file: string): Problem {
  return { code: 'E_ROOT', message, remedy: 'pass the directory of the student repository', location: { file } };
}

const fileProblem: Record<Exclude<ReadResult, { ok: true }>['kind'], { code: string; remedy: string }> = {
  missing: { code: 'E_TESTFILE_READ', remedy: 'check the path: a repository keeps its tests in tests/*.json' },
  symlink: { code: 'E_TESTFILE_SYMLINK', remedy: 'replace the symbolic link by the file itself: fox-grade reads only regular files' },
  hardlink: { code: 'E_TESTFILE_HARDLINK', remedy: 'replace the hard link by a copy of the file' },
  outside: { code: 'E_TESTFILE_OUTSIDE_ROOT', remedy: 'keep test files inside the repository' },
  'not-file': { code: 'E_TESTFILE_READ', remedy: 'give the path of a test file (a .json file)' },
  'too-large': { code: 'E_TESTFILE_TOO_LARGE', remedy: `keep test files under ${MAX_TEST_FILE_BYTES} bytes` },
  encoding: { code: 'E_TESTFILE_ENCODING', remedy: 'save the file as UTF-8 text' },
  io: { code: 'E_TESTFILE_READ', remedy: 'check the permissions of the file' },
};

/** fa18 accepted any integer heap ≤ 0 (as "absent"): drops the schema's `minimum` complaint. */
function forgiveNegativeHeaps(issues: Map<number, Issue[]>, data: unknown[]): void {
  for (const [index, list] of issues) {
    const heap = (data[index] as Record<string, unknown> | undefined)?.heap;
    if (typeof heap !== 'number' || !Number.isInteger(heap) || heap > 0) continue;
    const kept = list.filter((i) => i.pointer !== `/${index}/heap`);
    if (kept.length > 0) issues.set(index, kept);
    else issues.delete(index);
  }
}

/** Loads a test file from disk. Never throws for the file's content or absence. */
export function loadTestFile(path: string, options: LoadOptions = {}): LoadedTestFile {
  const abs = resolve(path);
  const probe = setup(options.root);
  const file = options.root !== undefined ? probe.display(abs) : path;
  if (probe.rootError) return { file, tests: [], problems: [rootProblem(probe.rootError, file)], warnings: [] };
  const read = readRegularFile(abs, probe.rootReal, MAX_TEST_FILE_BYTES, true);
  if (!read.ok) {
    const what =
      read.kind === 'outside'
        ? `resolves to ${read.detail}, outside the repository`
        : read.kind === 'too-large'
          ? `is too large (${read.detail}; the limit is ${MAX_TEST_FILE_BYTES} bytes)`
          : read.detail;
    const problem: Problem = { code: fileProblem[read.kind].code, message: `the test file ${file} ${what}`, remedy: fileProblem[read.kind].remedy, location: { file } };
    return { file, tests: [], problems: [problem], warnings: [] };
  }
  return { ...loadText(read.text, file, dirname(abs), options, probe), text: read.text };
}

/**
 * Loads a test file from its text. `fileLabel` names it in messages and, read as a path relative
 * to `root` (else to the working directory), locates the default `input/` directory.
 */
export function loadTestFileFromText(text: string, fileLabel: string, options: LoadOptions = {}): LoadedTestFile {
  const probe = setup(options.root);
  if (probe.rootError) return { file: fileLabel, tests: [], problems: [rootProblem(probe.rootError, fileLabel)], warnings: [] };
  // Stryker disable next-line StringLiteral: resolve('', label) and resolve('.', label) are the same path
  return loadText(text, fileLabel, dirname(resolve(options.root ?? '.', fileLabel)), options, probe);
}

function loadText(rawText: string, file: string, dir: string, options: LoadOptions, probe: Setup): LoadedTestFile {
  const warnings: Warning[] = [];
  let text = rawText;
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    warnings.push({ code: 'W_BOM', message: 'the file starts with a byte-order mark (ignored)', remedy: 'save the file as UTF-8 without BOM', location: { file } });
  }
  const fail = (problem: Problem): LoadedTestFile => ({ file, tests: [], problems: [problem], warnings });
  if (text.trim() === '') {
    return fail({ code: 'E_TESTFILE_JSON', message: 'the file is empty; expected a JSON array of tests', remedy: 'write [] for a file without tests', location: { file, line: 1, col: 1 } });
  }
  const locate = makeLocator(text);
  // The scanner accepts exactly JSON (up to a nesting limit), so it locates every syntax error;
  // JSON.parse then builds the values, and its own message is only a fallback.
  const scan = scanJson(text);
  if (!scan.ok) {
    return fail({ code: 'E_TESTFILE_JSON', message: `invalid JSON: ${scan.message}`, remedy: 'fix the JSON syntax at this position', location: { file, ...locate(scan.offset) } });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const message = String((cause as Error).message);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return fail({ code: 'E_TESTFILE_JSON', message: `invalid JSON: ${message}`, location: { file, ...locate(offset) } });
  }
  const { validate, schema } = testFileSchema();
  const rootStart = locate(scan.positions.offsets.get('') ?? 0);
  if (!Array.isArray(data)) {
    return fail({
      code: 'E_TESTFILE_NOT_ARRAY',
      message: `the file holds ${describeType(data)}; expected ${schema.description}`,
      remedy: 'write the file as one array holding all the tests',
      location: { file, ...rootStart },
    });
  }
  if (data.length === 0) warnings.push({ code: 'W_EMPTY', message: 'the file holds no tests', location: { file, ...rootStart } });
  validate(data);
  const issues = translate(validate.errors ?? [], data);
  if (options.dialect === 'fa18') forgiveNegativeHeaps(issues, data);
  const ctx: Context = {
    file,
    positions: scan.positions,
    locate,
    inputsDir: resolve(options.inputsDir ?? join(dir, 'input')),
    rootReal: probe.rootReal,
    display: probe.display,
    // Stryker disable next-line StringLiteral: ctx.dialect is only ever compared with 'fa18', so '' and 'sp19' behave alike
    dialect: options.dialect ?? 'sp19',
  };
  const items = schema.items as SchemaNode;
  // Stryker disable next-line OptionalChaining: the bundled schema always declares items.properties.result.properties
  const known = { test: Object.keys(items.properties ?? {}), result: Object.keys(items.properties?.result?.properties ?? {}) };
  const built = buildTests(ctx, data, issues, known);
  return { file, tests: built.tests, problems: built.problems, warnings: [...warnings, ...built.warnings] };
}
