// main.c and the collector end to end: handwritten NASM programs (asm.ts) linked with the
// runtime, run through run.ts. Checks FOX.md §3 (errors, printing), §5 (heap argument,
// try_gc, its exit codes and messages), §8 (fa18 messages) and the debug switches
// (DESIGN.md "Runtime").
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { assembleAndLink, buildRuntime, type Runtime } from '../../../reference/build.js';
import { runProgram, type RunOptions, type RunResult } from '../../../reference/run.js';
import * as asm from './fixtures/asm.js';

const cacheDir = t.testdir();
const sp19 = await buildRuntime({ cacheDir });
const fa18 = await buildRuntime({ cacheDir, dialect: 'fa18' });
const link = (source: string, runtime: Runtime = sp19) => assembleAndLink(source, runtime, { cacheDir });

/** The parts of a run that must not depend on the GC mode. */
const observable = (r: RunResult) => ({
  status: r.status,
  code: r.status === 'exited' ? r.exitCode : r.status === 'signaled' ? r.signal : 'timeout',
  stdout: r.stdout,
  stderr: r.stderr,
});

let statsCount = 0;
async function runWithStats(exe: string, opts: RunOptions = {}) {
  const path = join(cacheDir, `stats-${statsCount++}.json`);
  const r = await runProgram(exe, { ...opts, env: { ...opts.env, FOX_GC_STATS: path } });
  return { r, stats: JSON.parse(await readFile(path, 'utf8')) };
}

t.test('the result of the main body is printed', async (t) => {
  const cases: [number, string][] = [
    [asm.num(42), '42\n'],
    [asm.num(-7), '-7\n'],
    [0xffffffff, 'true\n'],
    [0x7fffffff, 'false\n'],
    [3, 'Unknown value: 0x00000003\n'],
  ];
  for (const [word, out] of cases) {
    const r = await runProgram(await link(asm.returns(word)));
    t.same(observable(r), { status: 'exited', code: 0, stdout: out, stderr: '' }, JSON.stringify(out));
  }
});

t.test('tuples built by the program print recursively; print returns its argument', async (t) => {
  const exe = await link(asm.nested());
  const out = '(0, (1, (2, false)))\n(true, -3, (0, (1, (2, false))))\n';
  t.same(observable(await runProgram(exe)), { status: 'exited', code: 0, stdout: out, stderr: '' });
  const stressed = await runProgram(exe, { env: { FOX_GC_STRESS: '1' } });
  t.same(observable(stressed), { status: 'exited', code: 0, stdout: out, stderr: '' }, 'same under stress');
});

t.test('the heap size argument', async (t) => {
  const exe = await link(asm.returns(asm.num(1)));
  for (const arg of ['0', '7', '100000', '007']) {
    const r = await execa(exe, [arg], { reject: false, stripFinalNewline: false });
    t.same([r.exitCode, r.stdout, r.stderr], [0, '1\n', ''], `accepts ${JSON.stringify(arg)}`);
  }
  for (const args of [['abc'], ['-1'], ['12x'], [''], ['1e3'], [' 5'], ['99999999999'], ['1', '2']]) {
    const r = await execa(exe, args, { reject: false, stripFinalNewline: false });
    t.same([r.exitCode, r.stdout, r.stderr], [1, '', `usage: ${exe} [heap-size-in-words]\n`], `rejects ${JSON.stringify(args)}`);
  }
});

t.test('error(code, value): the six messages, exit status 1, earlier output kept', async (t) => {
  const cases: [number, number, string][] = [
    [0, 0x7fffffff, 'Error: expected a number but got 0x7fffffff\n'],
    [1, asm.num(7), 'Error: expected a boolean but got 0x0000000e\n'],
    [2, 0, 'Error: arithmetic overflow.'],
    [3, 0xffffffff, 'Error: expected a tuple but got 0xffffffff\n'],
    [4, asm.num(-1), 'Error: tuple index too small.'],
    [5, asm.num(2), 'Error: tuple index too large.'],
  ];
  for (const [code, value, message] of cases) {
    const r = await runProgram(await link(asm.callsError(code, value)));
    t.same(observable(r), { status: 'exited', code: 1, stdout: '5\n', stderr: message }, `error ${code}`);
  }
});

t.test('collections keep the live data and free the rest (sp19)', async (t) => {
  const exe = await link(asm.gcLoop(100));
  const ok = { status: 'exited', code: 0, stdout: '(99, (7, 8, 9))\n', stderr: '' };
  t.same(observable(await runProgram(exe, { heap: 14 })), ok, 'the smallest heap, 14 words');
  t.same(observable(await runProgram(exe)), ok, 'the default heap');
  t.same(
    observable(await runProgram(exe, { heap: 13 })),
    { status: 'exited', code: 9, stdout: '', stderr: '\nout of memory: needed 4 words, but only 3 remain after collection!\n\n' },
    'one word less: exit 9 after a collection',
  );
  t.same(
    observable(await runProgram(exe, { heap: 3 })),
    { status: 'exited', code: 10, stdout: '', stderr: '\nout of memory: Allocation of 4 words too large for 3-word heap\n' },
    'the first block does not fit in the empty heap: exit 10',
  );
  t.same(
    observable(await runProgram(exe, { heap: 0 })),
    { status: 'exited', code: 10, stdout: '', stderr: '\nout of memory: Allocation of 4 words too large for 0-word heap\n' },
    'a heap of 0 words',
  );
});

t.test('FOX_GC_STRESS=1 changes nothing observable', async (t) => {
  const exe = await link(asm.gcLoop(100));
  for (const heap of [3, 13, 14, 15, 100000]) {
    const normal = await runProgram(exe, { heap });
    const stressed = await runProgram(exe, { heap, env: { FOX_GC_STRESS: '1' } });
    t.same(observable(stressed), observable(normal), `heap ${heap}`);
  }
  const fa = await link(asm.gcLoop(100, { fa18: true }), fa18);
  for (const heap of [5, 15, 16]) {
    const normal = await runProgram(fa, { heap });
    const stressed = await runProgram(fa, { heap, env: { FOX_GC_STRESS: '1' } });
    t.same(observable(stressed), observable(normal), `fa18, heap ${heap}`);
  }
});

t.test('FOX_GC_STATS', async (t) => {
  const exe = await link(asm.gcLoop(100));

  const normal = await runWithStats(exe, { heap: 14 });
  t.equal(normal.r.stdout, '(99, (7, 8, 9))\n');
  t.match(normal.stats, {
    collections: 99,
    wordsReclaimed: 99 * 4,
    maxDemand: 14,
    heapWords: 14,
    usableWords: 14,
    gcNanoseconds: Number,
  });
  t.same(normal.stats.liveAfter, Array(99).fill(10), 'liveAfter: keep + the previous last');
  t.same(
    Object.keys(normal.stats).sort(),
    ['collections', 'gcNanoseconds', 'heapWords', 'liveAfter', 'maxDemand', 'usableWords', 'wordsReclaimed'],
    'exactly the documented keys',
  );

  const roomy = await runWithStats(exe);
  t.match(roomy.stats, { collections: 0, wordsReclaimed: 0, liveAfter: [], maxDemand: 0, heapWords: 100000 }, 'no collection in a big heap');

  const stress = await runWithStats(exe, { env: { FOX_GC_STRESS: '1' } });
  t.equal(stress.r.stdout, '(99, (7, 8, 9))\n');
  t.match(stress.stats, { collections: 101, maxDemand: 14, usableWords: 100000, wordsReclaimed: 4 + 98 * 4 });
  t.same(stress.stats.liveAfter, [0, 6, ...Array(99).fill(10)], 'one collection per allocation but the first');

  const tight = await runWithStats(exe, { heap: 13 });
  t.equal(tight.r.status === 'exited' && tight.r.exitCode, 9);
  t.match(tight.stats, { collections: 2, liveAfter: [6, 10], maxDemand: 14, wordsReclaimed: 4 }, 'written after exit 9');

  const tiny = await runWithStats(exe, { heap: 3 });
  t.equal(tiny.r.status === 'exited' && tiny.r.exitCode, 10);
  t.match(tiny.stats, { collections: 0, liveAfter: [], maxDemand: 4, usableWords: 3 }, 'written after exit 10');

  const failed = await runWithStats(await link(asm.callsError(2, 0)));
  t.equal(failed.r.stderr, 'Error: arithmetic overflow.');
  t.match(failed.stats, { collections: 0, maxDemand: 0 }, 'written after a run-time error');
});

t.test('FOX_GC_LOG=1 prints one line per collection on stderr', async (t) => {
  const exe = await link(asm.gcLoop(100));
  const r = await runProgram(exe, { heap: 14, env: { FOX_GC_LOG: '1' } });
  t.equal(r.stdout, '(99, (7, 8, 9))\n');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  t.equal(lines.length, 99);
  t.equal(lines[0], '[gc 1] 14 -> 10 words in use');
  t.ok(lines.every((l) => /^\[gc \d+\] 14 -> 10 words in use$/.test(l)));
});

t.test('the fa18 dialect: two fewer usable words, its own messages', async (t) => {
  const exe = await link(asm.gcLoop(100, { fa18: true }), fa18);
  t.same(observable(await runProgram(exe, { heap: 16 })), { status: 'exited', code: 0, stdout: '(99, (7, 8, 9))\n', stderr: '' });
  t.same(
    observable(await runProgram(exe, { heap: 15 })),
    { status: 'exited', code: 9, stdout: '', stderr: '\nOut of memory: needed 4 words, but only 3 remain after collection!\n\n' },
  );
  t.same(
    observable(await runProgram(exe, { heap: 5 })),
    { status: 'exited', code: 10, stdout: '', stderr: 'Allocation of 4 words too large for 3-word heap\n' },
  );
  const { stats } = await runWithStats(exe, { heap: 16, env: { FOX_GC_STRESS: '1' } });
  t.match(stats, { maxDemand: 14, heapWords: 16, usableWords: 14 }, 'minimal heap = maxDemand + 2');
});
