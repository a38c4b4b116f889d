// reference/build.ts' cache is verified (issue 19): an entry changed after it was written (by a
// collector that reached the cache, a full disk that truncated it) is built again, never used,
// and what interrupted runs left behind is removed by the next. No program is run here.
import t from 'tap';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleAndLink, buildRuntime, sweepCache } from '../../reference/build.js';
import { runtimeDir } from '../../reference/paths.js';
import { detectContainment } from '../../reference/sandbox.js';
import * as asm from './runtime/fixtures/asm.js';

const cacheDir = t.testdir();

t.test('a cache entry carries its digest and no write bits', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const exe = await assembleAndLink(asm.returns(asm.num(42)), runtime, { cacheDir });
  t.equal(statSync(exe).mode & 0o777, 0o555);
  t.match(readFileSync(`${exe}.sha256`, 'utf8'), /^[0-9a-f]{64}\n$/);
  for (const object of runtime.objects) t.equal(statSync(object).mode & 0o777, 0o444);
});

t.test('a rewritten executable is built again, not run', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const exe = await assembleAndLink(asm.returns(asm.num(7)), runtime, { cacheDir });
  const good = readFileSync(exe);
  chmodSync(exe, 0o755);
  writeFileSync(exe, '#!/bin/sh\necho poisoned\n');
  chmodSync(exe, 0o555);
  t.equal(await assembleAndLink(asm.returns(asm.num(7)), runtime, { cacheDir }), exe);
  t.same(readFileSync(exe), good, 'the entry is the linker output again');
});

t.test('a truncated executable is built again (execvp would run it with /bin/sh)', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const exe = await assembleAndLink(asm.returns(asm.num(8)), runtime, { cacheDir });
  const good = readFileSync(exe);
  chmodSync(exe, 0o755);
  truncateSync(exe, 10);
  chmodSync(exe, 0o555);
  await assembleAndLink(asm.returns(asm.num(8)), runtime, { cacheDir });
  t.same(readFileSync(exe), good);
});

t.test('an entry made writable is built again; so is a changed object', async (t) => {
  const runtime = await buildRuntime({ cacheDir });
  const exe = await assembleAndLink(asm.returns(asm.num(9)), runtime, { cacheDir });
  const ino = statSync(exe).ino;
  chmodSync(exe, 0o777);
  await assembleAndLink(asm.returns(asm.num(9)), runtime, { cacheDir });
  t.equal(statSync(exe).mode & 0o777, 0o555);
  t.not(statSync(exe).ino, ino, 'a new file');

  const [object] = runtime.objects;
  const good = readFileSync(object);
  chmodSync(object, 0o644);
  writeFileSync(object, good.subarray(0, good.length - 1));
  chmodSync(object, 0o444);
  const again = await buildRuntime({ cacheDir });
  t.equal(again.objects[0], object);
  t.equal(readFileSync(object).length, good.length);
});

t.test("the next run removes an interrupted run's scratch directories and temporary files", async (t) => {
  const dir = t.testdir();
  const dead = 99_999_999; // above any pid_max
  for (const sub of ['tmp', 'obj', 'bin']) mkdirSync(join(dir, sub), { recursive: true });
  mkdirSync(join(dir, 'tmp', `cc-${dead}-AbC123`));
  writeFileSync(join(dir, 'tmp', `cc-${dead}-AbC123`, 'gc.c'), 'int x;\n');
  mkdirSync(join(dir, 'tmp', `ld-${dead}-XyZ789`));
  mkdirSync(join(dir, 'tmp', `ld-${process.pid}-Live01`)); // this process: still in use
  writeFileSync(join(dir, 'bin', `0123abcd.${dead}.a1b2c3d4e5f6.tmp`), '');
  writeFileSync(join(dir, 'obj', `0123abcd.o.${dead}.a1b2c3d4e5f6.tmp`), '');
  writeFileSync(join(dir, 'obj', `0123abcd.o.${process.pid}.a1b2c3d4e5f6.tmp`), '');
  await sweepCache(dir);
  t.notOk(existsSync(join(dir, 'tmp', `cc-${dead}-AbC123`)));
  t.notOk(existsSync(join(dir, 'tmp', `ld-${dead}-XyZ789`)));
  t.notOk(existsSync(join(dir, 'bin', `0123abcd.${dead}.a1b2c3d4e5f6.tmp`)));
  t.notOk(existsSync(join(dir, 'obj', `0123abcd.o.${dead}.a1b2c3d4e5f6.tmp`)));
  t.ok(existsSync(join(dir, 'tmp', `ld-${process.pid}-Live01`)));
  t.ok(existsSync(join(dir, 'obj', `0123abcd.o.${process.pid}.a1b2c3d4e5f6.tmp`)));
});

t.test('a contained compile sees only its sources and the system headers', async (t) => {
  const containment = await detectContainment(cacheDir);
  if (containment.kind === 'none') {
    t.skip('no containment here');
    return;
  }
  const secretDir = t.testdir({ 'secret.h': 'int stolen[] = { 42424242 };\n' });
  const gc = readFileSync(join(runtimeDir, 'gc.c'), 'utf8');
  // Outside a jail this compiles (and the object holds the file); in one, the file is not there.
  const poisoned = `%:include "${join(secretDir, 'secret.h')}"\n${gc}`;
  await t.rejects(buildRuntime({ cacheDir, sources: { 'gc.c': poisoned }, containment }), { code: 'E_CC', message: /secret\.h: No such file or directory/ });
  const clean = await buildRuntime({ cacheDir, sources: { 'gc.c': gc }, containment });
  t.equal(clean.objects.length, 3);
});
