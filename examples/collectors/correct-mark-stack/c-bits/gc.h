// gc.h -- Jordan P., CSE 131 PA "Fox"
// Prototypes for the collector. The autograder needs these exact signatures.
#ifndef GC_H
#define GC_H

int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end);

// phases (exposed so I can test them one at a time)
int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start);
int* forward(int* heap_start, int* max_address);
void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address);
void compact(int* heap_start, int* max_address, int* heap_end);

// debugging
void print_heap(int* heap, int size);

#endif
