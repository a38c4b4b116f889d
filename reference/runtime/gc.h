/*
 * gc.h -- the mark-compact collector (FOX.md §5).
 *
 * The collector runs in four phases over one heap, in place:
 *
 *   mark      find the live blocks, starting from the tuples on the stack
 *   forward   give each live block its address after compaction
 *   redirect  rewrite every pointer (on the stack and in live blocks) to that address
 *   compact   slide the live blocks down and fill the rest of the heap with 0x0cab005e
 *
 * The stack between stack_top (lowest address, the generated code's ESP) and
 * stack_bottom (highest address, exclusive; STACK_BOTTOM) holds the roots. Frames
 * are found by following the saved-EBP chain from first_frame (the generated
 * code's EBP): in each frame, the word at EBP is the caller's EBP and the word
 * above it the return address. Neither is a Fox value, so neither is a root.
 */
#ifndef FOX_GC_H
#define FOX_GC_H

/* Collects the heap [heap_start, heap_end) and returns the first free word after it. */
int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end);

/* Sets the mark bit of every reachable block; returns the highest live block, or NULL. */
int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start);

/* Stores each live block's new address in its GC word; returns the new free pointer. */
int* forward(int* heap_start, int* max_address);

/* Rewrites every tuple pointer on the stack and in live blocks to its new address. */
void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address);

/* Moves the live blocks to their new addresses and fills the rest with 0x0cab005e. */
void compact(int* heap_start, int* max_address, int* heap_end);

/* Debugging: prints `size` words of the heap from `heap`, one per line, on stderr. */
void print_heap(int* heap, int size);

#endif
