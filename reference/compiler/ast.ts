// The surface syntax tree of Fox (FOX.md §1). Every node carries the span of source text it
// was parsed from, because every static error (FOX.md §2) must be reported with its location.

/** A source range: 1-based lines and columns, the end column inclusive (GHC's convention). */
export type Span = {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
};

export type Prim1Op = 'add1' | 'sub1' | 'isNum' | 'isBool' | 'isTuple' | 'print';
export type Prim2Op = '+' | '-' | '*' | '==' | '<' | '>';

/** One `name = value` of a `let`; the name has its own span for `shadow binding` errors. */
export type Binding = { name: string; nameSpan: Span; value: Expr; span: Span };

export type Expr =
  // `text` is kept because `number 'n' is too large` quotes the literal as written; `value`
  // is only exact once the checker has accepted the literal (it is at most 2^30 - 1 then).
  | { kind: 'num'; text: string; value: number; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'id'; name: string; span: Span }
  | { kind: 'prim1'; op: Prim1Op; arg: Expr; span: Span }
  | { kind: 'prim2'; op: Prim2Op; left: Expr; right: Expr; span: Span }
  // `let a = e1, b = e2 in body` keeps its bindings together; ANF turns it into nested lets.
  | { kind: 'let'; bindings: Binding[]; body: Expr; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: 'tuple'; elements: Expr[]; span: Span }
  | { kind: 'index'; tuple: Expr; index: Expr; span: Span }
  | { kind: 'call'; name: string; nameSpan: Span; args: Expr[]; span: Span };

export type Param = { name: string; span: Span };

export type Def = { name: string; nameSpan: Span; params: Param[]; body: Expr; span: Span };

export type Program = { defs: Def[]; main: Expr; span: Span };

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}
