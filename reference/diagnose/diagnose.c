/*
 * diagnose.c -- per-phase diagnosis of a student's collector (docs/DESIGN.md, "Student
 * collector"). Linked into a Fox program instead of the runtime's own entry to the collector:
 *
 *   program.o       the reference compiler's output, unchanged
 *   main.o          the runtime's main.c, with its try_gc renamed fox_runtime_try_gc
 *   student gc.o    the student's collector, gc/mark/forward/redirect/compact renamed student_*
 *   student types.o unchanged (print, is_tuple, ... as the student wrote them)
 *   reference.o     the reference gc.c + types.c, gc/mark/... renamed ref_*, every other
 *                   symbol made local (so its helpers never mix with the student's)
 *   diagnose.o      this file: defines try_gc (which notes ESI and calls the runtime's) and
 *                   gc (which main.c's collect() calls)
 *
 * At each collection, until the first divergence:
 *
 *   1. snapshot the stack words [stack_top, stack_bottom) and the heap [heap_start, heap_end);
 *   2. run the reference's four phases in place, keeping a copy of the state after each
 *      (mark: heap + max_address; forward: heap + free pointer; redirect: stack + heap;
 *      compact: heap);
 *   3. in a forked child (a crash or an endless loop of the student's code cannot take the
 *      program down, and the parent's state stays the reference's): restore the snapshot and
 *      run the student's gc() as a whole; compare its final state and result with the
 *      reference's. When they agree, the collection agrees;
 *   4. otherwise, in a second child, restore the snapshot and run the student's phases one by
 *      one, comparing after each, and report the first phase that differs (or crashes, or does
 *      not return). When every phase agrees but gc() did not, gc() itself is blamed.
 *
 * The program then continues with the reference's state (already in place), so that the output
 * is the reference's and later collections stay meaningful; after the first divergence the
 * reference collects alone. The diagnosis is ONE JSON line written to the file named by
 * FOX_DIAG_OUT (never stdout, which is the program's): at the first divergence, or at exit when
 * every collection agreed. FOX_DIAG_PHASE_MS bounds each child (default 2000 ms).
 *
 * Addresses in messages are word offsets: heap+24 is the 25th word of the heap, stack word
 * STACK_BOTTOM-3 the third word below STACK_BOTTOM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CABOOSE 0x0cab005e
#define MAX_DIFFS 6
#define TEXT 160
#define LINE_MAX_BYTES 16384

/* The runtime's try_gc (renamed) and the two collectors. */
int* fox_runtime_try_gc(int* alloc_ptr, int bytes_needed, int* first_frame, int* stack_top);

int* ref_gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end);
int* ref_mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start);
int* ref_forward(int* heap_start, int* max_address);
void ref_redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address);
void ref_compact(int* heap_start, int* max_address, int* heap_end);

/* The student's phases are called with their arguments in the order of the student's own
   definitions (FOX.md §5): the grader passes the order as these macros, bound by the
   parameter names of the student's gc.c; the defaults are the course gc.c's order. Every
   argument is a word-sized pointer, so the prototypes only fix the count. */
#ifndef MARK_ARGS
#define MARK_ARGS(stack_bottom, stack_top, first_frame, heap_start) stack_top, first_frame, stack_bottom, heap_start
#endif
#ifndef FORWARD_ARGS
#define FORWARD_ARGS(heap_start, max_address) heap_start, max_address
#endif
#ifndef REDIRECT_ARGS
#define REDIRECT_ARGS(stack_bottom, stack_top, first_frame, heap_start, max_address) stack_bottom, stack_top, first_frame, heap_start, max_address
#endif
#ifndef COMPACT_ARGS
#define COMPACT_ARGS(heap_start, max_address, heap_end) heap_start, max_address, heap_end
#endif

int* student_gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end);
int* student_mark(int*, int*, int*, int*);
int* student_forward(int*, int*);
void student_redirect(int*, int*, int*, int*, int*);
void student_compact(int*, int*, int*);

/* ------------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------------ */

static int* current_alloc;  /* ESI at the collection in progress (from try_gc) */
static int collections;     /* collections so far */
static int compared;        /* collections compared (all agreed but possibly the last) */
static int finished;        /* the diagnosis line is written: stop comparing */
static pid_t main_pid;
static long phase_ms = 2000;
static const char* out_path;

/* One collection's snapshots. Heaps are H words, stacks S words. */
static int H, S;
static int *hs, *he, *sb, *st, *ff;      /* the collection's arguments */
static int *s0_heap, *s0_stack;          /* before */
static int *r_heap[4], *r_stack[4];      /* after the reference's mark, forward, redirect, compact */
static int *r_max, *r_free;              /* what the reference's mark and forward returned */
static unsigned char *pad_before, *pad_after; /* padding words (never read) before/after compaction */
static int alloc_index;                  /* ESI as a word index, before compaction */
static int free_index;                   /* the reference's free pointer as a word index */

static const char* phase_names[] = {"mark", "forward", "redirect", "compact", "gc"};
enum { MARK, FORWARD, REDIRECT, COMPACT, GC };

/* ------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------ */

typedef struct {
  char* data;
  int len;
  int cap;
} buf_t;

static void bprintf(buf_t* b, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int room = b->cap - b->len;
  int n = vsnprintf(b->data + b->len, room > 0 ? room : 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  b->len += n < room ? n : (room > 0 ? room - 1 : 0);
}

/* A JSON string literal (our texts are ASCII; anything else is escaped). */
static void bjson(buf_t* b, const char* s) {
  bprintf(b, "\"");
  for (const unsigned char* p = (const unsigned char*)s; *p; p++) {
    if (*p == '"' || *p == '\\') bprintf(b, "\\%c", *p);
    else if (*p < 0x20 || *p >= 0x7f) bprintf(b, "\\u%04x", *p);
    else bprintf(b, "%c", *p);
  }
  bprintf(b, "\"");
}

/* Is the word at stack index i (0 = stack_top) a frame's saved EBP (1) or return address (2)?
   The frames are those of the reference's walk: the saved-EBP chain from first_frame. */
static int frame_slot(int i) {
  const int* slot = st + i;
  for (const int* frame = ff; frame != NULL && frame >= st && frame + 1 < sb;) {
    if (slot == frame) return 1;
    if (slot == frame + 1) return 2;
    const int* caller = (const int*)s0_stack[frame - st];
    if (caller <= frame || caller >= sb) break;
    frame = caller;
  }
  return 0;
}

/* heap+K for an address; K in words (bytes when unaligned). Never an absolute address: the
   heap and the stack move from run to run, and results must not. */
static void where_addr(char* out, size_t n, const int* p) {
  long bytes = (long)((const char*)p - (const char*)hs);
  long below = (long)((const char*)sb - (const char*)p);
  if (p == NULL) snprintf(out, n, "NULL");
  else if (bytes >= 0 && bytes <= (long)H * 4 && bytes % 4 == 0) snprintf(out, n, "heap+%ld", bytes / 4);
  else if (bytes >= 0 && bytes <= (long)H * 4) snprintf(out, n, "heap+%ld bytes", bytes);
  else if (below > 0 && below <= (long)S * 4 && below % 4 == 0) snprintf(out, n, "STACK_BOTTOM-%ld (a stack address)", below / 4);
  else snprintf(out, n, "an address outside the heap");
}

/* Is w (untagged) an address of the heap or of the scanned stack? Such words print as where
   they point, never as numbers (they change from run to run). */
static int is_known_address(int w) {
  long bytes = (long)((char*)w - (char*)hs);
  long below = (long)((char*)sb - (char*)w);
  return (bytes >= 0 && bytes <= (long)H * 4) || (below > 0 && below <= (long)S * 4);
}

/* A word as a Fox value. */
static void value_text(char* out, size_t n, int w) {
  char a[64];
  if (w == CABOOSE) snprintf(out, n, "caboose 0x0cab005e");
  else if ((w & 3) == 0 && w != 0 && is_known_address(w)) {
    where_addr(a, sizeof a, (int*)w);
    snprintf(out, n, "the untagged address %s", a);
  } else if ((w & 1) == 0) snprintf(out, n, "number %d", w >> 1);
  else if (w == (int)0xFFFFFFFF) snprintf(out, n, "true");
  else if (w == 0x7FFFFFFF) snprintf(out, n, "false");
  else if ((w & 7) == 1) {
    where_addr(a, sizeof a, (int*)(w & ~7));
    snprintf(out, n, "tuple %s", a);
  } else {
    long bytes = (long)((char*)(w & ~7) - (char*)hs);
    if (bytes >= 0 && bytes <= (long)H * 4) {
      where_addr(a, sizeof a, (int*)(w & ~7));
      snprintf(out, n, "%s with tag bits %d (not a Fox value)", a, w & 7);
    } else if (is_known_address(w & ~7)) {
      where_addr(a, sizeof a, (int*)(w & ~7));
      snprintf(out, n, "%s with tag bits %d (not a Fox value)", a, w & 7);
    } else snprintf(out, n, "a word with tag bits %d outside the heap (not a Fox value)", w & 7);
  }
}

/* A stack word: a frame's saved EBP and return address are named as such. */
static void stack_value_text(char* out, size_t n, int i, int w) {
  int kind = frame_slot(i);
  if (kind == 2) snprintf(out, n, "%s", w == s0_stack[i] ? "the return address" : "a changed return address");
  else if (kind == 1) snprintf(out, n, "%s", w == s0_stack[i] ? "the saved EBP" : "a changed saved EBP");
  else value_text(out, n, w);
}

/* A GC word: 0, a mark bit, a forwarding address. */
static void gc_word_text(char* out, size_t n, int w) {
  char a[64];
  int* addr = (int*)(w & ~1);
  long bytes = (long)((char*)addr - (char*)hs);
  if (w == 0) snprintf(out, n, "0 (unmarked)");
  else if (w == 1) snprintf(out, n, "1 (marked, no forwarding address)");
  else if (bytes >= 0 && bytes <= (long)H * 4) {
    where_addr(a, sizeof a, addr);
    snprintf(out, n, "forwarding address %s %s the mark bit", a, (w & 1) ? "with" : "without");
  } else if (is_known_address(w & ~1)) {
    where_addr(a, sizeof a, addr);
    snprintf(out, n, "%s (not a heap address)", a);
  } else if ((w & 1) == 0 && (w >> 1) > -1000000 && (w >> 1) < 1000000) snprintf(out, n, "number %d", w >> 1);
  else snprintf(out, n, "a word outside the heap");
}

/* ------------------------------------------------------------------------------
 * Heap layout
 * ------------------------------------------------------------------------------ */

/* Words of a block with count word w, or 0 when w cannot be a count word that fits. */
static int block_words(int w, int at) {
  if ((w & 1) != 0 || w < 0) return 0;
  int words = (w >> 1) + 2;
  words += words & 1;
  return at + words <= H ? words : 0;
}

/* Marks the padding word of every block of `h` below word `end`. */
static void find_padding(const int* h, int end, unsigned char* pad) {
  memset(pad, 0, H);
  for (int i = 0; i < end;) {
    int words = block_words(h[i], i);
    if (words == 0) break;
    if ((((h[i] >> 1) + 2) & 1) != 0) pad[i + words - 1] = 1;
    i += words;
  }
}

/* What word i of `h` is, in the block layout below `end`. Sets *field to 0 count, 1 GC word,
   2 element, 3 padding, 4 free space. */
static void describe_word(char* out, size_t n, const int* h, int end, int i, int* field) {
  for (int b = 0; b < end;) {
    int words = block_words(h[b], b);
    if (words == 0) break;
    if (i < b + words) {
      int k = i - b;
      int count = h[b] >> 1;
      if (k == 0) *field = 0, snprintf(out, n, "count word of block heap+%d", b);
      else if (k == 1) *field = 1, snprintf(out, n, "GC word of block heap+%d", b);
      else if (k - 2 < count) *field = 2, snprintf(out, n, "element %d of block heap+%d", k - 2, b);
      else *field = 3, snprintf(out, n, "padding of block heap+%d", b);
      return;
    }
    b += words;
  }
  *field = 4;
  snprintf(out, n, "heap+%d (free space)", i);
}

/* ------------------------------------------------------------------------------
 * Comparing
 * ------------------------------------------------------------------------------ */

typedef struct {
  char where[48];
  char what[96];
  char expected_text[TEXT], actual_text[TEXT];
  char sentence[4 * TEXT + 160];
} diff_t;

static diff_t diffs[MAX_DIFFS];
static int ndiffs;
static int more_diffs;  /* differences beyond MAX_DIFFS */

static diff_t* new_diff(void) {
  if (ndiffs == MAX_DIFFS) {
    more_diffs++;
    return NULL;
  }
  diff_t* d = &diffs[ndiffs++];
  memset(d, 0, sizeof *d);
  return d;
}

/* A returned pointer that differs. */
static void diff_return(int phase, const char* what, const int* expected, const int* actual) {
  diff_t* d = new_diff();
  if (d == NULL) return;
  char e[64], a[64];
  where_addr(e, sizeof e, expected);
  where_addr(a, sizeof a, actual);
  snprintf(d->where, sizeof d->where, "return value");
  snprintf(d->what, sizeof d->what, "%s", what);
  snprintf(d->expected_text, TEXT, "%s", e);
  snprintf(d->actual_text, TEXT, "%s", a);
  snprintf(d->sentence, sizeof d->sentence, "%s: returned %s %s, expected %s", phase_names[phase], what, a, e);
}

/* Compares the stack with `want`; `changed_by` names a phase that must not change it. */
static void compare_stack(int phase, const int* want) {
  for (int i = 0; i < S; i++) {
    int got = st[i];
    if (got == want[i]) continue;
    diff_t* d = new_diff();
    if (d == NULL) continue;
    int below = S - i;
    int kind = frame_slot(i);
    snprintf(d->where, sizeof d->where, "STACK_BOTTOM-%d", below);
    snprintf(d->what, sizeof d->what, "%s STACK_BOTTOM-%d", kind == 2 ? "return address at" : kind == 1 ? "saved EBP at" : "stack word", below);
    stack_value_text(d->expected_text, TEXT, i, want[i]);
    stack_value_text(d->actual_text, TEXT, i, got);
    if (kind == 2)
      snprintf(d->sentence, sizeof d->sentence, "%s: overwrote the return address at STACK_BOTTOM-%d (a return address is not a root)",
               phase_names[phase], below);
    else if (kind == 1)
      snprintf(d->sentence, sizeof d->sentence, "%s: overwrote the saved EBP at STACK_BOTTOM-%d (a saved EBP is not a root)",
               phase_names[phase], below);
    else if (phase == REDIRECT || phase == GC)
      snprintf(d->sentence, sizeof d->sentence, "%s: stack word STACK_BOTTOM-%d holds %s, expected %s", phase_names[phase], below,
               d->actual_text, d->expected_text);
    else
      snprintf(d->sentence, sizeof d->sentence, "%s: stack word STACK_BOTTOM-%d changed to %s, expected %s (%s must not change the stack)",
               phase_names[phase], below, d->actual_text, d->expected_text, phase_names[phase]);
  }
}

/* Compares the heap with `want` below word `end`, ignoring padding words; `layout` describes
   the blocks of `want` for the messages. Words from `end` up are free (above the allocation
   pointer before compaction, above the free pointer after it): no program can read them, so
   what a collector leaves there (caboose or not) is never a difference. */
static void compare_heap(int phase, const int* want, const unsigned char* pad, const int* layout, int end) {
  for (int i = 0; i < end && i < H; i++) {
    int got = hs[i];
    if (got == want[i] || pad[i]) continue;
    diff_t* d = new_diff();
    if (d == NULL) continue;
    int field;
    describe_word(d->what, sizeof d->what, layout, end, i, &field);
    snprintf(d->where, sizeof d->where, "heap+%d", i);
        if (field == 1) {
      gc_word_text(d->expected_text, TEXT, want[i]);
      gc_word_text(d->actual_text, TEXT, got);
    } else {
      value_text(d->expected_text, TEXT, want[i]);
      value_text(d->actual_text, TEXT, got);
    }
    const char* name = phase_names[phase];
    const char* block = strstr(d->what, "block ");
    block = block ? block + 6 : d->what;
    if (phase == MARK && field == 1 && (want[i] & 1) && !(got & 1))
      snprintf(d->sentence, sizeof d->sentence, "mark: block at %s is live but was not marked", block);
    else if (phase == MARK && field == 1 && !(want[i] & 1) && (got & 1))
      snprintf(d->sentence, sizeof d->sentence, "mark: block at %s is garbage but was marked", block);
    else if (phase == FORWARD && field == 1 && (want[i] & ~1) != 0 && (got & ~1) != 0) {
      char e[64], a[64];
      where_addr(e, sizeof e, (int*)(want[i] & ~1));
      where_addr(a, sizeof a, (int*)(got & ~1));
      if ((want[i] & ~1) != (got & ~1))
        snprintf(d->sentence, sizeof d->sentence, "forward: block at %s got forwarding address %s, expected %s", block, a, e);
      else
        snprintf(d->sentence, sizeof d->sentence, "forward: block at %s has GC word %s, expected %s", block, d->actual_text,
                 d->expected_text);
    } else if (phase == FORWARD && field == 1)
      snprintf(d->sentence, sizeof d->sentence, "forward: block at %s has GC word %s, expected %s", block, d->actual_text,
               d->expected_text);
    else if (field == 4)
      snprintf(d->sentence, sizeof d->sentence, "%s: %s is %s, expected %s", name, d->what, d->actual_text, d->expected_text);
    else
      snprintf(d->sentence, sizeof d->sentence, "%s: %s holds %s, expected %s", name, d->what, d->actual_text, d->expected_text);
  }
}

/* ------------------------------------------------------------------------------
 * The child: runs the student's code on a copy of the program's state
 * ------------------------------------------------------------------------------ */

static int to_parent = -1;

static void child_say(const char* fmt, ...) {
  char line[LINE_MAX_BYTES];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  for (int off = 0; off < n;) {
    ssize_t w = write(to_parent, line + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    off += w;
  }
}

/* The differences found as JSON members (without the braces), in `text`. */
static void report_text(char* text, int size, int phase, const char* consequence) {
  buf_t b = {text, 0, size};
  bprintf(&b, "\"phase\":");
  bjson(&b, phase_names[phase]);
  bprintf(&b, ",\"message\":");
  bjson(&b, diffs[0].sentence);
  bprintf(&b, ",\"differences\":[");
  for (int i = 0; i < ndiffs; i++) {
    diff_t* d = &diffs[i];
    bprintf(&b, "%s{\"where\":", i ? "," : "");
    bjson(&b, d->where);
    bprintf(&b, ",\"what\":");
    bjson(&b, d->what);
    bprintf(&b, ",\"expected\":");
    bjson(&b, d->expected_text);
    bprintf(&b, ",\"actual\":");
    bjson(&b, d->actual_text);
    bprintf(&b, "}");
  }
  bprintf(&b, "],\"moreDifferences\":%d", more_diffs);
  if (consequence != NULL) {
    bprintf(&b, ",\"consequence\":");
    bjson(&b, consequence);
  }
}

/* Tells the parent the differences found (`tag` D: gc() whole; B: the first phase that differs). */
static void child_report(char tag, int phase, const char* consequence) {
  static char text[LINE_MAX_BYTES];
  report_text(text, sizeof text, phase, consequence);
  child_say("%c %s", tag, text);
}

static int blamed;  /* child_phases: a phase was blamed (its B line is sent) */

/* After mark returned a different max_address, a difference in a later phase is blamed on mark
   (its return value comes first, what it led to is the consequence); otherwise on the phase.
   Only the first phase that differs is blamed; the child goes on to compose all four. */
static void blame(int phase, int max_differs, int* max) {
  if (ndiffs == 0 || blamed) return;
  blamed = 1;
  if (!max_differs) {
    child_report('B', phase, NULL);
    return;
  }
  char consequence[sizeof diffs[0].sentence + 8];
  snprintf(consequence, sizeof consequence, "then %s", diffs[0].sentence);
  int keep = ndiffs < MAX_DIFFS ? ndiffs : MAX_DIFFS - 1;
  memmove(&diffs[1], &diffs[0], (size_t)keep * sizeof(diff_t));
  ndiffs = 0;
  diff_return(MARK, "max_address", r_max, max);
  ndiffs = keep + 1;
  child_report('B', MARK, consequence);
}

static void restore_snapshot(void) {
  memcpy(hs, s0_heap, (size_t)H * sizeof(int));
  memcpy(st, s0_stack, (size_t)S * sizeof(int));
}

/* What the student's gc() left, shared with the parent's later children (mmap MAP_SHARED):
   [0] 1 when complete, [1] the returned pointer, then the heap's H words, then the stack's S. */
static int* w_state;

/* Mode 0: the student's gc() as a whole, compared with the reference on the live words (below
   the reference's free pointer, padding aside), the stack and the returned pointer. */
static void child_whole(void) {
  child_say("P gc");
  int* got = student_gc(sb, st, ff, hs, he);
  if (w_state != NULL) {
    w_state[1] = (int)got;
    memcpy(w_state + 2, hs, (size_t)H * sizeof(int));
    memcpy(w_state + 2 + H, st, (size_t)S * sizeof(int));
    w_state[0] = 1;
  }
  ndiffs = more_diffs = 0;
  compare_heap(GC, r_heap[COMPACT], pad_after, r_heap[COMPACT], free_index);
  compare_stack(GC, r_stack[REDIRECT]);
  if (got != r_free) diff_return(GC, "free pointer", r_free, got);
  if (ndiffs > 0) child_report('D', GC, NULL);
  else child_say("A");
  _exit(0);
}

/* The cross-check: do the phases, composed as the diagnosis ran them, leave what the student's
   own gc() left (live words, stack, returned pointer)? Sends X (yes) or U with the first
   difference (no). */
static void cross_check(int* free_ptr) {
  if (w_state == NULL || w_state[0] != 1) {
    child_say("U the phases called in order return normally, but your gc() did not");
    return;
  }
  const int* w_heap = w_state + 2;
  const int* w_stack = w_state + 2 + H;
  char a[TEXT], b[TEXT], where[64];
  for (int i = 0; i < free_index && i < H; i++) {
    if (pad_after[i] || hs[i] == w_heap[i]) continue;
    value_text(a, sizeof a, hs[i]);
    value_text(b, sizeof b, w_heap[i]);
    child_say("U after the four phases called in order heap+%d holds %s, after your gc() %s", i, a, b);
    return;
  }
  for (int i = 0; i < S; i++) {
    if (st[i] == w_stack[i]) continue;
    stack_value_text(a, sizeof a, i, st[i]);
    stack_value_text(b, sizeof b, i, w_stack[i]);
    child_say("U after the four phases called in order stack word STACK_BOTTOM-%d holds %s, after your gc() %s", S - i, a, b);
    return;
  }
  if ((int)free_ptr != w_state[1]) {
    where_addr(a, sizeof a, free_ptr);
    where_addr(where, sizeof where, (int*)w_state[1]);
    child_say("U forward returned %s, but your gc() returned %s", a, where);
    return;
  }
  child_say("X");
}

/* Mode 1: the phases one by one, in gc.c's order, each compared with the reference's; the first
   that differs is blamed (B), then the composition is cross-checked with gc() as a whole. A
   different max_address from mark is not a divergence by itself (a student may bound the walk
   differently); it is blamed when a later phase differs. Mode 2: the same, after the student's
   gc() has run once on this collection's state and the state was restored, so that globals gc()
   sets before calling the phases hold this collection's values. */
static void child_phases(int mode) {
  char note[2 * TEXT] = "";
  int max_differs = 0;
  blamed = 0;
  if (mode == 2) {
    child_say("P setup");
    (void)student_gc(sb, st, ff, hs, he);
    restore_snapshot();
  }

  child_say("P mark");
  int* max = student_mark(MARK_ARGS(sb, st, ff, hs));
  ndiffs = more_diffs = 0;
  compare_heap(MARK, r_heap[MARK], pad_before, s0_heap, alloc_index);
  compare_stack(MARK, s0_stack);
  if (ndiffs > 0) blame(MARK, 0, max);
  if (max != r_max) {
    char e[64], a[64];
    where_addr(e, sizeof e, r_max);
    where_addr(a, sizeof a, max);
    max_differs = 1;
    snprintf(note, sizeof note, "mark returned max_address %s, the reference %s", a, e);
  }

  child_say("P forward");
  int* free_ptr = student_forward(FORWARD_ARGS(hs, max));
  ndiffs = more_diffs = 0;
  compare_heap(FORWARD, r_heap[FORWARD], pad_before, s0_heap, alloc_index);
  compare_stack(FORWARD, s0_stack);
  if (free_ptr != r_free) diff_return(FORWARD, "free pointer", r_free, free_ptr);
  blame(FORWARD, max_differs, max);

  child_say("P redirect");
  student_redirect(REDIRECT_ARGS(sb, st, ff, hs, max));
  ndiffs = more_diffs = 0;
  compare_stack(REDIRECT, r_stack[REDIRECT]);
  compare_heap(REDIRECT, r_heap[REDIRECT], pad_before, s0_heap, alloc_index);
  blame(REDIRECT, max_differs, max);

  child_say("P compact");
  student_compact(COMPACT_ARGS(hs, max, he));
  ndiffs = more_diffs = 0;
  compare_heap(COMPACT, r_heap[COMPACT], pad_after, r_heap[COMPACT], free_index);
  compare_stack(COMPACT, r_stack[REDIRECT]);
  blame(COMPACT, max_differs, max);

  if (max_differs && !blamed) child_say("N %s (harmless here)", note);
  if (!blamed) child_say("A");
  child_say("P done");
  cross_check(free_ptr);
  _exit(0);
}

/* ------------------------------------------------------------------------------
 * The parent: runs a child and reads what it says
 * ------------------------------------------------------------------------------ */

typedef struct {
  /* AGREE: gc() agreed / the phases agreed with the reference; DIVERGED: a D or B line came;
     CRASHED, TIMEOUT, EXITED: the child died in `phase`. */
  enum { AGREE, DIVERGED, CRASHED, TIMEOUT, EXITED, FAILED } status;
  char phase[16];
  char report[LINE_MAX_BYTES];  /* the D or B line's JSON */
  char note[2 * TEXT + 40];
  /* Mode 1/2: the cross-check ran (0 no, 1 reproduced gc(), -1 did not: `mismatch` says how). */
  int crossed;
  char mismatch[3 * TEXT + 80];
  int signal, exit_code;
} child_result_t;

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void handle_line(child_result_t* r, char* line) {
  if (line[0] == 'P' && line[1] == ' ') snprintf(r->phase, sizeof r->phase, "%s", line + 2);
  else if ((line[0] == 'D' || line[0] == 'B') && line[1] == ' ') r->status = DIVERGED, snprintf(r->report, sizeof r->report, "%s", line + 2);
  else if (line[0] == 'N' && line[1] == ' ') snprintf(r->note, sizeof r->note, "%s", line + 2);
  else if (line[0] == 'A') r->status = AGREE;
  else if (line[0] == 'X') r->crossed = 1;
  else if (line[0] == 'U' && line[1] == ' ') r->crossed = -1, snprintf(r->mismatch, sizeof r->mismatch, "%s", line + 2);
}

static void run_child(int mode, child_result_t* r) {
  memset(r, 0, sizeof *r);
  r->status = FAILED;
  int fds[2];
  if (pipe(fds) != 0) return;
  fflush(NULL);  /* nothing buffered is written twice */
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    close(fds[0]);
    to_parent = fds[1];
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
    signal(SIGPIPE, SIG_DFL);
    if (mode == 0) child_whole();
    else child_phases(mode);
    _exit(0);
  }
  close(fds[1]);
  int done = 0;  /* the child said its last word (A, D, X or U) */
  static char pending[LINE_MAX_BYTES * 2];
  int len = 0;
  long deadline = now_ms() + phase_ms;
  int timed_out = 0;
  for (;;) {
    long left = deadline - now_ms();
    if (left <= 0) {
      timed_out = 1;
      break;
    }
    struct pollfd p = {fds[0], POLLIN, 0};
    int ready = poll(&p, 1, (int)left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = read(fds[0], pending + len, sizeof pending - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  /* EOF: the child is done */
    len += n;
    pending[len] = '\0';
    char* start = pending;
    char* nl;
    while ((nl = strchr(start, '\n')) != NULL) {
      *nl = '\0';
      handle_line(r, start);
      if (start[0] == 'P') deadline = now_ms() + phase_ms;  /* each phase gets the full time */
      if (start[0] == 'A' || start[0] == 'X' || start[0] == 'U' || (mode == 0 && start[0] == 'D')) done = 1;
      start = nl + 1;
    }
    len -= (int)(start - pending);
    memmove(pending, start, len);
    if (len >= (int)sizeof pending - 1) len = 0;  /* an overlong line: dropped */
  }
  if (timed_out) kill(pid, SIGKILL);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (done) return;
  /* The child died: the phase it was in is the one named by its last P line. A divergence it
     reported before (B) stays in `report`. */
  int diverged = r->status == DIVERGED;
  if (timed_out) r->status = TIMEOUT;
  else if (WIFSIGNALED(status)) r->status = CRASHED, r->signal = WTERMSIG(status);
  else if (WIFEXITED(status)) r->status = EXITED, r->exit_code = WEXITSTATUS(status);
  if (!diverged) r->report[0] = '\0';
}

/* ------------------------------------------------------------------------------
 * The diagnosis line
 * ------------------------------------------------------------------------------ */

static void write_line(const char* text) {
  if (out_path == NULL) return;
  int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  size_t n = strlen(text);
  for (size_t off = 0; off < n;) {
    ssize_t w = write(fd, text + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += w;
  }
  close(fd);
}

static const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGTRAP: return "SIGTRAP";
    default: return "a signal";
  }
}

/* How a dead child ended, as a sentence about `who`. */
static void death_text(char* out, size_t n, const child_result_t* r, const char* who) {
  if (r->status == CRASHED) snprintf(out, n, "%s crashed with %s", who, signal_name(r->signal));
  else if (r->status == TIMEOUT) snprintf(out, n, "%s did not return within %ld ms", who, phase_ms);
  else if (r->status == EXITED) snprintf(out, n, "%s ended the program with exit status %d", who, r->exit_code);
  else snprintf(out, n, "%s could not be run in a child process", who);
}

/* The first tuple-tagged return address on the stack, as STACK_BOTTOM-k, or 0. */
static int tagged_return_address(void) {
  for (int i = 0; i < S; i++)
    if (frame_slot(i) == 2 && (s0_stack[i] & 7) == 1) return S - i;
  return 0;
}

static void add_note(buf_t* b, int* first, const char* note) {
  if (note == NULL || note[0] == '\0') return;
  if (!*first) bprintf(b, ",");
  bjson(b, note);
  *first = 0;
}

/* Writes the diagnosis of the current collection from what the children said: gc() whole
   (`whole`) and the phases (`phases`, and `setup`: the phases after gc() set up its globals,
   NULL when not tried). */
static void write_divergence(child_result_t* whole, child_result_t* phases, const char* extra_note) {
  static char line[LINE_MAX_BYTES + 4096];
  buf_t b = {line, 0, sizeof line};
  static const char* status_names[] = {"agree", "diverged", "crashed", "timeout", "exited", "unavailable"};
  char message[3 * TEXT + 200];
  char how[200];
  int whole_died = whole->status != AGREE && whole->status != DIVERGED;
  int phases_died = phases->status != AGREE && phases->status != DIVERGED;
  const char* status;
  const char* phase = NULL;
  const char* report = NULL;  /* the blamed phase's JSON members */
  message[0] = '\0';

  if (phases->status == FAILED) {
    status = "unavailable";
    snprintf(message, sizeof message, "the student's phases could not be run in a child process at collection %d", collections);
  } else if (phases_died) {
    /* A phase died. It explains gc() when gc() died the same way (or an earlier phase differed). */
    if (phases->report[0] != '\0' && whole_died) {
      status = "diverged", report = phases->report;
    } else if (whole_died && whole->status == phases->status) {
      status = status_names[phases->status];
      phase = phases->phase;
      if (phases->status == CRASHED)
        snprintf(message, sizeof message, "%s: crashed with %s at collection %d (the reference's %s did not)", phase,
                 signal_name(phases->signal), collections, phase);
      else if (phases->status == TIMEOUT)
        snprintf(message, sizeof message, "%s: did not return within %ld ms at collection %d (the reference's %s returned)", phase,
                 phase_ms, collections, phase);
      else
        snprintf(message, sizeof message, "%s: ended the program with exit status %d at collection %d", phase, phases->exit_code,
                 collections);
    } else {
      status = "unattributed";
      char who[64];
      snprintf(who, sizeof who, "called in order, %s", phases->phase);
      death_text(how, sizeof how, phases, who);
      char gcw[120];
      if (whole_died) death_text(gcw, sizeof gcw, whole, "your gc()");
      else snprintf(gcw, sizeof gcw, "your gc() returns");
      snprintf(message, sizeof message, "cannot attribute to one phase: your gc() does more than the four phases (%s, but %s) at collection %d",
               how, gcw, collections);
    }
  } else if (phases->crossed == 1 && phases->report[0] != '\0') {
    status = "diverged", report = phases->report;
  } else {
    status = "unattributed";
    if (whole_died) {
      death_text(how, sizeof how, whole, "your gc()");
      snprintf(message, sizeof message, "cannot attribute to one phase: your gc() does more than the four phases (%s; the phases called in order return) at collection %d",
               how, collections);
    } else
      snprintf(message, sizeof message, "cannot attribute to one phase: your gc() does more than the four phases (%s) at collection %d",
               phases->crossed == -1 ? phases->mismatch : "the phases called in order agree with the reference, your gc() does not", collections);
  }

  bprintf(&b, "{\"diagnose\":1,\"status\":\"%s\",\"collection\":%d,\"collections\":%d,\"heapWords\":%d", status, collections, collections, H);
  if (report != NULL) bprintf(&b, ",%s", report);
  else {
    if (phase != NULL) {
      bprintf(&b, ",\"phase\":");
      bjson(&b, phase);
    }
    bprintf(&b, ",\"message\":");
    bjson(&b, message);
    if (phases->status == CRASHED && phase != NULL) bprintf(&b, ",\"signal\":\"%s\"", signal_name(phases->signal));
  }
  bprintf(&b, ",\"notes\":[");
  int first = 1;
  if (report != NULL && phases_died) {
    char who[64], note[200];
    snprintf(who, sizeof who, "then %s", phases->phase);
    death_text(note, sizeof note, phases, who);
    add_note(&b, &first, note);
  }
  if (whole_died && (report != NULL || phase != NULL)) {
    char note[200];
    death_text(note, sizeof note, whole, "gc() as a whole");
    add_note(&b, &first, note);
  }
  int ra = tagged_return_address();
  if (ra > 0 && (phases->status == CRASHED || whole->status == CRASHED)) {
    char note[240];
    snprintf(note, sizeof note,
             "the stack holds return addresses that look like tuples (STACK_BOTTOM-%d ends in 001): a collector that takes return addresses for roots crashes here",
             ra);
    add_note(&b, &first, note);
  }
  add_note(&b, &first, phases->note); /* a harmless difference of max_address */
  add_note(&b, &first, extra_note);
  bprintf(&b, "]}\n");
  write_line(line);
}

static void write_agreement(void) {
  char line[400];
  snprintf(line, sizeof line, "{\"diagnose\":1,\"status\":\"agree\",\"collections\":%d,\"compared\":%d}\n", collections, compared);
  write_line(line);
}

static void at_exit(void) {
  if (getpid() != main_pid || finished) return;
  finished = 1;
  write_agreement();
}

__attribute__((constructor)) static void diagnose_init(void) {
  main_pid = getpid();
  out_path = getenv("FOX_DIAG_OUT");
  const char* ms = getenv("FOX_DIAG_PHASE_MS");
  if (ms != NULL && atol(ms) > 0) phase_ms = atol(ms);
  atexit(at_exit);
}

/* ------------------------------------------------------------------------------
 * The collector's entry points
 * ------------------------------------------------------------------------------ */

int* try_gc(int* alloc_ptr, int bytes_needed, int* first_frame, int* stack_top) {
  current_alloc = alloc_ptr;
  return fox_runtime_try_gc(alloc_ptr, bytes_needed, first_frame, stack_top);
}

static int* copy_words(const int* from, int words) {
  int* to = malloc((size_t)(words > 0 ? words : 1) * sizeof(int));
  if (to != NULL && words > 0) memcpy(to, from, (size_t)words * sizeof(int));
  return to;
}

static void free_snapshots(void) {
  free(s0_heap), free(s0_stack), free(pad_before), free(pad_after);
  for (int i = 0; i < 4; i++) free(r_heap[i]), free(r_stack[i]);
  s0_heap = s0_stack = NULL;
  pad_before = pad_after = NULL;
  for (int i = 0; i < 4; i++) r_heap[i] = r_stack[i] = NULL;
}

static void write_unavailable(const char* why) {
  char line[300];
  snprintf(line, sizeof line, "{\"diagnose\":1,\"status\":\"unavailable\",\"collection\":%d,\"collections\":%d,\"message\":\"%s\"}\n",
           collections, collections, why);
  write_line(line);
}

/* One collection. Until the first divergence the program runs as it would with the student's
   collector alone: the student's gc() runs in THIS process (so its static variables and the
   globals it sets carry over to the next collection, as in the real run), but only after a
   child has run it on the same state and it agreed with the reference there. At the first
   divergence the program continues with the reference's state, and the reference collects alone
   from then on. */
int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {
  collections++;
  if (finished) return ref_gc(stack_bottom, stack_top, first_frame, heap_start, heap_end);

  sb = stack_bottom, st = stack_top, ff = first_frame, hs = heap_start, he = heap_end;
  H = (int)(heap_end - heap_start);
  S = (int)(stack_bottom - stack_top);
  alloc_index = current_alloc >= hs && current_alloc <= he ? (int)(current_alloc - hs) : H;

  s0_heap = copy_words(hs, H);
  s0_stack = copy_words(st, S);
  pad_before = malloc(H > 0 ? H : 1);
  pad_after = malloc(H > 0 ? H : 1);
  if (s0_heap == NULL || s0_stack == NULL || pad_before == NULL || pad_after == NULL) {
    free_snapshots();
    finished = 1;
    write_unavailable("no memory for the snapshots");
    return ref_gc(stack_bottom, stack_top, first_frame, heap_start, heap_end);
  }
  find_padding(s0_heap, alloc_index, pad_before);

  /* The reference, in place, keeping each phase's state; then the snapshot is put back. */
  r_max = ref_mark(sb, st, ff, hs);
  r_heap[MARK] = copy_words(hs, H), r_stack[MARK] = copy_words(st, S);
  r_free = ref_forward(hs, r_max);
  r_heap[FORWARD] = copy_words(hs, H), r_stack[FORWARD] = copy_words(st, S);
  ref_redirect(sb, st, ff, hs, r_max);
  r_heap[REDIRECT] = copy_words(hs, H), r_stack[REDIRECT] = copy_words(st, S);
  ref_compact(hs, r_max, he);
  r_heap[COMPACT] = copy_words(hs, H), r_stack[COMPACT] = copy_words(st, S);
  free_index = (int)(r_free - hs);
  int complete = 1;
  for (int i = 0; i < 4; i++) complete = complete && r_heap[i] != NULL && r_stack[i] != NULL;
  size_t w_bytes = (size_t)(H + S + 2) * sizeof(int);
  w_state = complete ? mmap(NULL, w_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) : NULL;
  if (w_state == MAP_FAILED) w_state = NULL;
  if (!complete || w_state == NULL) {
    finished = 1;
    write_unavailable("no memory for the snapshots");
    if (w_state != NULL) munmap(w_state, w_bytes), w_state = NULL;
    free_snapshots();
    return r_free;  /* the reference's state is in place */
  }
  find_padding(r_heap[COMPACT], free_index, pad_after);
  restore_snapshot();

  int* result = NULL;
  child_result_t whole;
  run_child(0, &whole);
  if (whole.status == AGREE) {
    compared++;
    /* The real collection, in this process: proven to return on this very state. */
    result = student_gc(sb, st, ff, hs, he);
    ndiffs = more_diffs = 0;
    compare_heap(GC, r_heap[COMPACT], pad_after, r_heap[COMPACT], free_index);
    compare_stack(GC, r_stack[REDIRECT]);
    if (ndiffs > 0 || result != r_free) {
      /* It did not do here what it did in the child (it depends on something else, such as
         time): continue with the reference's state and stop comparing. */
      memcpy(hs, r_heap[COMPACT], (size_t)H * sizeof(int));
      memcpy(st, r_stack[REDIRECT], (size_t)S * sizeof(int));
      result = r_free;
      finished = 1;
      write_unavailable("your gc() did not do the same twice on the same state: the diagnosis stops");
    }
  } else {
    static child_result_t phases, setup;
    run_child(1, &phases);
    const char* extra = NULL;
    int attributed = phases.crossed == 1 || ((phases.status != AGREE && phases.status != DIVERGED) && whole.status == phases.status);
    if (!attributed && phases.status != FAILED) {
      /* gc() may set globals the phases read: try again once gc() has set them for this state. */
      run_child(2, &setup);
      if (setup.crossed == 1 && strcmp(setup.phase, "setup") != 0) {
        phases = setup;
        extra = "the phases were run after your gc() had run once on this collection's state (it sets globals they use)";
      }
    }
    finished = 1;
    write_divergence(&whole, &phases, extra);
    memcpy(hs, r_heap[COMPACT], (size_t)H * sizeof(int));
    memcpy(st, r_stack[REDIRECT], (size_t)S * sizeof(int));
    result = r_free;
  }
  munmap(w_state, w_bytes);
  w_state = NULL;
  free_snapshots();
  return result;
}
