// Test helper (not a test file): assembles and links compiled Fox programs with a tiny C stub
// runtime, so the compiler's tests do not depend on the real runtime (written separately).
//
// The stub implements FOX.md §3's messages and printing. Its try_gc does not collect, but it
// counts the roots exactly as the collector would (tuple-tagged stack words, skipping each
// frame's saved EBP and return address); when there are none, nothing is live and it restarts
// the heap. That is enough to run gc-0 at its minimal heap and to see stale slots as roots.
// It also checks the try_gc calling protocol (stack_top = ESP before the four pushes,
// first_frame = the caller's EBP) and exits 3 when it is violated.
//   STUB_TRACE=1   print `try_gc: <bytes> bytes, <roots> roots` on stderr at each call
//   STUB_STRESS=1  HEAP_END = heap start, so every allocation calls try_gc
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../../../reference/compiler/index.js';
import type { CompileOptions } from '../../../reference/compiler/index.js';

export const STUB_C = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int* HEAP;
int* HEAP_END;
int* STACK_BOTTOM;
static int* REAL_END;
static int trace;

extern int our_code_starts_here(int* heap);

static void print_value(int v) {
  if ((v & 1) == 0) printf("%d", v >> 1);
  else if (v == (int)0xFFFFFFFF) printf("true");
  else if (v == 0x7FFFFFFF) printf("false");
  else if ((v & 7) == 1) {
    int* block = (int*)(v - 1);
    int n = block[0] >> 1;
    printf("(");
    for (int i = 0; i < n; i++) {
      if (i > 0) printf(", ");
      print_value(block[2 + i]);
    }
    printf(")");
  } else printf("Unknown value: %#010x", v);
}

int print(int v) {
  print_value(v);
  printf("\n");
  return v;
}

void error(int code, int v) {
  switch (code) {
  case 0: fprintf(stderr, "Error: expected a number but got %#010x\n", v); break;
  case 1: fprintf(stderr, "Error: expected a boolean but got %#010x\n", v); break;
  case 2: fprintf(stderr, "Error: arithmetic overflow.\n"); break;
  case 3: fprintf(stderr, "Error: expected a tuple but got %#010x\n", v); break;
  case 4: fprintf(stderr, "Error: tuple index too small.\n"); break;
  case 5: fprintf(stderr, "Error: tuple index too large.\n"); break;
  default: fprintf(stderr, "Error: unknown error code %d\n", code);
  }
  exit(1);
}

static int count_roots(int* first_frame, int* stack_top) {
  int roots = 0;
  int* frame = first_frame;
  for (int* p = stack_top; p < STACK_BOTTOM; p++) {
    if (p == frame) { frame = (int*)*p; p++; continue; }
    if ((*p & 7) == 1) roots++;
  }
  return roots;
}

__attribute__((noinline)) int* try_gc(int* alloc_ptr, int bytes, int* first_frame, int* stack_top) {
  int** my_frame = (int**)__builtin_frame_address(0);
  if (stack_top != (int*)&alloc_ptr + 4 || first_frame != my_frame[0]) {
    fprintf(stderr, "stub: bad try_gc arguments\n");
    exit(3);
  }
  int roots = count_roots(first_frame, stack_top);
  if (trace) fprintf(stderr, "try_gc: %d bytes, %d roots\n", bytes, roots);
  if (roots == 0) alloc_ptr = HEAP;
  if ((char*)alloc_ptr + bytes > (char*)REAL_END) {
    fprintf(stderr, "out of memory\n");
    exit(9);
  }
  return alloc_ptr;
}

int main(int argc, char** argv) {
  int size = argc > 1 ? atoi(argv[1]) : 100000;
  trace = getenv("STUB_TRACE") != NULL;
  int* heap = NULL;
  if (posix_memalign((void**)&heap, 8, (size_t)size * 4 + 8) != 0) return 2;
  memset(heap, 0, (size_t)size * 4 + 8);
  HEAP_END = heap + size;
  REAL_END = HEAP_END;
  if (getenv("STUB_STRESS")) HEAP_END = heap;
  int result = our_code_starts_here(heap);
  print(result);
  return 0;
}
`;

export type RunResult = { stdout: string; stderr: string; exitCode: number | undefined; signal?: string };

export type RunOptions = CompileOptions & {
  heap?: number;
  env?: Record<string, string>;
  /** Run under `ulimit -s <kb>`, so a stack overflow is deterministic. */
  stackKb?: number;
};

export class NativeRunner {
  private counter = 0;

  private constructor(private readonly dir: string) {}

  static async create(): Promise<NativeRunner> {
    const dir = await mkdtemp(join(tmpdir(), 'fox-compiler-test-'));
    await writeFile(join(dir, 'stub.c'), STUB_C);
    // -O0 keeps frame pointers, which the stub's protocol check relies on.
    await execa('gcc', ['-m32', '-O0', '-c', 'stub.c', '-o', 'stub.o'], { cwd: dir });
    return new NativeRunner(dir);
  }

  /** Assembles and links `asm` with the stub; returns the executable's path. */
  async link(asm: string): Promise<string> {
    const name = `prog${this.counter++}`;
    await writeFile(join(this.dir, `${name}.s`), asm);
    await execa('nasm', ['-f', 'elf32', '-o', `${name}.o`, `${name}.s`], { cwd: this.dir });
    await execa('gcc', ['-m32', '-no-pie', '-o', name, 'stub.o', `${name}.o`], { cwd: this.dir });
    return join(this.dir, name);
  }

  /** Compiles (throwing on a compile error), links and runs a Fox program. */
  async run(source: string, options: RunOptions = {}): Promise<RunResult> {
    const r = compile(source, options);
    if (!r.ok) throw new Error(`unexpected compile error:\n${r.message}`);
    const exe = await this.link(r.asm);
    const args = options.heap === undefined ? [] : [String(options.heap)];
    const env = { ...options.env };
    const p =
      options.stackKb === undefined
        ? await execa(exe, args, { reject: false, env, timeout: 20_000 })
        : await execa('sh', ['-c', `ulimit -s ${options.stackKb} && exec "$0" "$@"`, exe, ...args], {
            reject: false,
            env,
            timeout: 20_000,
          });
    return { stdout: p.stdout, stderr: p.stderr, exitCode: p.exitCode, signal: p.signal ?? undefined };
  }

  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
