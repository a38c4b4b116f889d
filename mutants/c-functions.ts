// Finds the function definitions of the reference runtime's C files, using the format rule of
// docs/DESIGN.md ("Format of the runtime's C"): a definition's whole signature is on one line at
// column 0 ending in `{`, and its closing `}` is alone on a line at column 0; no other line has a
// brace at column 0. That rule makes a real C parser unnecessary for the mutant tool.

export interface CFunction {
  name: string;
  /** The signature line without its final `{` and the spaces before it. */
  signature: string;
  /** `void name(…)` (no value to return), as opposed to `void* name(…)`. */
  returnsVoid: boolean;
  /** The parameter names, in order (`[]` for `(void)`). */
  params: string[];
  /** Offsets in the file: `start` is the signature line's first character, `end` is just after the closing `}`. */
  start: number;
  end: number;
  /** The file's text from `start` to `end`: the whole definition. */
  text: string;
}

export class CFormatError extends Error {
  override name = 'CFormatError';
}

const SIGNATURE = /^([A-Za-z_][^;{}]*?)\b([A-Za-z_]\w*)\s*\((.*)\)\s*\{\s*$/;

/** Splits a parameter list at its top-level commas (a function-pointer parameter has inner ones). */
function splitParams(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The name a parameter declares: `int* slot` → slot, `void (*visit)(int*, void*)` → visit. */
function paramName(param: string, where: string): string {
  const pointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(param);
  if (pointer) return pointer[1];
  const plain = /([A-Za-z_]\w*)\s*(\[\s*\d*\s*\])?\s*$/.exec(param);
  if (!plain) {
    throw new CFormatError(`${where}: cannot find the name of the parameter '${param}'`);
  }
  return plain[1];
}

/** Every function definition of a C file that follows the format rule, in file order. */
export function parseFunctions(source: string, file: string): CFunction[] {
  const functions: CFunction[] = [];
  let offset = 0;
  let open: { name: string; signature: string; returnsVoid: boolean; params: string[]; start: number; line: number } | undefined;
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    const lineStart = offset;
    offset += line.length + 1;
    const where = `${file}:${i + 1}`;
    if (open === undefined) {
      if (line.startsWith('}')) throw new CFormatError(`${where}: '}' at column 0 outside a function`);
      if (!/^[^\s/#*].*\{\s*$/.test(line)) return;
      const m = SIGNATURE.exec(line);
      if (!m) throw new CFormatError(`${where}: a line at column 0 ends in '{' but is not a function signature: ${line}`);
      const [, returnType, name, paramList] = m;
      const params = paramList.trim() === 'void' ? [] : splitParams(paramList).map((p) => paramName(p, where));
      const returnsVoid = /^(static\s+|inline\s+)*void$/.test(returnType.trim());
      open = { name, signature: line.replace(/\s*\{\s*$/, ''), returnsVoid, params, start: lineStart, line: i + 1 };
      return;
    }
    if (/^\S.*\{\s*$/.test(line) && !line.startsWith('}')) {
      throw new CFormatError(`${where}: a new definition starts before ${open.name} (line ${open.line}) is closed`);
    }
    if (line.startsWith('}')) {
      if (line.trimEnd() !== '}') throw new CFormatError(`${where}: the closing '}' of ${open.name} must be alone on its line`);
      const end = lineStart + 1;
      functions.push({ ...open, end, text: source.slice(open.start, end) });
      open = undefined;
    }
  });
  if (open !== undefined) throw new CFormatError(`${file}:${open.line}: ${open.name} has no closing '}' at column 0`);
  return functions;
}

/** The definition of `name` in `source`; throws when there is none. */
export function findFunction(source: string, file: string, name: string): CFunction {
  const fn = parseFunctions(source, file).find((f) => f.name === name);
  if (!fn) throw new CFormatError(`${file} has no function named '${name}'`);
  return fn;
}

/** Every start offset of `needle` in `haystack`, overlapping occurrences included. */
export function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** 1-based line and 1-based column of an offset (the convention of mutation-testing-report-schema). */
export function positionAt(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
