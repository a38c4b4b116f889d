// Handwritten NASM programs that follow the generated code's ABI (FOX.md §5, DESIGN.md
// "Entry"), for testing the runtime without the compiler. Each program is a string; the
// macros below stand for what the code generator emits.
//
// PRELUDE n     our_code_starts_here's entry: save ebx/esi/edi, ESI = heap (fa18: rounded
//               up past 8 bytes), HEAP = ESI, STACK_BOTTOM = ESP, then the main body's
//               frame with n zeroed local slots
// RETURN        tears the frame down and returns EAX to main
// RESERVE w     the allocation check: if ESI + 4w > [HEAP_END], call
//               try_gc(ESI, 4w, EBP, ESP before the pushes) and continue with ESI = EAX
// TUPLE2 a, b   EAX = the tuple (a, b); TUPLE3 a, b, c likewise (6 words, one of padding).
//               Operands are raw words: immediates, registers or memory.

export interface AsmOptions {
  fa18?: boolean;
}

const MACROS = `
section .text
extern error
extern print
extern try_gc
extern HEAP
extern HEAP_END
extern STACK_BOTTOM
global our_code_starts_here

%macro PRELUDE 1
  push ebx
  push esi
  push edi
  mov esi, [esp+16]
%ifdef FA18
  add esi, 8
  and esi, 0xFFFFFFF8
%endif
  mov [HEAP], esi
  mov [STACK_BOTTOM], esp
  push ebp
  mov ebp, esp
  sub esp, 4*%1
%assign i 1
%rep %1
  mov dword [ebp-4*i], 0
%assign i i+1
%endrep
%endmacro

%macro RETURN 0
  mov esp, ebp
  pop ebp
  pop edi
  pop esi
  pop ebx
  ret
%endmacro

%macro RESERVE 1
  mov eax, esi
  add eax, 4*%1
  cmp eax, [HEAP_END]
  jbe %%fits
  mov eax, esp
  push eax
  push ebp
  push 4*%1
  push esi
  call try_gc
  add esp, 16
  mov esi, eax
%%fits:
%endmacro

%macro TUPLE2 2
  RESERVE 4
  mov dword [esi], 4
  mov dword [esi+4], 0
  mov eax, %1
  mov [esi+8], eax
  mov eax, %2
  mov [esi+12], eax
  mov eax, esi
  add eax, 1
  add esi, 16
%endmacro

%macro TUPLE3 3
  RESERVE 6
  mov dword [esi], 6
  mov dword [esi+4], 0
  mov eax, %1
  mov [esi+8], eax
  mov eax, %2
  mov [esi+12], eax
  mov eax, %3
  mov [esi+16], eax
  mov eax, esi
  add eax, 1
  add esi, 24
%endmacro
`;

const NOTE = `
section .note.GNU-stack noalloc noexec nowrite progbits
`;

/** A whole program: macros, then `body` (which must define our_code_starts_here). */
export function program(body: string, opts: AsmOptions = {}): string {
  return (opts.fa18 ? '%define FA18\n' : '') + MACROS + body + NOTE;
}

/** Fox's encoding of a number. */
export const num = (n: number): number => n * 2;

/** Returns the raw word `value` (printed by the runtime). */
export function returns(value: number, opts: AsmOptions = {}): string {
  return program(
    `
our_code_starts_here:
  PRELUDE 1
  mov eax, ${value}
  RETURN
`,
    opts,
  );
}

/** Calls error(code, value) after printing 5. */
export function callsError(code: number, value: number): string {
  return program(`
our_code_starts_here:
  PRELUDE 0
  push ${num(5)}
  call print
  add esp, 4
  push ${value}
  push ${code}
  call error
  RETURN
`);
}

/**
 * The collector's workout (the spec's gc-0 idea, in a loop):
 *
 *   let g = (1, 2) in 0;                       g is garbage from here on
 *   let keep = (7, 8, 9) in                    kept in local 1 for the whole program
 *   for i in 0 .. n-1:  last = wrap(i, keep)   local 2; the previous `last` dies
 *   last                                       prints (n-1, (7, 8, 9))
 *
 * where wrap(i, t) = (i, t) is a function without locals (so its frame's saved EBP is at
 * ESP when it calls try_gc). At each call of wrap the live data is keep (6 words), the
 * previous last (4 words) and the new block (4): the smallest heap is 14 words (16 in fa18).
 */
export function gcLoop(n: number, opts: AsmOptions = {}): string {
  return program(
    `
our_code_starts_here:
  PRELUDE 3
  TUPLE2 ${num(1)}, ${num(2)}
  mov [ebp-4], eax
  mov dword [ebp-4], 0
  TUPLE3 ${num(7)}, ${num(8)}, ${num(9)}
  mov [ebp-4], eax
.loop:
  push dword [ebp-4]
  push dword [ebp-12]
  call wrap
  add esp, 8
  mov [ebp-8], eax
  add dword [ebp-12], ${num(1)}
  cmp dword [ebp-12], ${num(n)}
  jl .loop
  mov eax, [ebp-8]
  RETURN

wrap:
  push ebp
  mov ebp, esp
  TUPLE2 [ebp+8], [ebp+12]
  mov esp, ebp
  pop ebp
  ret
`,
    opts,
  );
}

/** Allocates (0, (1, (2, false))) and (true, -3, that), prints the first, returns the second. */
export function nested(): string {
  return program(`
our_code_starts_here:
  PRELUDE 2
  TUPLE2 ${num(2)}, 0x7FFFFFFF
  mov [ebp-4], eax
  TUPLE2 ${num(1)}, [ebp-4]
  mov [ebp-4], eax
  TUPLE2 ${num(0)}, [ebp-4]
  mov [ebp-4], eax
  push eax
  call print
  add esp, 4
  TUPLE3 0xFFFFFFFF, ${num(-3)}, [ebp-4]
  RETURN
`);
}

/** Dereferences address 0: dies of SIGSEGV. */
export function segfaults(): string {
  return program(`
our_code_starts_here:
  PRELUDE 0
  mov eax, [0]
  RETURN
`);
}
