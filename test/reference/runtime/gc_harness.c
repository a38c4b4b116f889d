/*
 * Unit tests of the collector's phases, linked with gc.c and types.c only (no main.c,
 * no generated code). Each scenario builds a fake heap and a fake stack with a
 * saved-EBP chain, calls mark / forward / redirect / compact (or gc) directly and
 * checks the words. Output: one "ok - name" or "not ok - name: detail" line per check,
 * then "done <checks>"; gc.test.ts turns each line into an assertion.
 *
 * The frames' bookkeeping words (saved EBP, return address) that the root scan must
 * step over are "poisoned" with tuple-tagged pointers to dead blocks: if the scan
 * took them for roots, those blocks would survive, and the checks would see it.
 */
#include <stdio.h>
#include <string.h>
#include "gc.h"
#include "types.h"

#define CABOOSE 0x0cab005e
#define HEAP_WORDS 64
#define STACK_WORDS 16

static int checks;
static int failures;

static void check(int ok, const char* name) {
  checks++;
  if (!ok) failures++;
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
}

static void check_word(int got, int want, const char* name) {
  checks++;
  if (got == want) {
    printf("ok - %s\n", name);
  } else {
    failures++;
    printf("not ok - %s: got %#010x, want %#010x\n", name, got, want);
  }
}

static void check_ptr(int* got, int* want, const char* name) {
  check_word((int)got, (int)want, name);
}

/* ---- A fake heap, filled the way the generated code fills it ---- */

static int heap[HEAP_WORDS] __attribute__((aligned(8)));
static int big_heap[1 << 16] __attribute__((aligned(8)));
static int* heap_start;
static int* heap_end;
static int* next_free;

static void reset_heap(int* start, int words) {
  heap_start = start;
  heap_end = start + words;
  next_free = start;
  memset(start, 0, words * sizeof(int));
}

/* Allocates an n-tuple; the padding word, never read, gets a junk value. */
static int tuple(int n, const int* elements) {
  int* block = next_free;
  block[0] = 2 * n;
  block[1] = 0;
  for (int i = 0; i < n; i++) block[2 + i] = elements[i];
  int words = n + 2;
  if (words % 2 == 1) block[words++] = 0x5555;
  next_free += words;
  return (int)block + 1;
}

static int tuple2(int a, int b) {
  int e[] = {a, b};
  return tuple(2, e);
}

static int tuple3(int a, int b, int c) {
  int e[] = {a, b, c};
  return tuple(3, e);
}

static int* block_of(int v) {
  return (int*)(v - 1);
}

static int at(int offset) {
  return heap_start[offset];
}

static int tagged(int offset) {
  return (int)(heap_start + offset) + 1;
}

/* ---- A fake stack ----
 * The frames of the main body and of one function it called, as the generated code
 * lays them out (addresses grow downward in this picture):
 *
 *   stack[16]  (= stack_bottom, not scanned: the main frame's return address)
 *   stack[15]  main frame: saved EBP (C's)         <- main frame
 *   stack[14]  main local 1
 *   stack[13]  main local 2
 *   stack[12]  argument pushed for the call
 *   stack[11]  return address into the main body
 *   stack[10]  saved EBP = &stack[15]             <- first_frame
 *   stack[9]   callee local 1
 *   stack[8]   callee local 2                      <- stack_top
 */
static int stack[STACK_WORDS + 1];
static int* const stack_bottom = &stack[STACK_WORDS];

static void reset_stack(void) {
  memset(stack, 0, sizeof(stack));
  stack[10] = (int)&stack[15];
}

/* ---- Scenarios ---- */

/* Dead, live, shared and poisoned blocks; each phase checked in turn. */
static void phases(void) {
  reset_heap(heap, HEAP_WORDS);
  reset_stack();
  int a = tuple2(2, 4);                   /*  0..3   dead */
  int c = tuple3(6, 8, 10);               /*  4..9   live through b and e */
  int d1 = tuple2(12, 14);                /* 10..13  dead, in the main frame's saved EBP */
  int b = tuple2(c, BOOL_FALSE);          /* 14..17  live: main local 1 */
  int d2 = tuple2(18, 20);                /* 18..21  dead, in the return address */
  int e = tuple3(b, c, 22);               /* 22..27  live: the argument and callee local 1 */
  int f = tuple2(24, 26);                 /* 28..31  dead */
  (void)a; (void)f;
  stack[15] = d1;
  stack[14] = b;
  stack[13] = 10;
  stack[12] = e;
  stack[11] = d2;
  stack[9] = e;
  stack[8] = BOOL_TRUE;
  int* first_frame = &stack[10];
  int* stack_top = &stack[8];

  int* max_address = mark(stack_bottom, stack_top, first_frame, heap_start);
  check_ptr(max_address, block_of(e), "mark returns the highest live block");
  check_word(at(1), 0, "mark: dead block a stays unmarked");
  check_word(at(5), 1, "mark: c, reached through b and e, gets exactly the mark bit");
  check_word(at(11), 0, "mark: the saved EBP of the main frame is not a root");
  check_word(at(15), 1, "mark: b (a local) is marked");
  check_word(at(19), 0, "mark: the return address is not a root");
  check_word(at(23), 1, "mark: e (an argument) is marked");
  check_word(at(29), 0, "mark: dead block f stays unmarked");
  check_word(at(16), c, "mark changes no element");

  int* new_free = forward(heap_start, max_address);
  check_ptr(new_free, heap_start + 16, "forward returns heap start + live words (6 + 4 + 6)");
  check_word(at(5), (int)(heap_start + 0) | 1, "forward: c moves to the heap start, mark bit kept");
  check_word(at(15), (int)(heap_start + 6) | 1, "forward: b moves to word 6");
  check_word(at(23), (int)(heap_start + 10) | 1, "forward: e moves to word 10");
  check_word(at(1), 0, "forward leaves dead blocks alone");
  check_word(stack[14], b, "forward does not touch the stack");

  redirect(stack_bottom, stack_top, first_frame, heap_start, max_address);
  check_word(stack[14], tagged(6), "redirect: main local (b)");
  check_word(stack[12], tagged(10), "redirect: argument (e)");
  check_word(stack[9], tagged(10), "redirect: callee local (e)");
  check_word(stack[15], d1, "redirect: saved EBP of the main frame untouched");
  check_word(stack[11], d2, "redirect: return address untouched");
  check_word(stack[10], (int)&stack[15], "redirect: saved EBP of the callee untouched");
  check_word(stack[13], 10, "redirect: a number on the stack untouched");
  check_word(stack[8], (int)BOOL_TRUE, "redirect: a boolean on the stack untouched");
  check_word(at(16), tagged(0), "redirect: b's element pointing to c");
  check_word(at(17), (int)BOOL_FALSE, "redirect: b's boolean element untouched");
  check_word(at(24), tagged(6), "redirect: e's element pointing to b");
  check_word(at(25), tagged(0), "redirect: e's element pointing to c");
  check_word(at(26), 22, "redirect: e's number element untouched");
  check_word(at(4), 6, "redirect moves nothing: c's count word still at word 4");

  compact(heap_start, max_address, heap_end);
  int want[16] = {
    6, 0, 6, 8, 10, 0x5555,                  /* c, with its padding word */
    4, 0, tagged(0), (int)BOOL_FALSE,        /* b */
    6, 0, tagged(6), tagged(0), 22, 0x5555,  /* e */
  };
  int same = 1;
  for (int i = 0; i < 16; i++) {
    if (at(i) != want[i]) {
      same = 0;
      printf("# word %d: got %#010x, want %#010x\n", i, at(i), want[i]);
    }
  }
  check(same, "compact: the live blocks packed in order, GC words cleared, padding copied");
  int caboose = 1;
  for (int* p = heap_start + 16; p < heap_end; p++) caboose = caboose && *p == CABOOSE;
  check(caboose, "compact: every word after the live blocks is 0x0cab005e");
}

/* Nothing reachable: the whole heap becomes caboose. */
static void nothing_live(void) {
  reset_heap(heap, HEAP_WORDS);
  reset_stack();
  int d1 = tuple2(2, 4);
  int d2 = tuple3(6, 8, 10);
  stack[15] = d1;
  stack[11] = d2;
  stack[14] = 2;
  stack[9] = BOOL_FALSE;
  int* max_address = mark(stack_bottom, &stack[8], &stack[10], heap_start);
  check_ptr(max_address, NULL, "mark returns NULL when nothing is live");
  check_ptr(forward(heap_start, max_address), heap_start, "forward returns the heap start when nothing is live");
  redirect(stack_bottom, &stack[8], &stack[10], heap_start, max_address);
  compact(heap_start, max_address, heap_end);
  int caboose = 1;
  for (int* p = heap_start; p < heap_end; p++) caboose = caboose && *p == CABOOSE;
  check(caboose, "compact fills the whole heap with caboose when nothing is live");
  check_word(stack[15], d1, "a poisoned saved EBP is left alone");
}

/* A callee without locals calls try_gc with ESP == EBP: the scan starts on a saved EBP. */
static void frame_at_stack_top(void) {
  reset_heap(heap, HEAP_WORDS);
  memset(stack, 0, sizeof(stack));
  int dead = tuple2(2, 4);
  int x = tuple2(6, 8);
  int poison = tuple2(10, 12);
  int y = tuple2(14, 16);
  (void)dead;
  stack[15] = 0;                  /* main frame: saved EBP */
  stack[14] = x;                  /* main local */
  stack[13] = y;                  /* argument */
  stack[12] = poison;             /* return address */
  stack[11] = (int)&stack[15];    /* callee's saved EBP = first_frame = stack_top */
  int* top = &stack[11];
  int* new_free = gc(stack_bottom, top, top, heap_start, heap_end);
  check_ptr(new_free, heap_start + 8, "gc with stack_top == first_frame keeps x and y only");
  check_word(stack[14], tagged(0), "x moved to the heap start");
  check_word(stack[13], tagged(4), "y moved after x");
  check_word(stack[12], poison, "the return address at the top frame is not a root");
  check_word(stack[11], (int)&stack[15], "the saved EBP at stack_top is not rewritten");
  check_word(at(2), 6, "x's elements moved with it");
  check_word(at(6), 14, "y's elements moved with it");
}

/* Sharing: one block reached from the stack twice and from two blocks. */
static void sharing(void) {
  reset_heap(heap, HEAP_WORDS);
  reset_stack();
  int dead = tuple2(0, 0);
  int s = tuple2(2, 4);
  int p = tuple2(s, s);
  int q = tuple3(p, s, 6);
  (void)dead;
  stack[14] = s;
  stack[13] = q;
  stack[9] = s;
  int* new_free = gc(stack_bottom, &stack[8], &stack[10], heap_start, heap_end);
  check_ptr(new_free, heap_start + 14, "gc keeps a shared block once (4 + 4 + 6 words)");
  check_word(stack[14], tagged(0), "both stack references to s are redirected (1)");
  check_word(stack[9], tagged(0), "both stack references to s are redirected (2)");
  check_word(at(6), tagged(0), "p's two references to s are redirected (1)");
  check_word(at(7), tagged(0), "p's two references to s are redirected (2)");
  check_word(at(10), tagged(4), "q's reference to p is redirected");
  check_word(at(11), tagged(0), "q's reference to s is redirected");
  check_word(at(1) | at(5) | at(9), 0, "all GC words are 0 after the collection");
}

/* A second collection with nothing new changes nothing, and a block already at its
   place stays there. */
static void idempotent(void) {
  reset_heap(heap, HEAP_WORDS);
  reset_stack();
  int x = tuple3(2, 4, 6);
  int y = tuple2(x, 8);
  stack[14] = y;
  int* first = gc(stack_bottom, &stack[8], &stack[10], heap_start, heap_end);
  check_ptr(first, heap_start + 10, "nothing dead: gc returns the old free pointer");
  check_word(stack[14], y, "blocks already in place keep their addresses");
  int before[HEAP_WORDS];
  memcpy(before, heap, sizeof(heap));
  int* second = gc(stack_bottom, &stack[8], &stack[10], heap_start, heap_end);
  check_ptr(second, first, "a second collection returns the same free pointer");
  check(memcmp(before, heap, sizeof(heap)) == 0, "a second collection leaves the heap unchanged");
}

/* Long lists, both ways round, in a big heap: marking must not need a deep C stack
   for (head, tail) lists, and every element must survive in order. */
static void long_lists(void) {
  reset_heap(big_heap, 1 << 16);
  reset_stack();
  int garbage = tuple2(0, 0);
  (void)garbage;
  int list = BOOL_FALSE;                  /* (9999, (9998, ... (0, false))) */
  for (int i = 0; i < 10000; i++) list = tuple2(2 * i, list);
  int spine = BOOL_FALSE;                 /* (((false, 0), 1), ... ) */
  for (int i = 0; i < 1000; i++) spine = tuple2(spine, 2 * i);
  stack[14] = list;
  stack[9] = spine;
  int* new_free = gc(stack_bottom, &stack[8], &stack[10], heap_start, heap_end);
  check_ptr(new_free, heap_start + 4 * 11000, "all 11000 list cells survive, the garbage does not");
  int ok = 1;
  int v = stack[14];
  for (int i = 9999; i >= 0; i--) {
    int* cell = int_addr(v);
    ok = ok && is_tuple(v) && tuple_at(cell, 0) == 2 * i && cell[1] == 0;
    v = tuple_at(cell, 1);
  }
  check(ok && v == (int)BOOL_FALSE, "the (head, tail) list reads back in order");
  ok = 1;
  v = stack[9];
  for (int i = 999; i >= 0; i--) {
    int* cell = int_addr(v);
    ok = ok && is_tuple(v) && tuple_at(cell, 1) == 2 * i;
    v = tuple_at(cell, 0);
  }
  check(ok && v == (int)BOOL_FALSE, "the left-nested list reads back in order");
  check_word(heap_end[-1], CABOOSE, "the end of the big heap is caboose");
}

int main(void) {
  phases();
  nothing_live();
  frame_at_stack_top();
  sharing();
  idempotent();
  long_lists();
  printf("done %d\n", checks);
  return failures == 0 ? 0 : 1;
}
