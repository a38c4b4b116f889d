import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import { renderMutationHtml, renderMutationJson, toMutationTestingReport } from '../../reports/mutation-json.js';
import { loadFixture, makeAjv, mutationSources, testFileText } from '../fixtures/results/helpers.js';

const schemaPath = createRequire(import.meta.url).resolve('mutation-testing-report-schema/mutation-testing-report-schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

const decodeAttribute = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

t.test('valid against the mutation-testing-report-schema (draft-07)', async (t) => {
  const ajv = await makeAjv();
  t.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const validate = ajv.compile(schema);
  for (const name of ['strong', 'weak'] as const) {
    const result = loadFixture(name);
    const report = toMutationTestingReport(result, mutationSources(result));
    t.ok(validate(report), `${name}: ${ajv.errorsText(validate.errors)}`);
    t.ok(validate(JSON.parse(renderMutationJson(report))), `${name}: rendered JSON`);
  }
  // The validation can fail: a status outside the schema's enum.
  const result = loadFixture('weak');
  const report = toMutationTestingReport(result, mutationSources(result));
  (Object.values(report.files)[0].mutants[0] as { status: string }).status = 'Dead';
  t.notOk(validate(report));
});

t.test('statuses, killedBy and coveredBy come from the result', async (t) => {
  const result = loadFixture('strong');
  const report = toMutationTestingReport(result, mutationSources(result));
  t.equal(report.schemaVersion, '2');
  t.same(report.thresholds, { high: 80, low: 60 });
  t.same(Object.keys(report.files).sort(), ['reference/compiler/codegen.ts', 'reference/runtime/gc.c', 'reference/runtime/main.c', 'reference/runtime/types.c']);
  t.equal(report.files['reference/runtime/gc.c'].language, 'c');
  t.equal(report.files['reference/compiler/codegen.ts'].language, 'typescript');
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  t.equal(all.length, 34);
  const m = (id: string) => all.find((x) => x.id === id)!;
  t.same([m('mark-1').status, m('mark-1').killedBy], ['Killed', ['list-sum-tight', 'list-build', 'list-build#2']]);
  t.match(m('mark-1').statusReason, 'wrong value (list-sum-tight, list-build, list-build#2)');
  t.same([m('mark-4').status, m('mark-4').killedBy], ['Timeout', ['shared-dag']], 'detected only by a timeout');
  t.equal(m('compact-2').status, 'Killed', 'a kill and a timeout: killed');
  t.equal(m('compact-1').status, 'Survived');
  t.equal(m('compact-1').killedBy!.length, 0);
  t.notOk(m('mark-1').coveredBy!.includes('no-gc-arith'), 'a no-coverage cell does not cover');
  t.ok(m('print-2').coveredBy!.includes('no-gc-arith'));
  t.equal(m('mark-1').testsCompleted, 12);
  for (const mutant of all) {
    t.same(mutant.killedBy, result.mutants.find((x) => x.id === mutant.id)!.killedBy, `${mutant.id}: killedBy`);
  }
  // No valid test reaches it: NoCoverage.
  const uncovered = loadFixture('weak');
  const j = uncovered.matrix.mutants.indexOf('compact-3');
  for (const row of uncovered.matrix.cells) row[j] = { status: 'no-coverage', reason: 'no collection happens' };
  const report2 = toMutationTestingReport(uncovered, mutationSources(uncovered));
  t.equal(Object.values(report2.files).flatMap((f) => f.mutants).find((x) => x.id === 'compact-3')!.status, 'NoCoverage');
});

t.test('one test per student test, located in the test file', async (t) => {
  const result = loadFixture('strong');
  const source = testFileText(result);
  const report = toMutationTestingReport(result, mutationSources(result, source));
  const file = report.testFiles!['tests/yourTests.json'];
  t.equal(file.source, source);
  t.same(file.tests.map((x) => x.id), result.tests.map((x) => x.name));
  t.same(file.tests.map((x) => x.name), result.tests.map((x) => x.name));
  const lines = source.split('\n');
  const at = (id: string) => file.tests.find((x) => x.id === id)!.location!.start;
  t.match(lines[at('list-build').line - 1].slice(at('list-build').column - 1), /^"name": "list-build"/);
  t.ok(at('list-build#2').line > at('list-build').line, 'a repeated name: its own occurrence');
  t.match(lines[at('list-build#2').line - 1].slice(at('list-build#2').column - 1), /^"name": "list-build"/);
  const killers = new Set(Object.values(report.files).flatMap((f) => f.mutants.flatMap((m) => m.killedBy ?? [])));
  const ids = new Set(file.tests.map((x) => x.id));
  t.same([...killers].filter((k) => !ids.has(k)), [], 'every killedBy id is a test id');
});

t.test('mutant lists that do not match are an error', async (t) => {
  const result = loadFixture('weak');
  const sources = mutationSources(result);
  sources.files['reference/runtime/gc.c'].mutants.pop();
  t.throws(() => toMutationTestingReport(result, sources), /without a source location: compact-4/);
  const extra = mutationSources(result);
  extra.files['reference/runtime/types.c'].mutants.push({ ...extra.files['reference/runtime/types.c'].mutants[0], id: 'print-9' });
  t.throws(() => toMutationTestingReport(result, extra), /not in the result: print-9/);
});

t.test('mutation.html: the viewer and the report inline, student text inert', async (t) => {
  const result = loadFixture('weak');
  const report = toMutationTestingReport(result, mutationSources(result));
  const html = renderMutationHtml(report);
  t.ok(html.length > 200_000, 'mutation-testing-elements inlined');
  t.equal((html.match(/<\/script/gi) ?? []).length, 2, 'only the two script elements end');
  t.notMatch(html, /<img/);
  const attribute = /data-report="([^"]*)"/.exec(html)![1];
  t.same(JSON.parse(decodeAttribute(attribute)), report);
  t.notMatch(html, /<script[^>]+src=/);
});
