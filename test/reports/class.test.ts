import t from 'tap';
import type { AllPairsResult } from '../../grader/class/all-pairs.js';
import { renderClassHtml, renderClassJson, safeHref, summarizeClass, type ClassEntry } from '../../reports/class.js';
import { loadFixture } from '../fixtures/results/helpers.js';

const entries = (): ClassEntry[] => [
  { dir: 'fox-grace', result: loadFixture('medium'), reportHref: 'fox-grace/report.html' },
  { dir: 'fox-ada-lovelace', result: loadFixture('strong'), reportHref: 'fox-ada-lovelace/report.html' },
  { dir: 'fox-carol', error: 'tests/yourTests.json:3:5: not valid JSON' },
  { dir: 'fox-bob', result: loadFixture('weak'), reportHref: 'fox-bob/report.html' },
  { dir: 'fox-<dave>', reportHref: 'javascript:alert(1)' },
];

t.test('students, ungradable repos and the score distribution', async (t) => {
  const s = summarizeClass(entries());
  t.equal(s.graded, 3);
  t.same(s.students.map((x) => [x.dir, x.killed, x.total]), [['fox-ada-lovelace', 31, 34], ['fox-bob', 10, 34], ['fox-grace', 22, 34]]);
  t.same(s.ungradable, [
    { dir: 'fox-<dave>', reason: 'no grade result', reportHref: null },
    { dir: 'fox-carol', reason: 'tests/yourTests.json:3:5: not valid JSON', reportHref: null },
  ]);
  t.same(s.distribution.bins.map((b) => b.count), [0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
  t.equal(s.distribution.bins[9].label, '90–100%');
  t.equal(s.distribution.median, 22 / 34);
  t.equal(s.distribution.min, 10 / 34);
  t.equal(s.distribution.max, 31 / 34);
  t.ok(Math.abs(s.distribution.mean! - 63 / 102) < 1e-12);
  t.same(s.tool, { name: 'fox-grade', version: '0.1.0' });
});

t.test('per-mutant kill rate across students', async (t) => {
  const s = summarizeClass(entries());
  const rate = (id: string) => s.mutants.find((m) => m.id === id)!;
  t.equal(s.mutants.length, 34);
  t.same([rate('mark-1').killedBy, rate('mark-1').students, rate('mark-1').rate], [3, 3, 1]);
  t.same([rate('mark-3').killedBy, rate('mark-3').rate], [1, 1 / 3]);
  t.same([rate('compact-1').killedBy, rate('compact-1').rate], [0, 0]);
  t.equal(rate('compact-1').title, 'No caboose');
  t.same(s.mutants.slice(0, 7).map((m) => m.phase), ['mark', 'mark', 'mark', 'mark', 'mark', 'mark', 'forward'], 'phase order');
});

t.test('hardest tests: ranked by the rarity of what they detect', async (t) => {
  const s = summarizeClass(entries());
  t.equal(s.hardestTests.length, 5);
  // list-sum-tight detects 7 mutants all 3 students detect and 6 that 2 detect: 7/3 + 6/2.
  t.same(s.hardestTests[0], {
    dir: 'fox-ada-lovelace',
    test: 'list-sum-tight',
    reportHref: 'fox-ada-lovelace/report.html#test-2',
    rarity: 5.333,
    killed: 13,
    rareKills: [
      { id: 'compact-2', killedBy: 2 },
      { id: 'forward-2', killedBy: 2 },
      { id: 'forward-4', killedBy: 2 },
      { id: 'forward-5', killedBy: 2 },
      { id: 'mark-5', killedBy: 2 },
    ],
  });
  t.same(s.hardestTests[1].dir, 'fox-grace', 'ties: more kills, then directory');
  // caller-holds detects 4 mutants nobody else detects and one all three do: 4 + 1/3.
  t.same([s.hardestTests[2].test, s.hardestTests[2].rarity], ['caller-holds', 4.333]);
  const rarities = s.hardestTests.map((h) => h.rarity);
  t.same(rarities, [...rarities].sort((a, b) => b - a), 'descending');
});

t.test('the same class in any order gives the same summary', async (t) => {
  const a = renderClassJson(summarizeClass(entries()));
  t.equal(renderClassJson(summarizeClass(entries().reverse())), a);
  t.same(JSON.parse(a), summarizeClass(entries()));
  t.ok(a.endsWith('\n'));
});

t.test('only safe links', async (t) => {
  t.equal(safeHref('fox-bob/report.html'), 'fox-bob/report.html');
  t.equal(safeHref('https://example.org/r.html'), 'https://example.org/r.html');
  t.equal(safeHref('javascript:alert(1)'), null);
  t.equal(safeHref(' JavaScript:alert(1)'.trim()), null);
  t.equal(safeHref('data:text/html,x'), null);
  t.equal(safeHref(undefined), null);
});

t.test('class.html: self-contained, plot, bars, links, escaped', async (t) => {
  const html = renderClassHtml(summarizeClass(entries()));
  t.match(html, /<svg viewBox="0 0 640 240" role="img"/);
  t.equal((html.match(/<rect /g) ?? []).length, 10, 'one bar per bin');
  t.match(html, /<title>90–100%: 1 student<\/title>/);
  t.equal((html.match(/class="rate-bar" role="img"/g) ?? []).length, 34, 'a kill-rate bar per mutant');
  t.match(html, /<code>mark-3<\/code><\/th>\s*<td data-label="Phase">mark<\/td>\s*<td class="title-col" data-label="Title">Root scan stops at the first frame<\/td>\s*<td class="rate-cell" data-label="Kill rate">.*33\.3%/);
  t.match(html, /<a href="fox-bob\/report.html">report.html<\/a>/);
  t.match(html, /<a href="fox-ada-lovelace\/report.html#test-2">list-sum-tight<\/a>/);
  t.match(html, /fox-&lt;dave&gt;/);
  t.notMatch(html, /javascript:/);
  t.notMatch(html, /<script/);
  t.match(html, /script-src &#x27;none&#x27;/);
  t.notMatch(html, /\b(src|href)="(https?:)?\/\//);
  t.match(html, /tests\/yourTests.json:3:5: not valid JSON/);
});

t.test('an empty class', async (t) => {
  const s = summarizeClass([{ dir: 'x', error: 'clone failed' }]);
  t.equal(s.graded, 0);
  t.same([s.distribution.mean, s.distribution.median], [null, null]);
  t.same(s.hardestTests, []);
  const html = renderClassHtml(s);
  t.match(html, /No repository could be graded/);
  t.notMatch(html, /NaN|undefined/);
});

t.test('ungradable repositories are left out of the statistics', async (t) => {
  const s = summarizeClass([{ dir: 'a', result: loadFixture('strong') }, { dir: 'b', error: 'tests/yourTests.json:1:16: invalid JSON' }]);
  t.same([s.graded, s.distribution.mean, s.distribution.median], [1, 31 / 34, 31 / 34]);
  t.same(s.students.map((x) => [x.dir, x.dialect, x.collector]), [['a', loadFixture('strong').dialect, null]]);
  t.match(renderClassHtml(s), /left out of the mean, median and range/);
});

const allPairs: AllPairsResult = {
  students: [
    { student: 'fox-ada-lovelace', mutationScore: 31 / 34, faultsDetected: 2, faultyCollectors: 2, faultScore: 1, validTests: 9 },
    { student: 'fox-bob', mutationScore: 10 / 34, faultsDetected: 0, faultyCollectors: 2, faultScore: 0, validTests: 3 },
  ],
  collectors: [
    { student: 'fox-ada-lovelace', status: 'faulty', verdict: 'passed 145/150 tests', passed: 145, total: 150, phase: 'mark', detectedBy: [{ student: 'fox-ada-lovelace', tests: ['nested'] }], detectingTests: 1, coupled: ['mark-misses-last-element'], closest: null },
    { student: 'fox-bob', status: 'faulty', verdict: 'passed 149/150 tests', passed: 149, total: 150, phase: 'compact', detectedBy: [{ student: 'fox-ada-lovelace', tests: ['odd', 'odd-2'] }], detectingTests: 2, coupled: [], closest: { mutant: 'compact-leaves-gc-word', tests: 1 } },
  ],
  spearman: null,
  uncoupled: ['fox-bob'],
  undetected: [],
  pairs: { run: 5, cached: 7, total: 12 },
};

t.test('all-pairs in class.json and class.html', async (t) => {
  const s = summarizeClass(entries(), { allPairs });
  t.same(s.allPairs!.pairs, { total: 12 }, 'what the cache saved is not part of the (deterministic) report');
  t.same(s.allPairs!.uncoupled, ['fox-bob']);
  t.same(summarizeClass(entries()).allPairs, null);
  const html = renderClassHtml(s);
  t.match(html, /id="all-pairs"/);
  t.match(html, /<dd data-testid="spearman">—<\/dd>/);
  t.match(html, /Candidates for new mutants[^<]*<code>fox-bob<\/code>/);
  t.match(html, /<td data-label="Coupled mutants"><code>mark-misses-last-element<\/code><\/td>/);
  t.match(html, /<td data-label="Failing phase">compact<\/td>/);
  t.match(html, /none<\/strong> <span class="muted">\(nearest: <code>compact-leaves-gc-word<\/code>, killed by 1 of 2\)/);
  t.match(html, /2\/2 \(100(\.0)?%\)/);
  t.notMatch(html, /NaN|undefined/);
});
