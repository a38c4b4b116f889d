// bench/class.ts: the benchmark's class is a function of its seed, and its templates say the truth
// about their programs (value, minimal heap, no collection for light tests), checked on the reference.
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateClass, prng, testFileText, writeClass, type GeneratedTest } from '../../bench/class.js';
import { buildTestProgram, createToolchain, runAndJudge } from '../../suites/execute.js';
import { loadTestFile } from '../../suites/test-file.js';

const spec = { seed: 1, repos: 10, testsPerRepo: 20 };

/** Every file under dir, path → content. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, tree(path, `${prefix}${entry.name}/`));
    else out[`${prefix}${entry.name}`] = readFileSync(path, 'utf8');
  }
  return out;
}

t.test('the same seed gives the same class, byte for byte; another seed another class', async (t) => {
  const a = generateClass(spec);
  const b = generateClass(spec);
  t.same(a, b, 'same repos');
  const dir = t.testdir({ one: {}, two: {} });
  writeClass(join(dir, 'one'), a);
  writeClass(join(dir, 'two'), b);
  const one = tree(join(dir, 'one'));
  t.same(tree(join(dir, 'two')), one, 'same files');
  t.ok(Object.keys(one).length >= 10, `${Object.keys(one).length} files`);
  t.not(JSON.stringify(generateClass({ ...spec, seed: 2 })), JSON.stringify(a), 'seed 2 differs');
  const r1 = prng(7);
  const r2 = prng(7);
  t.same([r1(), r1(), r1()], [r2(), r2(), r2()], 'the generator is a pure function of its seed');
});

t.test('sizes, names and the mix of tests', async (t) => {
  const repos = generateClass(spec);
  t.equal(repos.length, 10);
  for (const repo of repos) {
    t.equal(repo.tests.length, 20, `${repo.name}: 20 tests`);
    t.equal(new Set(repo.tests.map((x) => x.name)).size, 20, `${repo.name}: unique names`);
  }
  const kinds = new Map<string, number>();
  for (const test of repos.flatMap((r) => r.tests)) kinds.set(test.kind, (kinds.get(test.kind) ?? 0) + 1);
  for (const kind of ['gc-tight', 'gc-neg', 'gc-roomy', 'light', 'invalid']) t.ok((kinds.get(kind) ?? 0) > 0, `some ${kind} tests: ${kinds.get(kind)}`);
  const small = generateClass({ seed: 3, repos: 2, testsPerRepo: 10 });
  t.same(small.map((r) => r.tests.length), [10, 10]);
  // Students share programs (the cache's cross-student reuse has something to reuse).
  const codes = repos.flatMap((r) => r.tests.map((x) => x.code));
  t.ok(new Set(codes).size < codes.length, 'some programs occur in several repos');
});

t.test('the written test files load as intended: file problems only where meant', async (t) => {
  const repos = generateClass(spec);
  const dir = t.testdir();
  const paths = writeClass(dir, repos);
  paths.forEach((path, r) => {
    const loaded = loadTestFile(join(path, 'tests', 'yourTests.json'), { root: path });
    t.same(loaded.problems.filter((p) => p.location?.test === undefined), [], `${repos[r].name}: the file parses`);
    loaded.tests.forEach((test, i) => {
      const meant = repos[r].tests[i];
      t.equal(test.valid, meant.badHeapType !== true, `${repos[r].name} ${meant.name}: ${test.problem ?? 'valid file entry'}`);
      if (test.valid) t.equal(test.code?.trimEnd(), meant.code, `${meant.name}: the program (${meant.asFile ? 'file' : 'inline'})`);
    });
  });
  t.match(testFileText([{ name: 'x', code: '1', asFile: false, result: { value: '1' }, heap: 5, badHeapType: true, kind: 'invalid', template: 'arith' }]), '"heap": "5"');
});

t.test('the templates tell the truth on the reference', async (t) => {
  const tc = await createToolchain({ cacheDir: t.testdir() });
  const tests = new Map<string, GeneratedTest>();
  for (const test of generateClass(spec).flatMap((r) => r.tests)) {
    if (test.badHeapType) continue;
    tests.set(JSON.stringify([test.code, test.result, test.heap, test.kind]), test);
  }
  const wrong: string[] = [];
  let collecting = 0; // tight tests that collect (deep-stack's tight heap holds every pair: no collection)
  const outOfMemory = { kind: 'failure', text: 'out of memory' } as const;
  for (const test of tests.values()) {
    const built = await buildTestProgram(tc, { code: test.code, filename: `${test.name}.fox` });
    const expected = 'value' in test.result ? ({ kind: 'value', text: test.result.value } as const) : ({ kind: 'failure', text: test.result.failure } as const);
    const heap = test.heap ?? 100000;
    const run = await runAndJudge(tc, built, expected, heap, { stats: true });
    const label = `${test.template} (${test.kind}) at ${heap}`;
    if (test.kind === 'invalid') {
      if (run.verdict.pass) wrong.push(`${label}: the reference passes it`);
      continue;
    }
    if (!run.verdict.pass) wrong.push(`${label}: the reference fails it (${run.verdict.reason})`);
    if (test.kind === 'gc-tight' && !(await runAndJudge(tc, built, outOfMemory, heap - 1)).verdict.pass) wrong.push(`${label}: does not run out of memory one word lower`);
    if (test.kind === 'gc-tight' && (run.stats?.collections ?? 0) > 0) collecting++;
    if (test.kind === 'light' && run.stats?.collections !== 0) wrong.push(`${label}: collects`);
  }
  t.ok(tests.size > 30, `${tests.size} distinct tests checked`);
  t.ok(collecting > 10, `${collecting} tight tests collect`);
  t.same(wrong, [], 'every template is what it claims');
});
