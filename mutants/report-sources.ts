// The mutants as the mutation-testing-report-schema sees them: each one located in the
// reference source it changes, grouped by file (reports/mutation-json.ts renders them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MutationSources, SourceMutant } from '../reports/mutation-json.js';
import { projectRoot } from '../reference/paths.js';
import { mutantLocation, type Mutant } from './mutant.js';
import { mutants as catalog } from './registry.js';

export function mutationSources(testFile: { path: string; source?: string }, mutants: readonly Mutant[] = catalog): MutationSources {
  const files: MutationSources['files'] = {};
  for (const mutant of mutants) {
    const location = mutantLocation(mutant);
    const entry = (files[location.file] ??= { source: readFileSync(join(projectRoot, location.file), 'utf8'), mutants: [] });
    const reported: SourceMutant = {
      id: mutant.id,
      mutatorName: `${mutant.phase}: ${mutant.title}`,
      location: { start: location.start, end: location.end },
      ...(mutant.kind === 'runtime' ? { replacement: mutant.patches.map((p) => p.replace).join('\n') } : {}),
      description: mutant.description,
    };
    entry.mutants.push(reported);
  }
  return { files, testFile };
}
