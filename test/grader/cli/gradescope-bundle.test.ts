// The Gradescope autograder zip: its entries, and its run_autograder run the way Gradescope runs
// it (AUTOGRADER_ROOT stands for /autograder; fox-grade "installed" as this checkout's build).
import t from 'tap';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import yauzl from 'yauzl';
import { main } from '../../../grader/cli/cli.js';
import { memoryIo } from '../../../grader/cli/io.js';
import { examplesDir, projectRoot } from '../../../reference/paths.js';
import { makeAjv } from '../../fixtures/results/helpers.js';

/** Every entry of a zip, by name. */
function unzip(file: string): Promise<Map<string, { data: Buffer; mode: number }>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return fail(error);
      const entries = new Map<string, { data: Buffer; mode: number }>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return fail(err);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, { data: Buffer.concat(chunks), mode: (entry.externalFileAttributes >>> 16) & 0o777 });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => done(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

t.test('the bundle, and run_autograder on a submission', async (t) => {
  const dir = t.testdir({ hidden: { 'secret.json': JSON.stringify([{ name: 's', code: 'file', result: { value: '1' } }]), input: { 's.fox': '1' } } });
  const io = memoryIo({ cwd: dir });
  t.equal(await main(['gradescope-bundle', '--out', 'ag.zip', '--suite', 'hidden/secret.json', '--reveal', 'none'], io), 0);

  const entries = await unzip(join(dir, 'ag.zip'));
  const names = [...entries.keys()];
  t.ok(names.includes('setup.sh') && names.includes('run_autograder'), "Gradescope's two scripts");
  t.equal(entries.get('run_autograder')?.mode, 0o755, 'executable');
  t.ok(names.some((n) => /^fox-grade-[\d.]+\.tgz$/.test(n)), 'fox-grade itself, packed');
  t.ok(names.includes('suites/suite-1/secret.json') && names.includes('suites/suite-1/input/s.fox'), 'the hidden suite with its inputs');
  const run = entries.get('run_autograder')!.data.toString();
  t.match(run, '--reveal none');
  t.match(run, '--gc --suite "$SOURCE/suites/suite-1/secret.json"');

  // /autograder as Gradescope lays it out: source/ (the zip), submission/ (the upload).
  const root = join(dir, 'autograder');
  mkdirSync(join(root, 'source'), { recursive: true });
  for (const [name, { data, mode }] of entries) {
    mkdirSync(join(root, 'source', name, '..'), { recursive: true });
    writeFileSync(join(root, 'source', name), data);
    chmodSync(join(root, 'source', name), mode || 0o644);
  }
  mkdirSync(join(root, 'fox-grade', 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(projectRoot, 'dist', 'grader', 'bin.js'), join(root, 'fox-grade', 'node_modules', '.bin', 'fox-grade'));
  // A student who zipped the repository inside a folder, as students do.
  cpSync(join(examplesDir, 'student-weak'), join(root, 'submission', 'my-repo'), { recursive: true });
  cpSync(join(examplesDir, 'collectors', 'correct-mark-stack', 'c-bits'), join(root, 'submission', 'my-repo', 'c-bits'), { recursive: true });

  const result = await execa('bash', [join(root, 'source', 'run_autograder')], { env: { AUTOGRADER_ROOT: root }, reject: false });
  t.equal(result.exitCode, 0);
  const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8'));
  const ajv = await makeAjv();
  const schema = JSON.parse(readFileSync(join(projectRoot, 'test', 'reports', 'gradescope-results.schema.json'), 'utf8'));
  const validate = ajv.compile(schema);
  t.ok(validate(results), `results.json follows Gradescope's format: ${ajv.errorsText(validate.errors)}`);
  t.ok(results.score > 0 && results.score < 100, `a partial score (${results.score})`);
  t.notMatch(JSON.stringify(results), /"code"|secret\.json.*"1"/, 'the hidden suite shows no code');

  // A submission that cannot be graded still gets a results.json saying why.
  const empty = join(dir, 'empty');
  mkdirSync(join(empty, 'source'), { recursive: true });
  cpSync(join(root, 'source'), join(empty, 'source'), { recursive: true });
  cpSync(join(root, 'fox-grade'), join(empty, 'fox-grade'), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(empty, 'submission'));
  await execa('bash', [join(empty, 'source', 'run_autograder')], { env: { AUTOGRADER_ROOT: empty } });
  const failed = JSON.parse(readFileSync(join(empty, 'results', 'results.json'), 'utf8'));
  t.equal(failed.score, 0);
  t.match(failed.output, /could not grade this submission:.*has no tests\/yourTests\.json/s);
});

t.test('without bubblewrap, run_autograder grades the collector as a user who cannot read the autograder', { skip: process.getuid?.() !== 0 && 'needs root (as on Gradescope)' }, async (t) => {
  const dir = t.testdir();
  const io = memoryIo({ cwd: dir });
  t.equal(await main(['gradescope-bundle', '--out', 'ag.zip', '--gc'], io), 0);
  const root = join(dir, 'autograder');
  for (const [name, { data, mode }] of await unzip(join(dir, 'ag.zip'))) {
    mkdirSync(join(root, 'source', name, '..'), { recursive: true });
    writeFileSync(join(root, 'source', name), data);
    chmodSync(join(root, 'source', name), mode || 0o644);
  }
  // fox-grade installed under the autograder, as setup.sh's npm install does (its package files,
  // the dependencies linked): its project root, and so its cache, are there.
  const installed = join(root, 'fox-grade', 'node_modules', 'fox-grade');
  for (const part of ['package.json', 'dist', 'reference/runtime', 'reference/diagnose', 'reference/compiler', 'suites', 'reports/templates']) {
    cpSync(join(projectRoot, part), join(installed, part), { recursive: true });
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(installed, 'node_modules'));
  mkdirSync(join(root, 'fox-grade', 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(installed, 'dist', 'grader', 'bin.js'), join(root, 'fox-grade', 'node_modules', '.bin', 'fox-grade'));
  cpSync(join(examplesDir, 'student-weak'), join(root, 'submission'), { recursive: true });
  cpSync(join(examplesDir, 'collectors', 'correct-mark-stack', 'c-bits'), join(root, 'submission', 'c-bits'), { recursive: true });

  const env = { AUTOGRADER_ROOT: root, FOX_GRADE_BWRAP: '/nonexistent/bwrap', FOX_GRADE_CACHE: '' };
  delete (env as Record<string, string | undefined>).FOX_GRADE_CACHE;
  const result = await execa('bash', [join(root, 'source', 'run_autograder')], { env, reject: false });
  t.equal(result.exitCode, 0);
  const summary = readFileSync(join(root, 'fox-grade-report', 'summary.txt'), 'utf8');
  t.notMatch(summary, /refusing to run student C/, 'student C was not refused');
  const report = JSON.parse(readFileSync(join(root, 'fox-grade-report', 'result.json'), 'utf8'));
  t.equal(report.collector?.containment, 'user', `the collector ran as the fallback user: ${report.collector?.verdict}`);
  t.match(report.collector?.verdict, /^passed \d+\/\d+ tests/);
  t.ok(JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')).score > 0);

  // Any other user (the fallback's uids included) reads nothing of the autograder.
  const asOther = (file: string) => execa('setpriv', ['--reuid=1900000007', '--regid=1900000007', '--clear-groups', 'cat', file], { reject: false });
  for (const file of [join(root, 'source', 'run_autograder'), join(installed, 'reference', 'runtime', 'gc.c'), join(installed, 'package.json')]) {
    t.not((await asOther(file)).exitCode, 0, `${file} is unreadable`);
  }
});
