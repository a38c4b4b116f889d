/*
 * types.h -- how Fox values are represented (FOX.md §4).
 *
 * Every Fox value is one 32-bit word:
 *
 *   number n   n << 1                   low bit 0          is_number(v)
 *   true       0xFFFFFFFF                                  is_bool(v)
 *   false      0x7FFFFFFF
 *   tuple      block address + 1        low bits 001       is_tuple(v)
 *
 * A tuple of n elements is a block of words on the heap:
 *
 *   word 0        the element count, as a number (2n)
 *   word 1        the GC word: 0 when allocated; the collector keeps its mark bit
 *                 and the forwarding address here
 *   word 2..n+1   the elements
 *   (padding)     one word when n + 2 is odd, so that blocks are whole 8-byte units
 *
 * The tests are ordinary functions, not macros, because the course's gc.c declared
 * them `extern int is_number(int);` and so on: a student's gc.c must compile and link
 * against this file unchanged. For the same reason this file adds few global names.
 */
#ifndef FOX_TYPES_H
#define FOX_TYPES_H

#define BOOL_TRUE  0xFFFFFFFF
#define BOOL_FALSE 0x7FFFFFFF

/* The course's names for the two booleans. */
#define CONST_TRUE  BOOL_TRUE
#define CONST_FALSE BOOL_FALSE

/* Value tests. */
int is_number(int v);
int is_bool(int v);
int is_boolean(int v);          /* the course's name for is_bool */
int is_tuple(int v);

/* Tuples. `base` is the untagged address of a block. */
int* int_addr(int v);           /* tuple value -> block address (clears the tag) */
int addr_int(int* base);        /* block address -> tuple value (adds the tag) */
int tuple_size(int* base);      /* the element count n */
int tuple_at(int* base, int i); /* element i (0-based) */

/* Printing. */
void print_value(int v);        /* prints v, no newline */
int print(int v);               /* Fox's print: prints v and a newline, returns v */

#endif
