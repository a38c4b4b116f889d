// The mutant contract, as one assertion kit applied to every mutant of the catalog (in the
// spirit of fast-check's property kits): each check returns the problems it finds, so that a
// failing mutant is named with every reason at once.
import { codegenVariants } from '../../reference/compiler/variants.js';
import { mutantPhases, mutatedFunctions, type Mutant } from '../../mutants/mutant.js';
import type { SchemataSources } from '../../mutants/schemata.js';

/** The code of a C function without comments or whitespace: a change must survive this. */
export function normalisedC(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, '');
}

/** Variants that are known to be equivalent to the reference and must stay out of the catalog. */
export const equivalentVariants = ['no-gc-word-init'];

/** The static half of the contract: well-formed, applies cleanly, really changes something. */
export function staticProblems(m: Mutant, schemata: SchemataSources): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`id '${m.id}' is not kebab-case`);
  for (const field of ['title', 'description', 'hint'] as const) {
    if (typeof m[field] !== 'string' || m[field].trim().length < 10) problems.push(`${field} is missing or too short`);
  }
  if (m.description.includes('\n')) problems.push('description is not one paragraph');
  if (!mutantPhases.includes(m.phase)) problems.push(`phase '${m.phase}' is not one of ${mutantPhases.join(', ')}`);

  if (m.kind === 'codegen') {
    if (!codegenVariants.some((v) => v.name === m.variant)) problems.push(`variant '${m.variant}' is not a compiler variant`);
    if (equivalentVariants.includes(m.variant)) problems.push(`variant '${m.variant}' is equivalent to the reference`);
    if (m.phase !== 'codegen' && m.phase !== 'alloc') problems.push(`a compiler variant belongs to phase codegen or alloc, not ${m.phase}`);
    return problems;
  }

  let functions;
  try {
    functions = mutatedFunctions(m); // throws unless every find occurs exactly once in its function
  } catch (e) {
    return [...problems, `its patches do not apply: ${(e as Error).message}`];
  }
  const k = schemata.table.get(m.id);
  if (k === undefined) problems.push('it is not in the schemata table');
  for (const f of functions) {
    if (f.mutated === f.original.text) problems.push(`${f.file}:${f.original.name} is unchanged`);
    else if (normalisedC(f.mutated) === normalisedC(f.original.text)) problems.push(`${f.file}:${f.original.name} changes only comments or spaces`);
    const source = schemata.sources[f.file] ?? '';
    if (k !== undefined && !source.includes(`if (fox_active_mutant == ${k}) `)) problems.push(`${f.file} has no dispatch to mutant ${k}`);
    if (k !== undefined && !source.includes(`${f.original.name}__m${k}(`)) problems.push(`${f.file} has no copy ${f.original.name}__m${k}`);
  }
  return problems;
}

/** The dynamic half: killed by the official suite, or (until it gets there) by a proposed test. */
export function killProblems(m: Mutant, official: Record<string, string[]>, proposed: Record<string, string[]>): string[] {
  if ((official[m.id] ?? []).length > 0) return [];
  if ((proposed[m.id] ?? []).length > 0) return [];
  return ['no official test kills it (and no proposed test either)'];
}
