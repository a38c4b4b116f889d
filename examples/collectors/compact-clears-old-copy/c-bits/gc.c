// gc.c -- Morgan D.
#include <stdio.h>
#include "gc.h"
#include "types.h"

#define IS_MARKED(p)  ((p)[1] & 1)
#define FILLER        0x0cab005e

static int total_words(int* p) {
  int n = 2 + tuple_size(p);
  if (n & 1) n += 1;
  return n;
}

// true when the slot at `p` is a saved EBP; moves *frame along the chain
static int skip_frame_words(int* p, int** frame, int* bottom) {
  if (p != *frame) return 0;
  int* caller = (int*)(*frame)[0];
  if (*frame + 1 >= bottom || caller <= *frame || caller >= bottom) *frame = NULL;
  else *frame = caller;
  return 1;
}

static void visit(int* p, int** hi) {
  if (IS_MARKED(p)) return;
  p[1] |= 1;
  if (*hi == NULL || p > *hi) *hi = p;
  for (int i = 0; i < tuple_size(p); i++) {
    int v = tuple_at(p, i);
    if (is_tuple(v)) visit(int_addr(v), hi);
  }
}

int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {
  int* hi = NULL;
  int* frame = first_frame;
  (void)heap_start;
  for (int* s = stack_top; s < stack_bottom; s++) {
    if (skip_frame_words(s, &frame, stack_bottom)) { s++; continue; }
    if (is_tuple(*s)) visit(int_addr(*s), &hi);
  }
  return hi;
}

int* forward(int* heap_start, int* max_address) {
  int* dest = heap_start;
  for (int* p = heap_start; max_address && p <= max_address; p += total_words(p)) {
    if (!IS_MARKED(p)) continue;
    p[1] = (int)dest | 1;
    dest += total_words(p);
  }
  return dest;
}

static int relocated(int v) {
  int* old = int_addr(v);
  return addr_int((int*)(old[1] & ~1));
}

void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) {
  int* frame = first_frame;
  for (int* s = stack_top; s < stack_bottom; s++) {
    if (skip_frame_words(s, &frame, stack_bottom)) { s++; continue; }
    if (is_tuple(*s)) *s = relocated(*s);
  }
  for (int* p = heap_start; max_address && p <= max_address; p += total_words(p)) {
    if (!IS_MARKED(p)) continue;
    for (int i = 2; i < 2 + tuple_size(p); i++) {
      if (is_tuple(p[i])) p[i] = relocated(p[i]);
    }
  }
}

void compact(int* heap_start, int* max_address, int* heap_end) {
  int* free_ptr = heap_start;
  int* from = heap_start;
  while (max_address && from <= max_address) {
    int words = total_words(from);
    int* next = from + words;
    if (IS_MARKED(from)) {
      int* to = (int*)(from[1] & ~1);
      for (int i = 0; i < words; i++) to[i] = from[i];
      from[1] = 0;  // unmark for next time
      free_ptr = to + words;
    }
    from = next;
  }
  while (free_ptr < heap_end) *free_ptr++ = FILLER;
}

int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  int* max_address = mark(stack_bottom, stack_top, first_frame, heap_start);
  int* new_esi = forward(heap_start, max_address);
  redirect(stack_bottom, stack_top, first_frame, heap_start, max_address);
  compact(heap_start, max_address, heap_end);
  return new_esi;
}

void print_heap(int* heap, int size) {
  for (int i = 0; i < size; i++) fprintf(stderr, "%d %#010x\n", i, heap[i]);
}
