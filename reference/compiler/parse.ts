// A recursive-descent parser for FOX.md §1, one function per grammar rule (the rule is written
// above each function). Parsing stops at the first error (DESIGN.md "Parse errors"): it throws
// a ParseError `parse error: unexpected <token>, expecting <what>`.
import { joinSpans } from './ast.js';
import type { Binding, Def, Expr, Param, Prim1Op, Prim2Op, Program, Span } from './ast.js';
import { tokenize } from './tokenize.js';
import type { Token } from './tokenize.js';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

const PRIMS: readonly string[] = ['add1', 'sub1', 'isNum', 'isBool', 'isTuple', 'print'];

/** Parses a whole program; throws ParseError at the first syntax (or lexical) error. */
export function parse(source: string): Program {
  return new Parser(tokenize(source)).program();
}

/** Parses a single expression (all input must be consumed); used by tests. */
export function parseExpr(source: string): Expr {
  const p = new Parser(tokenize(source));
  const e = p.expr();
  p.expectEnd();
  return e;
}

// After a complete expression an operator could always have come next, so the error lists it
// first: `f(x)[0]` says "unexpected '[', expecting operator or end of input".
const AFTER_EXPR = 'operator';

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.pos];
  }

  private is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'kw') && this.tok.text === text;
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** Throws the parse error for the current token; `expected` lists what would have been valid. */
  private fail(...expected: string[]): never {
    const t = this.tok;
    if (t.kind === 'bad') throw new ParseError(`parse error: ${t.text}`, t.span);
    const what = t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
    throw new ParseError(`parse error: unexpected ${what}, expecting ${orList(expected)}`, t.span);
  }

  /** Consumes the punctuation or keyword `text`, else fails listing `alternatives` too. */
  private expect(text: string, ...alternatives: string[]): Token {
    if (!this.is(text)) this.fail(...alternatives, `'${text}'`);
    return this.next();
  }

  private ident(): Token {
    if (this.tok.kind !== 'id') this.fail('identifier');
    return this.next();
  }

  // EOF
  expectEnd(): void {
    if (this.tok.kind !== 'eof') this.fail(AFTER_EXPR, 'end of input');
  }

  // program = def* expr EOF
  program(): Program {
    const defs: Def[] = [];
    while (this.is('def')) defs.push(this.def());
    if (!this.startsExpr()) this.fail("'def'", 'expression');
    const main = this.expr();
    this.expectEnd();
    const first = defs.length > 0 ? defs[0].span : main.span;
    return { defs, main, span: joinSpans(first, main.span) };
  }

  // def = "def" ID "(" (ID ("," ID)*)? ")" ":" expr
  private def(): Def {
    const start = this.expect('def');
    const name = this.ident();
    this.expect('(');
    const params: Param[] = [];
    if (this.tok.kind === 'id') {
      params.push(this.param());
      while (this.is(',')) {
        this.next();
        params.push(this.param());
      }
    }
    this.expect(')', params.length > 0 ? "','" : 'identifier');
    this.expect(':');
    const body = this.expr();
    return { name: name.text, nameSpan: name.span, params, body, span: joinSpans(start.span, body.span) };
  }

  // param = ID
  private param(): Param {
    const t = this.ident();
    return { name: t.text, span: t.span };
  }

  // expr = sum (("==" | "<" | ">") sum)*
  expr(): Expr {
    return this.binaryLevel(['==', '<', '>'], () => this.sum());
  }

  // sum = product (("+" | "-") product)*
  private sum(): Expr {
    return this.binaryLevel(['+', '-'], () => this.product());
  }

  // product = operand ("*" operand)*
  private product(): Expr {
    return this.binaryLevel(['*'], () => this.operand());
  }

  /** One left-associative precedence level: `sub (op sub)*`. */
  private binaryLevel(ops: Prim2Op[], sub: () => Expr): Expr {
    let left = sub();
    for (;;) {
      const op = ops.find((o) => this.tok.kind === 'punct' && this.tok.text === o);
      if (!op) return left;
      this.next();
      const right = sub();
      left = { kind: 'prim2', op, left, right, span: joinSpans(left.span, right.span) };
    }
  }

  // operand = let | if | atom
  // `let` and `if` end in a full expr, so as operands they extend as far right as possible:
  // `1 + let x = 2 in x + 3` is `1 + (let x = 2 in (x + 3))`.
  private operand(): Expr {
    if (this.is('let')) return this.letExpr();
    if (this.is('if')) return this.ifExpr();
    return this.atom();
  }

  // let = "let" binding ("," binding)* "in" expr
  private letExpr(): Expr {
    const start = this.expect('let');
    const bindings = [this.binding()];
    while (this.is(',')) {
      this.next();
      bindings.push(this.binding());
    }
    this.expect('in', AFTER_EXPR, "','");
    const body = this.expr();
    return { kind: 'let', bindings, body, span: joinSpans(start.span, body.span) };
  }

  // binding = ID "=" expr
  private binding(): Binding {
    const name = this.ident();
    this.expect('=');
    const value = this.expr();
    return { name: name.text, nameSpan: name.span, value, span: joinSpans(name.span, value.span) };
  }

  // if = "if" expr ":" expr "else" ":" expr
  private ifExpr(): Expr {
    const start = this.expect('if');
    const cond = this.expr();
    this.expect(':', AFTER_EXPR);
    const then = this.expr();
    this.expect('else', AFTER_EXPR);
    this.expect(':');
    const otherwise = this.expr();
    return { kind: 'if', cond, then, else: otherwise, span: joinSpans(start.span, otherwise.span) };
  }

  // atom = NUMBER | "true" | "false"
  //      | PRIM "(" expr ")"
  //      | ID "(" expr ("," expr)* ")"
  //      | ID index?
  //      | "(" expr ("," expr)* ")" index?
  // index = "[" expr "]"
  // Only an ID or a parenthesised base may be indexed, and only once: nothing in this rule
  // loops on "[", so `t[0][1]` and `f(x)[0]` leave a "[" that no rule accepts.
  private atom(): Expr {
    const t = this.tok;
    if (t.kind === 'num') {
      this.next();
      return { kind: 'num', text: t.text, value: Number(t.text), span: t.span };
    }
    if (this.is('true') || this.is('false')) {
      this.next();
      return { kind: 'bool', value: t.text === 'true', span: t.span };
    }
    if (t.kind === 'kw' && PRIMS.includes(t.text)) return this.prim();
    if (t.kind === 'id') {
      this.next();
      if (this.is('(')) return this.call(t);
      return this.maybeIndex({ kind: 'id', name: t.text, span: t.span }, t.span);
    }
    if (this.is('(')) {
      const { expr, span } = this.parenthesised();
      return this.maybeIndex(expr, span);
    }
    return this.fail('expression');
  }

  // PRIM "(" expr ")"
  private prim(): Expr {
    const op = this.next();
    this.expect('(');
    const arg = this.expr();
    const close = this.expect(')', AFTER_EXPR);
    return { kind: 'prim1', op: op.text as Prim1Op, arg, span: joinSpans(op.span, close.span) };
  }

  // ID "(" expr ("," expr)* ")"      (the ID is already consumed; at least one argument)
  private call(name: Token): Expr {
    const { items, close } = this.exprList();
    return { kind: 'call', name: name.text, nameSpan: name.span, args: items, span: joinSpans(name.span, close.span) };
  }

  // "(" expr ("," expr)* ")"    one expression: grouping; two or more: a tuple; `()` is an error
  // Returns the span with the parentheses too, which an indexing of this base starts at.
  private parenthesised(): { expr: Expr; span: Span } {
    const open = this.tok;
    const { items, close } = this.exprList();
    const span = joinSpans(open.span, close.span);
    // A grouping keeps its content's span, so errors point at the expression itself.
    if (items.length === 1) return { expr: items[0], span };
    return { expr: { kind: 'tuple', elements: items, span }, span };
  }

  // exprList = "(" expr ("," expr)* ")"
  private exprList(): { items: Expr[]; close: Token } {
    this.expect('(');
    const items = [this.expr()];
    while (this.is(',')) {
      this.next();
      items.push(this.expr());
    }
    const close = this.expect(')', AFTER_EXPR, "','");
    return { items, close };
  }

  // index?   (applied to an ID or a parenthesised base; `baseSpan` includes its parentheses)
  private maybeIndex(base: Expr, baseSpan: Span): Expr {
    if (!this.is('[')) return base;
    this.next();
    const index = this.expr();
    const close = this.expect(']', AFTER_EXPR);
    return { kind: 'index', tuple: base, index, span: joinSpans(baseSpan, close.span) };
  }

  /** Whether the current token can start an expression. */
  private startsExpr(): boolean {
    const t = this.tok;
    if (t.kind === 'num' || t.kind === 'id') return true;
    if (t.kind === 'kw') return ['let', 'if', 'true', 'false', ...PRIMS].includes(t.text);
    return t.kind === 'punct' && t.text === '(';
  }
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
