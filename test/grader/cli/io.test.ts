// grader/cli/io.ts: the process's streams as the CLI sees them.
import t from 'tap';
import { execa } from 'execa';
import { join } from 'node:path';
import { projectRoot } from '../../../reference/paths.js';
import { memoryIo } from '../../../grader/cli/io.js';

const bin = join(projectRoot, 'dist', 'grader', 'bin.js');

t.test('a reader that closes the pipe early (| head) gets no EPIPE stack trace', async (t) => {
  // --help is longer than one pipe write; `head -c 1` exits after the first byte.
  const r = await execa('sh', ['-c', `"${process.execPath}" "${bin}" --help | head -c 1 >/dev/null; "${process.execPath}" "${bin}" --help | head -c 1`], { reject: false });
  t.equal(r.exitCode, 0);
  t.equal(r.stdout, 'U', 'the first byte of "Usage:"');
  t.notMatch(r.stderr, /EPIPE|Unhandled 'error' event/);
});

t.test('memoryIo records what the command writes', async (t) => {
  const io = memoryIo();
  io.stdout('a');
  io.stderr('b');
  t.same([io.out, io.err], [['a'], ['b']]);
});
