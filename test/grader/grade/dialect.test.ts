// Dialect detection (grader/grade/dialect.ts): repositories laid out like each offering's
// starter are graded without --dialect and get their offering, with the reason in the result and
// the reports; --dialect always wins; without telling files, the invalid tests decide.
import t from 'tap';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTestFile } from '../../../grader/cli/check-file.js';
import { gradeClass } from '../../../grader/class/grade-class.js';
import { dialectFromFiles } from '../../../grader/grade/dialect.js';
import { gradeRepo } from '../../../grader/grade/index.js';
import type { GradeResult } from '../../../grader/result.js';
import { renderJson } from '../../../reports/json.js';
import { renderTerminal } from '../../../reports/terminal.js';

const starters = fileURLToPath(new URL('../../fixtures/starters/', import.meta.url));
const fast = { jobs: 2, mutantIds: ['try-gc-never-collects', 'reserve-check-off-by-one'], minimize: false };
const validity = (r: GradeResult) => [...r.tests, ...r.officialTests].map((x) => [x.name, x.valid]);

t.test('the files tell the offering: tests/fox.json first, then c-bits/main.c', async (t) => {
  t.match(dialectFromFiles(join(starters, 'sp19')), { dialect: 'sp19', by: 'tests/fox.json', reason: /gc-0 at heap 6 \(fa18: 8\), gc-0-neg at heap 5 \(fa18: 7\)/ });
  t.match(dialectFromFiles(join(starters, 'fa18')), { dialect: 'fa18', by: 'tests/fox.json', reason: /gc-0 at heap 8 \(sp19: 6\)/ });

  const dir = t.testdir();
  const repo = (name: string, files: Record<string, string>) => {
    const root = join(dir, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const fa18Main = '"Allocation of %d words too large for %d-word heap\\n"';
  const sp19Main = '"\\nout of memory: needed %d words, but only %d remain after collection!\\n\\n"';
  t.match(dialectFromFiles(repo('main-fa18', { 'c-bits/main.c': fa18Main })), { dialect: 'fa18', by: 'c-bits/main.c' });
  t.match(dialectFromFiles(repo('main-sp19', { 'c-bits/main.c': sp19Main })), { dialect: 'sp19', by: 'c-bits/main.c' });
  t.match(
    dialectFromFiles(repo('tests-win', { 'tests/fox.json': '[{"name": "gc-0", "heap": 8}]', 'c-bits/main.c': sp19Main })),
    { dialect: 'fa18', by: 'tests/fox.json' },
    'the official tests come before main.c',
  );
  // Files that do not tell: none, other heaps, both offerings at once, broken JSON, both messages.
  t.equal(dialectFromFiles(repo('empty', { 'tests/yourTests.json': '[]' })), undefined);
  t.equal(dialectFromFiles(repo('edited', { 'tests/fox.json': '[{"name": "gc-0", "heap": 7}]' })), undefined);
  t.equal(dialectFromFiles(repo('mixed', { 'tests/fox.json': '[{"name": "gc-0", "heap": 6}, {"name": "gc-0-neg", "heap": 7}]' })), undefined);
  t.equal(dialectFromFiles(repo('broken', { 'tests/fox.json': '[{"name": "gc-0", "heap": 8},]' })), undefined);
  t.equal(dialectFromFiles(repo('both', { 'c-bits/main.c': fa18Main + sp19Main })), undefined);
  t.match(
    dialectFromFiles(repo('broken-tests', { 'tests/fox.json': '{', 'c-bits/main.c': fa18Main })),
    { dialect: 'fa18', by: 'c-bits/main.c' },
    'a broken fox.json falls through to main.c',
  );
  // A link is not followed, even to a telling file inside the repository.
  const linked = repo('linked', { 'real.json': '[{"name": "gc-0", "heap": 8}]' });
  mkdirSync(join(linked, 'tests'));
  symlinkSync(join(linked, 'real.json'), join(linked, 'tests', 'fox.json'));
  t.equal(dialectFromFiles(linked), undefined);
});

t.test("each offering's starter, graded without --dialect, gets its offering with the reason", async (t) => {
  const sp19 = await gradeRepo(join(starters, 'sp19'), fast);
  t.equal(sp19.dialect, 'sp19');
  t.match(sp19.dialectReason, /^sp19: the repository's tests\/fox\.json is that offering's official file/);
  t.ok(validity(sp19).every(([, valid]) => valid), `every test is valid: ${JSON.stringify(validity(sp19))}`);

  const fa18 = await gradeRepo(join(starters, 'fa18'), fast);
  t.equal(fa18.dialect, 'fa18');
  t.match(fa18.dialectReason, /^fa18: the repository's tests\/fox\.json/);
  t.ok(validity(fa18).every(([, valid]) => valid), `every test is valid, heap 0 included: ${JSON.stringify(validity(fa18))}`);
  t.same(fa18.notes.filter((n) => n.includes('--dialect')), []);

  // The reason is shown in the terminal and kept in result.json.
  t.match(renderTerminal(fa18, { color: false, width: 200 }), /\ndialect fa18: the repository's tests\/fox\.json/);
  t.match(JSON.parse(renderJson(fa18)), { dialect: 'fa18', dialectReason: /^fa18: / });

  // --dialect always wins.
  const forced = await gradeRepo(join(starters, 'fa18'), { ...fast, dialect: 'sp19' });
  t.equal(forced.dialect, 'sp19');
  t.equal(forced.dialectReason, 'sp19: given with --dialect');
  t.match(forced.notes.join('\n'), /try --dialect fa18/, 'the invalid tests still point at fa18');
});

t.test("the course's anf.json passes in both offerings", async (t) => {
  for (const dialect of ['sp19', 'fa18'] as const) {
    const report = await checkTestFile(join(starters, dialect, 'tests', 'anf.json'), { dialect, jobs: 1 });
    t.same(report.results.map((r) => r.status), ['pass', 'pass', 'pass', 'pass'], dialect);
  }
});

t.test('without telling files, the invalid tests decide: both offerings are graded, the better kept', async (t) => {
  const dir = t.testdir();
  const fa18Tests = join(dir, 'fa18-tests');
  cpSync(join(starters, 'fa18', 'tests', 'yourTests.json'), join(fa18Tests, 'tests', 'yourTests.json'));
  const result = await gradeRepo(fa18Tests, fast);
  t.equal(result.dialect, 'fa18');
  t.match(result.dialectReason, /^fa18: neither tests\/fox\.json nor c-bits\/main\.c tells the offering; graded as sp19, 1 test\(s\) were invalid.*graded as fa18, 0/);
  t.same(result.notes.filter((n) => n.includes('--dialect')), [], 'no advice to try what was tried');
  t.ok(validity(result).every(([, valid]) => valid));

  const sp19Tests = join(dir, 'sp19-tests');
  cpSync(join(starters, 'sp19', 'tests', 'yourTests.json'), join(sp19Tests, 'tests', 'yourTests.json'));
  const plain = await gradeRepo(sp19Tests, fast);
  t.equal(plain.dialect, 'sp19');
  t.match(plain.dialectReason, /^sp19 \(the default\): neither tests\/fox\.json nor c-bits\/main\.c tells the offering, and no invalid test suggests fa18/);
  rmSync(dir, { recursive: true, force: true });
});

t.test('a class run decides per student', async (t) => {
  const { members } = await gradeClass([join(starters, 'sp19'), join(starters, 'fa18')], fast);
  t.same(
    members.map((m) => [m.name, m.result?.dialect, m.result?.dialectReason?.split(':')[0]]),
    [
      ['sp19', 'sp19', 'sp19'],
      ['fa18', 'fa18', 'fa18'],
    ],
  );
  t.ok(members.every((m) => m.result && validity(m.result).every(([, valid]) => valid)), 'every test valid in its own offering');
});
