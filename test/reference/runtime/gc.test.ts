// The collector's phases, one by one, on fake heaps and stacks (gc_harness.c).
import t from 'tap';
import { runHarness } from './fixtures/harness.js';

const r = await runHarness('gc_harness.c', ['gc.c', 'types.c'], t.testdir());

t.equal(r.exitCode, 0, 'the harness ran to the end without a failed check', { stderr: r.stderr });
const lines = r.stdout.split('\n').filter((l) => l !== '');
t.match(lines.at(-1), /^done \d+$/, 'the harness finished');
const results = lines.filter((l) => /^(not )?ok - /.test(l));
t.equal(results.length, Number(lines.at(-1)?.split(' ')[1]), 'every check reported');
t.ok(results.length >= 50, 'all the scenarios ran');
for (const line of results) t.ok(line.startsWith('ok - '), line.replace(/^(not )?ok - /, ''), { line });
