// `fox-grade REPO` through the CLI: --json on stdout, reports in --out, never inside the repo
// by default, plain progress lines off a terminal, colour only on a terminal without NO_COLOR.
import t from 'tap';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { main } from '../../../../grader/cli/cli.js';
import { makeAjv } from '../../../fixtures/results/helpers.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import { examplesDir } from '../../../../reference/paths.js';

const weak = join(examplesDir, 'student-weak');

t.test('--json prints the result; --out receives result.json, report.html, mutation.json', async (t) => {
  const dir = t.testdir();
  const io = memoryIo({ cwd: dir });
  const code = await main([weak, '--json', '--out', 'r', '--no-minimize'], io);
  t.equal(code, 0);
  const printed = JSON.parse(io.out.join(''));
  t.equal(printed.repo, 'student-weak');
  t.same(JSON.parse(readFileSync(join(dir, 'r', 'result.json'), 'utf8')), printed, 'result.json is the printed object');
  t.ok(existsSync(join(dir, 'r', 'report.html')), 'report.html');

  // mutation.json follows the cross-tool mutation-testing-report-schema; a student's locates each
  // mutant in its phase's description file, not in the reference (test/grader/cli/commands/reveal.test.ts).
  const mutation = JSON.parse(readFileSync(join(dir, 'r', 'mutation.json'), 'utf8'));
  const schemaPath = createRequire(import.meta.url).resolve('mutation-testing-report-schema/mutation-testing-report-schema.json');
  const ajv = await makeAjv();
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  t.ok(validate(mutation), `mutation.json is schema-valid: ${ajv.errorsText(validate.errors)}`);
  t.ok(mutation.files['mutants/mark.md'].mutants.length >= 5, 'mark mutants located in mutants/mark.md');
  t.equal(
    Object.values(mutation.files as Record<string, { mutants: unknown[] }>).reduce((n, f) => n + f.mutants.length, 0),
    printed.mutants.length,
    'every mutant is located',
  );
  t.equal(io.err.join(''), '', 'with --json off a terminal, stderr stays quiet');
});

t.test('the terminal summary, without colour off a terminal', async (t) => {
  const dir = t.testdir();
  const io = memoryIo({ cwd: dir });
  t.equal(await main([weak, '--no-minimize'], io), 0);
  const out = io.out.join('');
  t.match(out, /Score: \d+\/\d+ mutants detected/);
  t.notMatch(out, /\x1b\[/, 'no ANSI codes');
  t.match(io.err.join(''), /^reference runs: 5 to run\nmutant runs: \d+ to run\n$/, 'plain progress lines on stderr, one per phase');
  t.match(out, /reports: fox-grade-report\/result\.json/, 'the default --out is fox-grade-report/ here');

  const tty = memoryIo({ cwd: dir, isTTY: true, env: {} });
  await main([weak, '--no-minimize', '--out', 'tty'], tty);
  t.match(tty.out.join(''), /\x1b\[/, 'colour on a terminal');
  t.match(tty.err.join(''), /\r.*\[#+\.*\]/, 'a progress bar on a terminal');

  const noColor = memoryIo({ cwd: dir, isTTY: true, env: { NO_COLOR: '1' } });
  await main([weak, '--no-minimize', '--out', 'nc'], noColor);
  t.notMatch(noColor.out.join(''), /\x1b\[/, 'NO_COLOR is respected');

  const forced = memoryIo({ cwd: dir, isTTY: false, env: { FORCE_COLOR: '1' } });
  await main([weak, '--no-minimize', '--out', 'fc'], forced);
  t.match(forced.out.join(''), /\x1b\[/, 'FORCE_COLOR colours a pipe');
});

t.test('the default report directory is never inside the student repo', async (t) => {
  const dir = t.testdir();
  cpSync(weak, join(dir, 'repo'), { recursive: true });
  const io = memoryIo({ cwd: join(dir, 'repo') });
  t.equal(await main(['.', '--no-minimize'], io), 2);
  t.match(io.err.join(''), /inside the student repository/);
  t.notOk(existsSync(join(dir, 'repo', 'fox-grade-report')));

  const asked = memoryIo({ cwd: join(dir, 'repo') });
  t.equal(await main(['.', '--no-minimize', '--out', 'fox-grade-report'], asked), 0, 'unless asked');
  t.ok(existsSync(join(dir, 'repo', 'fox-grade-report', 'report.html')));
});

t.test('--no-coverage runs every pair; the detected mutants are the same', async (t) => {
  const dir = t.testdir();
  const run = async (extra: string[]) => {
    const io = memoryIo({ cwd: dir });
    t.equal(await main([weak, '--json', '--no-minimize', '--out', 'o', ...extra], io), 0);
    return JSON.parse(io.out.join(''));
  };
  const skipping = await run([]);
  const every = await run(['--no-coverage', '--no-split-stream']);
  const statuses = (r: { matrix: { cells: Array<Array<{ status: string }>> } }) => new Set(r.matrix.cells.flat().map((c) => c.status));
  t.ok(statuses(skipping).has('no-coverage'), 'by default, pairs that cannot kill are not run');
  t.notOk(statuses(every).has('no-coverage'), 'with --no-coverage every pair runs');
  t.same(every.mutants, skipping.mutants, 'the same mutants are detected, by the same tests');
  t.same(every.score, skipping.score);
});

t.test('--mutation-html adds the published viewer, self-contained', async (t) => {
  const dir = t.testdir();
  const io = memoryIo({ cwd: dir });
  t.equal(await main([weak, '--no-minimize', '--mutation-html', '--out', 'r'], io), 0);
  const html = readFileSync(join(dir, 'r', 'mutation.html'), 'utf8');
  t.match(html, 'mutation-test-report-app');
  t.notMatch(html, /<script[^>]+src=["']https?:/, 'no script fetched from the network');
});
