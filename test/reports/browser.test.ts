// The reports in a real browser (headless Chromium through playwright-core): what a static
// check of the HTML cannot see — the sorting script runs, the CSP lets it run and blocks
// everything else, no console error, the page is usable with JS off, on a phone, in print.
// Screenshots go to .tap/screenshots/ for a human to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import t from 'tap';
import { renderClassHtml, summarizeClass } from '../../reports/class.js';
import { renderStudentHtml } from '../../reports/html.js';
import { renderMutationHtml, toMutationTestingReport } from '../../reports/mutation-json.js';
import { loadFixture, mutationSources, projectRoot } from '../fixtures/results/helpers.js';

const executablePath = '/usr/bin/chromium';
const screenshots = join(projectRoot, '.tap', 'screenshots');

if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: run scripts/setup`);
mkdirSync(screenshots, { recursive: true });

const browser: Browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
t.teardown(() => browser.close());

// The pages, written once into this test's directory.
const dir = t.testdir({});
const pages: Record<string, string> = {};
for (const name of ['strong', 'weak'] as const) {
  pages[name] = join(dir, `${name}.html`);
  writeFileSync(pages[name], renderStudentHtml(loadFixture(name)));
}
// An instructor's report (--witnesses): the survivors' witness tests, one long enough to wrap.
pages.witnesses = join(dir, 'witnesses.html');
const witnessCode = 'def h0(n, acc): if n < 1: acc else: h0(n - 1, (let v0 = (0, 0, 0, 0, acc), v1 = (n, 4, acc)[0] in v0))\nlet v0 = (1, 7)[0], v1 = (v0, 7, v0) in v1';
writeFileSync(
  pages.witnesses,
  renderStudentHtml({
    ...loadFixture('strong'),
    witnesses: [
      { mutant: 'compact-1', test: { name: 'witness-compact-1', code: witnessCode, heap: 12, result: { value: '(1, 7, 1)' } } },
      { mutant: 'alloc-1', message: 'no witness found (300 programs): an equivalence candidate' },
    ],
  }),
);
pages.class = join(dir, 'class.html');
writeFileSync(
  pages.class,
  renderClassHtml(
    summarizeClass([
      { dir: 'fox-ada-lovelace', result: loadFixture('strong'), reportHref: 'strong.html' },
      { dir: 'fox-bob', result: loadFixture('weak'), reportHref: 'weak.html' },
      { dir: 'fox-grace', result: loadFixture('medium') },
      { dir: 'fox-carol', error: 'tests/yourTests.json:3:5: not valid JSON' },
    ]),
  ),
);
// The class with all-pairs, for the phone test (390 px wide).
pages.classPairs = join(dir, 'class-pairs.html');
writeFileSync(
  pages.classPairs,
  renderClassHtml(
    summarizeClass(
      [
        { dir: 'fox-ada-lovelace-with-a-long-repository-name', result: loadFixture('strong'), reportHref: 'strong.html' },
        { dir: 'fox-bob', result: loadFixture('weak'), reportHref: 'weak.html' },
        { dir: 'fox-carol', error: 'tests/yourTests.json:3:5: invalid JSON: unexpected \',\': expected a property name in double quotes' },
      ],
      {
        allPairs: {
          students: [
            { student: 'fox-ada-lovelace-with-a-long-repository-name', mutationScore: 31 / 34, faultsDetected: 1, faultyCollectors: 1, faultScore: 1, validTests: 9 },
            { student: 'fox-bob', mutationScore: 10 / 34, faultsDetected: 0, faultyCollectors: 1, faultScore: 0, validTests: 3 },
          ],
          collectors: [
            { student: 'fox-ada-lovelace-with-a-long-repository-name', status: 'correct', verdict: 'passed 150/150 tests', passed: 150, total: 150, phase: null, detectedBy: [], detectingTests: 0, coupled: [], closest: null },
            { student: 'fox-bob', status: 'faulty', verdict: 'passed 145/150 tests', passed: 145, total: 150, phase: 'mark', detectedBy: [{ student: 'fox-ada-lovelace-with-a-long-repository-name', tests: ['nested'] }], detectingTests: 1, coupled: ['mark-misses-last-element', 'mark-max-address-last-marked'], closest: null },
          ],
          spearman: null,
          uncoupled: [],
          undetected: [],
          pairs: { run: 12, cached: 0, total: 12 },
        },
      },
    ),
  ),
);
pages.mutation = join(dir, 'mutation.html');
const weak = loadFixture('weak');
writeFileSync(pages.mutation, renderMutationHtml(toMutationTestingReport(weak, mutationSources(weak))));
// A student's: the mutants in their phases' description files, no reference source.
pages.studentMutation = join(dir, 'student-mutation.html');
writeFileSync(pages.studentMutation, renderMutationHtml(toMutationTestingReport(weak, { testFile: mutationSources(weak).testFile }, { reveal: 'hints' })));

interface Watched {
  page: Page;
  problems: string[];
}

/**
 * A page whose console errors, uncaught exceptions, dialogs (an injected alert) and requests
 * to anything outside the test's directory are recorded: each test ends by asserting there were none.
 */
async function open(context: BrowserContext, file: string): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // Following a link to another report of the same directory is fine; anything else is not.
  page.on('request', (r) => {
    if (!r.url().startsWith(pathToFileURL(dir).href + '/')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return { page, problems };
}

const rowNames = (page: Page) => page.$$eval('#kill-matrix tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.name));

t.test('student report (strong): score, matrix, tooltip, sorting', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.strong);

  t.equal(await page.textContent('[data-testid="score"]'), '31/34');
  t.match(await page.textContent('[data-testid="valid-count"]'), /12\s+valid tests/);
  t.match(await page.textContent('[data-testid="invalid-count"]'), /1\s+invalid/);
  t.equal(await page.locator('#kill-matrix td.cell').count(), 12 * 34);
  t.equal(await page.locator('#kill-matrix thead th[data-col]').count(), 34);
  const cell = page.locator('#kill-matrix tbody tr[data-name="list-sum-tight"] td.cell[data-col="0"]');
  t.equal(await cell.getAttribute('title'), 'list-sum-tight × mark-1 (Mark does not follow tuple elements): killed — wrong value');
  t.equal(await cell.getAttribute('aria-label'), await cell.getAttribute('title'));

  // The script ran: headers became buttons, the column control is shown.
  t.equal(await page.locator('#kill-matrix th[data-sort] button.sort-button').count(), 2);
  t.ok(await page.locator('.matrix-toolbar').isVisible());

  const fileOrder = await rowNames(page);
  t.equal(fileOrder[0], 'no-gc-arith');
  await page.click('#kill-matrix th[data-sort="name"] button');
  const byName = await rowNames(page);
  t.same(byName, [...fileOrder].sort((a, b) => a!.localeCompare(b!, undefined, { numeric: true, sensitivity: 'base' })));
  t.not(byName.join(), fileOrder.join(), 'the rows moved');
  t.equal(await page.getAttribute('#kill-matrix th[data-sort="name"]', 'aria-sort'), 'ascending');
  await page.click('#kill-matrix th[data-sort="name"] button');
  t.same(await rowNames(page), [...byName].reverse(), 'a second click reverses');

  await page.click('#kill-matrix th[data-sort="kills"] button');
  const kills = await page.$$eval('#kill-matrix tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.kills)));
  t.same(kills, [...kills].sort((a, b) => b - a), 'most detections first');
  t.equal((await rowNames(page))[0], 'list-sum-tight');
  t.equal(await page.getAttribute('#kill-matrix th[data-sort="kills"]', 'aria-sort'), 'descending');
  t.equal(await page.getAttribute('#kill-matrix th[data-sort="name"]', 'aria-sort'), null);
  // Cells moved with their rows.
  t.match(await page.getAttribute('#kill-matrix tbody tr:first-child td.cell[data-col="0"]', 'title'), /^list-sum-tight × mark-1/);

  // Columns: least detected first; the phase groups hide while the columns are not by phase.
  await page.selectOption('#column-order', 'detected-asc');
  const firstColumn = page.locator('#kill-matrix thead .mutant-row th[data-col]').first();
  t.equal(await firstColumn.getAttribute('data-detected'), '0');
  t.equal(await page.locator('#kill-matrix .phase-row').isVisible(), false);
  const firstCell = await page.getAttribute('#kill-matrix tbody tr:first-child td.cell', 'title');
  t.match(firstCell, new RegExp(`× ${await firstColumn.getAttribute('data-id')} `), 'body cells follow their header');
  await page.selectOption('#column-order', 'phase');
  t.equal(await firstColumn.getAttribute('data-id'), 'mark-1');
  t.ok(await page.locator('#kill-matrix .phase-row').isVisible());
  await page.selectOption('#column-order', 'phase'); // idempotent

  await page.click('#kill-matrix th[data-sort="name"] button');
  await page.screenshot({ path: join(screenshots, 'student-strong-desktop.png'), fullPage: false });
  await page.screenshot({ path: join(screenshots, 'student-strong-full.png'), fullPage: true });
  t.same(problems, [], 'no console error, page error, dialog or request');
});

t.test('student report (weak): hostile test name stays text', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.weak);
  t.equal(await page.textContent('[data-testid="score"]'), '10/34');
  t.equal(await page.locator('#kill-matrix td.cell').count(), 4 * 34);
  t.equal(await page.locator('#test-2 .test-title').textContent(), '<img src=x onerror=alert(1)>');
  t.equal(await page.locator('img').count(), 0, 'no element injected');
  t.equal(await page.locator('script').count(), 1);
  t.match(await page.locator('#test-2 pre').first().textContent(), /^<\/script><script>alert\("xss"\)<\/script> & 'quotes'$/);
  await page.screenshot({ path: join(screenshots, 'student-weak-desktop.png'), fullPage: true });
  t.same(problems, []);
});

t.test('with JavaScript disabled the matrix is all there', async (t) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.strong);
  t.equal(await page.locator('#kill-matrix td.cell').count(), 12 * 34);
  t.ok(await page.locator('#kill-matrix').isVisible());
  t.equal(await page.locator('.sort-button').count(), 0, 'no dead buttons');
  t.equal(await page.locator('.matrix-toolbar').isVisible(), false, 'the column control needs JS: hidden');
  t.equal(await page.textContent('#kill-matrix th[data-sort="name"]'), 'Test');
  t.ok(await page.locator('#mutant-compact-1').isVisible(), 'the mutant table');
  await page.screenshot({ path: join(screenshots, 'student-strong-nojs.png') });
  t.same(problems, []);
});

t.test('survivors only and survivors first, with JavaScript disabled', async (t) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.strong);
  const visibleColumns = () => page.$$eval('#kill-matrix thead th[data-col]', (ths) => ths.filter((th) => (th as HTMLElement).offsetParent !== null).map((th) => (th as HTMLElement).dataset.id));
  const visibleCells = () => page.$$eval('#kill-matrix tbody tr:first-child td.cell', (tds) => tds.filter((td) => (td as HTMLElement).offsetParent !== null).length);
  const visibleTotals = () => page.$$eval('#kill-matrix tfoot td.total', (tds) => tds.filter((td) => (td as HTMLElement).offsetParent !== null).length);
  const survivors = ['compact-1', 'alloc-1', 'alloc-4'];

  t.equal((await visibleColumns()).length, 34, 'every mutant at first');
  await page.click('[data-testid="matrix-survivors-link"]');
  t.same(await visibleColumns(), survivors, 'the matrix keeps the surviving columns only');
  t.equal(await visibleCells(), 3, 'and their cells');
  t.equal(await visibleTotals(), 3, 'and their totals');
  t.equal(await page.locator('#kill-matrix .phase-row').isVisible(), false, 'the phase row (its spans would not match) is hidden');
  await page.screenshot({ path: join(screenshots, 'student-strong-survivors-nojs.png') });
  await page.click('#matrix .filter-all');
  t.equal((await visibleColumns()).length, 34, '"all" shows every column again');

  const rows = () => page.$$eval('.mutant-table tbody tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.id));
  const all = await rows();
  t.equal(all.length, 34);
  t.same(all.slice(0, 3), survivors.map((id) => `mutant-${id}`), 'the mutant table lists the survivors first');
  await page.click('[data-testid="mutants-survivors-link"]');
  t.same(await rows(), survivors.map((id) => `mutant-${id}`), 'survivors only');
  await page.click('#mutants .filter-all');
  t.equal((await rows()).length, 34);
  t.same(problems, []);
});

t.test('--witnesses: the witness tests, reachable from the navigation and the mutant, readable on a phone', async (t) => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: viewport.width > 400 });
    const { page, problems } = await open(context, pages.witnesses);
    await page.click('.page-nav a[href="#witnesses"]');
    t.equal(await page.locator('#witnesses').isVisible(), true, `${viewport.width} px: the section is there`);
    t.equal(await page.locator('[data-testid="witness"]').count(), 2);
    t.equal(await page.locator('[data-testid="witness-code"]').textContent(), witnessCode, 'the code as written, lines kept');
    const entry = JSON.parse((await page.locator('[data-testid="witness-json"]').textContent())!);
    t.equal(entry.code, witnessCode, 'the test file entry gives the same code back');
    const sizes = await page.evaluate(() => ({ pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    t.ok(sizes.pageWidth <= sizes.viewport, `${viewport.width} px: no sideways scroll (${sizes.pageWidth} <= ${sizes.viewport})`);
    await page.screenshot({ path: join(screenshots, `student-witnesses-${viewport.width}.png`) });
    await page.click('#witnesses a[href="#mutant-compact-1"]');
    t.equal(await page.evaluate(() => location.hash), '#mutant-compact-1', 'the card links to its mutant');
    t.same(problems, []);
    await context.close();
  }
});

t.test('the matrix in an 800 px window: last rows and totals readable', async (t) => {
  for (const viewport of [{ width: 800, height: 800 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport });
    const { page, problems } = await open(context, pages.strong);
    await page.locator('.matrix-scroll').evaluate((box) => box.scrollIntoView({ block: 'end' }));
    const at = await page.evaluate(() => {
      const box = document.querySelector('.matrix-scroll')!;
      const nav = document.querySelector('.page-nav')!.getBoundingClientRect();
      const hit = (el: Element) => {
        const r = el.getBoundingClientRect();
        const found = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
        return { inView: r.top >= nav.bottom && r.bottom <= window.innerHeight, onTop: found !== null && el.contains(found) };
      };
      const totals = document.querySelector('#kill-matrix tfoot th')!;
      const before = hit(totals);
      box.scrollTop = box.scrollHeight;
      const rows = document.querySelectorAll('#kill-matrix tbody tr');
      const last = rows[rows.length - 1].querySelector('th')!;
      return { boxTop: box.getBoundingClientRect().top, navBottom: nav.bottom, totalsBefore: before, last: hit(last), totalsAfter: hit(totals) };
    });
    const label = `${viewport.width}×${viewport.height}`;
    t.ok(at.boxTop >= at.navBottom, `${label}: the whole box fits under the navigation`);
    t.same(at.totalsBefore, { inView: true, onTop: true }, `${label}: the totals are visible before scrolling the box`);
    t.same(at.last, { inView: true, onTop: true }, `${label}: the last row is visible, not covered by the totals`);
    t.same(at.totalsAfter, { inView: true, onTop: true }, `${label}: and the totals below it`);
    await page.screenshot({ path: join(screenshots, `student-strong-matrix-${label}.png`) });
    t.same(problems, []);
    await context.close();
  }
});

t.test('on a phone: the matrix scrolls inside its box, not the page', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.strong);
  const sizes = await page.evaluate(() => {
    const box = document.querySelector('.matrix-scroll')!;
    return { pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, boxScroll: box.scrollWidth, boxWidth: box.clientWidth };
  });
  t.ok(sizes.pageWidth <= sizes.viewport, `the page does not scroll sideways (${sizes.pageWidth} <= ${sizes.viewport})`);
  t.ok(sizes.boxScroll > sizes.boxWidth, 'the matrix scrolls in its box');
  t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.matrix-scroll')!).overflowX), 'auto');
  await page.screenshot({ path: join(screenshots, 'student-strong-phone.png') });
  await page.locator('#matrix').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, 'student-strong-phone-matrix.png') });
  t.same(problems, []);
});

t.test('print: no navigation or controls, the matrix unclipped', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.strong);
  await page.emulateMedia({ media: 'print' });
  t.equal(await page.locator('.page-nav').isVisible(), false);
  t.equal(await page.locator('.matrix-toolbar').isVisible(), false);
  t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.matrix-scroll')!).overflowX), 'visible');
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  t.ok(pdf.length > 10_000, 'prints to PDF');
  await page.screenshot({ path: join(screenshots, 'student-strong-print.png'), fullPage: true });
  t.same(problems, []);
});

t.test('class report: plot, bars, links', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.class);
  t.match(await page.textContent('[data-testid="graded"]'), /3\s+graded/);
  t.equal(await page.locator('svg.histogram rect').count(), 10);
  const bar = await page.locator('svg.histogram rect').nth(9).boundingBox();
  t.ok(bar && bar.height > 10, 'the 90–100% bar is drawn');
  t.equal(await page.locator('.rate-table tbody tr').count(), 34);
  t.equal(await page.locator('.hard-list > li').count(), 5);
  await page.screenshot({ path: join(screenshots, 'class.png'), fullPage: true });
  await page.click('a[href="weak.html"]');
  await page.waitForURL(/weak\.html$/);
  t.equal(await page.textContent('[data-testid="score"]'), '10/34', 'the link opens the student report');
  t.same(problems, []);
});

t.test('class report on a phone (390 px): no horizontal scroll, ids whole, all-pairs shown', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.classPairs);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  t.equal(widths.client, 390);
  t.ok(widths.scroll <= widths.client, `no horizontal scroll: page ${widths.scroll} px wide`);
  // Nothing sticks out of the screen either (an element may overflow a clipped box without widening the page).
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > 390.5 || r.left < -0.5); }).map((e) => e.tagName + '.' + e.className).slice(0, 5),
  );
  t.same(outside, [], 'every element within the 390 px');
  // A mutant id is never broken inside a word: on one line, or broken only after a hyphen.
  const broken = await page.evaluate(() =>
    [...document.querySelectorAll('main code')].filter((code) => {
      const text = code.textContent ?? '';
      const node = code.firstChild;
      if (!node || code.getClientRects().length <= 1) return false;
      // Find where each line starts: a line may only start right after a '-'.
      const range = document.createRange();
      let lastTop = -1;
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = range.getBoundingClientRect().top;
        if (lastTop >= 0 && top > lastTop + 2 && text[i - 1] !== '-') return true;
        lastTop = top;
      }
      return false;
    }).map((c) => c.textContent),
  );
  t.same(broken, [], 'no id broken mid-word');
  t.ok(await page.locator('#all-pairs').isVisible(), 'the all-pairs section');
  t.ok(await page.locator('#ungradable').isVisible(), 'the ungradable repository, with its reason');
  t.match(await page.locator('.pairs-collectors tbody tr').nth(1).textContent(), /mark-misses-last-element/);
  await page.screenshot({ path: join(screenshots, 'class-phone.png'), fullPage: true });
  t.same(problems, []);
});

t.test('mutation.html: Stryker\'s viewer runs under the CSP', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.mutation);
  // Playwright's locators see through the viewer's shadow roots.
  const runtimeRow = page.locator('td', { hasText: 'runtime' }).first();
  await runtimeRow.waitFor();
  t.ok(await runtimeRow.isVisible(), 'the file table lists reference/runtime');
  t.match(await page.locator('tr', { hasText: 'All files' }).first().textContent(), /29\.41/, 'the score: 10 of 34');
  t.equal(await page.locator('img').count(), 0);
  await page.screenshot({ path: join(screenshots, 'mutation.png') });
  t.same(problems, []);
});

t.test('mutation.html for a student: the phase description files, no reference', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const { page, problems } = await open(context, pages.studentMutation);
  const markRow = page.locator('td', { hasText: 'mark.md' }).first();
  await markRow.waitFor();
  t.ok(await markRow.isVisible(), 'the file table lists mutants/mark.md');
  t.equal(await page.locator('td', { hasText: 'runtime' }).count(), 0, 'no reference/runtime');
  t.match(await page.locator('tr', { hasText: 'All files' }).first().textContent(), /29\.41/, 'the same score: 10 of 34');
  await page.screenshot({ path: join(screenshots, 'mutation-student.png') });
  t.same(problems, []);
});
