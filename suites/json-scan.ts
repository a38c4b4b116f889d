// JSON positions for test files. JSON.parse builds the values, but its errors carry no
// position in some cases ("Unexpected token '}', …" quotes the whole text instead), and a value
// carries no position at all. This strict scanner finds the first syntax error with a message a
// student can act on, and the offset of every test and of every key of a test.

export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** 'name' with JSON escapes, so control characters and quotes are visible in messages. */
export function quote(text: string): string {
  return `'${clip(JSON.stringify(text).slice(1, -1))}'`;
}

export interface JsonPositions {
  /** JSON Pointer (as ajv's instancePath) → offset of the value, or of its key for a member. */
  offsets: Map<string, number>;
  duplicateKeys: { pointer: string; key: string; offset: number }[];
}

export type ScanResult = { ok: true; positions: JsonPositions } | { ok: false; offset: number; message: string };

/** Pointers are recorded down to a test's `result.value`; deeper values need no position. */
const RECORD_DEPTH = 3;
/** Keeps the recursive scanner far from the stack limit; no test file nests like this. */
const MAX_NESTING = 512;

class ScanFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function scanJson(text: string): ScanResult {
  let pos = 0;
  const offsets = new Map<string, number>();
  const duplicateKeys: JsonPositions['duplicateKeys'] = [];
  const fail = (offset: number, message: string): never => {
    throw new ScanFailure(offset, message);
  };
  const startsValue = (c: string | undefined) => c !== undefined && /["{[\-0-9tfn]/.test(c);
  const token = (at: number) => /^[A-Za-z0-9_$.+-]+/.exec(text.slice(at, at + 40))?.[0] ?? text[at];
  const unexpected = (at: number, expecting: string): never => {
    if (at >= text.length) return fail(at, `unexpected end of file: expected ${expecting}`);
    if (text[at] === "'") return fail(at, `strings and names must be in double quotes ("), not single quotes`);
    return fail(at, `unexpected ${quote(token(at))}: expected ${expecting}`);
  };
  const where = (offset: number) => {
    const { line, col } = makeLocator(text)(offset);
    return `line ${line}, column ${col}`;
  };

  function skipSpace(): void {
    for (;;) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else if (c === '/' && (text[pos + 1] === '/' || text[pos + 1] === '*')) fail(pos, 'comments are not allowed in JSON');
      else return;
    }
  }

  function string(): string {
    const start = pos++;
    for (;;) {
      if (pos >= text.length) fail(start, `this string is never closed (a '"' is missing)`);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return JSON.parse(text.slice(start, pos)) as string;
      }
      if (c === 0x5c) {
        const e = text[pos + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else fail(pos, `invalid escape '${text.slice(pos, pos + 2)}' in a string; write \\\\ for a backslash`);
        continue;
      }
      if (c === 0x0a || c === 0x0d) fail(pos, 'a string cannot contain a line break; write \\n for a newline');
      if (c < 0x20) {
        const hex = c.toString(16).padStart(4, '0');
        fail(pos, `a string cannot contain the control character U+${hex}; write ${c === 9 ? '\\t' : `\\u${hex}`}`);
      }
      pos++;
    }
  }

  function number(): void {
    const start = pos;
    const re = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    re.lastIndex = pos;
    if (!re.exec(text)) unexpected(pos, 'a number');
    pos = re.lastIndex;
    if (text[start] === '0' || text.startsWith('-0', start)) {
      if (/[0-9]/.test(text[pos] ?? '')) fail(start, 'a number cannot start with 0 (leading zeros are not allowed)');
    }
  }

  // Each child gets a pointer while it is shallow enough to be recorded; `depth` counts the
  // containers around the value being read.
  function child(pointer: string | undefined, depth: number, segment: string): string | undefined {
    return pointer !== undefined && depth <= RECORD_DEPTH ? `${pointer}/${segment}` : undefined;
  }

  function afterMember(open: number, close: ']' | '}', what: string): boolean {
    skipSpace();
    const c = text[pos];
    if (c === close) {
      pos++;
      return false;
    }
    if (c === ',') {
      const comma = pos++;
      skipSpace();
      if (text[pos] === close) fail(comma, `trailing comma: JSON does not allow ',' before '${close}'`);
      return true;
    }
    if (pos >= text.length) fail(pos, `unexpected end of file: the '${text[open]}' at ${where(open)} is never closed`);
    if (startsValue(c)) fail(pos, `expected ',' or '${close}' after ${what}: a ',' is missing`);
    return unexpected(pos, `',' or '${close}' after ${what}`);
  }

  function array(pointer: string | undefined, depth: number): void {
    const open = pos++;
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (let i = 0; ; i++) {
      skipSpace();
      const p = child(pointer, depth, String(i));
      if (p !== undefined) offsets.set(p, pos);
      value(p, depth);
      if (!afterMember(open, ']', 'an array element')) return;
    }
  }

  function object(pointer: string | undefined, depth: number): void {
    const open = pos++;
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      skipSpace();
      const keyAt = pos;
      if (text[pos] !== '"') {
        if (/[A-Za-z_$]/.test(text[pos] ?? '')) fail(pos, `property names must be in double quotes: write "${token(pos)}"`);
        unexpected(pos, 'a property name in double quotes');
      }
      const key = string();
      skipSpace();
      if (text[pos] !== ':') unexpected(pos, `':' after the property name ${JSON.stringify(key)}`);
      pos++;
      const p = child(pointer, depth, escapePointer(key));
      if (p !== undefined) {
        if (seen.has(key)) duplicateKeys.push({ pointer: pointer as string, key, offset: keyAt });
        seen.add(key);
        offsets.set(p, keyAt);
      }
      value(p, depth);
      if (!afterMember(open, '}', 'a property')) return;
    }
  }

  function value(pointer: string | undefined, depth: number): void {
    skipSpace();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= MAX_NESTING) fail(pos, `nesting deeper than ${MAX_NESTING} levels`);
      return c === '{' ? object(pointer, depth + 1) : array(pointer, depth + 1);
    }
    if (c === '"') return void string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos) && !/[A-Za-z0-9_]/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return;
      }
    }
    unexpected(pos, 'a value (a string, a number, true, false, null, an array or an object)');
  }

  try {
    skipSpace();
    offsets.set('', pos);
    value('', 0);
    skipSpace();
    if (pos < text.length) fail(pos, `unexpected ${quote(token(pos))} after the end of the JSON value`);
    return { ok: true, positions: { offsets, duplicateKeys } };
  } catch (e) {
    if (e instanceof ScanFailure) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}

/** offset → 1-based line and column (columns count code points, as editors do). */
export function makeLocator(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    // Stryker disable next-line ArithmeticOperator: equivalent, starts[mid] is undefined past the last line start, so `<= offset` is false there and the search ends on the same line
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: Array.from(text.slice(starts[lo], offset)).length + 1 };
  };
}
