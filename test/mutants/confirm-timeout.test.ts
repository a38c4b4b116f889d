// mutants/confirm-timeout.ts: a timeout at the fast limit is confirmed at the course's wall-clock
// limit, with the CPU time held to the fast limit (load stretches wall time, not CPU time).
import t from 'tap';
import { defaultCacheDir } from '../../reference/paths.js';
import { confirmationCpuSeconds, confirmTimeout } from '../../mutants/confirm-timeout.js';
import { buildMutantPrograms, createMutantToolchain, runMutant } from '../../mutants/schemata.js';
import { findMutant } from '../../mutants/registry.js';

t.test('the confirmation CPU limit is the fast limit in whole seconds', async (t) => {
  t.equal(confirmationCpuSeconds(2000), 2);
  t.equal(confirmationCpuSeconds(2001), 3);
  t.equal(confirmationCpuSeconds(1), 1, 'at least one second');
});

t.test('a mutant that loops is stopped by the CPU limit of the confirmation, not the course wall clock', async (t) => {
  const mutant = findMutant('mark-skips-nested')!;
  // Fast limit 1 s (floor), course limit 15 s.
  const mtc = await createMutantToolchain({ cacheDir: defaultCacheDir(), mutants: [mutant], minTimeoutMs: 1000, timeoutFactor: 0 });
  const programs = await buildMutantPrograms(mtc, { code: 'def spin(n): spin(n)\nspin(1)', filename: 'spin.fox' });
  const expected = { kind: 'value' as const, text: '1' };
  const opts = { referenceDurationMs: 0 };
  const first = await runMutant(mtc, programs, mutant, expected, 100, opts);
  t.equal(first.status, 'timeout', 'the fast limit stops it');
  const confirmed = await confirmTimeout(mtc, programs, mutant, expected, 100, first, opts);
  t.equal(confirmed.status, 'timeout', 'still a timeout');
  t.match(confirmed.outcome, { status: 'timeout', limit: 'cpu' }, 'stopped by its CPU seconds (1 s), not by 15 s of wall clock');
});

t.test('a passing run that overran the fast limit is judged by its confirmation', async (t) => {
  const mutant = findMutant('mark-skips-nested')!;
  const mtc = await createMutantToolchain({ cacheDir: defaultCacheDir(), mutants: [mutant], minTimeoutMs: 1, timeoutFactor: 0 });
  const programs = await buildMutantPrograms(mtc, { code: '(1, 2)', filename: 'pair.fox' });
  const expected = { kind: 'value' as const, text: '(1, 2)' };
  const first = await runMutant(mtc, programs, mutant, expected, 100, { referenceDurationMs: 0 });
  t.equal(first.status, 'timeout', 'a 1 ms limit: every run overruns it, as on a loaded machine');
  const confirmed = await confirmTimeout(mtc, programs, mutant, expected, 100, first, { referenceDurationMs: 0 });
  t.equal(confirmed.status, 'survived');
});
