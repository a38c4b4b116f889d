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

int* student_gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end);
int* student_mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start);
int* student_forward(int* heap_start, int* max_address);
void student_redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address);
void student_compact(int* heap_start, int* max_address, int* heap_end);

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

/* heap+K for an address; K in words (bytes when unaligned). */
static void where_addr(char* out, size_t n, const int* p) {
  long bytes = (long)((const char*)p - (const char*)hs);
  if (p == NULL) snprintf(out, n, "NULL");
  else if (bytes >= 0 && bytes <= (long)H * 4 && bytes % 4 == 0) snprintf(out, n, "heap+%ld", bytes / 4);
  else if (bytes >= 0 && bytes <= (long)H * 4) snprintf(out, n, "heap+%ld bytes", bytes);
  else snprintf(out, n, "%p (outside the heap)", (const void*)p);
}

/* A word as a Fox value. */
static void value_text(char* out, size_t n, int w) {
  char a[64];
  if (w == CABOOSE) snprintf(out, n, "caboose 0x0cab005e");
  else if ((w & 1) == 0) snprintf(out, n, "number %d", w >> 1);
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
    } else snprintf(out, n, "%#010x (not a Fox value)", (unsigned)w);
  }
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
  } else snprintf(out, n, "%#010x", (unsigned)w);
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
    snprintf(d->where, sizeof d->where, "STACK_BOTTOM-%d", below);
    snprintf(d->what, sizeof d->what, "stack word STACK_BOTTOM-%d", below);
        value_text(d->expected_text, TEXT, want[i]);
    value_text(d->actual_text, TEXT, got);
    if (phase == REDIRECT || phase == GC)
      snprintf(d->sentence, sizeof d->sentence, "%s: stack word STACK_BOTTOM-%d holds %s, expected %s", phase_names[phase], below,
               d->actual_text, d->expected_text);
    else
      snprintf(d->sentence, sizeof d->sentence, "%s: stack word STACK_BOTTOM-%d changed to %s, expected %s (%s must not change the stack)",
               phase_names[phase], below, d->actual_text, d->expected_text, phase_names[phase]);
  }
}

/* Compares the heap with `want`, ignoring padding words; `layout` and `end` describe the blocks
   of `want` for the messages. */
static void compare_heap(int phase, const int* want, const unsigned char* pad, const int* layout, int end) {
  for (int i = 0; i < H; i++) {
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

/* Reports the differences found as a `D` line (JSON members, without the braces) and exits the
   child. `consequence` (may be NULL) tells what a blamed difference led to. */
static void child_report(int phase, const char* consequence) {
  static char text[LINE_MAX_BYTES];
  buf_t b = {text, 0, sizeof text};
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
  child_say("D %s", text);
  _exit(0);
}

/* After mark returned a different max_address, a difference in a later phase is blamed on mark
   (its return value comes first, what it led to is the consequence); otherwise on the phase. */
static void blame(int phase, int max_differs, int* max) {
  if (ndiffs == 0) return;
  if (!max_differs) child_report(phase, NULL);
  char consequence[sizeof diffs[0].sentence + 8];
  snprintf(consequence, sizeof consequence, "then %s", diffs[0].sentence);
  int keep = ndiffs < MAX_DIFFS ? ndiffs : MAX_DIFFS - 1;
  memmove(&diffs[1], &diffs[0], (size_t)keep * sizeof(diff_t));
  ndiffs = 0;
  diff_return(MARK, "max_address", r_max, max);
  ndiffs = keep + 1;
  child_report(MARK, consequence);
}

static void restore_snapshot(void) {
  memcpy(hs, s0_heap, (size_t)H * sizeof(int));
  memcpy(st, s0_stack, (size_t)S * sizeof(int));
}

/* Mode 0: the student's gc() as a whole. */
static void child_whole(void) {
  restore_snapshot();
  child_say("P gc");
  int* got = student_gc(sb, st, ff, hs, he);
  ndiffs = more_diffs = 0;
  compare_heap(GC, r_heap[COMPACT], pad_after, r_heap[COMPACT], free_index);
  compare_stack(GC, r_stack[REDIRECT]);
  if (got != r_free) diff_return(GC, "free pointer", r_free, got);
  if (ndiffs > 0) child_report(GC, NULL);
  child_say("A");
  _exit(0);
}

/* Mode 1: the phases one by one. A different max_address from mark is not a divergence by
   itself (a student may bound the walk differently); it is blamed when a later phase differs. */
static void child_phases(void) {
  char note[2 * TEXT] = "";
  int max_differs = 0;
  restore_snapshot();

  child_say("P mark");
  int* max = student_mark(sb, st, ff, hs);
  ndiffs = more_diffs = 0;
  compare_heap(MARK, r_heap[MARK], pad_before, s0_heap, alloc_index);
  compare_stack(MARK, s0_stack);
  if (ndiffs > 0) child_report(MARK, NULL);
  if (max != r_max) {
    char e[64], a[64];
    where_addr(e, sizeof e, r_max);
    where_addr(a, sizeof a, max);
    max_differs = 1;
    snprintf(note, sizeof note, "mark returned max_address %s, the reference %s", a, e);
  }

  child_say("P forward");
  int* free_ptr = student_forward(hs, max);
  ndiffs = more_diffs = 0;
  compare_heap(FORWARD, r_heap[FORWARD], pad_before, s0_heap, alloc_index);
  compare_stack(FORWARD, s0_stack);
  if (free_ptr != r_free) diff_return(FORWARD, "free pointer", r_free, free_ptr);
  blame(FORWARD, max_differs, max);

  child_say("P redirect");
  student_redirect(sb, st, ff, hs, max);
  ndiffs = more_diffs = 0;
  compare_stack(REDIRECT, r_stack[REDIRECT]);
  compare_heap(REDIRECT, r_heap[REDIRECT], pad_before, s0_heap, alloc_index);
  blame(REDIRECT, max_differs, max);

  child_say("P compact");
  student_compact(hs, max, he);
  ndiffs = more_diffs = 0;
  compare_heap(COMPACT, r_heap[COMPACT], pad_after, r_heap[COMPACT], free_index);
  compare_stack(COMPACT, r_stack[REDIRECT]);
  blame(COMPACT, max_differs, max);

  if (max_differs) child_say("N %s (harmless here)", note);
  child_say("A");
  _exit(0);
}

/* ------------------------------------------------------------------------------
 * The parent: runs a child and reads what it says
 * ------------------------------------------------------------------------------ */

typedef struct {
  enum { AGREE, DIVERGED, CRASHED, TIMEOUT, EXITED, FAILED } status;
  char phase[16];
  char report[LINE_MAX_BYTES];  /* the D line's JSON */
  char note[2 * TEXT + 40];
  int signal, exit_code;
} child_result_t;

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void handle_line(child_result_t* r, char* line) {
  if (line[0] == 'P' && line[1] == ' ') snprintf(r->phase, sizeof r->phase, "%s", line + 2);
  else if (line[0] == 'D' && line[1] == ' ') r->status = DIVERGED, snprintf(r->report, sizeof r->report, "%s", line + 2);
  else if (line[0] == 'N' && line[1] == ' ') snprintf(r->note, sizeof r->note, "%s", line + 2);
  else if (line[0] == 'A') r->status = AGREE;
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
    else child_phases();
    _exit(0);
  }
  close(fds[1]);
  int got_result = 0;
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
      if (start[0] == 'D' || start[0] == 'A') got_result = 1;
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
  if (got_result) return;
  if (timed_out) r->status = TIMEOUT;
  else if (WIFSIGNALED(status)) r->status = CRASHED, r->signal = WTERMSIG(status);
  else if (WIFEXITED(status)) r->status = EXITED, r->exit_code = WEXITSTATUS(status);
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

/* Writes the diagnosis of the current collection from what the children said. */
static void write_divergence(child_result_t* whole, child_result_t* phases) {
  static char line[LINE_MAX_BYTES + 4096];
  buf_t b = {line, 0, sizeof line};
  child_result_t* r = phases->status == AGREE || phases->status == FAILED ? whole : phases;
  const char* phase = r == whole ? "gc" : phases->phase;
  static const char* status_names[] = {"agree", "diverged", "crashed", "timeout", "exited", "unavailable"};
  bprintf(&b, "{\"diagnose\":1,\"status\":\"%s\",\"collection\":%d,\"collections\":%d,\"heapWords\":%d",
          status_names[r->status], collections, collections, H);
  if (r->status == DIVERGED) {
    /* The child's members: "phase", "message", "differences", "moreDifferences", "consequence". */
    bprintf(&b, ",%s", r->report);
  } else {
    char message[400];
    if (r->status == CRASHED)
      snprintf(message, sizeof message, "%s: crashed with %s at collection %d (the reference's %s did not)", phase,
               signal_name(r->signal), collections, phase);
    else if (r->status == TIMEOUT)
      snprintf(message, sizeof message, "%s: did not return within %ld ms at collection %d (the reference's %s returned)", phase,
               phase_ms, collections, phase);
    else if (r->status == EXITED)
      snprintf(message, sizeof message, "%s: ended the program with exit status %d at collection %d", phase, r->exit_code,
               collections);
    else
      snprintf(message, sizeof message, "the student's code could not be run in a child process at collection %d", collections);
    bprintf(&b, ",\"phase\":");
    bjson(&b, phase);
    bprintf(&b, ",\"message\":");
    bjson(&b, message);
    if (r->status == CRASHED) bprintf(&b, ",\"signal\":\"%s\"", signal_name(r->signal));
  }
  bprintf(&b, ",\"notes\":[");
  int first = 1;
  if (r != whole && (whole->status == CRASHED || whole->status == TIMEOUT || whole->status == EXITED)) {
    char note[200];
    snprintf(note, sizeof note, "gc() as a whole %s", whole->status == CRASHED ? "crashed" : whole->status == TIMEOUT ? "did not return" : "ended the program");
    bjson(&b, note);
    first = 0;
  }
  if (r == whole && phases->status == AGREE) {
    if (!first) bprintf(&b, ",");
    bjson(&b, "every phase called alone agrees with the reference: look at how gc() calls them");
    first = 0;
  }
  if (phases->note[0] != '\0') {  /* a harmless difference of max_address */
    if (!first) bprintf(&b, ",");
    bjson(&b, phases->note);
  }
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
    char line[200];
    snprintf(line, sizeof line, "{\"diagnose\":1,\"status\":\"unavailable\",\"collection\":%d,\"collections\":%d,\"message\":\"no memory for the snapshots\"}\n",
             collections, collections);
    write_line(line);
    return ref_gc(stack_bottom, stack_top, first_frame, heap_start, heap_end);
  }
  find_padding(s0_heap, alloc_index, pad_before);

  /* The reference, in place: its state is the one the program continues with. */
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
  if (complete) find_padding(r_heap[COMPACT], free_index, pad_after);

  if (!complete) {
    finished = 1;
    char line[200];
    snprintf(line, sizeof line, "{\"diagnose\":1,\"status\":\"unavailable\",\"collection\":%d,\"collections\":%d,\"message\":\"no memory for the snapshots\"}\n",
             collections, collections);
    write_line(line);
  } else {
    child_result_t whole, phases;
    run_child(0, &whole);
    if (whole.status == AGREE) {
      compared++;
    } else {
      run_child(1, &phases);
      finished = 1;
      write_divergence(&whole, &phases);
    }
  }
  free_snapshots();
  /* The reference's state is in place (the children worked on copies). */
  return r_free;
}
