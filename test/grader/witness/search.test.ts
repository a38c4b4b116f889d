// The witness search (grader/witness/search.ts): its schedule of program sizes, and a first killer
// that does not depend on how many jobs run (programs run a few at once; a kill counts for the
// earliest one).
import t from 'tap';
import { discoveryOrder, findWitnesses, SIZE_SCHEDULE } from '../../../grader/witness/search.js';
import { findMutant } from '../../../mutants/registry.js';
import { createMutantToolchain } from '../../../mutants/schemata.js';

t.test('discoveryOrder: small programs first, then medium, then large for the rest', async (t) => {
  const [small, medium] = SIZE_SCHEDULE;
  const order = discoveryOrder(small.programs + medium.programs + 3);
  t.same(order[0], { size: 'small', index: 0 });
  t.same(order[small.programs], { size: 'medium', index: 0 });
  t.same(order.slice(-3), [0, 1, 2].map((index) => ({ size: 'large', index })));
  t.equal(discoveryOrder(5).length, 5);
  t.ok(discoveryOrder(5).every((o) => o.size === 'small'));
});

t.test('the same witnesses with 1 job and with 2', async (t) => {
  const mutants = ['print-drops-last', 'forward-no-padding'].map((id) => findMutant(id)!);
  const toolchain = await createMutantToolchain({ mutants });
  const one = await findWitnesses({ mutants, toolchain, jobs: 1, budget: 30, shrinkBudget: 20 });
  const two = await findWitnesses({ mutants, toolchain, jobs: 2, budget: 30, shrinkBudget: 20 });
  t.same(two.results, one.results);
  t.ok(one.results.every((r) => r.status === 'found'), 'both found');
  for (const r of one.results) if (r.status === 'found') t.ok(r.size === 'small' && r.lines <= 2, `${r.mutant}: ${r.lines} line(s), ${r.size}: ${r.test.code}`);
  t.ok(one.profile.discoverySeconds >= 0 && one.profile.shrinkSeconds >= 0 && one.profile.builds === one.builds, 'a profile');
});
