// types.h -- value representation helpers (Jordan P.)
#ifndef TYPES_H
#define TYPES_H

#define CONST_TRUE  0xFFFFFFFF
#define CONST_FALSE 0x7FFFFFFF
#define BOOL_TRUE   CONST_TRUE
#define BOOL_FALSE  CONST_FALSE

#define TUPLE_TAG      0x1
#define TUPLE_TAG_MASK 0x7

int is_number(int val);
int is_boolean(int val);
int is_bool(int val);
int is_tuple(int val);

int* int_addr(int val);
int addr_int(int* addr);
int tuple_size(int* tup);
int tuple_at(int* tup, int idx);

void print_value(int val);
int print(int val);

#endif
