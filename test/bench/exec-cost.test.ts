// bench/exec-cost.ts: the cost of one program start, and the exec share of a command.
import t from 'tap';
import { execShare, measureExecCost } from '../../bench/exec-cost.js';

t.test('a program start is measured for a Fox program and for /bin/true, through the same runner', async (t) => {
  const cost = await measureExecCost(t.testdir({}), 3);
  t.equal(cost.runs, 3);
  t.ok(cost.foxProgramMs > 0 && cost.nativeMs > 0, `Fox program ${cost.foxProgramMs.toFixed(1)} ms, /bin/true ${cost.nativeMs.toFixed(1)} ms`);
});

t.test('the exec share: programs × one start / jobs, and the wall time with native starts', async (t) => {
  // 300 programs at 66 ms on 2 jobs: 9.9 s of starts; native starts at 2 ms save 300 × 64 / 2 ms = 9.6 s.
  const share = execShare(12, 300, { foxProgramMs: 66, nativeMs: 2, runs: 1 }, 2);
  t.equal(share.floorSeconds.toFixed(2), '9.90');
  t.equal(share.nativeEstimateSeconds.toFixed(2), '2.40');
  t.equal(execShare(1, 300, { foxProgramMs: 66, nativeMs: 2, runs: 1 }, 2).nativeEstimateSeconds, 0, 'never below zero');
  t.equal(execShare(5, 10, { foxProgramMs: 1, nativeMs: 2, runs: 1 }, 1).nativeEstimateSeconds, 5, 'a native start slower than the program saves nothing');
});
