// Progress on stderr: a bar on a terminal, one plain line per phase otherwise, nothing with --json
// off a terminal, and never anything on stdout.
import t from 'tap';
import { memoryIo } from '../../../grader/cli/io.js';
import { progressReporter } from '../../../grader/cli/progress.js';

function drive(io: ReturnType<typeof memoryIo>, json = false) {
  const p = progressReporter(io, { json });
  for (let i = 1; i <= 4; i++) p.update('reference runs', i, 4);
  for (let i = 1; i <= 200; i++) p.update('mutant runs', i, 200);
  p.done();
}

t.test('off a terminal: one line per phase', async (t) => {
  const io = memoryIo();
  drive(io);
  t.equal(io.err.join(''), 'reference runs: 4 to run\nmutant runs: 200 to run\n');
  t.same(io.out, []);
});

t.test('--json off a terminal: nothing at all', async (t) => {
  const io = memoryIo();
  drive(io, true);
  t.same(io.err, []);
  t.same(io.out, []);
});

t.test('on a terminal: a bar per phase, redrawn only when it changes, ended by done()', async (t) => {
  const io = memoryIo({ isTTY: false, stderrIsTTY: true });
  drive(io);
  const err = io.err.join('');
  t.match(err, /\rreference runs +\[#{30}\] 4\/4\n/);
  t.match(err, /\rmutant runs +\[#{30}\] 200\/200\n$/);
  t.match(err, /\rmutant runs +\[#{15}\.{15}\] 100\/200/);
  t.ok(io.err.length <= 4 + 200 + 2, 'at most one write per update');
  t.same(io.out, [], 'stdout untouched even when it is not a terminal');
});

t.test('a bar on a terminal even with --json (stdout is for the JSON)', async (t) => {
  const io = memoryIo({ isTTY: true });
  drive(io, true);
  t.match(io.err.join(''), /\[#+\]/);
  t.same(io.out, []);
});
