// grader/bin.ts: the installed command (dist/, built by scripts/setup before the tests). `--version`
// alone is answered before the CLI loads, so it must say exactly what the CLI would; anything else
// goes to the CLI.
import t from 'tap';
import { execa } from 'execa';
import { join } from 'node:path';
import { projectRoot } from '../../reference/paths.js';
import { main } from '../../grader/cli/cli.js';
import { memoryIo } from '../../grader/cli/io.js';

const bin = join(projectRoot, 'dist', 'grader', 'bin.js');

t.test('--version and -V print what the CLI prints, with status 0', async (t) => {
  const io = memoryIo();
  t.equal(await main(['--version'], io), 0);
  for (const flag of ['--version', '-V']) {
    const r = await execa(process.execPath, [bin, flag], { reject: false });
    t.equal(r.exitCode, 0);
    t.equal(`${r.stdout}\n`, io.out.join(''), `${flag}: the CLI's own answer`);
  }
});

t.test('anything else reaches the CLI: --help, an unknown option', async (t) => {
  const help = await execa(process.execPath, [bin, '--help'], { reject: false });
  t.equal(help.exitCode, 0);
  t.match(help.stdout, /^Usage: fox-grade/);
  const unknown = await execa(process.execPath, [bin, '--bogus'], { reject: false });
  t.equal(unknown.exitCode, 2, 'commander parses it, and refuses it');
  t.match(unknown.stderr, /unknown option '--bogus'/);
});
