/*
 * Casey L.  -- gc.c for the Fox compiler
 */
#include <stdio.h>
#include <stddef.h>
#include "gc.h"
#include "types.h"

enum { MARK_BIT = 1 };
#define CABOOSE 0x0cab005e

/* ---- small helpers ---- */

static inline int block_words(int* blk) {
  int w = tuple_size(blk) + 2;
  return (w & 1) ? w + 1 : w;
}

static inline int* fwd_addr(int* blk) {
  return (int*)(blk[1] & ~MARK_BIT);
}

/* Walks the stack; for each tuple slot calls `f`. */
static void scan_stack(int* bottom, int* top, int* ebp, void (*f)(int*, int**), int** acc) {
  int* slot = top;
  while (slot < bottom) {
    if (slot == ebp) {
      int* up = (int*)ebp[0];
      ebp = (ebp + 1 < bottom && up > ebp && up < bottom) ? up : NULL;
      slot += 2;
    } else {
      if (is_tuple(*slot))
        f(slot, acc);
      slot += 1;
    }
  }
}

/* ---- mark: depth first with recursion ---- */

static void mark_from(int* blk, int** max_address) {
  while (blk != NULL && !(blk[1] & MARK_BIT)) {
    blk[1] |= MARK_BIT;
    if (*max_address == NULL || blk > *max_address)
      *max_address = blk;
    int n = tuple_size(blk);
    int* last = NULL;
    for (int i = 0; i < n; i++) {
      int v = tuple_at(blk, i);
      if (!is_tuple(v))
        continue;
      if (i == n - 1)
        last = int_addr(v); /* loop on the last one instead of recursing */
      else
        mark_from(int_addr(v), max_address);
    }
    blk = last;
  }
}

static void mark_slot(int* slot, int** max_address) {
  mark_from(int_addr(*slot), max_address);
}

int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {
  int* max_address = NULL;
  (void)heap_start;
  scan_stack(stack_bottom, stack_top, first_frame, mark_slot, &max_address);
  return max_address;
}

/* ---- forward ---- */

int* forward(int* heap_start, int* max_address) {
  int* free_ptr = heap_start;
  if (!max_address)
    return free_ptr;
  for (int* blk = heap_start; blk <= max_address; blk += block_words(blk)) {
    if (blk[1] & MARK_BIT) {
      blk[1] = (int)free_ptr | MARK_BIT;
      free_ptr += block_words(blk);
    }
  }
  return free_ptr;
}

/* ---- redirect ---- */

static void fix(int* slot, int** unused) {
  (void)unused;
  *slot = addr_int(fwd_addr(int_addr(*slot)));
}

void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) {
  scan_stack(stack_bottom, stack_top, first_frame, fix, NULL);
  if (!max_address)
    return;
  for (int* blk = heap_start; blk < max_address; blk += block_words(blk)) {
    if (!(blk[1] & MARK_BIT))
      continue;
    for (int i = 0; i < tuple_size(blk); i++) {
      if (is_tuple(blk[i + 2]))
        fix(&blk[i + 2], NULL);
    }
  }
}

/* ---- compact ---- */

void compact(int* heap_start, int* max_address, int* heap_end) {
  int* end = heap_start;
  int* blk = heap_start;
  while (max_address && blk <= max_address) {
    int words = block_words(blk);
    int* next = blk + words;
    if (blk[1] & MARK_BIT) {
      int* dst = fwd_addr(blk);
      for (int i = 0; i < words; i++)
        dst[i] = blk[i];
      dst[1] = 0;
      end = dst + words;
    }
    blk = next;
  }
  for (; end < heap_end; end++)
    *end = CABOOSE;
}

int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  int* max_address = mark(stack_bottom, stack_top, first_frame, heap_start);
  int* new_free = forward(heap_start, max_address);
  redirect(stack_bottom, stack_top, first_frame, heap_start, max_address);
  compact(heap_start, max_address, heap_end);
  return new_free;
}

void print_heap(int* heap, int size) {
  for (int i = 0; i < size; i++)
    fprintf(stderr, "  [%3d] %08x\n", i, (unsigned)heap[i]);
}
