// The tokenizer: source text → tokens with spans (FOX.md §1).
// A character outside the language does not throw here: it becomes a `bad` token, and the parser
// reports it when it gets there. Parse errors stop at the first one in source order, so a
// syntax error before the bad character must win over it.
import type { Span } from './ast.js';

export const KEYWORDS = [
  'if', 'else', 'true', 'false', 'let', 'in',
  'add1', 'sub1', 'isNum', 'isBool', 'isTuple', 'print', 'def', 'lambda',
] as const;

// Longest first, so that `==` is not read as two `=`.
const PUNCTUATION = ['==', '(', ')', '[', ']', ',', ':', '=', '+', '-', '*', '<', '>'] as const;

export type TokenKind =
  | 'num' // a non-negative decimal literal
  | 'id' // a letter then letters and digits, not a keyword
  | 'kw' // a reserved word
  | 'punct' // an operator or delimiter
  | 'eof' // end of input
  | 'bad'; // a lexical error; `text` is the parse error message without its prefix

export type Token = { kind: TokenKind; text: string; span: Span };

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Splits `source` into tokens; the last token is always `eof` or `bad`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let col = 1;
  // Where the last real token ended: the end of input is reported just after it, on its line,
  // so the caret points at the place where something is missing (not at a trailing blank line).
  let lastEnd = { line: 1, col: 0 };

  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (source[pos] === '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
      pos++;
    }
  };
  const push = (kind: TokenKind, length: number, text = source.slice(pos, pos + length)) => {
    const start = { line, col };
    advance(length);
    const span = { line: start.line, col: start.col, endLine: line, endCol: col - 1 };
    tokens.push({ kind, text, span });
    lastEnd = { line, col: col - 1 };
  };

  while (pos < source.length) {
    const c = source[pos];
    if (isSpace(c)) {
      advance(1);
    } else if (source.startsWith('//', pos)) {
      while (pos < source.length && source[pos] !== '\n') advance(1);
    } else if (source.startsWith('/*', pos)) {
      const close = source.indexOf('*/', pos + 2);
      if (close < 0) {
        push('bad', 2, 'unterminated comment');
        return tokens;
      }
      advance(close + 2 - pos);
    } else if (isDigit(c)) {
      let n = 1;
      while (pos + n < source.length && isDigit(source[pos + n])) n++;
      push('num', n);
    } else if (isLetter(c)) {
      let n = 1;
      while (pos + n < source.length && (isLetter(source[pos + n]) || isDigit(source[pos + n]))) n++;
      const word = source.slice(pos, pos + n);
      push((KEYWORDS as readonly string[]).includes(word) ? 'kw' : 'id', n);
    } else {
      const p = PUNCTUATION.find((q) => source.startsWith(q, pos));
      if (!p) {
        // One code point, so that a non-ASCII character is quoted whole.
        const ch = String.fromCodePoint(source.codePointAt(pos)!);
        // A control character (a NUL byte…) is named, not echoed raw into a terminal.
        const shown = /[\p{Cc}]/u.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
        push('bad', ch.length, `unexpected character ${shown}`);
        return tokens;
      }
      push('punct', p.length);
    }
  }
  const at = { line: lastEnd.line, col: lastEnd.col + 1 };
  tokens.push({ kind: 'eof', text: '', span: { line: at.line, col: at.col, endLine: at.line, endCol: at.col } });
  return tokens;
}
