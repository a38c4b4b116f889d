/*
 * types.c -- value tests and printing (FOX.md §3 "Printing", §4).
 */
#include <stdio.h>
#include "types.h"

/* A number n is stored as n << 1: its low bit is 0. */
int is_number(int v) {
  return (v & 1) == 0;
}

/* true is 0xFFFFFFFF and false 0x7FFFFFFF: both have the low 31 bits set. */
int is_bool(int v) {
  return (v & BOOL_FALSE) == BOOL_FALSE;
}

/* The course's name for is_bool. */
int is_boolean(int v) {
  return is_bool(v);
}

/* A tuple is the address of its block plus 1: its low three bits are 001. */
int is_tuple(int v) {
  return (v & 7) == 1;
}

/* The block a tuple value points to. Clearing the three tag bits (rather than
   subtracting 1) also accepts an untagged address. */
int* int_addr(int v) {
  return (int*)(v & ~7);
}

/* The tuple value of a block: its address with the tag. */
int addr_int(int* base) {
  return (int)base | 1;
}

/* Word 0 of a block holds the element count as a number. */
int tuple_size(int* base) {
  return base[0] >> 1;
}

/* Elements start after the count word and the GC word. */
int tuple_at(int* base, int i) {
  return base[i + 2];
}

/* Prints a tuple as (a, b, c), its elements recursively. */
static void print_tuple(int v) {
  int* base = int_addr(v);
  int n = tuple_size(base);
  printf("(");
  for (int i = 0; i < n; i++) {
    if (i > 0) printf(", ");
    print_value(tuple_at(base, i));
  }
  printf(")");
}

/* Prints a value without a newline. Any word that is none of the three kinds
   (a corrupted heap, a stray address) is shown in hexadecimal. */
void print_value(int v) {
  if (is_number(v)) {
    printf("%d", v >> 1);  /* arithmetic shift: keeps the sign */
  } else if (is_bool(v)) {
    printf(v == (int)BOOL_TRUE ? "true" : "false");
  } else if (is_tuple(v)) {
    print_tuple(v);
  } else {
    printf("Unknown value: %#010x", v);
  }
}

/* Fox's print(e): prints the value and a newline, and returns the value so that
   the generated code can use it as the result of the expression. */
int print(int v) {
  print_value(v);
  printf("\n");
  return v;
}
