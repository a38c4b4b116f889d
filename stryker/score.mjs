#!/usr/bin/env node
// The mutation score per area (stryker/areas.mjs) from Stryker's JSON report:
//   node stryker/score.mjs [report.json]     (default reports/stryker/mutation.json)
// Exits 1 when an area measured is under the bar (85%), 2 when the report is unusable.
import { readFileSync } from 'node:fs';
import { calculateMetrics } from 'mutation-testing-metrics';
import { areaOf, areas, runFiles } from './areas.mjs';

export const BAR = 85;

/**
 * Per area (only those with files in the report), Stryker's own metrics: `mutationScore` counts
 * killed + timeout over killed + timeout + survived + no coverage; compile errors and ignored
 * (disabled with a reason) mutants do not count.
 * @param {import('mutation-testing-report-schema').MutationTestResult} report
 */
export function scoresByArea(report) {
  const byArea = new Map();
  const outside = [];
  for (const [file, result] of Object.entries(report.files)) {
    const area = areaOf(file.split('\\').join('/'));
    if (area === undefined) {
      outside.push(file);
      continue;
    }
    if (!byArea.has(area)) byArea.set(area, {});
    byArea.get(area)[file] = result;
  }
  const rows = Object.keys(areas)
    .filter((name) => byArea.has(name))
    .map((name) => ({ area: name, metrics: calculateMetrics(byArea.get(name)).metrics }));
  return { rows, total: calculateMetrics(report.files).metrics, outside };
}

function formatRow(name, m) {
  const score = Number.isNaN(m.mutationScore) ? '  n/a' : m.mutationScore.toFixed(1).padStart(5);
  return `${name.padEnd(16)} ${score}%  ${String(m.totalDetected).padStart(6)} ${String(m.survived).padStart(8)} ${String(m.noCoverage).padStart(8)} ${String(m.ignored).padStart(8)} ${String(m.compileErrors).padStart(8)}`;
}

function main() {
  const path = process.argv[2] ?? runFiles.json;
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`stryker/score: cannot read Stryker's JSON report ${path}: ${err.message}\nRemedy: run \`npm run mutate\` first (it writes the report).`);
    process.exit(2);
  }
  const { rows, total, outside } = scoresByArea(report);
  console.log(`${'area'.padEnd(16)} ${'score'.padStart(6)}  ${'detect'.padStart(6)} ${'survived'.padStart(8)} ${'no cov.'.padStart(8)} ${'ignored'.padStart(8)} ${'no build'.padStart(8)}`);
  for (const { area, metrics } of rows) console.log(formatRow(area, metrics));
  console.log(formatRow('all', total));
  const missing = Object.keys(areas).filter((name) => !rows.some((r) => r.area === name));
  if (missing.length > 0) console.log(`not in this report: ${missing.join(', ')}`);
  if (outside.length > 0) console.log(`files in no area: ${outside.join(', ')}`);
  const low = rows.filter((r) => r.metrics.mutationScore < BAR);
  if (low.length > 0) {
    console.log(`under ${BAR}%: ${low.map((r) => r.area).join(', ')}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
