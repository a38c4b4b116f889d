import t from 'tap';
import { clean, renderTerminal } from '../../reports/terminal.js';
import { loadFixture } from '../fixtures/results/helpers.js';

const ansi = /\u001b\[[0-9;]*m/g;
const visibleWidth = (line: string) => [...line.replace(ansi, '')].length;

t.test('the score comes first', async (t) => {
  const lines = renderTerminal(loadFixture('strong'), { color: false }).split('\n');
  t.match(lines[0], /fox-grade 0\.1\.0 · fox-ada-lovelace \(sp19\)/);
  t.equal(lines[1], 'Score: 31/34 mutants detected (91.2%) · 12 valid tests, 1 invalid');
  t.match(renderTerminal(loadFixture('weak'), { color: false }).split('\n')[1], /^Score: 10\/34 .* 4 valid tests, 2 invalid$/);
});

t.test('colour only when asked', async (t) => {
  const plain = renderTerminal(loadFixture('weak'), { color: false });
  const colored = renderTerminal(loadFixture('weak'), { color: true });
  t.notMatch(plain, /\u001b/, 'no escape sequence without colour');
  t.match(colored, /\u001b\[31m/, 'red for survivors and invalid tests');
  t.match(colored, /\u001b\[32m/, 'green for detected mutants');
  t.equal(colored.replace(ansi, ''), plain, 'colour adds escapes and nothing else');
});

t.test('invalid tests: why, expected and actual, first difference', async (t) => {
  const out = renderTerminal(loadFixture('weak'), { color: false });
  t.match(out, /Invalid tests \(2\)/);
  t.match(out, /✗ oom {2}tests\/yourTests\.json, test 5\n {4}the reference implementation fails this test/);
  t.match(out, /expected failure: out of memory\n {4}reference gave: {3}\(1, 2\)\n {22}\(3, 4\)/);
  t.match(out, /first difference, line 4:\n {6}expected \(3, 4\)\n {6}actual {3}\(3, \(4, false\)\)/);
  t.match(out, /Official tests that fail on the reference \(1, not scored\)/);
});

t.test('per-mutant list and per-test kills', async (t) => {
  const out = renderTerminal(loadFixture('strong'), { color: false, width: 100 });
  t.match(out, /\n {2}✓ mark-1 {6}mark {6}by list-sum-tight, list-build, list-build#2\n/);
  t.match(out, /\n {2}✗ compact-1 {3}compact {3}survived — No caboose\n {26}hint: Can a correct program ever read the freed space\?/);
  t.match(out, /\n {2}list-sum-tight {2}13 detected {3}4 alone {2}heap 24, minimal 24, 3 collections\n/);
  t.match(out, /only this test detects: mark-5, forward-3, forward-4, try_gc-4/);
  t.match(out, /Warnings \(1\)\n {2}! tests\/yourTests\.json: tests 3 and 4/);
  t.match(out, /Notes\n {2}- minimal heaps found with 46 reference runs/);
});

t.test('every killer is listed, wrapped under the column', async (t) => {
  const out = renderTerminal(loadFixture('strong'), { color: false, width: 72 });
  t.notMatch(out, /more/, 'no "+N more"');
  t.match(out, /try_gc-5 {4}try_gc {4}by gc-0-again, list-sum-tight, list-build,\n {29}list-build#2, caller-holds, bool-root,\n {29}odd-tuples, tail-loop\n/);
});

t.test('ids are never cut while there is room', async (t) => {
  const result = loadFixture('strong');
  const long = 'compact-copies-one-word-too-few';
  result.mutants[16].id = long;
  const wide = renderTerminal(result, { color: false, width: 100 });
  t.match(wide, new RegExp(`✗ ${long}  compact   survived`), 'the column widens to the longest id');
  t.match(wide, /✓ mark-1 {27}mark {6}by/);
  const narrow = renderTerminal(result, { color: false, width: 60 });
  t.match(narrow, new RegExp(`✗ ${long}\n {4}`), 'a narrow terminal gives the id a line of its own, whole');
  t.notMatch(narrow, /compact-copies-[a-z-]*…/);
});

t.test('a warning with a remedy is printed on two lines, without a visible ⏎', async (t) => {
  const result = loadFixture('strong');
  result.warnings = ['tests/yourTests.json:3:5: the file starts with a byte-order mark (ignored)\n  remedy: save the file as UTF-8 without BOM'];
  const out = renderTerminal(result, { color: false, width: 100 });
  t.notMatch(out, /⏎/);
  t.match(out, /\n {2}! tests\/yourTests\.json:3:5: the file starts with a byte-order mark \(ignored\)\n {4}remedy: save the file/);
});

t.test('reveal: titles and hints only when allowed', async (t) => {
  const result = loadFixture('strong');
  const none = renderTerminal(result, { color: false, reveal: 'none' });
  t.notMatch(none, /No caboose/);
  t.notMatch(none, /hint:/);
  t.match(none, /compact-1 {3}compact {3}survived\n/);
  const titles = renderTerminal(result, { color: false, reveal: 'titles' });
  t.match(titles, /survived — No caboose/);
  t.notMatch(titles, /hint:/);
  t.match(renderTerminal(result, { color: false }), /hint:/, 'defaults to result.reveal (hints)');
});

t.test('lines fit the width', async (t) => {
  t.same(renderTerminal(loadFixture('strong'), { color: false, width: 60 }).split('\n').slice(1, 3), [
    'Score: 31/34 mutants detected (91.2%)',
    '       12 valid tests, 1 invalid',
  ]);
  for (const width of [60, 80, 120]) {
    for (const name of ['strong', 'weak'] as const) {
      const long = renderTerminal(loadFixture(name), { color: true, width }).split('\n').filter((l) => visibleWidth(l) > width);
      t.same(long, [], `${name} at ${width} columns`);
    }
  }
});

t.test('student text cannot send escape sequences to the terminal', async (t) => {
  const result = loadFixture('weak');
  result.tests[4].name = 'evil\u001b[2J\u0007';
  result.tests[4].actual = 'line\u001b]0;title\u0007\nnext\ttab';
  const out = renderTerminal(result, { color: false });
  t.notMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'no control character but newlines');
  t.match(out, /evil\\x1b\[2J\\x07/);
  t.match(out, /line\\x1b\]0;title\\x07\n {22}next {2}tab/);
  t.equal(clean('a\u2028b\u007f'), 'a\\x2028b\\x7f', 'line separators and DEL too');
});

t.test('a result without tests or mutants still renders', async (t) => {
  const result = loadFixture('weak');
  result.tests = [];
  result.mutants = [];
  result.matrix = { tests: [], mutants: [], cells: [] };
  result.score = { killed: 0, total: 0, validTests: 0, invalidTests: 0, thoroughness: 0, byPhase: {} };
  const out = renderTerminal(result, { color: false });
  t.match(out, /Score: 0\/0 mutants detected \(0%\) · 0 valid tests, 0 invalid/);
  t.notMatch(out, /NaN|undefined|Infinity/);
});

t.test('the dialect and why it was chosen, under the header', async (t) => {
  const result = { ...loadFixture('weak'), dialect: 'fa18' as const, dialectReason: "fa18: the repository's c-bits/main.c prints that offering's messages" };
  const lines = renderTerminal(result, { color: false, width: 60 }).split('\n');
  t.match(lines[0], /\(fa18\)$/);
  t.match(lines[1], /^dialect fa18: the repository's c-bits\/main\.c/);
  t.ok(lines.slice(0, 4).every((l) => [...l].length <= 60), 'wrapped to the width');
});
