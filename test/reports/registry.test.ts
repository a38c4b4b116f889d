import { readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import t from 'tap';
import { renderGradescope } from '../../reports/gradescope.js';
import { renderStudentHtml } from '../../reports/html.js';
import { renderJson } from '../../reports/json.js';
import { renderMutationJson, toMutationTestingReport } from '../../reports/mutation-json.js';
import { reporters, selectReporters, writeReports } from '../../reports/registry.js';
import { loadFixture, mutationSources } from '../fixtures/results/helpers.js';

t.test('the registry: stable names and file names', async (t) => {
  t.same(
    reporters.map((r) => [r.name, r.fileName]),
    [
      ['json', 'result.json'],
      ['html', 'report.html'],
      ['mutation-json', 'mutation.json'],
      ['mutation-html', 'mutation.html'],
      ['gradescope', 'results.json'],
    ],
  );
  t.equal(new Set(reporters.map((r) => r.fileName)).size, reporters.length, 'no two write the same file');
});

t.test('default selection', async (t) => {
  const result = loadFixture('weak');
  t.same(selectReporters(undefined).map((r) => r.name), ['json', 'html'], 'without sources');
  t.same(selectReporters(undefined, { sources: mutationSources(result) }).map((r) => r.name), ['json', 'html', 'mutation-json'], 'with sources');
  t.same(selectReporters(['results.json', 'json']).map((r) => r.name), ['json', 'gradescope'], 'by name or file name, registry order');
});

t.test('errors: unknown format, missing sources', async (t) => {
  t.throws(() => selectReporters(['pdf']), /unknown report format "pdf"; expected one of json \(result\.json\), html \(report\.html\)/);
  t.throws(() => selectReporters(['mutation-json']), /cannot write mutation\.json: it needs the student's test file/);
  t.throws(() => selectReporters(['mutation.html']), /cannot write mutation\.html/);
});

t.test('writeReports writes what it renders and returns the paths', async (t) => {
  const dir = t.testdir({});
  const result = loadFixture('strong');
  const outDir = join(dir, 'nested', 'fox-grade-report');
  const paths = await writeReports(outDir, result);
  t.same(paths, [join(outDir, 'result.json'), join(outDir, 'report.html')]);
  t.ok(paths.every(isAbsolute));
  t.equal(readFileSync(paths[0], 'utf8'), renderJson(result));
  t.equal(readFileSync(paths[1], 'utf8'), renderStudentHtml(result));
  t.same(readdirSync(outDir).sort(), ['report.html', 'result.json'], 'no temporary file left');
});

t.test('writeReports: every format, options passed through', async (t) => {
  const dir = t.testdir({});
  const result = loadFixture('weak');
  const sources = { testFile: mutationSources(result).testFile };
  const paths = await writeReports(dir, result, {
    formats: ['json', 'html', 'mutation-json', 'mutation-html', 'gradescope'],
    sources,
    reveal: 'none',
    maxScore: 20,
    generatedAt: '2026-11-21',
  });
  t.same(paths.map((p) => p.slice(dir.length + 1)), ['result.json', 'report.html', 'mutation.json', 'mutation.html', 'results.json']);
  t.equal(readFileSync(join(dir, 'results.json'), 'utf8'), renderGradescope(result, { maxScore: 20, reveal: 'none' }));
  t.equal(readFileSync(join(dir, 'report.html'), 'utf8'), renderStudentHtml(result, { reveal: 'none', generatedAt: '2026-11-21' }));
  t.equal(readFileSync(join(dir, 'mutation.json'), 'utf8'), renderMutationJson(toMutationTestingReport(result, sources, { reveal: 'none' })));
  t.match(readFileSync(join(dir, 'mutation.html'), 'utf8'), /<mutation-test-report-app/);
});

t.test('the instructor full source is refused with Gradescope results', async (t) => {
  const dir = t.testdir({});
  const result = loadFixture('weak');
  const sources = mutationSources(result);
  t.throws(() => selectReporters(['mutation-json', 'gradescope'], { sources }), { code: 'E_OPTION', message: /cannot be written with Gradescope results/ });
  await t.rejects(writeReports(join(dir, 'out'), result, { formats: ['json', 'gradescope'], sources }), { code: 'E_OPTION' });
  t.same(readdirSync(dir), [], 'nothing written');
  // Without Gradescope the instructor may have it.
  t.same(selectReporters(['mutation-json'], { sources }).map((r) => r.name), ['mutation-json']);
});

t.test('a failing reporter writes nothing', async (t) => {
  const dir = t.testdir({});
  const result = loadFixture('weak');
  const sources = mutationSources(result);
  sources.instructorFullSource['reference/runtime/gc.c'].mutants.pop();
  await t.rejects(writeReports(join(dir, 'out'), result, { sources }), /mutant ids do not match/);
  t.same(readdirSync(dir), [], 'not even the directory');
});
