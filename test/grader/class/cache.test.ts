// The class's result cache: keys by content (key order does not matter, content does), entries
// written atomically, a torn or foreign entry read as a miss, leftovers of a killed process swept
// only once they are old. Pure file-system tests: nothing is compiled or run.
import t from 'tap';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cacheKey, codeKey, openResultCache, stableJson, sweepCache } from '../../../grader/class/cache.js';
import { dirContentKey, repoContentKey } from '../../../grader/class/grade-class.js';

t.test('keys: equal content, equal key; any change, another key', async (t) => {
  t.equal(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  t.equal(cacheKey({ heap: 8, code: '(1, 2)' }), cacheKey({ code: '(1, 2)', heap: 8 }));
  t.not(cacheKey({ heap: 8, code: '(1, 2)' }), cacheKey({ heap: 9, code: '(1, 2)' }));
  t.not(cacheKey('sp19', 'x'), cacheKey('fa18', 'x'));
  t.match(codeKey(), /^[0-9a-f]{64}$/);
  t.equal(codeKey(), codeKey(), 'computed once per process');
});

t.test('set then get, across two openings of the same directory (another process)', async (t) => {
  const dir = t.testdir();
  const key = cacheKey('cell', 1);
  const first = openResultCache(dir);
  t.equal(await first.get('cell', key), undefined);
  await first.set('cell', key, { status: 'killed', reason: 'wrong value' });
  t.same(first.stats.cell, { hits: 0, misses: 1, writes: 1 });
  const second = openResultCache(dir);
  t.same(await second.get('cell', key), { status: 'killed', reason: 'wrong value' });
  t.equal(await second.get('pair', key), undefined, 'kinds are separate');
  t.same(second.stats.cell, { hits: 1, misses: 0, writes: 0 });
  const entryDir = join(dir, 'cell', key.slice(0, 2));
  t.same(readdirSync(entryDir), [`${key}.json`], 'no temporary file left behind');
});

t.test('a torn, foreign or unparsable entry is a miss; a malformed key is refused', async (t) => {
  const dir = t.testdir();
  const cache = openResultCache(dir);
  const key = cacheKey('torn');
  const path = join(dir, 'student', key.slice(0, 2), `${key}.json`);
  mkdirSync(join(dir, 'student', key.slice(0, 2)), { recursive: true });
  writeFileSync(path, '{"key": "');
  t.equal(await cache.get('student', key), undefined, 'torn');
  writeFileSync(path, JSON.stringify({ key: cacheKey('other'), value: 1 }));
  t.equal(await cache.get('student', key), undefined, 'an entry stored under another key');
  await cache.set('student', key, { fine: true });
  t.same(await cache.get('student', key), { fine: true }, 'rewritten whole');
  await t.rejects(cache.get('student', '../../etc/passwd'), /malformed key/);
  await t.rejects(cache.set('student', 'ABC', 1), /malformed key/);
});

t.test('sweep: only temporary files older than an hour', async (t) => {
  const dir = t.testdir({ cell: { ab: { 'x.json.1.aa.tmp': '{', 'y.json.2.bb.tmp': '{', 'z.json': '{}' } } });
  const old = (Date.now() - 2 * 3_600_000) / 1000;
  utimesSync(join(dir, 'cell', 'ab', 'x.json.1.aa.tmp'), old, old);
  t.equal(await sweepCache(dir), 1);
  t.notOk(existsSync(join(dir, 'cell', 'ab', 'x.json.1.aa.tmp')));
  t.ok(existsSync(join(dir, 'cell', 'ab', 'y.json.2.bb.tmp')), 'a young one may be a write in flight');
  t.ok(existsSync(join(dir, 'cell', 'ab', 'z.json')));
});

t.test("a repository's content key follows tests/ and c-bits/main.c, not the collector", async (t) => {
  const dir = t.testdir({
    a: { tests: { 'yourTests.json': '[]', input: { 'x.fox': '1' } }, 'c-bits': { 'gc.c': 'int x;' } },
  });
  const repo = join(dir, 'a');
  const before = repoContentKey(repo);
  writeFileSync(join(repo, 'c-bits', 'gc.c'), 'int y;');
  t.equal(repoContentKey(repo), before, 'the collector is keyed on its own');
  writeFileSync(join(repo, 'c-bits', 'main.c'), '/* fa18 */');
  const withMain = repoContentKey(repo);
  t.not(withMain, before, 'c-bits/main.c tells the offering: part of the key');
  writeFileSync(join(repo, 'tests', 'input', 'x.fox'), '2');
  t.not(repoContentKey(repo), withMain, 'an input program changed');
});

t.test('a process interrupted by SIGINT while writing leaves only whole entries', async (t) => {
  const dir = t.testdir();
  const child = join(dir, 'writer.ts');
  const module = new URL('../../../grader/class/cache.ts', import.meta.url).href;
  writeFileSync(
    child,
    `import { cacheKey, openResultCache } from ${JSON.stringify(module)};\n` +
      `const cache = openResultCache(${JSON.stringify(join(dir, 'cache'))});\n` +
      `const big = 'x'.repeat(200_000);\n` +
      `for (let i = 0; ; i++) { await cache.set('cell', cacheKey(i), { i, big }); if (i === 20) process.stdout.write('started\\n'); }\n`,
  );
  const proc = spawn(process.execPath, [...process.execArgv, child], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
  proc.kill('SIGINT');
  const [code, signal] = (await once(proc, 'exit')) as [number | null, string | null];
  t.ok(code !== 0 || signal === 'SIGINT', `interrupted (${code ?? signal})`);
  const cache = openResultCache(join(dir, 'cache'));
  let whole = 0;
  for (let i = 0; i < 100_000; i++) {
    const value = await cache.get<{ i: number; big: string }>('cell', cacheKey(i));
    if (value === undefined) break;
    t.equal(value.big.length, 200_000);
    whole++;
  }
  t.ok(whole >= 21, `${whole} whole entries, read by another process`);
  const files = readdirSync(join(dir, 'cache', 'cell'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  t.equal(files.length, whole, 'every finished entry file is whole (none torn, none missing in between)');
});

t.test('a suite directory key follows its input programs', async (t) => {
  const dir = t.testdir({ input: { 'a.fox': '1' } });
  const before = dirContentKey(join(dir, 'input'), 'input');
  writeFileSync(join(dir, 'input', 'a.fox'), '2');
  t.not(dirContentKey(join(dir, 'input'), 'input'), before);
  t.equal(dirContentKey(join(dir, 'missing'), 'input'), dirContentKey(join(dir, 'missing2'), 'input'), 'a missing directory is a fixed key');
});
