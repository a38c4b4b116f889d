// Rewriting a test file's text for `fox-grade minimize --write/--neg` without reformatting it:
// every change is an edit of the text at positions found by the test-file scanner (scanJson), so
// the student's formatting, key order, spacing and line endings stay as they were. A `heap` value
// is replaced in place, or `"heap": N` is inserted after `result` (with the separators the object
// already uses); a `-neg` twin is a copy of the test's own text with its name, result and heap
// edited, inserted after it with the array's own separator. The result is checked: it must parse
// to exactly the intended data, else nothing is returned.
import { FoxGradeError } from '../../suites/errors.js';
import { scanJson } from '../../suites/test-file.js';

export interface TestFileChange {
  /** 0-based index of the test in the file's array. */
  index: number;
  /** The test's new heap. */
  heap?: number;
  /** A twin to insert after the test: a copy with this name, `"result": {"failure": …}` and heap. */
  twin?: { name: string; failure: string; heap: number };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const WS = /[ \t\r\n]/;

/** End offset of the JSON value starting at `pos` (the text is known to be valid JSON). */
function valueEnd(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') {
    let i = pos + 1;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = valueEnd(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new Error('unbalanced JSON');
  }
  const m = /^(?:-?[0-9][0-9.eE+-]*|true|false|null)/.exec(text.slice(pos, pos + 64));
  if (!m) throw new Error(`no JSON value at offset ${pos}`);
  return pos + m[0].length;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && WS.test(text[pos])) pos++;
  return pos;
}

function skipSpaceBack(text: string, pos: number): number {
  while (pos > 0 && WS.test(text[pos - 1])) pos--;
  return pos;
}

/** A member `"key": value` whose key starts at `keyStart`. */
function member(text: string, keyStart: number) {
  const keyEnd = valueEnd(text, keyStart);
  const colon = skipSpace(text, keyEnd);
  const valueStart = skipSpace(text, colon + 1);
  return { keyStart, keyEnd, valueStart, valueEnd: valueEnd(text, valueStart), colonText: text.slice(keyEnd, valueStart) };
}

/**
 * The separator used between the members (or elements) of a container, seen from the item
 * spanning [start, end): the one before it, else the one after it, else `,` plus the container's
 * inner leading whitespace.
 */
function separatorAround(text: string, start: number, end: number): string {
  const before = skipSpaceBack(text, start);
  if (text[before - 1] === ',') return text.slice(before - 1, start);
  const after = skipSpace(text, end);
  if (text[after] === ',') return text.slice(after, skipSpace(text, after + 1));
  const inner = text.slice(before, start);
  return inner === '' ? ', ' : `,${inner}`;
}

function apply(text: string, edits: Edit[], base = 0): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - base) + e.text + out.slice(e.end - base);
  }
  return out;
}

/** Sets a test object's heap: replaces the value, or inserts the member after `result`. */
function heapEdit(text: string, offsets: Map<string, number>, index: number, heap: number): Edit | undefined {
  const heapKey = offsets.get(`/${index}/heap`);
  if (heapKey !== undefined) {
    const m = member(text, heapKey);
    if (text.slice(m.valueStart, m.valueEnd) === String(heap)) return undefined;
    return { start: m.valueStart, end: m.valueEnd, text: String(heap) };
  }
  const resultKey = offsets.get(`/${index}/result`);
  if (resultKey === undefined) throw new Error(`test ${index + 1} has no 'result'`);
  const r = member(text, resultKey);
  const sep = separatorAround(text, r.keyStart, r.valueEnd);
  return { start: r.valueEnd, end: r.valueEnd, text: `${sep}"heap"${r.colonText}${heap}` };
}

/** The text of a twin: the test's own text with name, result and heap edited. */
function twinText(text: string, offsets: Map<string, number>, index: number, twin: NonNullable<TestFileChange['twin']>): string {
  const start = offsets.get(`/${index}`)!;
  const end = valueEnd(text, start);
  const edits: Edit[] = [];
  const name = member(text, offsets.get(`/${index}/name`)!);
  edits.push({ start: name.valueStart, end: name.valueEnd, text: JSON.stringify(twin.name) });
  const valueKey = offsets.get(`/${index}/result/value`);
  const failureKey = offsets.get(`/${index}/result/failure`);
  const inner = member(text, (valueKey ?? failureKey)!);
  edits.push({ start: inner.keyStart, end: inner.keyEnd, text: '"failure"' });
  edits.push({ start: inner.valueStart, end: inner.valueEnd, text: JSON.stringify(twin.failure) });
  const heap = heapEdit(text, offsets, index, twin.heap);
  if (heap) edits.push(heap);
  return apply(text.slice(start, end), edits, start);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The test file's text with the changes applied (text without a byte-order mark; the caller keeps
 * it). Throws when the text is not a JSON array of test objects, or when the edited text would not
 * parse to the intended data.
 */
export function rewriteTestFile(text: string, changes: readonly TestFileChange[]): string {
  const scan = scanJson(text);
  if (!scan.ok) throw new FoxGradeError('E_REWRITE', `the test file is not valid JSON: ${scan.message}`);
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new FoxGradeError('E_REWRITE', 'the test file does not hold an array');
  const { offsets } = scan.positions;
  const edits: Edit[] = [];
  const expected: unknown[] = data.map((t) => (typeof t === 'object' && t !== null ? { ...t } : t));
  const twins = new Map<number, Record<string, unknown>>();

  for (const change of changes) {
    const test = data[change.index] as Record<string, unknown> | undefined;
    if (typeof test !== 'object' || test === null || Array.isArray(test) || offsets.get(`/${change.index}`) === undefined) {
      throw new FoxGradeError('E_REWRITE', `test ${change.index + 1} is not an object`);
    }
    if (change.heap !== undefined) {
      const e = heapEdit(text, offsets, change.index, change.heap);
      if (e) edits.push(e);
      (expected[change.index] as Record<string, unknown>).heap = change.heap;
    }
    if (change.twin) {
      const start = offsets.get(`/${change.index}`)!;
      const end = valueEnd(text, start);
      const sep = separatorAround(text, start, end);
      edits.push({ start: end, end, text: `${sep}${twinText(text, offsets, change.index, change.twin)}` });
      twins.set(change.index, { ...test, name: change.twin.name, result: { failure: change.twin.failure }, heap: change.twin.heap });
    }
  }

  const out = apply(text, edits);
  const want = expected.flatMap((t, i) => (twins.has(i) ? [t, twins.get(i)] : [t]));
  let got: unknown;
  try {
    got = JSON.parse(out);
  } catch (cause) {
    throw new FoxGradeError('E_REWRITE', 'internal error: the rewritten test file is not valid JSON; the file was left as it was', { cause });
  }
  if (canonical(got) !== canonical(want)) {
    throw new FoxGradeError('E_REWRITE', 'internal error: the rewritten test file does not hold the intended tests; the file was left as it was');
  }
  return out;
}
