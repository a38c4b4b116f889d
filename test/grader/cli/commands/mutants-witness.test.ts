// `fox-grade mutants --witness`, in-process through grader/cli/cli.ts: a real (small) search.
import t from 'tap';
import { main } from '../../../../grader/cli/cli.js';
import { medianLines } from '../../../../grader/cli/commands/mutants-witness.js';
import { memoryIo } from '../../../../grader/cli/io.js';
import type { WitnessResult } from '../../../../grader/witness/search.js';

async function cli(args: string[]) {
  const io = memoryIo();
  const status = await main(args, io);
  return { status, out: io.out.join(''), err: io.err.join('') };
}

t.test('--witness ID --json: a witness with its test, seed and path, reproducible', async (t) => {
  const args = ['mutants', '--witness', 'print-drops-last', '--json', '--budget', '20', '--jobs', '2'];
  const r = await cli(args);
  t.equal(r.status, 0, r.err);
  const out = JSON.parse(r.out) as { seed: number; found: number; mutants: number; witnesses: WitnessResult[] };
  t.equal(out.seed, 17, 'the default seed is fixed');
  t.equal(out.mutants, 1);
  t.equal(out.found, 1);
  const w = out.witnesses[0];
  if (w.status !== 'found') throw new Error(JSON.stringify(w));
  t.equal(w.mutant, 'print-drops-last');
  t.equal(w.test.name, 'witness-print-drops-last');
  t.ok(w.lines <= 3, `${w.lines} lines:\n${w.test.code}`);
  t.ok('value' in w.test.result, 'a value test: the mutant prints a tuple wrong');
  t.match(w.path, /^\d+(:\d+)*$/);
  const again = JSON.parse((await cli(args)).out) as { witnesses: WitnessResult[] };
  t.same(again.witnesses, out.witnesses, 'the same seed gives the same witness');
});

t.test('--witness: no witness within the budget is an equivalence candidate, exit 1', async (t) => {
  // The seed's first program holds no boolean, so it cannot kill mark-bools-as-pointers.
  const r = await cli(['mutants', '--witness', 'mark-bools-as-pointers', '--budget', '1']);
  t.equal(r.status, 1);
  t.match(r.out, 'mark-bools-as-pointers: no witness found (1 programs): an equivalence candidate');
  t.match(r.out, /0 of 1 mutants have a witness; seed 17;/);
});

t.test('--witness: unknown ids and --kills are usage errors', async (t) => {
  const r = await cli(['mutants', '--witness', 'print-drops-lst']);
  t.equal(r.status, 2);
  t.match(r.err, "unknown mutant 'print-drops-lst'; did you mean print-drops-last?");
  t.equal((await cli(['mutants', '--witness', '--kills'])).status, 2);
  const show = await cli(['mutants', 'show', 'a', 'b']);
  t.equal(show.status, 2);
  t.match(show.err, "unexpected argument 'b'");
});

t.test('medianLines', async (t) => {
  const found = (lines: number): WitnessResult => ({
    mutant: 'm',
    status: 'found',
    test: { name: 'n', code: '1', heap: 1, result: { value: '1' } },
    reason: 'wrong value',
    lines,
    programs: 1,
    shrinks: 0,
    seed: 1,
    size: 'small',
    path: '0',
  });
  const none: WitnessResult = { mutant: 'm', status: 'none', programs: 5, seed: 1, message: 'no witness found (5 programs)' };
  t.equal(medianLines([]), undefined);
  t.equal(medianLines([none]), undefined);
  t.equal(medianLines([found(3), found(1), none, found(2)]), 2);
  t.equal(medianLines([found(1), found(4)]), 2.5);
});
