// Secrecy (issue 13): at every reveal level, nothing a student receives — the terminal, result.json,
// report.html, mutation.json, mutation.html, Gradescope's results.json — holds a line of the
// reference runtime (gc.c, main.c, types.c), of the compiler's GC code generation, or a mutant's
// code change. Only --instructor-full-source writes them, and never with --gradescope.
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { main } from '../../../../grader/cli/cli.js';
import { gradeArguments, writeGradescopeBundle } from '../../../../grader/cli/gradescope-bundle.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import { mutants } from '../../../../mutants/registry.js';
import { examplesDir } from '../../../../reference/paths.js';
import { reveals } from '../../../../reports/view.js';
import { decodeHtml, makeAjv } from '../../../fixtures/results/helpers.js';
import { secretLines as allSecrets, secretsIn } from '../../../fixtures/secrets.js';

const weak = join(examplesDir, 'student-weak');
const require = createRequire(import.meta.url);


// mutation.html inlines the third-party viewer (the same bytes at every level); its code is not ours to search.
const viewer = readFileSync(require.resolve('mutation-testing-elements/dist/mutation-test-elements.js'), 'utf8').replace(/<\/(script)/gi, '<\\/$1');

/** `file: origin: line` for each secret found in the texts, raw, JSON-escaped or HTML-escaped. */
function leaks(texts: Record<string, string>, secrets: Map<string, string>): string[] {
  const decoded = Object.fromEntries(Object.entries(texts).map(([name, raw]) => {
    const text = raw.split(viewer).join('');
    return [name, `${text}\n${decodeHtml(text)}`];
  }));
  return secretsIn(decoded, secrets);
}

async function grade(args: string[]) {
  const dir = t.testdir();
  const io = memoryIo({ cwd: dir });
  const code = await main([weak, '--out', 'r', '--no-minimize', '--jobs', '2', ...args], io);
  const out = join(dir, 'r');
  const texts: Record<string, string> = { terminal: io.out.join('') + io.err.join('') };
  if (existsSync(out)) for (const name of readdirSync(out)) texts[name] = readFileSync(join(out, name), 'utf8');
  return { code, texts, io };
}

const secretLines = allSecrets();

t.test('the secret list is what it should be', async (t) => {
  t.ok([...secretLines.values()].filter((o) => o === 'gc.c').length > 100, 'gc.c lines');
  t.ok(secretLines.has('if (tuple_at(block, i) & 1)'), 'a replacement');
  t.ok([...secretLines.values()].some((o) => o === 'codegen.ts'), 'the code generation');
  t.notOk(secretLines.has('}'), 'no bare punctuation');
});

t.test('every reveal level: no reference source and no code change in any file written', async (t) => {
  const ajv = await makeAjv();
  const validate = ajv.compile(JSON.parse(readFileSync(require.resolve('mutation-testing-report-schema/mutation-testing-report-schema.json'), 'utf8')));
  for (const reveal of reveals) {
    const { code, texts } = await grade(['--reveal', reveal, '--mutation-html', '--gradescope']);
    t.equal(code, 0, `${reveal}: graded`);
    t.same(Object.keys(texts).sort(), ['mutation.html', 'mutation.json', 'report.html', 'result.json', 'results.json', 'terminal'], `${reveal}: every artifact written`);
    t.same(leaks(texts, secretLines), [], `${reveal}: nothing of the solution`);
    const mutation = JSON.parse(texts['mutation.json']);
    t.ok(validate(mutation), `${reveal}: mutation.json schema-valid: ${ajv.errorsText(validate.errors)}`);
    const located = Object.values(mutation.files as Record<string, { mutants: Array<{ id: string }> }>).flatMap((f) => f.mutants.map((m) => m.id));
    t.same(located.sort(), mutants.map((m) => m.id).sort(), `${reveal}: every mutant located`);
    const title = mutants[0].title;
    t.equal(texts['mutation.json'].includes(title), reveal !== 'none', `${reveal}: titles as the level allows`);
    t.equal(JSON.parse(texts['result.json']).reveal, reveal);
  }
});

t.test('--instructor-full-source: the reference and the code changes, for instructors only', async (t) => {
  const { code, texts, io } = await grade(['--instructor-full-source', '--mutation-html']);
  t.equal(code, 0);
  t.match(io.err.join(''), /r holds the reference sources \(the solution\) in mutation\.json: do not give it to students/);
  const found = leaks(texts, secretLines);
  // The check above can fail: here the solution is there, in mutation.json and its viewer only.
  t.ok(found.some((l) => l.startsWith('mutation.json: gc.c:')), 'gc.c in mutation.json');
  t.ok(found.some((l) => l.startsWith('mutation.html: gc.c:')), 'gc.c in mutation.html');
  t.ok(found.some((l) => l.startsWith('mutation.json: replacement of mark-bools-as-pointers:')), 'a replacement');
  t.same(found.filter((l) => !/^mutation\.(json|html): /.test(l)), [], 'nowhere else');
  const mutation = JSON.parse(texts['mutation.json']);
  t.equal(mutation.config.source, 'instructor-full-source');
  const multi = mutation.files['reference/runtime/gc.c'].mutants.find((m: { id: string }) => m.id === 'mark-bools-as-pointers');
  t.match(multi.replacement, /^if \(tuple_at\(block, i\) & 1\)[^]*& 1\)\)$/, 'both patches in the drawn replacement');
});

t.test('--instructor-full-source is refused with --gradescope, before grading', async (t) => {
  const { code, texts, io } = await grade(['--instructor-full-source', '--gradescope']);
  t.equal(code, 2);
  t.match(io.err.join(''), /cannot be written with Gradescope results[^]*remedy: Drop --instructor-full-source/);
  t.same(Object.keys(texts), ['terminal'], 'no report directory');
  t.equal(io.err.join('').includes('reference runs'), false, 'nothing graded');

  const bundle = memoryIo({ cwd: t.testdir() });
  t.equal(await main(['gradescope-bundle', '--instructor-full-source'], bundle), 2, 'and in a Gradescope bundle');
  t.match(bundle.err.join(''), /cannot be written with Gradescope results/);
  const out = join(t.testdir(), 'ag.zip');
  await t.rejects(writeGradescopeBundle({ out, instructorFullSource: true }), { code: 'E_OPTION' }, 'the API refuses too');
  t.notOk(existsSync(out), 'no zip');
  t.notOk(gradeArguments({}, []).some((a) => a.includes('instructor')), 'run_autograder never asks for it');
});
