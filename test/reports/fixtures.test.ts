// The fixtures every reporter test uses: they must be consistent GradeResults, match their
// generator, and type-check against grader/result.ts (tap runs TypeScript without type
// checking, so the check runs the compiler here, on the JSON text as an object literal).
import { join } from 'node:path';
import t from 'tap';
import ts from 'typescript';
import { fixtureTexts } from '../fixtures/results/generate.js';
import { fixtureText, fixturesDir, loadFixture, projectRoot, resultProblems, type FixtureName } from '../fixtures/results/helpers.js';

const names: FixtureName[] = ['strong', 'weak', 'medium'];

/**
 * Type errors of `const fixture: GradeResult = <json>;`, one list per JSON text, each compiled
 * as a module next to this test. One program for all of them: the compiler's start-up (the
 * standard library) is the slow part.
 */
function typeErrors(...jsons: string[]): string[][] {
  const files = new Map(
    jsons.map((json, i) => [
      join(projectRoot, 'test', 'reports', `__fixture_check_${i}__.ts`),
      `import type { GradeResult } from '../../grader/result.js';\nexport const fixture: GradeResult = ${json};\n`,
    ]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].map((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
}

t.test('fixtures are consistent GradeResults', async (t) => {
  for (const name of names) {
    t.same(resultProblems(loadFixture(name)), [], `${name}.json`);
  }
  // The check itself finds problems: break one fact that is stated twice.
  const broken = loadFixture('strong');
  broken.mutants[0].killedBy = [];
  t.match(resultProblems(broken), [/mark-1: killedBy disagrees/]);
});

t.test('fixtures match their generator', async (t) => {
  const generated = fixtureTexts();
  t.same(Object.keys(generated).sort(), names.map((n) => `${n}.json`).sort());
  for (const name of names) {
    t.equal(fixtureText(name), generated[`${name}.json`], `${name}.json is up to date (regenerate: see generate.ts)`);
  }
});

t.test('fixtures have the shapes the brief asks for', async (t) => {
  const strong = loadFixture('strong');
  const weak = loadFixture('weak');
  t.equal(strong.score.validTests, 12);
  t.equal(strong.score.invalidTests, 1);
  t.equal(weak.tests.length, 6);
  t.equal(weak.score.invalidTests, 2);
  t.equal(strong.mutants.length, 34);
  t.ok(strong.score.killed > 28, 'strong: most mutants killed');
  t.ok(weak.score.total - weak.score.killed > 20, 'weak: many survivors');
  const statuses = new Set([...strong.matrix.cells, ...weak.matrix.cells].flat().map((c) => c.status));
  t.same([...statuses].sort(), ['killed', 'no-coverage', 'survived', 'timeout']);
  const reasons = new Set([...strong.matrix.cells, ...weak.matrix.cells].flat().map((c) => c.reason));
  for (const reason of ['wrong value', 'missing "out of memory"', 'killed by SIGSEGV', 'timeout', 'no collection happens']) {
    t.ok(reasons.has(reason), `some cell has reason ${reason}`);
  }
  t.same(new Set(strong.mutants.map((m) => m.phase)).size, 8, 'all eight phases');
});

t.test('fixtures type-check against grader/result.ts', async (t) => {
  // The check can fail: a cell status outside CellStatus, and a missing required key.
  const badStatus = fixtureText('weak').replace('"status": "survived"', '"status": "dead"');
  const missingKey = fixtureText('weak').replace(/\n {2}"repo": "fox-bob",/, '');
  const [strong, weak, medium, bad, missing] = typeErrors(...names.map(fixtureText), badStatus, missingKey);
  t.same(strong, [], 'strong.json is a GradeResult');
  t.same(weak, [], 'weak.json is a GradeResult');
  t.same(medium, [], 'medium.json is a GradeResult');
  t.match(bad.join('\n'), /"dead"/);
  t.match(missing.join('\n'), /repo/);
  t.ok(fixturesDir.endsWith('/test/fixtures/results/'));
});
