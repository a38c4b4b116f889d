import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import { applyPatches } from '../../mutants/mutant.js';
import { mutants } from '../../mutants/registry.js';
import { mutationSources as catalogSources, referenceLocations } from '../../mutants/report-sources.js';
import { phaseDescriptionPath, renderMutationHtml, renderMutationJson, toMutationTestingReport } from '../../reports/mutation-json.js';
import { reveals } from '../../reports/view.js';
import { decodeHtml, loadFixture, makeAjv, mutationSources, testFileText } from '../fixtures/results/helpers.js';

const schemaPath = createRequire(import.meta.url).resolve('mutation-testing-report-schema/mutation-testing-report-schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));


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
  sources.instructorFullSource['reference/runtime/gc.c'].mutants.pop();
  t.throws(() => toMutationTestingReport(result, sources), /without a source location: compact-4/);
  const extra = mutationSources(result);
  extra.instructorFullSource['reference/runtime/types.c'].mutants.push({ ...extra.instructorFullSource['reference/runtime/types.c'].mutants[0], id: 'print-9' });
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
  t.same(JSON.parse(decodeHtml(attribute)), report);
  t.notMatch(html, /<script[^>]+src=/);
});

t.test('student report: each mutant in its phase description file, as the level allows', async (t) => {
  const ajv = await makeAjv();
  const validate = ajv.compile(schema);
  const result = loadFixture('strong');
  const sources = { testFile: mutationSources(result).testFile };
  const byId = new Map(result.mutants.map((m) => [m.id, m]));
  const phases = [...new Set(result.mutants.map((m) => m.phase))];
  for (const reveal of reveals) {
    const report = toMutationTestingReport(result, sources, { reveal });
    t.ok(validate(report), `${reveal}: ${ajv.errorsText(validate.errors)}`);
    t.same(Object.keys(report.files).sort(), phases.map(phaseDescriptionPath).sort(), `${reveal}: one file per phase`);
    t.same(report.config, { repo: result.repo, dialect: result.dialect, reveal, source: 'phase-descriptions' });
    const text = renderMutationJson(report);
    t.notMatch(text, /reference\/|"replacement"/, `${reveal}: no reference path, no replacement`);
    for (const [path, file] of Object.entries(report.files)) {
      t.equal(file.language, 'markdown');
      const lines = file.source.split('\n');
      for (const mutant of file.mutants) {
        const m = byId.get(mutant.id)!;
        t.equal(path, phaseDescriptionPath(m.phase), `${mutant.id}: in its phase's file`);
        t.equal(lines[mutant.location.start.line - 1], `## ${mutant.id}`, `${mutant.id}: located at its heading`);
        const section = lines.slice(mutant.location.start.line - 1, mutant.location.end.line).join('\n');
        t.equal(mutant.location.end.column, lines[mutant.location.end.line - 1].length + 1);
        const catalog = { title: 'x', ...m };
        // The fixture's result was written at `full`: every field is there to be hidden.
        t.equal(section.includes(catalog.title), reveal !== 'none', `${reveal} ${mutant.id}: title`);
        t.equal(section.includes('Hint:'), reveal === 'hints' || reveal === 'full', `${reveal} ${mutant.id}: hint`);
        if (m.description) t.equal(section.includes(m.description.split(' ').slice(0, 4).join(' ')), reveal === 'full', `${reveal} ${mutant.id}: description`);
        t.equal(mutant.mutatorName, reveal === 'none' ? m.phase : `${m.phase}: ${m.title}`);
        t.equal(mutant.description, reveal === 'none' ? undefined : reveal === 'full' ? m.description : m.title);
      }
    }
  }
  // The same statuses as the instructor's report.
  const student = toMutationTestingReport(result, sources);
  const instructor = toMutationTestingReport(result, mutationSources(result));
  const statuses = (r: typeof student) =>
    Object.fromEntries(Object.values(r.files).flatMap((f) => f.mutants.map((m) => [m.id, [m.status, m.killedBy, m.coveredBy, m.statusReason]])));
  t.same(statuses(student), statuses(instructor));
});

t.test('instructor report: each replacement turns the reference into the mutant (multi-patch included)', async (t) => {
  const files = referenceLocations();
  const runtime = mutants.filter((m) => m.kind === 'runtime');
  t.ok(runtime.some((m) => m.kind === 'runtime' && m.patches.length > 1), 'the catalog has a mutant with several patches');
  for (const mutant of runtime) {
    if (mutant.kind !== 'runtime') continue;
    const path = `reference/runtime/${mutant.patches[0].file}`;
    const located = files[path].mutants.find((m) => m.id === mutant.id)!;
    const source = files[path].source;
    const offset = (p: { line: number; column: number }) => source.split('\n').slice(0, p.line - 1).join('\n').length + (p.line > 1 ? 1 : 0) + p.column - 1;
    const drawn = source.slice(0, offset(located.location.start)) + located.replacement + source.slice(offset(located.location.end));
    t.equal(drawn, applyPatches(mutant)[mutant.patches[0].file], `${mutant.id}: the viewer's mutated file is the mutant's`);
  }
  const multi = files['reference/runtime/gc.c'].mutants.find((m) => m.id === 'mark-bools-as-pointers')!;
  t.match(multi.replacement, /^if \(tuple_at\(block, i\) & 1\)[^]*if \(n > 0 && \(tuple_at\(block, n - 1\) & 1\)\)$/);
  t.ok(multi.replacement!.split('\n').length > 2, 'the code between the two patches is kept');
});

t.test('mutation.json is schema-valid from the real catalog, student and instructor', async (t) => {
  const ajv = await makeAjv();
  const validate = ajv.compile(schema);
  const result = loadFixture('weak');
  // The fixture's ids are not the catalog's: give the result the catalog's mutants.
  result.mutants = mutants.map((m) => ({ id: m.id, title: m.title, phase: m.phase, kind: m.kind, status: 'survived', killedBy: [] }));
  result.matrix = { tests: [], mutants: mutants.map((m) => m.id), cells: [] };
  const testFile = { path: 'tests/yourTests.json', source: '[]\n' };
  for (const instructorFullSource of [false, true]) {
    const report = toMutationTestingReport(result, catalogSources(testFile, { instructorFullSource }));
    t.ok(validate(report), `instructorFullSource ${instructorFullSource}: ${ajv.errorsText(validate.errors)}`);
    t.equal(Object.keys(report.files).some((p) => p.startsWith('reference/')), instructorFullSource);
  }
});
