// Riley T. -- PA6 garbage collector
#include <stdio.h>
#include <stdlib.h>
#include "gc.h"
#include "types.h"

static const int CABOOSE_WORD = 0x0cab005e;

static int marked(int* blk) { return blk[1] & 1; }

// words taken by a block including the padding
static int block_len(int* blk) {
  int n = tuple_size(blk) + 2;
  return n % 2 == 0 ? n : n + 1;
}

// --- stack walking (shared by mark and redirect) ---

static int* next_frame(int* frame, int* stack_bottom) {
  int* saved = (int*)frame[0];
  if (frame + 1 >= stack_bottom) return NULL;
  if (saved <= frame || saved >= stack_bottom) return NULL;
  return saved;
}

// ---------------- MARK ----------------

static void mark_rec(int val, int** max_address) {
  if (!is_tuple(val)) return;
  int* blk = int_addr(val);
  if (marked(blk)) return;
  blk[1] = blk[1] | 1;
  if (blk > *max_address) *max_address = blk;
  int len = tuple_size(blk);
  for (int i = 0; i < len; i++) {
    mark_rec(tuple_at(blk, i), max_address);
  }
}

int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {
  int* max_address = NULL;
  int* frame = first_frame;
  (void)heap_start;
  for (int* slot = stack_top; slot < stack_bottom; slot++) {
    if (slot == frame) {
      frame = next_frame(frame, stack_bottom);
      slot++;  // return address
      continue;
    }
    mark_rec(*slot, &max_address);
  }
  return max_address;
}

// ---------------- FORWARD ----------------

int* forward(int* heap_start, int* max_address) {
  int* next_spot = heap_start;
  int* cur = heap_start;
  while (max_address != NULL && cur <= max_address) {
    int len = tuple_size(cur);
    if (marked(cur)) {
      cur[1] = ((int)next_spot) | 1;
      next_spot += len + 2;  // header + gc word + elements
    }
    cur += block_len(cur);
  }
  return next_spot;
}

// ---------------- REDIRECT ----------------

static int updated(int val) {
  int* blk = int_addr(val);
  int* dest = (int*)(blk[1] - 1);  // strip the mark bit
  return addr_int(dest);
}

void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) {
  int* frame = first_frame;
  for (int* slot = stack_top; slot < stack_bottom; slot++) {
    if (slot == frame) {
      frame = next_frame(frame, stack_bottom);
      slot++;
      continue;
    }
    if (is_tuple(*slot)) *slot = updated(*slot);
  }
  int* cur = heap_start;
  while (max_address != NULL && cur <= max_address) {
    if (marked(cur)) {
      int len = tuple_size(cur);
      for (int i = 0; i < len; i++) {
        if (is_tuple(cur[i + 2])) cur[i + 2] = updated(cur[i + 2]);
      }
    }
    cur += block_len(cur);
  }
}

// ---------------- COMPACT ----------------

void compact(int* heap_start, int* max_address, int* heap_end) {
  int* last_end = heap_start;
  int* cur = heap_start;
  while (max_address != NULL && cur <= max_address) {
    int len = block_len(cur);
    int* following = cur + len;
    if (marked(cur)) {
      int* dest = (int*)(cur[1] - 1);
      for (int i = 0; i < len; i++) dest[i] = cur[i];
      dest[1] = 0;
      last_end = dest + len;
    }
    cur = following;
  }
  for (int* p = last_end; p < heap_end; p++) *p = CABOOSE_WORD;
}

int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  int* max_address = mark(stack_bottom, stack_top, first_frame, heap_start);
  int* new_heap_top = forward(heap_start, max_address);
  redirect(stack_bottom, stack_top, first_frame, heap_start, max_address);
  compact(heap_start, max_address, heap_end);
  return new_heap_top;
}

void print_heap(int* heap, int size) {
  for (int i = 0; i < size; i++) {
    fprintf(stderr, "heap[%d] = %#010x\n", i, heap[i]);
  }
}
