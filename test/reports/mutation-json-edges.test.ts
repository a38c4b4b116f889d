// Edge cases of the mutation-testing-report-schema report (reports/mutation-json.ts): the status
// mapping and its reasons, what each reveal level's description files show and how they are
// wrapped, the languages, the consistency checks, the instructor's full-source report, the test
// files, and the self-contained HTML page. Synthetic results keep each case small and explicit.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { calculateMutationTestMetrics } from 'mutation-testing-metrics';
import t, { type Test } from 'tap';
import type { Cell, GradeResult, MutantPhase, Reveal } from '../../grader/result.js';
import type { LocatedFiles, MutationSources } from '../../reports/mutation-json.js';
import {
  mutationHtmlReporter,
  mutationJsonReporter,
  phaseDescriptionFiles,
  phaseDescriptionPath,
  renderMutationHtml,
  renderMutationJson,
  toMutationTestingReport,
} from '../../reports/mutation-json.js';
import { reveals } from '../../reports/view.js';
import { decodeHtml, loadFixture, makeAjv, testFileText } from '../fixtures/results/helpers.js';

const schemaPath = createRequire(import.meta.url).resolve('mutation-testing-report-schema/mutation-testing-report-schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));

const TEST_FILE = 'tests/yourTests.json';

/** One cell: `k` killed, `t` timeout, `s` survived, `n` no coverage. */
function cell(code: string): Cell {
  const [kind, reason] = [code[0], code.slice(2)];
  const status = ({ k: 'killed', t: 'timeout', s: 'survived', n: 'no-coverage' } as const)[kind as 'k' | 't' | 's' | 'n'];
  return { status, reason: reason || { killed: 'wrong value', timeout: 'timeout', survived: 'same result', 'no-coverage': 'no collection happens' }[status] };
}

interface Spec {
  id: string;
  phase?: MutantPhase;
  title?: string;
  hint?: string;
  description?: string;
  /** The mutant's column of the matrix, one cell per test; absent: not in the matrix. */
  column?: string[];
  /** For a mutant outside the matrix: the result's own verdict. */
  killedBy?: string[];
}

/** A consistent GradeResult with these valid tests (in yourTests.json) and mutants. */
function build(tests: string[], specs: Spec[], reveal: Reveal = 'full'): GradeResult {
  const r = loadFixture('weak');
  r.reveal = reveal;
  r.tests = tests.map((name, index) => ({ name, originalName: name, file: TEST_FILE, index, valid: true, heap: 16, collections: 1, killed: [], killedAlone: [], notes: [] }));
  const inMatrix = specs.filter((s) => s.column);
  r.mutants = specs.map((s) => {
    const killedBy = s.column ? tests.filter((_, i) => /^[kt]/.test(s.column![i])) : (s.killedBy ?? []);
    return {
      id: s.id,
      phase: s.phase ?? 'mark',
      kind: 'runtime',
      ...(s.title !== undefined && { title: s.title }),
      ...(s.hint !== undefined && { hint: s.hint }),
      ...(s.description !== undefined && { description: s.description }),
      status: killedBy.length > 0 ? 'killed' : 'survived',
      killedBy,
    };
  });
  r.matrix = { tests: [...tests], mutants: inMatrix.map((s) => s.id), cells: tests.map((_, i) => inMatrix.map((s) => cell(s.column![i]))) };
  return r;
}

const studentSources = (result: GradeResult, source: string | null = testFileText(result)): MutationSources => ({ testFile: { path: TEST_FILE, ...(source !== null && { source }) } });

const allMutants = (report: ReturnType<typeof toMutationTestingReport>) => Object.values(report.files).flatMap((f) => f.mutants);

async function validator() {
  const ajv = await makeAjv();
  const validate = ajv.compile(schema);
  return (report: unknown) => (validate(report) ? '' : ajv.errorsText(validate.errors));
}

t.test('status mapping: Killed, Timeout, NoCoverage, Survived, with the reasons a reader sees', async (t) => {
  const valid = await validator();
  const result = build(
    ['a', 'b', 'c'],
    [
      { id: 'two-reasons', column: ['k:wrong value', 't:timeout', 'k:wrong value'] },
      { id: 'timeout-only', column: ['t:timeout', 's', 'n'] },
      { id: 'uncovered', column: ['n', 'n', 'n'] },
      { id: 'survivor', column: ['s', 'n', 's'] },
      // Not in the matrix: the result's own verdict is all there is.
      { id: 'outside', killedBy: ['b'] },
    ],
  );
  const report = toMutationTestingReport(result, studentSources(result));
  t.equal(valid(report), '');
  const m = (id: string) => allMutants(report).find((x) => x.id === id)!;

  t.same([m('two-reasons').status, m('two-reasons').killedBy, m('two-reasons').coveredBy], ['Killed', ['a', 'b', 'c'], ['a', 'b', 'c']]);
  t.equal(m('two-reasons').statusReason, 'wrong value (a, c); timeout (b)', 'each reason once, with the tests that gave it');

  t.same([m('timeout-only').status, m('timeout-only').killedBy, m('timeout-only').coveredBy], ['Timeout', ['a'], ['a', 'b']]);
  t.equal(m('timeout-only').statusReason, 'timeout (a)');

  t.same([m('uncovered').status, m('uncovered').killedBy, m('uncovered').coveredBy], ['NoCoverage', [], []]);
  t.equal(m('uncovered').statusReason, 'no valid test reaches it');

  t.same([m('survivor').status, m('survivor').killedBy, m('survivor').coveredBy], ['Survived', [], ['a', 'c']]);
  t.equal(m('survivor').statusReason, 'every valid test passes on it');

  t.same([m('outside').status, m('outside').killedBy], ['Killed', ['b']], 'outside the matrix: the result says killed, by b');
  t.equal(m('outside').statusReason, 'detected', 'no cell to quote: a generic reason');

  for (const mutant of allMutants(report)) t.equal(mutant.testsCompleted, 3, `${mutant.id}: every valid test ran`);

  // What a viewer computes from the report: killed and timeout detect, the rest do not.
  const metrics = calculateMutationTestMetrics(report).systemUnderTestMetrics.metrics;
  t.same(
    [metrics.killed, metrics.timeout, metrics.survived, metrics.noCoverage, metrics.totalDetected, metrics.totalUndetected],
    [2, 1, 1, 1, 3, 2],
  );
  t.equal(metrics.mutationScore, 60, "the viewer's score is the result's: 3 of 5 detected");
});

t.test('a matrix with a row missing: the report is still written, the missing cells cover nothing', async (t) => {
  const result = build(['a', 'b'], [{ id: 'm1', column: ['s', 's'] }]);
  result.matrix.cells.pop();
  const report = toMutationTestingReport(result, studentSources(result));
  const [m] = allMutants(report);
  t.same([m.status, m.coveredBy, m.killedBy], ['Survived', ['a'], []]);
});

const LONG_TITLE = `${'x'.repeat(47)} ${'y'.repeat(48)} z`; // the first line exactly 96 wide
const WIDE_HINT = `${'a'.repeat(42)} ${'b'.repeat(48)}`; // "Hint: " + these is 97 wide: two lines
const URL = `https://example.org/${'p'.repeat(100)}`;
const MESSY_DESCRIPTION = `  ${URL} then   some\n\twords\tthat\nwrap   `;

/** Greedy wrap at 96, words separated by single spaces: what the description files must hold. */
function paragraphOk(t: Test, lines: string[], text: string, what: string) {
  const words = text.split(/\s+/).filter((w) => w !== '');
  t.equal(lines.join(' '), words.join(' '), `${what}: every word, in order, single spaces, nothing else`);
  t.same(
    lines.filter((line) => line.length > 96 && line.includes(' ')),
    [],
    `${what}: no line wider than 96 unless it is one long word`,
  );
  lines.forEach((line, i) => {
    t.not(line, '', `${what}: no blank line inside a paragraph`);
    t.equal(line, line.trim(), `${what}: no leading or trailing space`);
    const next = lines[i + 1];
    if (next !== undefined) t.ok(line.length + 1 + next.split(' ')[0].length > 96, `${what}: line ${i + 1} is full (greedy)`);
  });
}

t.test('description files: what each reveal level shows, in wrapped paragraphs', async (t) => {
  const valid = await validator();
  const result = build(
    ['a'],
    [
      { id: 'mark-long', title: LONG_TITLE, hint: WIDE_HINT, description: MESSY_DESCRIPTION, column: ['k'] },
      { id: 'mark-short', title: '  Marks  only the\nfirst field ', hint: 'Look at tuples.', description: 'One line.', column: ['s'] },
      { id: 'print-1', phase: 'print', title: 'Prints nothing', column: ['s'] },
    ],
  );
  const shows = { none: [], titles: ['title'], hints: ['title', 'hint'], full: ['title', 'hint', 'description'] } as const;
  for (const reveal of reveals) {
    const files = phaseDescriptionFiles(result, reveal);
    t.same(Object.keys(files), [phaseDescriptionPath('mark'), phaseDescriptionPath('print')], `${reveal}: one file per phase, in phase order`);
    t.strictSame(JSON.parse(JSON.stringify(files)), files, `${reveal}: plain data, a hidden field absent rather than undefined`);
    const report = toMutationTestingReport(result, studentSources(result), { reveal });
    t.equal(valid(report), '', reveal);
    t.strictSame(JSON.parse(renderMutationJson(report)), report, `${reveal}: the report object is what mutation.json holds`);

    for (const [path, file] of Object.entries(files)) {
      t.equal(report.files[path].source, file.source, `${reveal} ${path}: the report holds the description file`);
      t.ok(file.source.endsWith('\n') && !file.source.endsWith('\n\n'), `${reveal} ${path}: one final newline`);
      const lines = file.source.slice(0, -1).split('\n');
      const phase = path === phaseDescriptionPath('print') ? 'print' : 'mark';
      t.equal(lines[0], `# The ${phase} mutants`, `${reveal} ${path}: its title`);
      t.equal(lines[1], '', `${reveal} ${path}: a blank line after the title`);
      const intro = lines.slice(2, lines.indexOf('', 2)).join(' ');
      t.match(intro, /^What this report may show of each mutant \(ids\b.*\); the reference implementation is not part of it\.$/, `${reveal}: the introduction`);
      const shown = /\((.*)\)/.exec(intro)![1];
      for (const field of ['titles', 'hints', 'descriptions'] as const) {
        t.equal(shown.includes(field), (shows[reveal] as readonly string[]).includes(field.slice(0, -1)), `${reveal}: the introduction on ${field}`);
      }

      for (const located of file.mutants) {
        const mutant = result.mutants.find((m) => m.id === located.id)!;
        const start = located.location.start.line - 1;
        t.equal(lines[start], `## ${mutant.id}`, `${reveal} ${mutant.id}: located at its heading`);
        t.equal(lines[start - 1], '', `${reveal} ${mutant.id}: a blank line before the heading`);
        const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
        t.equal(located.location.end.line, next === -1 ? lines.length : next - 1, `${reveal} ${mutant.id}: the section ends at its last line`);
        const section = lines.slice(start, located.location.end.line);
        t.equal(located.location.end.column, section[section.length - 1].length + 1);
        const expected: Array<[string, string]> = [];
        const has = (f: string) => (shows[reveal] as readonly string[]).includes(f);
        if (has('title') && mutant.title !== undefined) expected.push(['title', mutant.title]);
        if (has('hint') && mutant.hint !== undefined) expected.push(['hint', `Hint: ${mutant.hint}`]);
        if (has('description') && mutant.description !== undefined) expected.push(['description', mutant.description]);
        // heading, then one paragraph per shown field, each after a blank line
        const body = section.slice(1);
        t.equal(body.length === 0 ? undefined : body[0], expected.length === 0 ? undefined : '', `${reveal} ${mutant.id}: a blank line after the heading (or nothing)`);
        const paragraphs = body.length === 0 ? [] : body.slice(1).join('\n').split('\n\n');
        t.equal(paragraphs.length, expected.length, `${reveal} ${mutant.id}: ${expected.map(([f]) => f).join(', ') || 'the id only'}`);
        expected.forEach(([field, text], i) => paragraphOk(t, (paragraphs[i] ?? '').split('\n'), text, `${reveal} ${mutant.id} ${field}`));

        t.equal(located.mutatorName, has('title') && mutant.title !== undefined ? `${mutant.phase}: ${mutant.title}` : mutant.phase);
        const description = has('description') && mutant.description !== undefined ? mutant.description : has('title') ? mutant.title : undefined;
        t.equal(located.description, description, `${reveal} ${mutant.id}: description`);
        t.equal(Object.hasOwn(located, 'description'), description !== undefined);
        const inReport = report.files[path].mutants.find((m) => m.id === located.id)!;
        t.equal(Object.hasOwn(inReport, 'description'), description !== undefined, `${reveal} ${mutant.id}: in the report too`);
        t.notOk(Object.hasOwn(inReport, 'replacement'), 'no code change in a student report');
      }
    }
  }
  // The wrapping itself, spelled out once.
  const full = phaseDescriptionFiles(result, 'full')[phaseDescriptionPath('mark')].source.split('\n');
  const at = full.indexOf('## mark-long');
  t.same(full.slice(at, at + 11), [
    '## mark-long',
    '',
    `${'x'.repeat(47)} ${'y'.repeat(48)}`,
    'z',
    '',
    `Hint: ${'a'.repeat(42)}`,
    'b'.repeat(48),
    '',
    URL,
    'then some words that wrap',
    '',
  ]);
});

t.test('description files: a blank title or description adds no empty paragraph', async (t) => {
  const result = build(
    ['a'],
    [
      { id: 'blank-title', title: '  \n ', description: 'Said here.', column: ['k'] },
      { id: 'blank-description', title: 'Titled', description: ' ', column: ['s'] },
      { id: 'after', title: 'Last', column: ['s'] },
    ],
  );
  const file = phaseDescriptionFiles(result, 'full')[phaseDescriptionPath('mark')];
  const lines = file.source.split('\n');
  const from = lines.indexOf('## blank-title');
  t.same(lines.slice(from), ['## blank-title', '', 'Said here.', '', '## blank-description', '', 'Titled', '', '## after', '', 'Last', '']);
  // Each section ends at its last written line, never at a blank one.
  const ends = Object.fromEntries(file.mutants.map((m) => [m.id, lines[m.location.end.line - 1]]));
  t.same(ends, { 'blank-title': 'Said here.', 'blank-description': 'Titled', after: 'Last' });
  const blank = phaseDescriptionFiles(result, 'titles')[phaseDescriptionPath('mark')];
  const heading = blank.mutants.find((m) => m.id === 'blank-title')!;
  t.equal(heading.location.end.line, heading.location.start.line, 'a blank title alone: the section is its heading');
});

t.test('languages by file extension (instructor sources)', async (t) => {
  const paths: Record<string, string> = {
    'reference/runtime/gc.c': 'c',
    'reference/runtime/gc.h': 'c',
    'LEGACY/GC.C': 'c',
    'reference/compiler/codegen.ts': 'typescript',
    'lib.d/gc.test.ts': 'typescript',
    'web/app.js': 'javascript',
    'ref/Main.hs': 'haskell',
    'tests/fox.json': 'json',
    'notes/README.md': 'markdown',
    'web.v2/config.yaml': 'plaintext',
    Makefile: 'plaintext',
    'build.d/Makefile': 'plaintext',
    // An extension that names a property every object has is still no language (it once gave
    // Object's constructor, which JSON drops: a report without its required language).
    'src/a.constructor': 'plaintext',
    'src/b.toString': 'plaintext',
    'src/c.__proto__': 'plaintext',
  };
  const specs = Object.keys(paths).map((_, i) => ({ id: `m${i}`, title: `T${i}`, column: ['s'] }));
  const result = build(['a'], specs);
  const files: LocatedFiles = {};
  Object.keys(paths).forEach((path, i) => {
    files[path] = { source: 'x\n', mutants: [{ id: `m${i}`, mutatorName: 'M', location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }] };
  });
  const report = toMutationTestingReport(result, { ...studentSources(result), instructorFullSource: files });
  t.same(Object.fromEntries(Object.entries(report.files).map(([p, f]) => [p, f.language])), paths);
});

t.test('instructor full source: the real files, replacements and descriptions', async (t) => {
  const valid = await validator();
  const result = build(
    ['a', 'b'],
    [
      { id: 'with-all', title: 'Title 1', column: ['k', 's'] },
      { id: 'title-only', title: 'Title 2', column: ['s', 's'] },
      { id: 'bare', column: ['n', 'n'] },
    ],
    'none',
  );
  const source = 'int f(void) {\n  return 1 + 2;\n}\n';
  const loc = (c: number) => ({ start: { line: 2, column: c }, end: { line: 2, column: c + 1 } });
  const files: LocatedFiles = {
    'reference/runtime/f.c': {
      source,
      mutants: [
        { id: 'with-all', mutatorName: 'ArithmeticOperator', location: loc(12), replacement: '-', description: 'plus to minus' },
        { id: 'title-only', mutatorName: 'Literal', location: loc(10), replacement: '' },
        { id: 'bare', mutatorName: 'Literal', location: loc(14) },
      ],
    },
  };
  const report = toMutationTestingReport(result, { ...studentSources(result), instructorFullSource: files });
  t.equal(valid(report), '');
  t.strictSame(JSON.parse(renderMutationJson(report)), report, 'the report object is what mutation.json holds');
  t.same(Object.keys(report.files), ['reference/runtime/f.c'], 'no description files');
  t.equal(report.files['reference/runtime/f.c'].source, source, 'the reference source, verbatim');
  t.same(report.config, { repo: result.repo, dialect: result.dialect, reveal: 'none', source: 'instructor-full-source' });
  const m = (id: string) => allMutants(report).find((x) => x.id === id)!;
  t.equal(m('with-all').replacement, '-');
  t.equal(m('title-only').replacement, '', 'an empty replacement is a deletion, kept');
  t.notOk(Object.hasOwn(m('bare'), 'replacement'), 'no replacement given: none claimed');
  t.same(m('with-all').location, loc(12));
  // The instructor always gets a description, whatever the reveal level.
  t.equal(m('with-all').description, 'plus to minus', "the location's own description first");
  t.equal(m('title-only').description, 'Title 2', "then the mutant's title");
  t.equal(m('bare').description, 'Literal', 'then the mutator name');
  t.same([m('with-all').status, m('title-only').status, m('bare').status], ['Killed', 'Survived', 'NoCoverage']);
});

t.test('mutant lists that do not match: every problem listed in the message', async (t) => {
  const result = build(['a'], [{ id: 'p1', column: ['s'] }, { id: 'p2', column: ['s'] }, { id: 'p3', column: ['s'] }, { id: 'p4', column: ['s'] }, { id: 'p5', column: ['s'] }]);
  const located = (...ids: string[]) => ids.map((id) => ({ id, mutatorName: 'M', location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }));
  const run = (a: string[], b: string[]) => () =>
    toMutationTestingReport(result, { ...studentSources(result), instructorFullSource: { 'a.c': { source: 'x\n', mutants: located(...a) }, 'b.c': { source: 'y\n', mutants: located(...b) } } });
  const prefix = 'fox-grade: mutation report: mutant ids do not match';
  t.doesNotThrow(run(['p1', 'p2', 'p3'], ['p4', 'p5']), 'each mutant once: fine');
  t.throws(run(['p1', 'p2', 'p3'], ['p4', 'p5', 'p2']), { message: `${prefix} (located twice: p2)` }, 'a mutant in two files');
  t.throws(run(['p1', 'p2', 'p3', 'p1'], ['p4', 'p5', 'p2']), { message: `${prefix} (located twice: p1, p2)` });
  t.throws(run(['p1', 'p2', 'p3'], ['p4', 'p5', 'zz', 'yy']), { message: `${prefix} (not in the result: zz, yy)` });
  t.throws(run(['p1', 'p2'], ['p5']), { message: `${prefix} (without a source location: p3, p4)` });
  t.throws(run(['p1', 'p1', 'zz', 'yy'], ['p2', 'p2']), {
    message: `${prefix} (not in the result: zz, yy; without a source location: p3, p4, p5; located twice: p1, p2)`,
  });
});

t.test('test files: located by name (special characters too), other files and an empty test file', async (t) => {
  const valid = await validator();
  const names = ['sum (1+2) * [x]?', 'a.b$', 'plain'];
  const result = build(names, [{ id: 'm1', column: ['k', 's', 's'] }]);
  const source = testFileText(result);
  const report = toMutationTestingReport(result, studentSources(result, source));
  t.equal(valid(report), '');
  const file = report.testFiles![TEST_FILE];
  t.equal(file.source, source);
  const lines = source.split('\n');
  for (const name of names) {
    const test = file.tests.find((x) => x.id === name)!;
    t.ok(test.location, `${name}: located`);
    const { line, column } = test.location!.start;
    t.equal(lines[line - 1].slice(column - 1), `"name": ${JSON.stringify(name)},`, `${name}: at its "name"`);
  }

  // A test of another file is not looked for in the student's test file, even under the same name.
  const other = build(['plain', 'also'], [{ id: 'm1', column: ['k', 's'] }]);
  const text = testFileText(other);
  other.tests[1].file = 'tests/extra.json';
  other.tests[1].originalName = 'plain';
  const report2 = toMutationTestingReport(other, studentSources(other, text));
  t.strictSame(JSON.parse(renderMutationJson(report2)), report2);
  t.same(Object.keys(report2.testFiles!).sort(), ['tests/extra.json', TEST_FILE]);
  t.notOk(Object.hasOwn(report2.testFiles!['tests/extra.json'], 'source'), 'no source for a file the caller did not give');
  t.same(report2.testFiles!['tests/extra.json'].tests, [{ id: 'also', name: 'also' }], 'not located');
  t.ok(report2.testFiles![TEST_FILE].tests[0].location, 'the student file\'s own test is located');

  // No source given: tests listed, none located, no source claimed.
  const report3 = toMutationTestingReport(result, studentSources(result, null));
  t.strictSame(JSON.parse(renderMutationJson(report3)), report3);
  t.strictSame(report3.testFiles, { [TEST_FILE]: { tests: names.map((n) => ({ id: n, name: n })) } });

  // No test from the student's file: the file is still listed, with its text and no tests.
  const empty = build([], [{ id: 'm1', killedBy: [] }]);
  const report4 = toMutationTestingReport(empty, studentSources(empty, '[]\n'));
  t.equal(valid(report4), '');
  t.strictSame(report4.testFiles, { [TEST_FILE]: { source: '[]\n', tests: [] } });
  const report5 = toMutationTestingReport(empty, studentSources(empty, null));
  t.strictSame(report5.testFiles, { [TEST_FILE]: { tests: [] } });
  t.equal(valid(report5), '');
});

const scripts = (html: string) => [...html.matchAll(/<script>([^]*?)<\/script>/g)].map((m) => m[1]);

t.test('mutation.html: title, CSP hashes of its scripts, and the boot script hands the viewer the report', async (t) => {
  const result = build(['a'], [{ id: 'm1', title: '</script><img src=x>', column: ['k'] }]);
  const report = toMutationTestingReport(result, studentSources(result));
  const html = renderMutationHtml(report);
  t.match(html, '<title>Mutation report — fox-grade</title>', 'the default title');
  t.match(html, 'title-postfix="Mutation report — fox-grade"');
  const titled = renderMutationHtml(report, { title: 'bob & co' });
  t.match(titled, '<title>bob &amp; co</title>', 'a given title, escaped');
  t.notMatch(titled, 'Mutation report — fox-grade');

  // Every inline script is allowed by its hash, and nothing else is.
  const csp = decodeHtml(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]);
  const inline = scripts(html);
  t.equal(inline.length, 2, 'the viewer and the boot script');
  const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  t.equal(/script-src ([^;]*)/.exec(csp)![1], hashes.join(' '));
  t.match(csp, /default-src 'none'/);

  // The boot script, run against a stand-in for the page: the viewer element gets the report.
  const app: { report?: unknown } = {};
  const attribute = decodeHtml(/data-report="([^"]*)"/.exec(html)![1]);
  const document = {
    querySelector: (selector: string) => (selector === 'mutation-test-report-app' ? app : null),
    getElementById: (id: string) => (id === 'report-data' ? { dataset: { report: attribute } } : null),
  };
  new Function('document', inline[1])(document);
  t.same(app.report, report);

  // The reporter's page is titled with the repo.
  const sources = studentSources(result);
  const page = mutationHtmlReporter.render(result, { sources });
  t.match(page, `<title>${result.repo} — mutation report</title>`);
  t.equal(mutationJsonReporter.render(result, { sources, reveal: 'none' }), renderMutationJson(toMutationTestingReport(result, sources, { reveal: 'none' })));
});

t.test('mutation.html: the inlined viewer cannot end its script early, and is read once', async (t) => {
  const bundle = 'window.a = "</script><b>";\nwindow.b = "</SCRIPT >";\n';
  let reads = 0;
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(path).endsWith('mutation-test-elements.js')) {
      reads++;
      return bundle;
    }
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  const mod = await t.mockImport<typeof import('../../reports/mutation-json.js')>('../../reports/mutation-json.js', {
    'node:fs': { ...fs, readFileSync },
  });
  const result = build(['a'], [{ id: 'm1', column: ['k'] }]);
  const report = mod.toMutationTestingReport(result, studentSources(result));
  const html = mod.renderMutationHtml(report);
  t.equal((html.match(/<\/script/gi) ?? []).length, 2, 'only the two script elements end');
  t.equal(scripts(html)[0], 'window.a = "<\\/script><b>";\nwindow.b = "<\\/SCRIPT >";\n', 'the same JavaScript, "</" written "<\\/"');
  mod.renderMutationHtml(report);
  t.equal(reads, 1, 'the 230 kB bundle is read once per process');
});

t.test('the reporters: when they are written', async (t) => {
  const result = build(['a'], [{ id: 'm1', column: ['k'] }]);
  const sources = studentSources(result);
  t.equal(mutationJsonReporter.enabledByDefault({}), false, 'mutation.json: not without the test file');
  t.equal(mutationJsonReporter.enabledByDefault({ sources }), true, 'mutation.json: whenever the test file is given');
  t.equal(mutationHtmlReporter.enabledByDefault({ sources }), false, 'mutation.html: only on request');
  t.equal(mutationHtmlReporter.enabledByDefault({}), false);
  t.equal(mutationJsonReporter.unavailable({ sources }), null);
  t.match(mutationHtmlReporter.unavailable({}), /test file/);
});
