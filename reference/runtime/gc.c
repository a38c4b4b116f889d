/*
 * gc.c -- a mark-compact garbage collector for Fox (FOX.md §5).
 *
 * The heap is one array of words that the generated code fills from the bottom up
 * (ESI is the allocation pointer). When an allocation does not fit, try_gc (main.c)
 * calls gc(), which frees the space of every block the program can no longer reach,
 * without a second heap:
 *
 *   1. mark      walk from the tuples on the stack, setting the mark bit of each
 *                reachable block's GC word (word 1);
 *   2. forward   walk the heap block by block and give each marked block the address
 *                it will have once the live blocks are packed together at the bottom;
 *                store it in the GC word, keeping the mark bit;
 *   3. redirect  rewrite every tuple pointer, on the stack and inside live blocks, to
 *                the forwarded address (nothing moves yet, so every GC word can still
 *                be read where it was);
 *   4. compact   slide each live block down to its address, clear its GC word, and
 *                fill the words above the last one with 0x0cab005e ("caboose"), so that
 *                a stale pointer into freed space shows up as a strange value.
 *
 * Blocks are always walked from the heap start, using each block's count word to find
 * the next one: every word below the allocation pointer belongs to some block, dead or
 * alive, and dead blocks keep their count words until compaction overwrites them.
 */
#include <stddef.h>
#include <stdio.h>
#include "gc.h"
#include "types.h"

#define GC_MARK 1           /* the low bit of a block's GC word: the block is live */
#define CABOOSE 0x0cab005e  /* what compact writes into every free word */

/* ------------------------------------------------------------------------------
 * Blocks
 * ------------------------------------------------------------------------------ */

/* The words a block occupies: its elements, the count word and the GC word,
   rounded up to an even number (blocks are whole 8-byte units). */
static int block_size(int* block) {
  int words = tuple_size(block) + 2;
  return words + (words & 1);
}

static int is_marked(int* block) {
  return block[1] & GC_MARK;
}

/* The address the block will move to, as forward stored it. */
static int* forwarded(int* block) {
  return (int*)(block[1] & ~GC_MARK);
}

/* ------------------------------------------------------------------------------
 * The stack
 * ------------------------------------------------------------------------------ */

/* The frame that called `frame`, or NULL when `frame` is the outermost one. The
   outermost frame is the main body's (its return address is the word at
   stack_bottom): the EBP saved in it belongs to C, so the chain ends there. A
   saved EBP that does not point further up the stack also ends it, so that a
   damaged chain cannot send the walk outside the stack. */
static int* caller_frame(int* frame, int* stack_bottom) {
  int* caller = (int*)frame[0];
  if (frame + 1 >= stack_bottom) return NULL;
  if (caller <= frame || caller >= stack_bottom) return NULL;
  return caller;
}

/* Calls visit(slot, data) for every word of [stack_top, stack_bottom) that holds a
   tuple: the roots. Each frame's saved EBP and the return address above it are
   stepped over, as they are addresses, not Fox values. Everything else (locals,
   arguments pushed for a call) is a value, and zeroed slots, numbers and booleans
   are not tuples. */
static void for_each_root(int* stack_bottom, int* stack_top, int* first_frame, void (*visit)(int* slot, void* data), void* data) {
  int* frame = first_frame;
  for (int* slot = stack_top; slot < stack_bottom; slot++) {
    if (slot == frame) {
      frame = caller_frame(frame, stack_bottom);
      slot++;  /* and the loop's slot++ steps over the return address */
      continue;
    }
    if (is_tuple(*slot)) visit(slot, data);
  }
}

/* ------------------------------------------------------------------------------
 * Phase 1: mark
 * ------------------------------------------------------------------------------ */

static void mark_block(int* block, int** max_address);

/* Marks what the elements of `block` reach, except the last element's block, which
   it returns (NULL if the last element is not a tuple) for mark_block to continue
   with in its loop. Following the last element without a recursive call lets a long
   list built as (head, tail) be marked without a deep C stack. */
static int* mark_elements(int* block, int** max_address) {
  int n = tuple_size(block);
  for (int i = 0; i < n - 1; i++) {
    if (is_tuple(tuple_at(block, i))) mark_block(int_addr(tuple_at(block, i)), max_address);
  }
  if (n > 0 && is_tuple(tuple_at(block, n - 1))) return int_addr(tuple_at(block, n - 1));
  return NULL;
}

/* Marks `block` and, depth first, every block reachable from it. A block already
   marked has been (or is being) walked: sharing costs nothing more. */
static void mark_block(int* block, int** max_address) {
  while (block != NULL && !is_marked(block)) {
    block[1] |= GC_MARK;
    if (*max_address == NULL || block > *max_address) *max_address = block;
    block = mark_elements(block, max_address);
  }
}

static void mark_root(int* slot, void* max_address) {
  mark_block(int_addr(*slot), (int**)max_address);
}

/* Phase 1. Sets the mark bit of every block reachable from the roots on the stack
   and returns the highest address of a marked block (NULL when nothing is live), so
   that the later phases need not walk the heap beyond the last live block. The heap
   itself is reached only through the roots, so heap_start is not needed here; the
   parameter keeps the course's signature. */
int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {
  int* max_address = NULL;
  (void)heap_start;
  for_each_root(stack_bottom, stack_top, first_frame, mark_root, &max_address);
  return max_address;
}

/* ------------------------------------------------------------------------------
 * Phase 2: forward
 * ------------------------------------------------------------------------------ */

/* Phase 2. Walks the blocks from heap_start up to max_address (inclusive) and gives
   each marked block the next free address of the compacted heap, stored in its GC
   word with the mark bit kept. Live blocks keep their order, so each one moves down
   or stays. Returns the first free address after compaction: heap_start plus the
   live words. */
int* forward(int* heap_start, int* max_address) {
  int* free_ptr = heap_start;
  if (max_address == NULL) return free_ptr;
  for (int* block = heap_start; block <= max_address; block += block_size(block)) {
    if (is_marked(block)) {
      block[1] = (int)free_ptr | GC_MARK;
      free_ptr += block_size(block);
    }
  }
  return free_ptr;
}

/* ------------------------------------------------------------------------------
 * Phase 3: redirect
 * ------------------------------------------------------------------------------ */

/* Points the tuple in `slot` at its block's forwarded address, tag kept. */
static void redirect_slot(int* slot, void* unused) {
  (void)unused;
  *slot = addr_int(forwarded(int_addr(*slot)));
}

/* Redirects the tuple elements of one live block. */
static void redirect_elements(int* block) {
  int n = tuple_size(block);
  for (int i = 0; i < n; i++) {
    if (is_tuple(tuple_at(block, i))) redirect_slot(&block[i + 2], NULL);
  }
}

/* Phase 3. Rewrites every tuple pointer to the forwarded address of its block: the
   roots on the stack (walked exactly as mark walked them) and the elements of every
   live block up to max_address. Every pointer reaches a marked block, since mark
   followed all of them. Nothing moves yet: the GC words read here are still where
   forward wrote them. */
void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) {
  for_each_root(stack_bottom, stack_top, first_frame, redirect_slot, NULL);
  if (max_address == NULL) return;
  for (int* block = heap_start; block <= max_address; block += block_size(block)) {
    if (is_marked(block)) redirect_elements(block);
  }
}

/* ------------------------------------------------------------------------------
 * Phase 4: compact
 * ------------------------------------------------------------------------------ */

/* Copies `words` words from `from` down to `to`. Copying upward, word by word, is
   safe when the two overlap, because `to` is never above `from`. */
static void move_block(int* to, int* from, int words) {
  for (int i = 0; i < words; i++) to[i] = from[i];
}

static void fill_caboose(int* from, int* to) {
  for (int* p = from; p < to; p++) *p = CABOOSE;
}

/* Phase 4. Walks the blocks from heap_start up to max_address again and moves each
   marked block to its forwarded address, in increasing order, so that a block only
   ever overwrites space that has already been walked; its GC word is then cleared
   (unmarked, ready for the next collection). The size of a block is read before it
   moves. Every word from the end of the last live block to heap_end is then filled
   with the caboose word. */
void compact(int* heap_start, int* max_address, int* heap_end) {
  int* free_ptr = heap_start;
  int* block = heap_start;
  while (max_address != NULL && block <= max_address) {
    int size = block_size(block);
    int* next = block + size;
    if (is_marked(block)) {
      int* to = forwarded(block);
      move_block(to, block, size);
      to[1] = 0;
      free_ptr = to + size;
    }
    block = next;
  }
  fill_caboose(free_ptr, heap_end);
}

/* ------------------------------------------------------------------------------
 * The collector
 * ------------------------------------------------------------------------------ */

/* Collects the heap [heap_start, heap_end) with the four phases above and returns
   the first free word after it: the generated code's new ESI. */
int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  int* max_address = mark(stack_bottom, stack_top, first_frame, heap_start);
  int* new_free = forward(heap_start, max_address);
  redirect(stack_bottom, stack_top, first_frame, heap_start, max_address);
  compact(heap_start, max_address, heap_end);
  return new_free;
}

/* ------------------------------------------------------------------------------
 * Debugging
 * ------------------------------------------------------------------------------ */

/* Prints `size` words from `heap` on stderr (stdout is the program's output): the
   index, the address, the raw word, and the word as a Fox value would read. */
void print_heap(int* heap, int size) {
  for (int i = 0; i < size; i++) {
    int w = heap[i];
    fprintf(stderr, "%6d  %p  %#010x", i, (void*)&heap[i], w);
    if (w == CABOOSE) fprintf(stderr, "  caboose");
    else if (is_number(w)) fprintf(stderr, "  number %d", w >> 1);
    else if (is_tuple(w)) fprintf(stderr, "  tuple at %p", (void*)int_addr(w));
    fprintf(stderr, "\n");
  }
}
