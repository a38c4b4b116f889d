// Phase 6c (instructor view, `--witnesses`): for each mutant no test detects, a witness test the
// student could have written: a smallest generated program that kills it (grader/witness/). Like
// the killing heaps, it gives tests away, so it is computed only on request and shown only in
// instructor output. In the sp19 dialect the committed witnesses (mutants/witnesses.json, kept
// complete by test/mutants/witnesses.test.ts) answer at once; a mutant missing there, and every
// mutant in fa18 (other heaps, other messages), is searched for with a small budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../reference/paths.js';
import { findMutant } from '../../mutants/registry.js';
import type { Mutant } from '../../mutants/mutant.js';
import { createMutantToolchain } from '../../mutants/schemata.js';
import type { Dialect, WitnessHint } from '../result.js';
import { findWitnesses, type WitnessResult } from '../witness/search.js';

/** Programs drawn per grading-time search (the committed witnesses needed far fewer). */
export const GRADING_WITNESS_BUDGET = 100;

export const committedWitnessesFile = join(projectRoot, 'mutants', 'witnesses.json');

/** The committed witnesses by mutant id (empty when the file is missing or unreadable). */
export function committedWitnesses(file = committedWitnessesFile): Map<string, WitnessResult> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { witnesses?: WitnessResult[] };
    return new Map((parsed.witnesses ?? []).map((w) => [w.mutant, w]));
  } catch {
    return new Map();
  }
}

function hint(r: WitnessResult): WitnessHint {
  return r.status === 'found' ? { mutant: r.mutant, test: r.test } : { mutant: r.mutant, message: `${r.message}: an equivalence candidate` };
}

export async function findWitnessHints(survivors: readonly string[], opts: { dialect: Dialect; jobs?: number; cacheDir?: string }): Promise<WitnessHint[]> {
  const committed = opts.dialect === 'sp19' ? committedWitnesses() : new Map<string, WitnessResult>();
  const hints = new Map<string, WitnessHint>();
  const search: Mutant[] = [];
  for (const id of survivors) {
    const known = committed.get(id);
    const mutant = findMutant(id);
    if (known?.status === 'found') hints.set(id, hint(known));
    else if (mutant !== undefined) search.push(mutant);
    else hints.set(id, { mutant: id, message: 'not a mutant of the catalog: no witness' });
  }
  if (search.length > 0) {
    const toolchain = await createMutantToolchain({ dialect: opts.dialect, cacheDir: opts.cacheDir });
    const found = await findWitnesses({ mutants: search, toolchain, jobs: opts.jobs, budget: GRADING_WITNESS_BUDGET });
    for (const r of found.results) hints.set(r.mutant, hint(r));
  }
  return survivors.map((id) => hints.get(id)!);
}
