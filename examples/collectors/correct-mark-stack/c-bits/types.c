// types.c -- Jordan P.
#include <stdio.h>
#include "types.h"

int is_number(int val) { return (val & 1) == 0; }

int is_boolean(int val) { return (val & CONST_FALSE) == CONST_FALSE; }

int is_bool(int val) { return is_boolean(val); }

int is_tuple(int val) { return (val & TUPLE_TAG_MASK) == TUPLE_TAG; }

// tuples are tagged with 1, so subtracting the tag gives back the block
int* int_addr(int val) { return (int*)(val - TUPLE_TAG); }

int addr_int(int* addr) { return ((int)addr) + TUPLE_TAG; }

int tuple_size(int* tup) { return tup[0] / 2; }

int tuple_at(int* tup, int idx) { return tup[idx + 2]; }

void print_value(int val) {
  if (is_number(val)) {
    printf("%d", val >> 1);
  } else if (val == (int)CONST_TRUE) {
    printf("true");
  } else if (val == (int)CONST_FALSE) {
    printf("false");
  } else if (is_tuple(val)) {
    int* tup = int_addr(val);
    int n = tuple_size(tup);
    printf("(");
    for (int i = 0; i < n; i++) {
      if (i != 0) printf(", ");
      print_value(tuple_at(tup, i));
    }
    printf(")");
  } else {
    printf("Unknown value: %#010x", val);
  }
}

int print(int val) {
  print_value(val);
  printf("\n");
  return val;
}
