// `fox-grade mutants [--json]`: the mutant catalog.
// `fox-grade mutants show ID [--json]`: one mutant, with its diff (or its compiler variant).
// `fox-grade mutants --kills [ID…] [--json] [--jobs N] [--suite FILE]`: which official tests kill
// each mutant (or each one named); exit 1 when some mutant survives them all.
// `fox-grade mutants --witness [ID…] [--json] [--seed N] [--budget N]`: a smallest generated test
// that kills each mutant (grader/witness/); exit 1 when some mutant has none within the budget.
import { resolve } from 'node:path';
import { killTable } from '../../../mutants/kills.js';
import { mutantDiff, variantSummary, type Mutant } from '../../../mutants/mutant.js';
import { mutants } from '../../../mutants/registry.js';
import type { Io } from '../io.js';
import { witnessCommand } from './mutants-witness.js';
import { chooseMutants, EXIT_USAGE, usage, type MutantsCommandOptions } from './mutants-args.js';

export type { MutantsCommandOptions } from './mutants-args.js';
export { closeIds, usage } from './mutants-args.js';
import { progressReporter } from '../progress.js';

const EXIT_OK = 0;
const EXIT_SURVIVORS = 1;

export async function mutantsCommand(opts: MutantsCommandOptions, io: Io): Promise<number> {
  // --witness and --kills take ids from the first positional argument on (no action word).
  const named = [opts.action, ...(opts.ids ?? [])].filter((x) => x !== undefined);
  if (opts.witness) {
    if (opts.kills) return usage(io, '--witness cannot be combined with --kills');
    return witnessCommand(named, opts, io);
  }
  if (opts.kills && opts.action !== 'show') return kills(named, opts, io);
  if (opts.ids !== undefined && opts.ids.length > 1) return usage(io, `unexpected argument '${opts.ids[1]}'`);
  if (opts.action !== undefined && opts.action !== 'show') {
    io.stderr(`fox-grade: unknown mutants action '${opts.action}'; use \`fox-grade mutants show ID\`\n`);
    return EXIT_USAGE;
  }
  if (opts.action === 'show') {
    if (opts.kills) return usage(io, '--kills cannot be combined with show');
    if (opts.id === undefined) return usage(io, 'mutants show needs a mutant id (see `fox-grade mutants`)');
    return show(opts.id, opts, io);
  }
  if (opts.id !== undefined) return usage(io, `unexpected argument '${opts.id}'`);
  return list(opts, io);
}

// ---------------------------------------------------------------------------------------------
// list

function summary(m: Mutant) {
  return { id: m.id, title: m.title, phase: m.phase, kind: m.kind, description: m.description, hint: m.hint };
}

function list(opts: MutantsCommandOptions, io: Io): number {
  if (opts.json) {
    io.stdout(`${JSON.stringify(mutants.map(summary), null, 2)}\n`);
    return EXIT_OK;
  }
  const idWidth = Math.max(...mutants.map((m) => m.id.length), 2);
  const phaseWidth = Math.max(...mutants.map((m) => m.phase.length), 5);
  const row = (id: string, phase: string, kind: string, title: string) =>
    `${id.padEnd(idWidth)}  ${phase.padEnd(phaseWidth)}  ${kind.padEnd(7)}  ${title}`.trimEnd();
  io.stdout(`${row('ID', 'PHASE', 'KIND', 'TITLE')}\n`);
  for (const m of mutants) io.stdout(`${row(m.id, m.phase, m.kind, m.title)}\n`);
  const runtime = mutants.filter((m) => m.kind === 'runtime').length;
  io.stdout(`${mutants.length} mutants (${runtime} runtime, ${mutants.length - runtime} codegen)\n`);
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// show

function show(id: string, opts: MutantsCommandOptions, io: Io): number {
  const chosen = chooseMutants([id], io);
  if (typeof chosen === 'number') return chosen;
  const [mutant] = chosen;
  const diff = mutantDiff(mutant);
  if (opts.json) {
    const change =
      mutant.kind === 'runtime' ? { diff } : { variant: mutant.variant, variantSummary: variantSummary(mutant.variant) };
    io.stdout(`${JSON.stringify({ ...summary(mutant), ...change }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [
    `${mutant.id}: ${mutant.title}`,
    `phase: ${mutant.phase}, kind: ${mutant.kind}`,
    '',
    mutant.description,
    '',
    `hint: ${mutant.hint}`,
    '',
    mutant.kind === 'runtime' ? diff.trimEnd() : `compiler variant: ${mutant.variant} (${variantSummary(mutant.variant)})`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// kills

async function kills(ids: string[], opts: MutantsCommandOptions, io: Io): Promise<number> {
  const chosen = chooseMutants(ids, io);
  if (typeof chosen === 'number') return chosen;
  const progress = progressReporter(io, { json: opts.json });
  const table = await killTable({
    mutants: chosen,
    suite: opts.suite === undefined ? undefined : resolve(io.cwd, opts.suite),
    jobs: opts.jobs,
    // The builds (runtimes, each test's reference run and mutant programs) take a while too.
    onBuild: (done, total) => progress.update('builds', done, total),
    onRun: (done, total) => progress.update('mutant runs', done, total),
  }).finally(() => progress.done());
  for (const e of table.excluded) io.stderr(`warning: ${e.test} is left out: ${e.reason}\n`);
  const survivors = table.mutants.filter((id) => table.kills[id].length === 0);

  if (opts.json) {
    io.stdout(`${JSON.stringify(table.kills, null, 2)}\n`);
  } else {
    const width = Math.max(...table.mutants.map((id) => id.length));
    for (const id of table.mutants) {
      const killers = table.kills[id];
      const text = killers.length === 0 ? 'SURVIVED' : `${String(killers.length).padStart(3)}  ${killers.join(', ')}`;
      io.stdout(`${id.padEnd(width)}  ${text}\n`);
    }
    io.stdout(
      `${table.file}: ${table.mutants.length - survivors.length} of ${table.mutants.length} mutants killed by ${table.tests.length} tests` +
        `${survivors.length > 0 ? `; survived: ${survivors.join(', ')}` : ''}\n`,
    );
  }
  return survivors.length === 0 ? EXIT_OK : EXIT_SURVIVORS;
}
