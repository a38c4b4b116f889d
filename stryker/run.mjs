#!/usr/bin/env node
// `npm run mutate`: one Stryker run per area of stryker/areas.mjs (FOX_MUTATE_AREAS narrows them),
// in turn, all sharing the committed incremental file. One run per area because some tests read
// the sources of another area as text: test/reports/mutation-json.test.ts locates the compiler's
// variants in reference/compiler/variants.ts, which a run that also mutates the compiler has
// instrumented in its sandbox (the dry run then fails for a reason no mutant caused).
import { execa } from 'execa';
import { selectAreas } from './areas.mjs';

let chosen;
try {
  chosen = selectAreas();
} catch (err) {
  console.error(`stryker/run: ${err.message}`);
  process.exit(2);
}
for (const [i, area] of chosen.entries()) {
  console.log(`\nstryker/run: area ${i + 1} of ${chosen.length}: ${area}`);
  const run = await execa('stryker', ['run'], { preferLocal: true, stdio: 'inherit', reject: false, env: { FOX_MUTATE_AREAS: area } });
  if (run.exitCode !== 0) {
    console.error(`stryker/run: the Stryker run of area ${area} failed (exit ${run.exitCode}); the areas before it are in the incremental file.`);
    process.exit(run.exitCode ?? 1);
  }
}
