// readRegularFile (suites/read-file.ts): a student's file is read only when it is a regular file
// inside the repository, within the size bound, and each refusal has its kind (docs/DESIGN.md,
// "Hostile repositories"). Races between the check and the read are simulated by running an action
// right after the check's lstat, through node:fs itself (syncBuiltinESMExports): no native program.
import t, { type Test } from 'tap';
import fs, { linkSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, symlinkSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { errnoCode, isInside, readRegularFile } from '../../suites/read-file.js';

/** node:fs itself, whose functions a test replaces (then syncBuiltinESMExports updates the imports). */
const nodeFs = fs as { -readonly [K in keyof typeof fs]: (typeof fs)[K] };

/** A fresh directory, by its real path (the callers pass the repository root's real path). */
function dir(t: Test): string {
  return realpathSync(t.testdir());
}

/** Runs `act` once, right after readRegularFile's lstat of `target` (the check), before the open. */
function afterCheck(t: Test, target: string, act: () => void, replace?: (s: Stats) => Stats): void {
  const real = fs.lstatSync;
  let done = false;
  const patched = ((p: fs.PathLike, ...rest: unknown[]) => {
    const s = (real as (...a: unknown[]) => Stats)(p, ...rest);
    if (!done && p === target) {
      done = true;
      act();
      return replace ? replace(s) : s;
    }
    return s;
  }) as typeof fs.lstatSync;
  nodeFs.lstatSync = patched;
  syncBuiltinESMExports();
  t.teardown(() => {
    nodeFs.lstatSync = real;
    syncBuiltinESMExports();
  });
}

t.test('isInside: the directory itself and what is under it, nothing else', async (t) => {
  t.equal(isInside('/repo', '/repo'), true);
  t.equal(isInside('/repo', '/repo/tests/a.json'), true);
  t.equal(isInside('/repo', '/repo/..hidden'), true, 'a name starting with two dots is still inside');
  t.equal(isInside('/repo', '/'), false);
  t.equal(isInside('/repo/tests', '/repo'), false, 'the parent is outside');
  t.equal(isInside('/repo', '/repository/a'), false, 'a sibling sharing a prefix is outside');
  t.equal(isInside('/repo', '/other/a'), false);
});

t.test('errnoCode: the code of a system error, undefined for anything else', async (t) => {
  t.equal(errnoCode(Object.assign(new Error('gone'), { code: 'ENOENT' })), 'ENOENT');
  t.equal(errnoCode(new Error('plain')), undefined);
  t.equal(errnoCode(null), undefined);
  t.equal(errnoCode(undefined), undefined);
  t.equal(errnoCode('ENOENT'), undefined);
  t.equal(errnoCode(42), undefined);
});

t.test('a regular file inside the root is read as text', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'a.json'), '\uFEFF[1]');
  t.same(readRegularFile(join(root, 'a.json'), root, 100, true), { ok: true, text: '\uFEFF[1]' }, 'keepBom keeps the BOM');
  t.same(readRegularFile(join(root, 'a.json'), root, 100, false), { ok: true, text: '[1]' }, 'otherwise it is dropped');
  t.same(readRegularFile(join(root, 'a.json'), undefined, 100, false), { ok: true, text: '[1]' }, 'no root: no check');
});

t.test('missing files: absent, or a path through a file', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'file'), 'x');
  t.same(readRegularFile(join(root, 'nope.json'), root, 100, true), { ok: false, kind: 'missing', detail: 'does not exist' });
  t.same(readRegularFile(join(root, 'file', 'a.json'), root, 100, true), { ok: false, kind: 'missing', detail: 'does not exist' }, 'ENOTDIR');
});

t.test('symbolic links, directories and devices are refused by kind', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'a'), 'x');
  symlinkSync(join(root, 'a'), join(root, 'link'));
  mkdirSync(join(root, 'sub'));
  t.same(readRegularFile(join(root, 'link'), root, 100, true), { ok: false, kind: 'symlink', detail: 'is a symbolic link' });
  t.same(readRegularFile(join(root, 'sub'), root, 100, true), { ok: false, kind: 'not-file', detail: 'is a directory' });
  t.same(readRegularFile('/dev/null', undefined, 100, true), { ok: false, kind: 'not-file', detail: 'is not a regular file' });
});

t.test('a file reached through a directory link out of the root is outside', async (t) => {
  const base = dir(t);
  mkdirSync(join(base, 'repo'));
  mkdirSync(join(base, 'elsewhere'));
  writeFileSync(join(base, 'elsewhere', 'a'), 'x');
  symlinkSync(join(base, 'elsewhere'), join(base, 'repo', 'd'));
  t.same(readRegularFile(join(base, 'repo', 'd', 'a'), join(base, 'repo'), 100, true), { ok: false, kind: 'outside', detail: join(base, 'elsewhere', 'a') });
});

t.test('the size bound: maxBytes is allowed, one more byte is too large', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'four'), 'abcd');
  t.same(readRegularFile(join(root, 'four'), root, 4, true), { ok: true, text: 'abcd' });
  t.same(readRegularFile(join(root, 'four'), root, 3, true), { ok: false, kind: 'too-large', detail: '4 bytes' });
});

t.test('invalid UTF-8 is an encoding refusal', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'bad'), Buffer.from([0x5b, 0xff, 0x5d]));
  t.same(readRegularFile(join(root, 'bad'), root, 100, true), { ok: false, kind: 'encoding', detail: 'is not valid UTF-8 text' });
});

t.test('hard links: read when every name is inside the root, refused otherwise (DESIGN.md "Hard links")', async (t) => {
  const base = dir(t);
  const root = join(base, 'repo');
  mkdirSync(join(root, 'tests', 'deep'), { recursive: true });
  writeFileSync(join(root, 'other1'), 'o');
  writeFileSync(join(root, 'other2'), 'o');
  writeFileSync(join(root, 'tests', 'other3'), 'o');
  symlinkSync('other1', join(root, 'a-link'));
  writeFileSync(join(root, 'tests', 't.json'), '[]');
  linkSync(join(root, 'tests', 't.json'), join(root, 'tests', 'deep', 'copy.json'));
  t.same(readRegularFile(join(root, 'tests', 't.json'), root, 100, true), { ok: true, text: '[]' }, 'both names inside, one in a subdirectory');

  writeFileSync(join(root, 'tests', 'y.json'), '[2]');
  linkSync(join(root, 'tests', 'y.json'), join(base, 'secret'));
  t.same(readRegularFile(join(root, 'tests', 'y.json'), root, 100, true), {
    ok: false,
    kind: 'hardlink',
    detail: 'is a hard link (2 names) to a file outside the repository',
  });
  t.same(readRegularFile(join(root, 'tests', 'y.json'), undefined, 100, true), { ok: true, text: '[2]' }, 'without a root there is no check');
});

t.test('hard links: a directory of the root that cannot be listed is skipped, not an error', async (t) => {
  const root = dir(t);
  mkdirSync(join(root, 'locked'));
  writeFileSync(join(root, 't.json'), '[]');
  linkSync(join(root, 't.json'), join(root, 'copy.json'));
  const real = fs.readdirSync;
  nodeFs.readdirSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    if (p === join(root, 'locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
    return (real as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.readdirSync;
  syncBuiltinESMExports();
  t.teardown(() => {
    nodeFs.readdirSync = real;
    syncBuiltinESMExports();
  });
  t.same(readRegularFile(join(root, 't.json'), root, 100, true), { ok: true, text: '[]' });
});

t.test('replaced between the check and the read', async (t) => {
  t.test('by a symbolic link: refused as a link (O_NOFOLLOW), the target is not read', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    writeFileSync(join(root, 'target'), 'secret');
    afterCheck(t, path, () => {
      unlinkSync(path);
      symlinkSync(join(root, 'target'), path);
    });
    t.same(readRegularFile(path, undefined, 100, true), { ok: false, kind: 'symlink', detail: 'is a symbolic link' });
  });

  t.test('by a FIFO: the open does not block (O_NONBLOCK) and the file is refused', async (t) => {
    // A path of this run only, so that no writer left by an earlier run opens this FIFO.
    const root = mkdtempSync(join(dir(t), 'run-'));
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    afterCheck(t, path, () => {
      unlinkSync(path);
      execFileSync('mkfifo', [path]);
      // A blocking open would wait for a writer forever: one comes after 10 s (read-write opens of
      // a FIFO do not block), so that a regression fails this test instead of hanging it.
      spawn('sh', ['-c', 'sleep 10; exec 3<>"$1"', 'sh', path], { detached: true, stdio: 'ignore' }).unref();
    });
    const start = Date.now();
    t.same(readRegularFile(path, undefined, 100, true), { ok: false, kind: 'not-file', detail: 'was replaced while being read' });
    t.ok(Date.now() - start < 8000, 'without waiting for a writer');
  });

  t.test('by another regular file: refused, the other file is not read', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    writeFileSync(join(root, 'other'), '[3]');
    afterCheck(t, path, () => renameSync(join(root, 'other'), path));
    t.same(readRegularFile(path, root, 100, true), { ok: false, kind: 'not-file', detail: 'was replaced while being read' });
  });

  t.test('by a file of another device with the same inode number: refused', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    const otherDevice = (s: Stats) => Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Stats, s, { dev: s.dev + 1 });
    afterCheck(t, path, () => {}, otherDevice);
    t.same(readRegularFile(path, root, 100, true), { ok: false, kind: 'not-file', detail: 'was replaced while being read' });
  });

  t.test('removed: cannot be read, with the system error', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    afterCheck(t, path, () => unlinkSync(path));
    const read = readRegularFile(path, undefined, 100, true);
    t.match(read, { ok: false, kind: 'io', detail: /^cannot be read \(ENOENT: no such file or directory, open '.*t\.json'\)$/ });
  });

  t.test('grown past the bound: refused by what was read, not by the size checked', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    afterCheck(t, path, () => writeFileSync(path, '[1,2]'));
    t.same(readRegularFile(path, root, 4, true), { ok: false, kind: 'too-large', detail: 'more than 4 bytes' });
  });

  t.test('grown to exactly the bound: read', async (t) => {
    const root = dir(t);
    const path = join(root, 't.json');
    writeFileSync(path, '[]');
    afterCheck(t, path, () => writeFileSync(path, '[12]'));
    t.same(readRegularFile(path, root, 4, true), { ok: true, text: '[12]' });
  });
});

t.test('no file descriptor is left open, read or refused', async (t) => {
  const root = dir(t);
  writeFileSync(join(root, 'a'), 'x');
  writeFileSync(join(root, 'big'), 'xxxxxxxx');
  writeFileSync(join(root, 'bad'), Buffer.from([0xff]));
  const open = () => readdirSync('/proc/self/fd').length;
  const before = open();
  for (let i = 0; i < 10; i++) {
    t.equal(readRegularFile(join(root, 'a'), root, 4, true).ok, true);
    t.equal(readRegularFile(join(root, 'bad'), root, 4, true).ok, false);
  }
  const path = join(root, 'grows');
  writeFileSync(path, 'x');
  afterCheck(t, path, () => writeFileSync(path, 'xxxxxxxx'));
  t.equal(readRegularFile(path, root, 4, true).ok, false);
  t.equal(open(), before);
});

/** Lists `fill` more entries in `path`, symbolic links (counted by the walk, never stat'ed), as a big directory would. */
function listedWithLinks(t: Test, path: string, fill: () => number): void {
  const real = fs.readdirSync;
  nodeFs.readdirSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    const entries = (real as (...a: unknown[]) => unknown)(p, ...rest);
    if (p !== path) return entries;
    const link = (name: string) => ({ name, isDirectory: () => false, isFile: () => false, isSymbolicLink: () => true });
    return [...(entries as unknown[]), ...Array.from({ length: fill() }, (_, i) => link(`l${i}`))];
  }) as typeof fs.readdirSync;
  syncBuiltinESMExports();
  t.teardown(() => {
    nodeFs.readdirSync = real;
    syncBuiltinESMExports();
  });
}

t.test('hard links: the walk for other names stops past 100000 entries (DESIGN.md "Hard links")', async (t) => {
  const base = dir(t);
  const root = join(base, 'repo');
  const big = join(root, 'big');
  const deeper = join(big, 'deeper');
  mkdirSync(deeper, { recursive: true });
  writeFileSync(join(root, 'a.json'), '[]');
  linkSync(join(root, 'a.json'), join(deeper, 'b.json'));
  // Entries: root's 2 (a.json, big), big's 99996 links and deeper, deeper's b.json: 100000 in all,
  // b.json the last one seen.
  let links = 99996;
  listedWithLinks(t, big, () => links);
  t.same(readRegularFile(join(root, 'a.json'), root, 100, true), { ok: true, text: '[]' }, 'the 100000th entry is still searched');
  links++;
  t.same(readRegularFile(join(root, 'a.json'), root, 100, true), {
    ok: false,
    kind: 'hardlink',
    detail: 'is a hard link (2 names) to a file outside the repository',
  }, 'past the bound the search gives up: refused');
  // Past the bound too, where a walk would not find it.
  writeFileSync(join(deeper, 'single.json'), '[1]');
  t.same(readRegularFile(join(deeper, 'single.json'), root, 100, true), { ok: true, text: '[1]' }, 'a file with one name is read without a walk');
});
