/* gc.c  --  Sam K.
 *
 * Fox garbage collector. mark -> forward -> redirect -> compact, like in lecture.
 */
#include <stdio.h>
#include "gc.h"
#include "types.h"

#define GC_WORD(b)  ((b)[1])
#define SIZE_WORDS(b) (((tuple_size(b) + 2) + 1) / 2 * 2)
#define FILL 0x0cab005e

static void mark_tuple(int* t, int** max);

int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {
  int* max = NULL;
  int* ebp = first_frame;
  int* p = stack_top;
  (void)heap_start;
  while (p < stack_bottom) {
    if (p == ebp) {
      // saved ebp + return address are not values
      int* caller = (int*)*ebp;
      if (ebp + 1 >= stack_bottom || caller <= ebp || caller >= stack_bottom)
        ebp = NULL;
      else
        ebp = caller;
      p += 2;
      continue;
    }
    if (is_tuple(*p))
      mark_tuple(int_addr(*p), &max);
    p++;
  }
  return max;
}

static void mark_tuple(int* t, int** max) {
  if (GC_WORD(t) & 1)
    return;  // been here
  GC_WORD(t) |= 1;
  if (*max == NULL || t > *max)
    *max = t;
  int count = tuple_size(t);
  // the elements start at word 2
  for (int w = 2; w < count + 1; w++) {
    if (is_tuple(t[w]))
      mark_tuple(int_addr(t[w]), max);
  }
}

int* forward(int* heap_start, int* max_address) {
  int* next_free = heap_start;
  if (max_address == NULL)
    return heap_start;
  int* b = heap_start;
  while (b <= max_address) {
    if (GC_WORD(b) & 1) {
      GC_WORD(b) = (int)next_free | 1;
      next_free += SIZE_WORDS(b);
    }
    b += SIZE_WORDS(b);
  }
  return next_free;
}

static int moved(int v) {
  int* old = int_addr(v);
  return addr_int((int*)(GC_WORD(old) & ~1));
}

void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) {
  int* ebp = first_frame;
  int* p = stack_top;
  while (p < stack_bottom) {
    if (p == ebp) {
      int* caller = (int*)*ebp;
      if (ebp + 1 >= stack_bottom || caller <= ebp || caller >= stack_bottom)
        ebp = NULL;
      else
        ebp = caller;
      p += 2;
      continue;
    }
    if (is_tuple(*p))
      *p = moved(*p);
    p++;
  }
  if (max_address == NULL)
    return;
  for (int* b = heap_start; b <= max_address; b += SIZE_WORDS(b)) {
    if (!(GC_WORD(b) & 1))
      continue;
    for (int i = 0; i < tuple_size(b); i++) {
      if (is_tuple(b[2 + i]))
        b[2 + i] = moved(b[2 + i]);
    }
  }
}

void compact(int* heap_start, int* max_address, int* heap_end) {
  int* top = heap_start;
  int* b = heap_start;
  while (max_address != NULL && b <= max_address) {
    int n = SIZE_WORDS(b);
    int* next = b + n;
    if (GC_WORD(b) & 1) {
      int* to = (int*)(GC_WORD(b) & ~1);
      for (int i = 0; i < n; i++)
        to[i] = b[i];
      to[1] = 0;
      top = to + n;
    }
    b = next;
  }
  while (top < heap_end)
    *top++ = FILL;
}

int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  int* max = mark(stack_bottom, stack_top, first_frame, heap_start);
  int* new_esi = forward(heap_start, max);
  redirect(stack_bottom, stack_top, first_frame, heap_start, max);
  compact(heap_start, max, heap_end);
  return new_esi;
}

void print_heap(int* heap, int size) {
  for (int i = 0; i < size; i++)
    fprintf(stderr, "%d: %#x\n", i, heap[i]);
}
