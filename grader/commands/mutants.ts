// `fox-grade mutants [--json]`: the mutant catalog.
// `fox-grade mutants show ID [--json]`: one mutant, with its diff (or its compiler variant).
// `fox-grade mutants --kills [--json] [--jobs N] [--suite FILE]`: which official tests kill each
// mutant; exit 1 when some mutant survives them all.
// `fox-grade mutants --witness [ID…] [--json] [--seed N] [--budget N]`: a smallest generated test
// that kills each mutant (grader/witness/); exit 1 when some mutant has none within the budget.
import { resolve } from 'node:path';
import { killTable } from '../../mutants/kills.js';
import { mutantDiff, variantSummary, type Mutant } from '../../mutants/mutant.js';
import { findMutant, mutants } from '../../mutants/registry.js';
import type { Io } from '../io.js';
import { witnessCommand } from './mutants-witness.js';
import { progressReporter } from '../progress.js';

export interface MutantsCommandOptions {
  /** `show`, or absent (list / kills). */
  action?: string;
  id?: string;
  json?: boolean;
  kills?: boolean;
  jobs?: number;
  /** The test file for --kills; default the official suite. */
  suite?: string;
  /** Every positional argument after the action (`--witness` takes ids from the action on). */
  ids?: string[];
  witness?: boolean;
  seed?: number;
  budget?: number;
}

const EXIT_OK = 0;
const EXIT_SURVIVORS = 1;
const EXIT_USAGE = 2;

export async function mutantsCommand(opts: MutantsCommandOptions, io: Io): Promise<number> {
  if (opts.witness) {
    if (opts.kills) return usage(io, '--witness cannot be combined with --kills');
    return witnessCommand([opts.action, ...(opts.ids ?? [])].filter((x) => x !== undefined), opts, io);
  }
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
  if (opts.kills) return kills(opts, io);
  return list(opts, io);
}

export function usage(io: Io, message: string): number {
  io.stderr(`fox-grade: ${message}\n`);
  return EXIT_USAGE;
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Catalog ids close to `id`, closest first (at most 5): a small edit distance, the id inside a
 * catalog id, or two words in common (one, when `id` is a single word).
 */
export function closeIds(id: string, ids: readonly string[]): string[] {
  const wanted = id.toLowerCase();
  const words = new Set(wanted.split(/[-_\s]+/).filter((w) => w.length > 2));
  const needShared = Math.min(2, words.size);
  return ids
    .map((candidate) => ({
      candidate,
      distance: editDistance(wanted, candidate),
      shared: candidate.split('-').filter((w) => words.has(w)).length,
    }))
    .filter(
      (c) =>
        c.distance <= Math.max(2, Math.floor(c.candidate.length / 4)) ||
        (wanted.length >= 3 && c.candidate.includes(wanted)) ||
        (needShared > 0 && c.shared >= needShared),
    )
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 5)
    .map((c) => c.candidate);
}

function show(id: string, opts: MutantsCommandOptions, io: Io): number {
  const mutant = findMutant(id);
  if (mutant === undefined) {
    const close = closeIds(id, mutants.map((m) => m.id));
    const suggestion = close.length > 0 ? `did you mean ${close.join(', ')}?` : 'run `fox-grade mutants` to list them';
    io.stderr(`fox-grade: unknown mutant '${id}'; ${suggestion}\n`);
    return EXIT_USAGE;
  }
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

async function kills(opts: MutantsCommandOptions, io: Io): Promise<number> {
  const progress = progressReporter(io, { json: opts.json });
  const table = await killTable({
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
