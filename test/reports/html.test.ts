import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Reveal } from '../../grader/result.js';
import { renderStudentHtml, studentView } from '../../reports/html.js';
import { loadFixture, projectRoot } from '../fixtures/results/helpers.js';

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

t.test('score and test counts at the top', async (t) => {
  const html = renderStudentHtml(loadFixture('strong'));
  t.match(html, /data-testid="score">31\/34<\/span>/);
  t.match(html, /data-testid="valid-count"><strong>12<\/strong> valid tests/);
  t.match(html, /data-testid="invalid-count" class="is-warn"><strong>1<\/strong> invalid/);
  t.ok(html.indexOf('data-testid="score"') < html.indexOf('id="kill-matrix"'), 'score before the matrix');
  t.match(renderStudentHtml(loadFixture('weak')), /data-testid="score">10\/34</);
});

t.test('the kill matrix: one cell per valid test and mutant, with tooltips', async (t) => {
  const strong = renderStudentHtml(loadFixture('strong'));
  t.equal(count(strong, /<td class="cell cell-/), 12 * 34);
  t.equal(count(renderStudentHtml(loadFixture('weak')), /<td class="cell cell-/), 4 * 34);
  t.equal(count(strong, /<tr data-name="/), 12, 'one row per valid test');
  t.notMatch(strong, /<tr data-name="gc-0-heap5"/, 'invalid tests are not rows');
  const tooltip = 'list-sum-tight × mark-1 (Mark does not follow tuple elements): killed — wrong value';
  t.match(strong, `title="${tooltip}" aria-label="${tooltip}"`);
  t.match(strong, /title="shared-dag × mark-4 \(Mark does not check the mark bit\): timeout — timeout"/);
  t.match(strong, /class="cell cell-no-coverage" data-col="\d+" title="no-gc-arith × mark-1 [^"]*: no coverage — no collection happens"/);
  for (const status of ['killed', 'timeout', 'survived', 'no coverage']) t.match(strong, `<strong>${status}</strong>`, `legend: ${status}`);
});

t.test('columns grouped by phase, rows carry sort keys', async (t) => {
  const view = studentView(loadFixture('strong'));
  t.same(view.matrix.groups.map((g) => g.phase), ['mark', 'forward', 'redirect', 'compact', 'try_gc', 'alloc', 'codegen', 'print']);
  t.same(view.matrix.groups.map((g) => g.span), [6, 5, 5, 4, 5, 4, 3, 2]);
  t.same(view.matrix.rows.map((r) => r.kills), [1, 5, 13, 6, 10, 3, 2, 1, 5, 2, 6, 5]);
  const html = renderStudentHtml(loadFixture('strong'));
  t.match(html, /<th scope="colgroup" colspan="6" class="phase-group">mark<\/th>/);
  t.match(html, /<tr data-name="list-sum-tight" data-kills="13" data-order="2">/);
  t.match(html, /data-sort="name">Test<\/th>/);
  t.match(html, /data-sort="kills" title="Mutants this test detects">Kills<\/th>/);
  // Columns follow the phase order even when the result lists the phases in another order
  // (within a phase, the result's order).
  const shuffled = loadFixture('weak');
  const rank = (j: number) => ['print', 'codegen', 'alloc', 'try_gc', 'compact', 'redirect', 'forward', 'mark'].indexOf(shuffled.mutants[j].phase);
  const order = [...shuffled.mutants.keys()].sort((a, b) => rank(a) - rank(b) || a - b);
  t.equal(shuffled.mutants[order[0]].id, 'print-1');
  shuffled.mutants = order.map((j) => shuffled.mutants[j]);
  shuffled.matrix.mutants = order.map((j) => shuffled.matrix.mutants[j]);
  shuffled.matrix.cells = shuffled.matrix.cells.map((row) => order.map((j) => row[j]));
  const a = studentView(shuffled).matrix;
  const b = studentView(loadFixture('weak')).matrix;
  t.same(a.columns.map((c) => c.id), b.columns.map((c) => c.id));
  t.same(a.rows.map((r) => r.cells.map((c) => c.title)), b.rows.map((r) => r.cells.map((c) => c.title)), 'cells move with their mutant');
});

t.test('per test: validity, expected vs actual, heaps, kills', async (t) => {
  const weak = renderStudentHtml(loadFixture('weak'));
  const oom = weak.slice(weak.indexOf('id="test-4"'), weak.indexOf('</article>', weak.indexOf('id="test-4"')));
  t.match(oom, /badge-invalid/);
  t.match(oom, /the reference implementation fails this test: expected a failure containing &quot;out of memory&quot;/);
  t.match(oom, /<h4>Expected failure containing<\/h4>\s*<pre>out of memory<\/pre>/);
  t.match(oom, /<h4>The reference produced<\/h4><pre>\(1, 2\)\n\(3, 4\)<\/pre>/);
  t.match(weak, /First difference, line 4<\/h4>\s*<dl>\s*<dt>expected<\/dt><dd><code>\(3, 4\)<\/code><\/dd>\s*<dt>actual<\/dt><dd><code>\(3, \(4, false\)\)<\/code>/);
  const strong = renderStudentHtml(loadFixture('strong'));
  const card = strong.slice(strong.indexOf('id="test-2"'), strong.indexOf('</article>', strong.indexOf('id="test-2"')));
  t.match(card, /<dt>Heap<\/dt><dd>24<\/dd>/);
  t.match(card, /<dt>Minimal heap<\/dt><dd>24<\/dd>/);
  t.match(card, /<dt>Collections<\/dt><dd>3<\/dd>/);
  t.match(card, /<dt>Detects<\/dt><dd>13<\/dd>/);
  t.match(card, /<dt>Only this test<\/dt><dd>4<\/dd>/);
  t.match(card, /<a class="chip chip-alone" href="#mutant-mark-5" title="only this test detects mark-5">mark-5/);
  t.match(card, /<a class="chip" href="#mutant-mark-1">mark-1<\/a>/);
  t.match(strong, /<dt>Minimal heap<\/dt><dd>0<\/dd>/, 'a minimal heap of 0 is shown');
  t.match(strong, /test 5 · named “list-build” in the file/);
});

const texts = {
  title: 'Mark does not follow tuple elements',
  hint: 'Keep a tuple alive only through another tuple',
  description: 'mark sets the mark bit of the blocks the stack points to',
};

t.test('reveal levels', async (t) => {
  const expect: Record<Reveal, Array<keyof typeof texts>> = {
    none: [],
    titles: ['title'],
    hints: ['title', 'hint'],
    full: ['title', 'hint', 'description'],
  };
  for (const [reveal, shown] of Object.entries(expect) as Array<[Reveal, Array<keyof typeof texts>]>) {
    const html = renderStudentHtml(loadFixture('strong'), { reveal });
    for (const key of Object.keys(texts) as Array<keyof typeof texts>) {
      if (shown.includes(key)) t.match(html, texts[key], `${reveal}: ${key} shown`);
      else t.notMatch(html, texts[key], `${reveal}: ${key} hidden`);
    }
    t.equal(count(html, /<th scope="col">(Title|Hint|Description)<\/th>/), shown.length, `${reveal}: table columns`);
    t.match(html, /<tr id="mutant-mark-1" class="is-killed">\s*<th scope="row"><code>mark-1<\/code><\/th>\s*<td data-label="Phase">mark<\/td>/, `${reveal}: id and phase`);
  }
  t.match(renderStudentHtml(loadFixture('strong')), texts.hint, 'defaults to result.reveal (hints)');
  t.notMatch(renderStudentHtml(loadFixture('strong')), texts.description);
  t.match(renderStudentHtml(loadFixture('weak')), texts.description, 'weak: result.reveal is full');
});

t.test('student text is escaped', async (t) => {
  const html = renderStudentHtml(loadFixture('weak'));
  t.notMatch(html, /<img/i);
  t.equal(count(html, /<script/), 1, 'only our script');
  t.match(html, /&lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;/);
  t.match(html, /&lt;\/script&gt;&lt;script&gt;alert\(&quot;xss&quot;\)&lt;\/script&gt; &amp; &#x27;quotes&#x27;/);
});

t.test('templates never triple-stash anything but the trusted assets', async (t) => {
  const dir = join(projectRoot, 'reports', 'templates');
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.hbs')), ...readdirSync(join(dir, 'partials')).map((f) => `partials/${f}`)];
  t.ok(files.length >= 8);
  for (const file of files) {
    const raw = [...readFileSync(join(dir, file), 'utf8').matchAll(/\{\{\{\s*([^}\s]+)\s*\}\}\}/g)].map((m) => m[1]);
    t.same(raw.filter((name) => !['css', 'script', 'elementsScript', 'bootScript'].includes(name)), [], file);
  }
});

t.test('self-contained: nothing fetched, script pinned by the CSP', async (t) => {
  const html = renderStudentHtml(loadFixture('strong'));
  t.notMatch(html, /<link\b/i);
  t.notMatch(html, /\b(src|href)="(https?:)?\/\//i);
  t.notMatch(html, /@import|url\(/i);
  t.notMatch(html, /<script[^>]+src=/i);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
  t.match(csp, /default-src 'none'/);
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  t.ok(script.length > 500, 'the sorting script is inlined');
  t.match(csp, `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  t.match(html, /<style>[\s\S]*@media print[\s\S]*<\/style>/, 'printable');
  t.match(html, /@media \(max-width: 760px\)/, 'responsive');
  t.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
});

t.test('deterministic; generatedAt only when given', async (t) => {
  const a = renderStudentHtml(loadFixture('weak'));
  t.equal(renderStudentHtml(loadFixture('weak')), a);
  t.notMatch(a, / on \d{4}-/);
  t.match(renderStudentHtml(loadFixture('weak'), { generatedAt: '2026-11-21 17:00' }), /Generated by fox-grade 0\.1\.0 on 2026-11-21 17:00\./);
});

t.test('no valid tests: a message instead of an empty matrix', async (t) => {
  const result = loadFixture('weak');
  for (const test of result.tests) test.valid = false;
  result.matrix = { tests: [], mutants: result.matrix.mutants, cells: [] };
  const html = renderStudentHtml(result);
  t.notMatch(html, /id="kill-matrix"/);
  t.match(html, /No valid tests, so there is no matrix yet/);
});

t.test('ids are unique and every in-page link has a target', async (t) => {
  for (const name of ['strong', 'weak'] as const) {
    for (const reveal of ['none', 'full'] as const) {
      const html = renderStudentHtml(loadFixture(name), { reveal });
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${name}/${reveal}: unique ids`);
      const targets = [...html.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]);
      t.ok(targets.length > 50);
      t.same(targets.filter((id) => !ids.includes(id)), [], `${name}/${reveal}: links resolve`);
    }
  }
});

t.test('tests are counted from 1, as the warnings count them; the dialect and its reason are shown', async (t) => {
  const weak = loadFixture('weak');
  const html = renderStudentHtml({ ...weak, dialectReason: 'fa18: the repository\'s tests/fox.json is that offering\'s official file' });
  t.match(html, /<p class="card-meta">tests\/yourTests\.json, test 5<\/p>/, 'oom is the fifth test (index 4)');
  t.notMatch(html, /, test 0</, 'no 0-based number');
  t.match(html, /data-testid="dialect-reason">dialect fa18: the repository&#x27;s tests\/fox\.json/);
  t.notMatch(renderStudentHtml(weak), /dialect-reason/, 'no reason line without a reason');
});

t.test('--witnesses: each surviving mutant\'s witness test, instructor-only', async (t) => {
  const weak = loadFixture('weak');
  t.notMatch(renderStudentHtml(weak), /id="witnesses"/, 'no section without --witnesses');
  const witnesses = [
    { mutant: 'mark-3', test: { name: 'witness-mark-3', code: 'let a = (1, 2)[0], b = (3, 4, 5)\nin (b, "<b>")', heap: 14, result: { value: '((3, 4, 5), 0)' } } },
    { mutant: 'compact-1', test: { name: 'witness-compact-1', code: '(0, (0, 0))', heap: 7, result: { failure: 'out of memory' } } },
    { mutant: 'alloc-9', message: 'no witness found (300 programs): an equivalence candidate' },
  ];
  const html = renderStudentHtml({ ...weak, witnesses });
  const section = html.slice(html.indexOf('id="witnesses"'), html.indexOf('</section>', html.indexOf('id="witnesses"')));
  t.match(html, /<a href="#witnesses">Witness tests<\/a>/, 'in the navigation');
  t.equal(count(section, /data-testid="witness"/), 3, 'one card per survivor given');
  t.match(section, /<a href="#mutant-mark-3"><code>mark-3<\/code><\/a>/, 'linked to the mutant');
  t.match(section, /Test <code>witness-mark-3<\/code> at heap 14/);
  t.match(section, /<pre data-testid="witness-code">let a &#x3D; \(1, 2\)\[0\], b &#x3D; \(3, 4, 5\)\nin \(b, &quot;&lt;b&gt;&quot;\)<\/pre>/, 'the code, escaped, its lines kept');
  t.match(section, /Expected failure containing<\/h4>\s*<pre>out of memory<\/pre>/);
  t.match(section, 'no witness found (300 programs): an equivalence candidate');
  t.notMatch(section, /href="#mutant-alloc-9"/, 'no link to a mutant the result does not list');
  // The entry to paste is the test itself: unescaping the page's text gives it back.
  const entry = /<pre data-testid="witness-json">([^<]*)<\/pre>/.exec(section)![1];
  const unescaped = entry.replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  t.same(JSON.parse(unescaped), witnesses[0].test);
  t.match(renderStudentHtml({ ...weak, witnesses: [] }), /No mutant survives: no witness to show\./);
});
