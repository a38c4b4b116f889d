// Code generation: ANF → NASM x86-32 (FOX.md §4–§5, DESIGN.md "Compiler").
//
// Every expression leaves its value in EAX. Variables live in stack words: parameter i at
// [ebp + 8 + 4*i], a let-bound variable (user or anfK) at [ebp - 4*depth], depth = its let
// nesting depth, so siblings reuse slots. Nothing is kept in a register across a call or an
// allocation: the collector only sees the stack, so every live value must be in a slot.
//
// The CodegenOptions flags exist for the compiler variants (variants.ts); the default values
// are the correct compiler.
import type { AExpr, AnfDef, AnfProgram, Imm } from './anf.js';

export type CodegenOptions = {
  /** fa18 prelude: ESI = (heap + 8) & ~7, losing 2 words of an 8-aligned heap. */
  roundHeapStart: boolean;
  /** fa18 multiplication: `imul` of both tagged operands, `jo`, then `sar 1` (overflows at |ab| >= 2^29). */
  multiplyTagged: boolean;
  /** Self-recursive calls in tail position reuse the frame (jump); false: ordinary calls. */
  tailCalls: boolean;
  /** Write 0 into a let's slot after its body (no stale pointer stays a root). */
  clearLetSlots: boolean;
  /** Write 0 into every local slot at frame entry (old stack contents are not roots). */
  zeroLocals: boolean;
  /** Round a tuple block up to an even number of words (keeps ESI 8-aligned). */
  padTuples: boolean;
  /** Write 0 into a new tuple's GC word. */
  initGcWord: boolean;
  /** The word of the block that holds element 0: 2 (after count and GC word). */
  firstElementWord: number;
  /** Slack in the heap check, ESI + bytes - slack <= HEAP_END: 0 is correct. */
  reserveSlackBytes: number;
};

const TRUE = '0xFFFFFFFF';
const FALSE = '0x7FFFFFFF';
/** `(v & BOOL_MASK) == BOOL_MASK` exactly for the two booleans. */
const BOOL_MASK = '0x7FFFFFFF';

/** Runtime error codes (FOX.md §3) and the stub each one jumps to; the bad value is in EAX. */
const ERRORS = {
  notNumber: { code: 0, label: 'fox_error_not_number' },
  notBoolean: { code: 1, label: 'fox_error_not_boolean' },
  overflow: { code: 2, label: 'fox_error_overflow' },
  notTuple: { code: 3, label: 'fox_error_not_tuple' },
  indexTooSmall: { code: 4, label: 'fox_error_index_too_small' },
  indexTooLarge: { code: 5, label: 'fox_error_index_too_large' },
} as const;

/** Functions are `fox_<name>`: Fox names have no `_`, so they never clash with C or our labels. */
const functionLabel = (name: string) => `fox_${name}`;

export function generate(program: AnfProgram, options: CodegenOptions): string {
  return new Generator(options).program(program);
}

/** The number of local slots a body needs: its deepest let nesting. */
export function maxLetDepth(e: AExpr): number {
  switch (e.kind) {
    case 'let':
      return Math.max(maxLetDepth(e.value), 1 + maxLetDepth(e.body));
    case 'if':
      return Math.max(maxLetDepth(e.then), maxLetDepth(e.else));
    default:
      return 0;
  }
}

/** Where the variables of the body being compiled live, and which function it is. */
type Context = {
  env: Map<string, string>;
  depth: number;
  /** The enclosing function (undefined in the main body): a tail call of it becomes a jump. */
  fn?: AnfDef;
};

// Variables are keyed so that a user variable named `anf0` and the temp anf0 stay distinct.
const varKey = (name: string, temp: boolean) => (temp ? `%${name}` : name);

class Generator {
  private readonly out: string[] = [];
  private labels = 0;

  constructor(private readonly opts: CodegenOptions) {}

  program(p: AnfProgram): string {
    this.raw('bits 32');
    this.raw('section .text');
    this.raw('global our_code_starts_here');
    this.raw('extern error, print, try_gc, HEAP, HEAP_END, STACK_BOTTOM');
    this.raw('');
    this.entry(p.main);
    for (const def of p.defs) this.function(def);
    this.errorStubs();
    this.raw('');
    // No executable stack: the code never needs one, and the linker warns otherwise.
    this.raw('section .note.GNU-stack noalloc noexec nowrite progbits');
    return this.out.join('\n') + '\n';
  }

  // ---- emission helpers ----

  private raw(line: string): void {
    this.out.push(line);
  }

  private emit(instruction: string, comment?: string): void {
    this.out.push(comment ? `  ${instruction.padEnd(32)} ; ${comment}` : `  ${instruction}`);
  }

  private label(name: string): void {
    this.out.push(`${name}:`);
  }

  private fresh(what: string): string {
    return `${what}_${this.labels++}`;
  }

  // ---- frames ----

  /** `our_code_starts_here(int* heap)`: save C's registers, set up the heap and STACK_BOTTOM. */
  private entry(main: AExpr): void {
    this.label('our_code_starts_here');
    this.emit('push ebx', 'callee-saved registers of the C caller');
    this.emit('push esi');
    this.emit('push edi');
    this.emit('mov esi, [esp+16]', 'the heap argument (above 3 saved registers and the return address)');
    if (this.opts.roundHeapStart) {
      this.emit('add esi, 8', 'fa18: round the heap start up past 8 bytes');
      this.emit('and esi, 0xFFFFFFF8');
    }
    this.emit('mov [HEAP], esi');
    this.emit('mov [STACK_BOTTOM], esp', 'the collector scans the stack up to here');
    this.frameSetup(main);
    this.expr(main, { env: new Map(), depth: 0 }, false);
    this.emit('mov esp, ebp');
    this.emit('pop ebp');
    this.emit('pop edi');
    this.emit('pop esi');
    this.emit('pop ebx');
    this.emit('ret');
    this.raw('');
  }

  private function(def: AnfDef): void {
    this.label(functionLabel(def.name));
    this.frameSetup(def.body);
    const env = new Map(def.params.map((p, i) => [varKey(p, false), `[ebp+${8 + 4 * i}]`]));
    this.expr(def.body, { env, depth: 0, fn: def }, true);
    this.emit('mov esp, ebp');
    this.emit('pop ebp');
    this.emit('ret');
    this.raw('');
  }

  /** `push ebp; mov ebp, esp; sub esp, 4*n`, then zero the n slots so none holds a stale pointer. */
  private frameSetup(body: AExpr): void {
    const n = maxLetDepth(body);
    this.emit('push ebp');
    this.emit('mov ebp, esp');
    this.emit(`sub esp, ${4 * n}`, `${n} local slot(s)`);
    if (!this.opts.zeroLocals) return; // VARIANT no-zero-locals
    for (let i = 1; i <= n; i++) this.emit(`mov dword [ebp-${4 * i}], 0`);
  }

  // ---- expressions ----

  /** The operand text of an immediate: a constant or the variable's stack word. */
  private imm(i: Imm, ctx: Context): string {
    switch (i.kind) {
      case 'num':
        return String(i.value * 2);
      case 'bool':
        return i.value ? TRUE : FALSE;
      case 'id': {
        const at = ctx.env.get(varKey(i.name, i.temp));
        if (at === undefined) throw new Error(`codegen: unbound variable '${i.name}' (the checker should have caught it)`);
        return at;
      }
    }
  }

  /** Compiles `e` into EAX; `tail` says whether its value is the function's result. */
  private expr(e: AExpr, ctx: Context, tail: boolean): void {
    switch (e.kind) {
      case 'num':
      case 'bool':
      case 'id':
        return this.emit(`mov eax, ${this.imm(e, ctx)}`);
      case 'let':
        return this.letExpr(e, ctx, tail);
      case 'if':
        return this.ifExpr(e, ctx, tail);
      case 'prim1':
        return this.prim1(e, ctx);
      case 'prim2':
        return this.prim2(e, ctx);
      case 'tuple':
        return this.tuple(e.elements.map((x) => this.imm(x, ctx)));
      case 'index':
        return this.index(this.imm(e.tuple, ctx), this.imm(e.index, ctx));
      case 'call':
        if (tail && this.opts.tailCalls && ctx.fn?.name === e.name) return this.tailCall(e.args.map((a) => this.imm(a, ctx)), ctx.fn);
        return this.call(functionLabel(e.name), e.args.map((a) => this.imm(a, ctx)));
    }
  }

  private letExpr(e: Extract<AExpr, { kind: 'let' }>, ctx: Context, tail: boolean): void {
    this.expr(e.value, ctx, false);
    const depth = ctx.depth + 1;
    const slot = `[ebp-${4 * depth}]`;
    this.emit(`mov ${slot}, eax`, `${e.name}`);
    const env = new Map(ctx.env).set(varKey(e.name, e.temp), slot);
    this.expr(e.body, { ...ctx, env, depth }, tail);
    // The body's value stays in EAX; the slot must not keep a dead tuple alive.
    if (this.opts.clearLetSlots) this.emit(`mov dword ${slot}, 0`, `${e.name} is out of scope`); // VARIANT keep-let-slots
  }

  private ifExpr(e: Extract<AExpr, { kind: 'if' }>, ctx: Context, tail: boolean): void {
    const otherwise = this.fresh('if_else');
    const end = this.fresh('if_end');
    this.emit(`mov eax, ${this.imm(e.cond, ctx)}`);
    this.checkBoolean();
    this.emit(`cmp eax, ${FALSE}`);
    this.emit(`je ${otherwise}`);
    this.expr(e.then, ctx, tail);
    this.emit(`jmp ${end}`);
    this.label(otherwise);
    this.expr(e.else, ctx, tail);
    this.label(end);
  }

  private prim1(e: Extract<AExpr, { kind: 'prim1' }>, ctx: Context): void {
    this.emit(`mov eax, ${this.imm(e.arg, ctx)}`);
    switch (e.op) {
      case 'add1':
      case 'sub1':
        this.checkNumber();
        this.emit(`${e.op === 'add1' ? 'add' : 'sub'} eax, 2`, `${e.op} (1 is 2 tagged)`);
        return this.emit(`jo ${ERRORS.overflow.label}`);
      case 'isNum':
        this.emit('test eax, 1');
        return this.booleanFromFlags('z');
      case 'isBool':
        this.emit(`and eax, ${BOOL_MASK}`);
        this.emit(`cmp eax, ${BOOL_MASK}`);
        return this.booleanFromFlags('e');
      case 'isTuple':
        this.emit('and eax, 7', 'a tuple has the low bits 001');
        this.emit('cmp eax, 1');
        return this.booleanFromFlags('e');
      case 'print':
        // print returns its argument, which is the value of print(e).
        this.emit('push eax');
        this.emit('call print');
        return this.emit('add esp, 4');
    }
  }

  private prim2(e: Extract<AExpr, { kind: 'prim2' }>, ctx: Context): void {
    const left = this.imm(e.left, ctx);
    const right = this.imm(e.right, ctx);
    if (e.op === '==') {
      // Raw word comparison: never fails, tuples are equal only when identical.
      this.emit(`mov eax, ${left}`);
      this.emit(`cmp eax, ${right}`);
      return this.booleanFromFlags('e');
    }
    // Both operands must be numbers, the left one checked first.
    this.emit(`mov eax, ${left}`);
    this.checkNumber();
    this.emit(`mov eax, ${right}`);
    this.checkNumber();
    this.emit('mov ecx, eax');
    this.emit(`mov eax, ${left}`);
    switch (e.op) {
      case '+':
        this.emit('add eax, ecx');
        return this.emit(`jo ${ERRORS.overflow.label}`);
      case '-':
        this.emit('sub eax, ecx');
        return this.emit(`jo ${ERRORS.overflow.label}`);
      case '*':
        if (this.opts.multiplyTagged) {
          // fa18 (FOX.md §8): 2a * 2b = 4ab overflows 32 bits already when |ab| >= 2^29; the
          // shift comes after the check, so such products are reported as overflow.
          this.emit('imul eax, ecx');
          this.emit(`jo ${ERRORS.overflow.label}`);
          return this.emit('sar eax, 1');
        }
        // (2a >> 1) * 2b = 2ab: the 32-bit overflow flag is set exactly when ab needs more than 31 bits.
        this.emit('sar eax, 1');
        this.emit('imul eax, ecx');
        return this.emit(`jo ${ERRORS.overflow.label}`);
      case '<':
        this.emit('cmp eax, ecx');
        return this.booleanFromFlags('l');
      case '>':
        this.emit('cmp eax, ecx');
        return this.booleanFromFlags('g');
    }
  }

  /** EAX = true if condition `cc` holds on the current flags, else false (mov keeps the flags). */
  private booleanFromFlags(cc: 'z' | 'e' | 'l' | 'g'): void {
    const done = this.fresh('bool_done');
    this.emit(`mov eax, ${TRUE}`);
    this.emit(`j${cc} ${done}`);
    this.emit(`mov eax, ${FALSE}`);
    this.label(done);
  }

  private checkNumber(): void {
    this.emit('test eax, 1', 'a number has the low bit 0');
    this.emit(`jnz ${ERRORS.notNumber.label}`);
  }

  private checkBoolean(): void {
    this.emit('mov ecx, eax');
    this.emit(`and ecx, ${BOOL_MASK}`);
    this.emit(`cmp ecx, ${BOOL_MASK}`);
    this.emit(`jne ${ERRORS.notBoolean.label}`);
  }

  // ---- calls ----

  /** Pushes the arguments right to left (argument 0 ends up at [esp]). */
  private pushArgs(args: string[]): void {
    for (let i = args.length - 1; i >= 0; i--) {
      this.emit(`mov eax, ${args[i]}`);
      this.emit('push eax');
    }
  }

  private call(label: string, args: string[]): void {
    this.pushArgs(args);
    this.emit(`call ${label}`);
    if (args.length > 0) this.emit(`add esp, ${4 * args.length}`);
  }

  /**
   * A self-recursive call in tail position: all new argument values are computed (pushed)
   * before any old one is overwritten, since they may read the old parameters (`f(y, x)`); then
   * the frame is torn down and the function's entry sets it up again, zeroing its locals, so the
   * old arguments and locals stop being roots and the stack does not grow.
   */
  private tailCall(args: string[], fn: AnfDef): void {
    this.pushArgs(args);
    for (let i = 0; i < args.length; i++) {
      this.emit('pop eax');
      this.emit(`mov [ebp+${8 + 4 * i}], eax`);
    }
    this.emit('mov esp, ebp');
    this.emit('pop ebp');
    this.emit(`jmp ${functionLabel(fn.name)}`, 'self tail call');
  }

  // ---- tuples ----

  /** Allocates a tuple of the given element operands; the tagged pointer ends in EAX. */
  private tuple(elements: string[]): void {
    const n = elements.length;
    const words = this.opts.padTuples ? n + 2 + ((n + 2) % 2) : n + 2; // VARIANT no-tuple-padding
    const bytes = 4 * words;
    const ok = this.fresh('alloc_ok');
    // Unsigned compare: addresses. VARIANT reserve-check-off-by-one subtracts a word.
    this.emit('mov eax, esi');
    this.emit(`add eax, ${bytes - this.opts.reserveSlackBytes}`);
    this.emit('cmp eax, [HEAP_END]');
    this.emit(`jbe ${ok}`);
    // try_gc(ESI, bytes, EBP, ESP) with ESP as it was before these four pushes.
    this.emit('mov eax, esp');
    this.emit('push eax', 'stack_top');
    this.emit('push ebp', 'first_frame');
    this.emit(`push ${bytes}`, 'bytes_needed');
    this.emit('push esi', 'alloc_ptr');
    this.emit('call try_gc');
    this.emit('add esp, 16');
    this.emit('mov esi, eax', 'the heap may have been compacted');
    this.label(ok);
    // The elements are loaded only now: the collector may have moved the tuples they point to.
    this.emit(`mov dword [esi], ${2 * n}`, 'count word: n as a number');
    if (this.opts.initGcWord) this.emit('mov dword [esi+4], 0', 'GC word'); // VARIANT no-gc-word-init
    elements.forEach((el, j) => {
      this.emit(`mov eax, ${el}`);
      this.emit(`mov [esi+${4 * (this.opts.firstElementWord + j)}], eax`);
    });
    this.emit('lea eax, [esi+1]', 'tag the address');
    this.emit(`add esi, ${bytes}`);
  }

  /** `t[i]` for operands t, i: checks in FOX.md §3 order, then loads element i into EAX. */
  private index(tuple: string, index: string): void {
    this.emit(`mov eax, ${tuple}`);
    this.emit('mov ecx, eax');
    this.emit('and ecx, 7');
    this.emit('cmp ecx, 1');
    this.emit(`jne ${ERRORS.notTuple.label}`);
    this.emit(`mov eax, ${index}`);
    this.checkNumber();
    this.emit('cmp eax, 0');
    this.emit(`jl ${ERRORS.indexTooSmall.label}`);
    this.emit(`mov ecx, ${tuple}`);
    this.emit('sub ecx, 1', 'the block address');
    // Both 2i and the count word 2n are tagged numbers, so comparing them compares i with n.
    this.emit('cmp eax, [ecx]');
    this.emit(`jge ${ERRORS.indexTooLarge.label}`);
    // Element i is at byte 4*(first + i) = 4*first + 2*(2i).
    this.emit(`mov eax, [ecx+eax*2+${4 * this.opts.firstElementWord}]`);
  }

  // ---- errors ----

  /** One stub per error code: `error(code, value)` never returns. */
  private errorStubs(): void {
    for (const { code, label } of Object.values(ERRORS)) {
      this.label(label);
      this.emit('push eax', 'the offending value');
      this.emit(`push ${code}`);
      this.emit('call error');
    }
  }
}
