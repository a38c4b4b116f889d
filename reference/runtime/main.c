/*
 * main.c -- the entry point of a Fox program, its heap, run-time errors, and the
 * bridge between the generated code and the collector (FOX.md §3, §5).
 *
 * Built as the baseline ("sp19") by default, or as the older offering with
 * -DFOX_DIALECT_FA18, which only changes two messages (FOX.md §8). The fa18 rounding
 * of the heap start is done by the generated code's prelude, not here.
 *
 * Debug switches, read once by main (in the spirit of clox's DEBUG_STRESS_GC and
 * DEBUG_LOG_GC, but chosen at run time so that one binary serves every purpose):
 *
 *   FOX_GC_STRESS=1      collect before every allocation (output and exit status
 *                        are the same as without it);
 *   FOX_GC_STATS=<path>  at exit, write statistics about the collections as JSON;
 *   FOX_GC_LOG=1         one line per collection on stderr.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gc.h"
#include "types.h"

#ifdef FOX_DIALECT_FA18
#define MSG_TOO_LARGE "Allocation of %d words too large for %d-word heap\n"
#define MSG_NO_ROOM   "\nOut of memory: needed %d words, but only %d remain after collection!\n\n"
/* fa18 printed HEAP_END - HEAP after its prelude's rounding: the usable words, the heap
   argument minus 2 (heaps 5, 6, 7 print 3, 4, 5). */
#define TOO_LARGE_HEAP_WORDS ((int)(heap_limit - HEAP))
#else
#define MSG_TOO_LARGE "\nout of memory: Allocation of %d words too large for %d-word heap\n"
#define MSG_NO_ROOM   "\nout of memory: needed %d words, but only %d remain after collection!\n\n"
#define TOO_LARGE_HEAP_WORDS HEAP_SIZE
#endif

#define DEFAULT_HEAP_WORDS 100000
#define MAX_HEAP_WORDS     (INT_MAX / 4)  /* the heap's size in bytes must fit in an int */
#define LIVE_AFTER_MAX     1000000        /* liveAfter keeps the first million collections */

#define EXIT_RUNTIME_ERROR 1
#define EXIT_NO_ROOM       9   /* still no room after a collection */
#define EXIT_TOO_LARGE     10  /* no room in an empty heap: nothing to collect */

extern int our_code_starts_here(int* heap);

/* Shared with the generated code. HEAP is (re)set by its prelude, STACK_BOTTOM too. */
int* HEAP;          /* the heap's first usable word */
int* HEAP_END;      /* one past its last word: the generated code allocates below it */
int* STACK_BOTTOM;  /* ESP on entry to the generated code: the end of the root scan */
int HEAP_SIZE;      /* the size asked for, in words */

/* The real end of the heap. It is HEAP_END, except in stress mode, where HEAP_END
   is the heap start so that every allocation of the generated code fails its bounds
   check and calls try_gc; the runtime then uses this one. */
static int* heap_limit;

/* The switches. */
static int stress_gc;
static int log_gc;
static const char* stats_path;

/* What FOX_GC_STATS reports. (Plain variables rather than a struct, so that the only
   braces at column 0 in this file are those of functions.) */
static int collections;
static long long words_reclaimed;
static int max_demand;             /* largest live + requested words seen by try_gc */
static long long gc_nanoseconds;   /* total time spent in gc() */
static int* live_after;            /* words in use after each collection */
static int live_after_count;
static int live_after_capacity;

/* ------------------------------------------------------------------------------
 * Run-time errors
 * ------------------------------------------------------------------------------ */

/* Called by the generated code's error stubs. Prints the message of FOX.md §3 for
   `code` on stderr (`value` is the offending word) and exits with status 1. exit()
   flushes stdout, so what the program printed before the error is kept. */
void error(int code, int value) {
  switch (code) {
    case 0: fprintf(stderr, "Error: expected a number but got %#010x\n", value); break;
    case 1: fprintf(stderr, "Error: expected a boolean but got %#010x\n", value); break;
    case 2: fprintf(stderr, "Error: arithmetic overflow."); break;
    case 3: fprintf(stderr, "Error: expected a tuple but got %#010x\n", value); break;
    case 4: fprintf(stderr, "Error: tuple index too small."); break;
    case 5: fprintf(stderr, "Error: tuple index too large."); break;
    default: fprintf(stderr, "Error: unknown error code %d (value %#010x)\n", code, value); break;
  }
  exit(EXIT_RUNTIME_ERROR);
}

/* ------------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------------ */

static long long elapsed_ns(struct timespec* start, struct timespec* end) {
  return (end->tv_sec - start->tv_sec) * 1000000000LL + (end->tv_nsec - start->tv_nsec);
}

/* An allocation needs `live + requested` words of heap at this point of the program. */
static void record_demand(int words) {
  if (words > max_demand) max_demand = words;
}

static void record_live_after(int words) {
  if (stats_path == NULL || live_after_count >= LIVE_AFTER_MAX) return;
  if (live_after_count == live_after_capacity) {
    int capacity = live_after_capacity == 0 ? 64 : 2 * live_after_capacity;
    int* grown = realloc(live_after, capacity * sizeof(int));
    if (grown == NULL) return;
    live_after = grown;
    live_after_capacity = capacity;
  }
  live_after[live_after_count++] = words;
}

/* Registered with atexit when FOX_GC_STATS is set, so that it also runs after a
   run-time error or an out-of-memory exit. A file-size limit must not turn a
   finished run into a crash: with SIGXFSZ ignored, an oversized write just fails. */
static void write_stats(void) {
  signal(SIGXFSZ, SIG_IGN);
  FILE* out = fopen(stats_path, "w");
  if (out == NULL) {
    fprintf(stderr, "fox: cannot write GC statistics to %s\n", stats_path);
    return;
  }
  fprintf(out, "{\"collections\": %d, \"wordsReclaimed\": %lld, \"liveAfter\": [",
          collections, words_reclaimed);
  for (int i = 0; i < live_after_count; i++) {
    fprintf(out, i == 0 ? "%d" : ", %d", live_after[i]);
  }
  fprintf(out, "], \"maxDemand\": %d, \"gcNanoseconds\": %lld, \"heapWords\": %d, \"usableWords\": %d}\n",
          max_demand, gc_nanoseconds, HEAP_SIZE, (int)(heap_limit - HEAP));
  fclose(out);
}

/* ------------------------------------------------------------------------------
 * Garbage collection
 * ------------------------------------------------------------------------------ */

/* Runs the collector over the whole (real) heap, timed, and keeps the statistics. */
static int* collect(int* alloc_ptr, int* first_frame, int* stack_top) {
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int* new_esi = gc(STACK_BOTTOM, stack_top, first_frame, HEAP, heap_limit);
  clock_gettime(CLOCK_MONOTONIC, &end);

  int before = (int)(alloc_ptr - HEAP);
  int after = (int)(new_esi - HEAP);
  collections++;
  words_reclaimed += before - after;
  gc_nanoseconds += elapsed_ns(&start, &end);
  record_live_after(after);
  if (log_gc) fprintf(stderr, "[gc %d] %d -> %d words in use\n", collections, before, after);
  return new_esi;
}

/* Called by the generated code when an allocation of `bytes_needed` bytes at
   `alloc_ptr` (ESI) does not fit below HEAP_END. first_frame is its EBP, stack_top
   its ESP before it pushed the arguments. Returns the new ESI, below which the
   block fits; or exits: status 10 when the heap is empty, so that a collection
   cannot help, status 9 when the block still does not fit after one.
   In stress mode every allocation comes here: with the heap empty and the block
   fitting there is nothing to collect, so it returns at once. */
int* try_gc(int* alloc_ptr, int bytes_needed, int* first_frame, int* stack_top) {
  int words_needed = bytes_needed / 4;

  if (alloc_ptr == HEAP) {
    record_demand(words_needed);
    if (stress_gc && alloc_ptr + words_needed <= heap_limit) return alloc_ptr;
    fprintf(stderr, MSG_TOO_LARGE, words_needed, TOO_LARGE_HEAP_WORDS);
    exit(EXIT_TOO_LARGE);
  }

  int* new_esi = collect(alloc_ptr, first_frame, stack_top);
  record_demand((int)(new_esi - HEAP) + words_needed);
  if (new_esi + words_needed > heap_limit) {
    fprintf(stderr, MSG_NO_ROOM, words_needed, (int)(heap_limit - new_esi));
    exit(EXIT_NO_ROOM);
  }
  return new_esi;
}

/* ------------------------------------------------------------------------------
 * Start-up
 * ------------------------------------------------------------------------------ */

/* The heap size in words: argv[1], a decimal number >= 0, or the default without
   it. Returns -1 when the arguments are not that. */
static int parse_heap_size(int argc, char** argv) {
  if (argc == 1) return DEFAULT_HEAP_WORDS;
  if (argc != 2 || argv[1][0] == '\0') return -1;
  long long words = 0;
  for (const char* c = argv[1]; *c != '\0'; c++) {
    if (*c < '0' || *c > '9') return -1;
    words = 10 * words + (*c - '0');
    if (words > MAX_HEAP_WORDS) return -1;
  }
  return (int)words;
}

static int env_is_on(const char* name) {
  const char* value = getenv(name);
  return value != NULL && strcmp(value, "1") == 0;
}

static void read_switches(void) {
  stress_gc = env_is_on("FOX_GC_STRESS");
  log_gc = env_is_on("FOX_GC_LOG");
  const char* path = getenv("FOX_GC_STATS");
  stats_path = (path != NULL && path[0] != '\0') ? path : NULL;
}

/* The heap: 8-byte aligned, so that every block address has its three low bits
   clear for the tag, and zero-filled. */
static int* allocate_heap(int words) {
  void* heap = NULL;
  if (posix_memalign(&heap, 8, (size_t)words * sizeof(int)) != 0) {
    fprintf(stderr, "Error: cannot allocate a %d-word heap\n", words);
    exit(EXIT_RUNTIME_ERROR);
  }
  if (words > 0) memset(heap, 0, (size_t)words * sizeof(int));
  return heap;
}

int main(int argc, char** argv) {
  HEAP_SIZE = parse_heap_size(argc, argv);
  if (HEAP_SIZE < 0) {
    fprintf(stderr, "usage: %s [heap-size-in-words]\n", argc > 0 ? argv[0] : "prog");
    return EXIT_RUNTIME_ERROR;
  }
  read_switches();

  int* heap = allocate_heap(HEAP_SIZE);
  HEAP = heap;
  heap_limit = heap + HEAP_SIZE;
  HEAP_END = stress_gc ? heap : heap_limit;
  if (stats_path != NULL) atexit(write_stats);

  int result = our_code_starts_here(heap);
  print(result);
  return 0;
}
