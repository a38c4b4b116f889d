// `fox-grade mutants --witness [ID…] [--json] [--seed N] [--budget N] [--jobs N]`: for each
// mutant, a smallest generated test that kills it (grader/witness/search.ts), printed ready to
// paste into a test file; a mutant without one is an equivalence candidate, listed, never dropped.
import type { Io } from '../io.js';
import { findWitnesses, type WitnessResult, type WitnessSearch } from '../../witness/search.js';
import { chooseMutants, type MutantsCommandOptions } from './mutants-args.js';

const EXIT_OK = 0;
const EXIT_NO_WITNESS = 1;

/** The median of the witnesses' line counts (undefined with none). */
export function medianLines(results: readonly WitnessResult[]): number | undefined {
  const lines = results.flatMap((r) => (r.status === 'found' ? [r.lines] : [])).sort((a, b) => a - b);
  if (lines.length === 0) return undefined;
  const mid = Math.floor(lines.length / 2);
  return lines.length % 2 === 1 ? lines[mid] : (lines[mid - 1] + lines[mid]) / 2;
}

/** The profile with its times in whole milliseconds (the JSON output is for people too). */
function roundedProfile(profile: WitnessSearch['profile']): WitnessSearch['profile'] {
  return Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, k.endsWith('Ms') ? Math.round(v) : v])) as WitnessSearch['profile'];
}

export async function witnessCommand(ids: string[], opts: MutantsCommandOptions, io: Io): Promise<number> {
  const mutants = chooseMutants(ids, io);
  if (typeof mutants === 'number') return mutants;

  const started = performance.now();
  const search = await findWitnesses({
    mutants,
    seed: opts.seed,
    budget: opts.budget,
    jobs: opts.jobs,
    onProgress: io.isTTY
      ? (p) => io.stderr(`\rprogram ${p.programs}: ${p.witnessed} of ${p.mutants} mutants killed`)
      : undefined,
  });
  if (io.isTTY) io.stderr('\n');
  const seconds = (performance.now() - started) / 1000;
  const found = search.results.filter((r) => r.status === 'found').length;
  const median = medianLines(search.results);

  if (opts.json) {
    const summary = {
      seed: search.seed,
      mutants: mutants.length,
      found,
      medianLines: median ?? null,
      builds: search.builds,
      runs: search.runs,
      seconds: Math.round(seconds * 10) / 10,
      profile: roundedProfile(search.profile),
    };
    io.stdout(`${JSON.stringify({ ...summary, witnesses: search.results }, null, 2)}\n`);
  } else {
    for (const r of search.results) {
      if (r.status === 'none') {
        io.stdout(`${r.mutant}: ${r.message}: an equivalence candidate\n\n`);
        continue;
      }
      const lines = `${r.lines} line${r.lines === 1 ? '' : 's'}`;
      io.stdout(`${r.mutant}: ${lines}, heap ${r.test.heap}, ${r.reason} (seed ${r.seed}, ${r.size} program, path ${r.path})\n`);
      io.stdout(`${JSON.stringify(r.test)}\n\n`);
    }
    io.stdout(
      `${found} of ${mutants.length} mutants have a witness` +
        `${median === undefined ? '' : `; median ${median} line${median === 1 ? '' : 's'}`}` +
        `; seed ${search.seed}; ${search.builds} programs built, ${search.runs} runs, ${seconds.toFixed(1)} s\n`,
    );
  }
  return found === mutants.length ? EXIT_OK : EXIT_NO_WITNESS;
}
