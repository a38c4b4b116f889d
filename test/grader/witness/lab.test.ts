// The witness search's lab (grader/witness/lab.ts): what it skips before building (from the
// assembly alone), and shrink runs of one (program, heap) batched into one split-stream run.
import t from 'tap';
import { WitnessLab } from '../../../grader/witness/lab.js';
import { findMutant } from '../../../mutants/registry.js';
import { createMutantToolchain } from '../../../mutants/schemata.js';

const mtc = await createMutantToolchain();
const mutant = (id: string) => {
  const m = findMutant(id);
  if (m === undefined) throw new Error(`no mutant ${id}`);
  return m;
};

t.test('staticallySame: known from the assembly, no build', async (t) => {
  const lab = new WitnessLab(mtc, 1);
  t.ok(lab.staticallySame(mutant('mark-skips-nested'), 'let x = 1 in x + 2'), 'a collector mutant and a program that never allocates');
  t.notOk(lab.staticallySame(mutant('mark-skips-nested'), '(1, 2)'), 'a program that allocates calls try_gc');
  t.notOk(lab.staticallySame(mutant('print-drops-last'), 'let x = 1 in x + 2'), 'a mutant outside the collector is never skipped this way');
  t.ok(lab.staticallySame(mutant('tail-call-as-call'), '(1, 2)'), 'a codegen variant that compiles the program like the reference');
  t.notOk(lab.staticallySame(mutant('tail-call-as-call'), 'def f(n, a): if n < 1: a else: f(n - 1, (a, n))\nf(3, 0)'), 'one that compiles it differently');
  t.same(await lab.killsAll([mutant('mark-skips-nested'), mutant('tail-call-as-call')], 'let x = 1 in x + 2'), new Map());
  t.equal(lab.profile.builds, 0, 'nothing built');
  t.equal(lab.profile.skipped, 1);
});

t.test('killsAt: the shrinks of several mutants on one (program, heap) share one split-stream run', async (t) => {
  const lab = new WitnessLab(mtc, 1);
  // The overlapping move (suites/fox.json gc-overlap-move) at its minimal heap, 14.
  const code = 'let g = (1, 2)[0], a = (1, 2, 5), b = (4, 5) in (a, b)';
  const ids = ['compact-size-after-move', 'compact-copies-n-words', 'mark-skips-nested', 'try-gc-never-collects'];
  const kills = await Promise.all(ids.map((id) => lab.killsAt(mutant(id), code, 'h')));
  t.equal(lab.profile.builds, 1, 'one build');
  t.equal(lab.profile.splitRuns, 1, 'one split-stream run for the four');
  t.equal(lab.profile.splitMutants, 4);
  for (const i of [0, 1, 3]) t.equal(kills[i]?.test.heap, 14, `${ids[i]}: killed at h = 14 (${kills[i]?.reason})`);
  t.equal(kills[2], undefined, 'mark-skips-nested survives it (nothing nested is live at the collection)');
  t.equal(kills[0]?.test.role, 'h');
  t.same(kills[0]?.test.expected, { kind: 'value', text: '((1, 2, 5), (4, 5))' });
  const again = await lab.killsAt(mutant('compact-size-after-move'), code, 'h');
  t.equal(again, kills[0], 'a verdict is memoised');
  t.equal(lab.profile.splitRuns, 1, 'and not run again');
  t.equal(await lab.killsAt(mutant('compact-size-after-move'), code, 'default'), undefined, 'no such test: the program collects');
});
