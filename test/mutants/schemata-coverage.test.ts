// The coverage analysis of mutants/schemata.ts on its own, with no native run: which (test,
// mutant) pairs are skipped as no-coverage, from the facts a reference run reports. A wrong skip
// silently turns a student's kill into a survival; test/mutants/hooks.test.ts checks the same
// decisions on real runs (minutes under qemu).
import t from 'tap';
import { findMutant } from '../../mutants/registry.js';
import type { Mutant } from '../../mutants/mutant.js';
import { mutantCovered, mutatedFunctionKeys, noCoverageReason, onlyInCollector, } from '../../mutants/schemata-coverage.js';
import type { MutantPrograms, MutantToolchain } from '../../mutants/schemata-build.js';

/** A runtime mutant patching these `file:function`s (only kind and patches are read). */
const patching = (...at: string[]) =>
  ({ id: at.join('+'), kind: 'runtime', patches: at.map((a) => ({ file: a.split(':')[0], function: a.split(':')[1] })) }) as unknown as Mutant;
const real = (id: string) => findMutant(id)!;

t.test('onlyInCollector: gc.c entirely, try_gc and collect in main.c, nothing in types.c, no codegen mutant', async (t) => {
  t.equal(onlyInCollector(patching('gc.c:mark')), true);
  t.equal(onlyInCollector(patching('gc.c:anything_at_all')), true, 'all of gc.c');
  t.equal(onlyInCollector(patching('main.c:try_gc')), true);
  t.equal(onlyInCollector(patching('main.c:collect')), true);
  t.equal(onlyInCollector(patching('main.c:main')), false, 'main.c outside the collector');
  t.equal(onlyInCollector(patching('types.c:print_tuple')), false);
  t.equal(onlyInCollector(patching('gc.c:mark', 'main.c:try_gc')), true, 'every patch in the collector');
  t.equal(onlyInCollector(patching('gc.c:mark', 'types.c:print_tuple')), false, 'one patch outside is enough');
  t.equal(onlyInCollector(real('tail-call-as-call')), false, 'a codegen mutant changes the program itself');
  t.equal(onlyInCollector(real('mark-skips-nested')), true);
  t.equal(onlyInCollector(real('print-drops-last')), false);
});

t.test('mutantCovered: a collector-only mutant is covered only when try_gc ran', async (t) => {
  const gc = patching('gc.c:mark');
  t.equal(mutantCovered(gc, { maxDemand: 0 }), false, 'maxDemand 0: try_gc never ran');
  t.equal(mutantCovered(gc, { maxDemand: 1 }), true);
  t.equal(mutantCovered(gc, undefined), true, 'no statistics (the run died): assume covered');
  t.equal(mutantCovered(patching('types.c:print_tuple'), { maxDemand: 0 }), true, 'printing runs without any collection');
  t.equal(mutantCovered(real('tail-call-as-call'), { maxDemand: 0 }), true);
});

t.test('mutatedFunctionKeys: the functions a mutant changes, as the coverage counters name them', async (t) => {
  t.same(mutatedFunctionKeys(real('mark-skips-nested') as Parameters<typeof mutatedFunctionKeys>[0]), ['gc.c:mark_block']);
  t.same(mutatedFunctionKeys(real('try-gc-off-by-one') as Parameters<typeof mutatedFunctionKeys>[0]), ['main.c:try_gc']);
  t.same(mutatedFunctionKeys(real('print-drops-last') as Parameters<typeof mutatedFunctionKeys>[0]), ['types.c:print_tuple']);
});

const functions = ['gc.c:mark_block', 'gc.c:move_block', 'main.c:try_gc', 'types.c:print_tuple'];
const mtc = (hooks: boolean) => ({ hooks, functions: hooks ? functions : [] }) as unknown as MutantToolchain;
const programs = (ok: boolean, sameCode: (v: string) => boolean = () => false) => ({ schemata: { ok }, sameCode }) as unknown as MutantPrograms;

t.test('noCoverageReason: the three reasons', async (t) => {
  const collects = { stats: { maxDemand: 12 } };
  t.equal(noCoverageReason(mtc(true), programs(true), real('mark-skips-nested'), { stats: { maxDemand: 0 } }), 'never calls try_gc');
  t.equal(
    noCoverageReason(mtc(true), programs(true), real('compact-copies-backward'), { ...collects, coverage: ['gc.c:mark_block', 'main.c:try_gc'] }),
    'mutated code not reached',
    'move_block never entered',
  );
  t.equal(noCoverageReason(mtc(true), programs(true), real('compact-copies-backward'), { ...collects, coverage: ['gc.c:move_block'] }), undefined, 'entered: it must run');
  t.equal(noCoverageReason(mtc(true), programs(true), real('print-drops-last'), { stats: { maxDemand: 0 }, coverage: [] }), 'mutated code not reached', 'no tuple printed');
  t.equal(noCoverageReason(mtc(true), programs(true), real('print-drops-last'), { stats: { maxDemand: 0 }, coverage: ['types.c:print_tuple'] }), undefined);
  const same = programs(true, (v) => v === 'tail-call-as-call');
  t.equal(noCoverageReason(mtc(true), same, real('tail-call-as-call'), collects), 'same code for this program');
  t.equal(noCoverageReason(mtc(true), same, real('no-zero-locals'), collects), undefined, 'another variant changes the code');
});

t.test('noCoverageReason: no skip without the facts to prove it', async (t) => {
  t.equal(noCoverageReason(mtc(true), programs(false), real('mark-skips-nested'), { stats: { maxDemand: 0 } }), undefined, 'a program that does not build runs nothing anyway');
  t.equal(noCoverageReason(mtc(true), programs(false, () => true), real('tail-call-as-call'), {}), undefined);
  t.equal(noCoverageReason(mtc(true), programs(true), real('mark-skips-nested'), {}), undefined, 'no statistics, no coverage: run it');
  t.equal(noCoverageReason(mtc(false), programs(true), real('compact-copies-backward'), { stats: { maxDemand: 3 }, coverage: [] }), undefined, 'without the hooks, no coverage counters to trust');
  t.equal(noCoverageReason(mtc(true), programs(true), real('compact-copies-backward'), { stats: { maxDemand: 3 } }), undefined, 'the run wrote no coverage');
  const untracked = { hooks: true, functions: ['gc.c:mark_block'] } as unknown as MutantToolchain;
  t.equal(noCoverageReason(untracked, programs(true), real('compact-copies-backward'), { stats: { maxDemand: 3 }, coverage: [] }), undefined, 'a function the counters do not track may have run');
});

t.test('noCoverageReason: a mutant changing two functions is skipped only when neither was entered', async (t) => {
  // No catalog mutant changes two functions yet; one made of two real patches does.
  const two = { id: 'mark-block-and-move-block', kind: 'runtime', patches: [...(real('mark-skips-nested') as { patches: unknown[] }).patches, ...(real('compact-copies-backward') as { patches: unknown[] }).patches] } as unknown as Mutant;
  t.same(mutatedFunctionKeys(two as Parameters<typeof mutatedFunctionKeys>[0]), ['gc.c:mark_block', 'gc.c:move_block']);
  const facts = (coverage: string[]) => ({ stats: { maxDemand: 4 }, coverage });
  t.equal(noCoverageReason(mtc(true), programs(true), two, facts(['main.c:try_gc'])), 'mutated code not reached');
  t.equal(noCoverageReason(mtc(true), programs(true), two, facts(['gc.c:mark_block'])), undefined, 'one of them entered: it must run');
  t.equal(noCoverageReason(mtc(true), programs(true), two, facts(['gc.c:move_block'])), undefined);
});
