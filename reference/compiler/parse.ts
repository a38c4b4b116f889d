// A recursive-descent parser for FOX.md §1, one function per grammar rule (the rule is written
// above each function). Parsing stops at the first error (DESIGN.md "Parse errors"): it throws
// a ParseError `parse error: unexpected <token>, expecting <what>`.
//
// The rules are generators run by a trampoline (`run`): a rule `yield`s the rule it calls and
// receives its result, so nesting uses an explicit stack on the heap, not the JS call stack, and
// 100000 nested parentheses parse like 1. The later passes do recurse, so a parsed tree deeper
// than MAX_NESTING is refused with a located error (DESIGN.md "Nesting limit").
import { joinSpans } from './ast.js';
import type { Binding, Def, Expr, Param, Prim1Op, Prim2Op, Program, Span } from './ast.js';
import { MAX_NESTING, nestingMessage, programTooDeep, surfaceTooDeep, type TooDeep } from './nesting.js';
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
  const parser = new Parser(tokenize(source));
  const program = run(parser.program(), () => parser.tooDeep());
  checkNesting(program);
  return program;
}

/** Parses a single expression (all input must be consumed); used by tests. */
export function parseExpr(source: string): Expr {
  const p = new Parser(tokenize(source));
  const e = run(p.expr(), () => p.tooDeep());
  p.expectEnd();
  checkNestingOf(e);
  return e;
}

/** Refuses a tree the later (recursive) passes could not walk: a located error, not a crash. */
function refuseTooDeep(found: TooDeep | undefined): void {
  if (found) throw new ParseError(nestingMessage(found.levels), found.at.span);
}

function checkNesting(program: Program): void {
  refuseTooDeep(programTooDeep(program));
}

function checkNestingOf(e: Expr): void {
  refuseTooDeep(surfaceTooDeep(e));
}

// After a complete expression an operator could always have come next, so the error lists it
// first: `f(x)[0]` says "unexpected '[', expecting operator or end of input".
const AFTER_EXPR = 'operator';

/**
 * A grammar rule: a generator that yields the rules it calls (each yield evaluates to that
 * rule's result) and returns its own result. `run` drives them with an explicit stack.
 */
type Rule<T> = Generator<Rule<unknown>, T, unknown>;

type ExprList = { items: Expr[]; close: Token };

/**
 * At most this many rules in progress. One level of nesting takes up to 10 (a parenthesised
 * operand goes expr → 3 precedence levels → operand → atom → parentheses → expr), so a program
 * within MAX_NESTING never gets near it; a deeper one stops here, early and in bounded memory
 * (a 100000-level program would otherwise hold a million suspended rules).
 */
const MAX_RULES = 12 * MAX_NESTING;

/**
 * Runs a rule and every rule it calls on a heap-allocated stack; a ParseError passes through.
 * Past MAX_RULES it calls `tooDeep`, which throws.
 */
function run<T>(rule: Rule<T>, tooDeep: () => never): T {
  const stack: Rule<unknown>[] = [rule];
  let result: unknown;
  while (stack.length > 0) {
    if (stack.length > MAX_RULES) tooDeep();
    const step = stack[stack.length - 1].next(result);
    if (step.done) {
      stack.pop();
      result = step.value;
    } else {
      stack.push(step.value);
      result = undefined;
    }
  }
  return result as T;
}

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
    // Stryker disable next-line StringLiteral: equivalent, next() is only called on a token already seen to be punct, kw, num or id, never on eof
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

  /** The nesting limit was passed while parsing: how deep the whole is, nobody measured. */
  tooDeep(): never {
    throw new ParseError(`nested too deeply: more than ${MAX_NESTING} levels, the limit is ${MAX_NESTING}`, this.tok.span);
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
  *program(): Rule<Program> {
    const defs: Def[] = [];
    while (this.is('def')) defs.push((yield this.def()) as Def);
    if (!this.startsExpr()) this.fail("'def'", 'expression');
    const main = (yield this.expr()) as Expr;
    this.expectEnd();
    const first = defs.length > 0 ? defs[0].span : main.span;
    return { defs, main, span: joinSpans(first, main.span) };
  }

  // def = "def" ID "(" (ID ("," ID)*)? ")" ":" expr
  private *def(): Rule<Def> {
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
    const body = (yield this.expr()) as Expr;
    return { name: name.text, nameSpan: name.span, params, body, span: joinSpans(start.span, body.span) };
  }

  // param = ID
  private param(): Param {
    const t = this.ident();
    return { name: t.text, span: t.span };
  }

  // expr = sum (("==" | "<" | ">") sum)*
  *expr(): Rule<Expr> {
    return (yield this.binaryLevel(['==', '<', '>'], () => this.sum())) as Expr;
  }

  // sum = product (("+" | "-") product)*
  private *sum(): Rule<Expr> {
    return (yield this.binaryLevel(['+', '-'], () => this.product())) as Expr;
  }

  // product = operand ("*" operand)*
  private *product(): Rule<Expr> {
    return (yield this.binaryLevel(['*'], () => this.operand())) as Expr;
  }

  /** One left-associative precedence level: `sub (op sub)*`. */
  private *binaryLevel(ops: Prim2Op[], sub: () => Rule<Expr>): Rule<Expr> {
    let left = (yield sub()) as Expr;
    for (;;) {
      const op = ops.find((o) => this.tok.kind === 'punct' && this.tok.text === o);
      if (!op) return left;
      this.next();
      const right = (yield sub()) as Expr;
      left = { kind: 'prim2', op, left, right, span: joinSpans(left.span, right.span) };
    }
  }

  // operand = let | if | atom
  // `let` and `if` end in a full expr, so as operands they extend as far right as possible:
  // `1 + let x = 2 in x + 3` is `1 + (let x = 2 in (x + 3))`.
  private *operand(): Rule<Expr> {
    if (this.is('let')) return (yield this.letExpr()) as Expr;
    if (this.is('if')) return (yield this.ifExpr()) as Expr;
    return (yield this.atom()) as Expr;
  }

  // let = "let" binding ("," binding)* "in" expr
  private *letExpr(): Rule<Expr> {
    const start = this.expect('let');
    const bindings = [(yield this.binding()) as Binding];
    while (this.is(',')) {
      this.next();
      bindings.push((yield this.binding()) as Binding);
    }
    this.expect('in', AFTER_EXPR, "','");
    const body = (yield this.expr()) as Expr;
    return { kind: 'let', bindings, body, span: joinSpans(start.span, body.span) };
  }

  // binding = ID "=" expr
  private *binding(): Rule<Binding> {
    const name = this.ident();
    this.expect('=');
    const value = (yield this.expr()) as Expr;
    return { name: name.text, nameSpan: name.span, value, span: joinSpans(name.span, value.span) };
  }

  // if = "if" expr ":" expr "else" ":" expr
  private *ifExpr(): Rule<Expr> {
    const start = this.expect('if');
    const cond = (yield this.expr()) as Expr;
    this.expect(':', AFTER_EXPR);
    const then = (yield this.expr()) as Expr;
    this.expect('else', AFTER_EXPR);
    this.expect(':');
    const otherwise = (yield this.expr()) as Expr;
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
  private *atom(): Rule<Expr> {
    const t = this.tok;
    if (t.kind === 'num') {
      this.next();
      return { kind: 'num', text: t.text, value: Number(t.text), span: t.span };
    }
    if (this.is('true') || this.is('false')) {
      this.next();
      return { kind: 'bool', value: t.text === 'true', span: t.span };
    }
    if (t.kind === 'kw' && PRIMS.includes(t.text)) return (yield this.prim()) as Expr;
    if (t.kind === 'id') {
      this.next();
      if (this.is('(')) return (yield this.call(t)) as Expr;
      return (yield this.maybeIndex({ kind: 'id', name: t.text, span: t.span }, t.span)) as Expr;
    }
    if (this.is('(')) {
      const { expr, span } = (yield this.parenthesised()) as { expr: Expr; span: Span };
      return (yield this.maybeIndex(expr, span)) as Expr;
    }
    return this.fail('expression');
  }

  // PRIM "(" expr ")"
  private *prim(): Rule<Expr> {
    const op = this.next();
    this.expect('(');
    const arg = (yield this.expr()) as Expr;
    const close = this.expect(')', AFTER_EXPR);
    return { kind: 'prim1', op: op.text as Prim1Op, arg, span: joinSpans(op.span, close.span) };
  }

  // ID "(" expr ("," expr)* ")"      (the ID is already consumed; at least one argument)
  private *call(name: Token): Rule<Expr> {
    const { items, close } = (yield this.exprList()) as ExprList;
    return { kind: 'call', name: name.text, nameSpan: name.span, args: items, span: joinSpans(name.span, close.span) };
  }

  // "(" expr ("," expr)* ")"    one expression: grouping; two or more: a tuple; `()` is an error
  // Returns the span with the parentheses too, which an indexing of this base starts at.
  private *parenthesised(): Rule<{ expr: Expr; span: Span }> {
    const open = this.tok;
    const { items, close } = (yield this.exprList()) as ExprList;
    const span = joinSpans(open.span, close.span);
    // A grouping keeps its content's span, so errors point at the expression itself.
    if (items.length === 1) return { expr: items[0], span };
    return { expr: { kind: 'tuple', elements: items, span }, span };
  }

  // exprList = "(" expr ("," expr)* ")"
  private *exprList(): Rule<ExprList> {
    this.expect('(');
    const items = [(yield this.expr()) as Expr];
    while (this.is(',')) {
      this.next();
      items.push((yield this.expr()) as Expr);
    }
    const close = this.expect(')', AFTER_EXPR, "','");
    return { items, close };
  }

  // index?   (applied to an ID or a parenthesised base; `baseSpan` includes its parentheses)
  private *maybeIndex(base: Expr, baseSpan: Span): Rule<Expr> {
    if (!this.is('[')) return base;
    this.next();
    const index = (yield this.expr()) as Expr;
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
  // Stryker disable next-line StringLiteral: equivalent, orList always gets at least one item (every fail() call names one), so the separator is never used
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
