/*
 * Printing and value tests of types.c, linked without main.c. Prints one line per
 * case, "<name> => <what print_value printed>", and the results of the value tests;
 * types.test.ts compares the whole output with what FOX.md §3 and §4 say.
 */
#include <stdio.h>
#include "types.h"

static int heap[64] __attribute__((aligned(8)));
static int* next_free = heap;

static int tuple(int n, const int* elements) {
  int* block = next_free;
  block[0] = 2 * n;
  block[1] = 0;
  for (int i = 0; i < n; i++) block[2 + i] = elements[i];
  next_free += (n + 2) % 2 == 0 ? n + 2 : n + 3;
  return (int)block + 1;
}

static void show(const char* name, int v) {
  printf("%s => ", name);
  print_value(v);
  printf("\n");
}

int main(void) {
  show("zero", 0);
  show("five", 5 << 1);
  show("minus seven", -7 * 2);
  show("largest", 1073741823 * 2);
  show("smallest", (int)0x80000000);
  show("true", (int)BOOL_TRUE);
  show("false", (int)BOOL_FALSE);

  int two_false[] = {2 << 1, (int)BOOL_FALSE};
  int t = tuple(2, two_false);
  int one_t[] = {1 << 1, t};
  t = tuple(2, one_t);
  int zero_t[] = {0, t};
  int nested = tuple(2, zero_t);
  show("nested", nested);
  int triple[] = {(int)BOOL_TRUE, -3 * 2, nested};
  show("triple", tuple(3, triple));
  int wide[] = {2, 4, 6, 8, 10};
  show("five elements", tuple(5, wide));

  show("unknown 3", 3);
  show("unknown 7", 7);
  show("unknown 0xfffffffd", (int)0xfffffffd);
  show("unknown 0x80000005", (int)0x80000005);

  printf("print => ");
  int r = print(nested);
  printf("print returns its argument: %s\n", r == nested ? "yes" : "no");

  printf("is_number: %d %d %d %d\n", is_number(0), is_number(-2), is_number(1), is_number((int)BOOL_FALSE));
  printf("is_bool: %d %d %d %d\n", is_bool((int)BOOL_TRUE), is_bool((int)BOOL_FALSE), is_bool(0), is_bool(nested));
  printf("is_boolean: %d %d\n", is_boolean((int)BOOL_TRUE), is_boolean(2));
  printf("is_tuple: %d %d %d %d\n", is_tuple(nested), is_tuple(0), is_tuple((int)BOOL_TRUE), is_tuple(5));
  int* base = int_addr(nested);
  printf("int_addr: %s\n", base == (int*)(nested - 1) ? "block" : "wrong");
  printf("addr_int: %s\n", addr_int(base) == nested ? "value" : "wrong");
  printf("tuple_size: %d\n", tuple_size(base));
  printf("tuple_at: %d %s\n", tuple_at(base, 0), tuple_at(base, 1) == t ? "t" : "wrong");
  return 0;
}
