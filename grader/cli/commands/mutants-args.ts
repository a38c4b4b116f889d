// What every `fox-grade mutants` action shares: its options, the usage error, and the ids close to a
// mistyped one. Apart from mutants.ts so that mutants-witness.ts imports them without a cycle.
import type { Io } from '../io.js';
import type { Mutant } from '../../../mutants/mutant.js';
import { findMutant, mutants as catalog } from '../../../mutants/registry.js';

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

export const EXIT_USAGE = 2;

export function usage(io: Io, message: string): number {
  io.stderr(`fox-grade: ${message}\n`);
  return EXIT_USAGE;
}

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

/**
 * The catalog mutants named by `ids`, in catalog order (all of them when `ids` is empty), or the
 * usage error's exit status after naming the first unknown id and the ids close to it.
 */
export function chooseMutants(ids: readonly string[], io: Io): Mutant[] | number {
  const chosen = new Set<Mutant>();
  for (const id of ids) {
    const m = findMutant(id);
    if (m === undefined) {
      const close = closeIds(id, catalog.map((x) => x.id));
      return usage(io, `unknown mutant '${id}'; ${close.length > 0 ? `did you mean ${close.join(', ')}?` : 'run `fox-grade mutants` to list them'}`);
    }
    chosen.add(m);
  }
  return chosen.size > 0 ? catalog.filter((m) => chosen.has(m)) : [...catalog];
}
