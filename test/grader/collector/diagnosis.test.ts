// The per-phase diagnosis on collectors written as students write them (test/fixtures/collectors/,
// in the course starter's style): both argument orders of mark (the course gc.c's and gc.h's),
// renamed and reordered parameters, static state kept across collections, globals that gc()
// sets for its phases, starter stubs, a difference in free words only, and a gc() that does more
// than its four phases. Each gets the right phase or the plain "cannot attribute".
import t from 'tap';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime } from '../../../reference/build.js';
import { compile } from '../../../reference/compiler/index.js';
import { defaultCacheDir, projectRoot } from '../../../reference/paths.js';
import { main } from '../../../grader/cli/cli.js';
import { memoryIo } from '../../../grader/cli/io.js';
import { bindPhases } from '../../../grader/collector/binding.js';
import { buildDiagnosisRuntime, runDiagnosis, runtimeObjects } from '../../../grader/collector/harness.js';
import { gradeCollector, type CollectorResult, type CollectorTest } from '../../../grader/collector/grade-collector.js';
import { collectorRepo } from '../../fixtures/collectors/repo.js';

const cacheDir = defaultCacheDir();
const scratch = await mkdtemp(join(tmpdir(), 'fox-diagnosis-test-'));
t.teardown(() => rm(scratch, { recursive: true, force: true }));

// Garbage first (collections with nothing odd alive), then an odd-sized tuple and a pair holding
// a pair stay alive while more garbage is made: later collections move them.
const CHURN = 'def churn(n):\n  if n < 1: 0 else: let t = (n, n) in churn(n - 1)\n';
const LATE = `${CHURN}let a = churn(8), x = (1, 2, 3), y = (4, (5, 6)), z = churn(8) in (x, y)`;
// A collection inside nested calls: return addresses on the stack.
const NESTED = 'def f(n):\n  if n < 1: (0, 0) else: let g = (let w = (n, n, n) in w[0]), r = f(n - 1) in (g, r)\nf(6)';

// A pair shared by later blocks (the official gc-dag): the highest live block points down.
const DAG = 'let x = (let w = (9, 9, 9) in w[0]), a = (1, 2), b = (a, a), c = (b, a) in\nlet y = (let w = (8, 8, 8) in w[0]) in\n(c, (c[0])[0] == a, c[1] == a, x + y)';

const suite = [
  { name: 'dag', code: DAG, result: { value: '((((1, 2), (1, 2)), (1, 2)), true, true, 17)' }, heap: 18 },
  { name: 'late', code: LATE, result: { value: '((1, 2, 3), (4, (5, 6)))' }, heap: 20 },
  { name: 'nested', code: NESTED, result: { value: '(6, (5, (4, (3, (2, (1, (0, 0)))))))' }, heap: 40 },
];
const suitePath = join(scratch, 'diagnosis.json');
await writeFile(suitePath, JSON.stringify(suite));

async function grade(fixture: string): Promise<CollectorResult> {
  return gradeCollector(collectorRepo(fixture), {
    cacheDir,
    official: false,
    suites: [{ path: suitePath, hidden: false, label: 'diagnosis.json' }],
    jobs: 2,
  });
}

const tests = (r: CollectorResult): CollectorTest[] => r.suites.flatMap((s) => s.tests);
const failing = (r: CollectorResult) => tests(r).filter((x) => !x.pass && x.counted !== false);

t.test('the suite is valid: the reference passes every test', async (t) => {
  const r = await grade('correct-course-order');
  t.same(
    tests(r).map((x) => [x.name, x.pass, x.counted]),
    suite.map((x) => [x.name, true, undefined]),
    `a correct collector in gc.c's order passes: ${r.verdict}`,
  );
  t.same(r.diagnosis?.binding?.[0], 'mark(stack_top, first_frame, stack_bottom, heap_start) by parameter names');
});

/** Every failing test is blamed on `phase`, and at least one fails. */
function blames(t: Pick<typeof import('tap').default, 'ok' | 'equal'>, r: CollectorResult, phase: string) {
  const f = failing(r);
  t.ok(f.length > 0, `some test fails: ${r.verdict}`);
  for (const x of f) t.equal(x.diagnosis?.phase, phase, `${x.name}: ${x.diagnosis?.status} ${x.diagnosis?.message}`);
  t.equal(r.diagnosis?.phase, phase, 'the summary names it');
}

t.test("mark in the course gc.c's order, a compact bug", async (t) => {
  const r = await grade('course-order-compact');
  blames(t, r, 'compact');
  t.match(r.diagnosis?.binding?.[0], /^mark\(stack_top, first_frame, stack_bottom, heap_start\) by parameter names$/);
});

t.test("mark in gc.h's order, a forward bug", async (t) => {
  const r = await grade('header-order-forward');
  blames(t, r, 'forward');
  t.match(r.diagnosis?.binding?.[0], /^mark\(stack_bottom, stack_top, first_frame, heap_start\) by parameter names$/);
});

t.test('renamed and reordered parameters, a redirect bug', async (t) => {
  const r = await grade('renamed-redirect');
  blames(t, r, 'redirect');
  t.equal(r.diagnosis?.binding?.[0], 'mark(heap_start, stack_bottom, stack_top, first_frame) by parameter names');
  t.equal(r.diagnosis?.binding?.[2], 'redirect(max_address, heap_start, stack_top, stack_bottom, first_frame) by parameter names');
});

t.test('static state set at the first collection only: the later forward bug is found', async (t) => {
  const r = await grade('static-state-forward');
  blames(t, r, 'forward');
  const late = tests(r).find((x) => x.name === 'late');
  t.ok((late?.diagnosis?.collection ?? 0) > 1, `found at a later collection (${late?.diagnosis?.collection}), with the state of the earlier ones`);
});

t.test('globals that gc() sets before calling the phases: the mark bug is found', async (t) => {
  const r = await grade('globals-mark');
  blames(t, r, 'mark');
});

t.test('the untouched starter: not implemented, no phase blamed', async (t) => {
  const r = await grade('starter-stubs');
  t.match(r.verdict, /not implemented: mark, forward, redirect, compact/);
  t.same(r.diagnosis?.notImplemented, ['mark', 'forward', 'redirect', 'compact']);
  t.notOk(r.diagnosis?.phase, 'no "first wrong phase"');
  for (const x of failing(r)) t.equal(x.diagnosis?.status, 'not-implemented', `${x.name}: ${x.diagnosis?.message}`);
});

t.test('gc() calls the phases in another order: cannot attribute', async (t) => {
  const r = await grade('gc-redirects-first');
  const f = failing(r);
  t.ok(f.length > 0, r.verdict);
  for (const x of f) {
    t.equal(x.diagnosis?.status, 'unattributed', `${x.name}: ${x.diagnosis?.message}`);
    t.match(x.diagnosis?.message, /^cannot attribute to one phase: your gc\(\) does more than the four phases/);
  }
  t.notOk(r.diagnosis?.phase);
  t.equal(r.diagnosis?.unattributed, f.length);
});

t.test('free words only (0 instead of caboose): every collection agrees', async (t) => {
  const source = await readFile(join(collectorRepo('free-words-zero'), 'c-bits', 'gc.c'), 'utf8');
  const student = await buildRuntime({ cacheDir, sources: { 'gc.c': source } });
  const harness = await buildDiagnosisRuntime(student, await runtimeObjects(student, ['gc.c']), cacheDir, bindPhases(source));
  for (const test of suite) {
    const compiled = compile(test.code);
    if (!compiled.ok) throw new Error(compiled.message);
    const exe = await assembleAndLink(compiled.asm, harness, { cacheDir });
    const d = await runDiagnosis(exe, { heap: test.heap, timeoutMs: 15_000, phaseTimeoutMs: 2000, outDir: await mkdtemp(join(scratch, 'free-')) });
    t.equal(d.status, 'agree', `${test.name}: ${d.message}`);
    t.ok(d.collections > 0, `${test.name} collects (${d.collections})`);
  }
  const r = await grade('free-words-zero');
  t.equal(r.score.passed, r.score.total, r.verdict);
});

t.test('tentative definitions of the runtime globals link, as with the course toolchain (-fcommon)', async (t) => {
  const r = await grade('tentative-globals');
  t.equal(r.build.ok, true, r.verdict);
  t.equal(r.score.passed, r.score.total, r.verdict);
});

t.test('two runs of `fox-grade gc --json` on a buggy collector are byte-identical', async (t) => {
  const run = async () => {
    const io = memoryIo();
    t.equal(await main(['gc', collectorRepo('header-order-forward'), '--json', '--jobs', '2'], io), 1);
    return io.out.join('');
  };
  const a = await run();
  const b = await run();
  const result = JSON.parse(a) as CollectorResult;
  t.ok(failing(result).some((x) => x.diagnosis?.status === 'diverged' && (x.diagnosis.differences?.length ?? 0) > 0), 'with diagnoses and their differences');
  t.equal(result.diagnosis?.phase, 'forward');
  t.notMatch(a, /\/tmp\/|fox-gc-|\.fox-cache/, 'no temporary or cache path');
  t.ok(a === b, 'byte-identical');
});

t.test('the terminal report: failures first, passes as one count line', async (t) => {
  const io = memoryIo();
  await main(['gc', collectorRepo('course-order-compact'), '--no-official', '--suite', suitePath], io);
  const out = io.out.join('');
  t.match(out, /FAIL {4}\S+: .*\n(?:.*\n)*? {2}PASS {4}\d+ test\(s\) — --verbose lists them\n/);
  t.notMatch(out, /PASS {4}late/, 'no line per passing test');
  const verbose = memoryIo();
  await main(['gc', collectorRepo('correct-course-order'), '--no-official', '--suite', suitePath, '--verbose'], verbose);
  t.match(verbose.out.join(''), /PASS {4}dag\n {2}PASS {4}late\n {2}PASS {4}nested\n/);
});
