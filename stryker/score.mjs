#!/usr/bin/env node
// The mutation score per area (stryker/areas.mjs) from Stryker's JSON report:
//   node stryker/score.mjs [report.json]     (default reports/stryker/mutation.json)
// Surviving mutants listed in stryker/equivalents.mjs count as ignored, with their reason.
// Exits 1 when an area measured is under the bar (85%) or an equivalents entry is wrong,
// 2 when the report is unusable.
import { readFileSync } from 'node:fs';
import { calculateMetrics } from 'mutation-testing-metrics';
import { areaOf, areas, runFiles } from './areas.mjs';
import { equivalents } from './equivalents.mjs';

export const BAR = 85;

/** The source text a mutant replaces, from the file's lines (1-based, the end column exclusive). */
export function originalText(lines, location) {
  const { start, end } = location;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

/**
 * The report with each surviving (or uncovered) mutant that matches an entry of `list` counted as
 * ignored, with the entry's reason, and the entries that are wrong: those matching no mutant
 * (the code changed) or several (the entry needs its `line`, or `column`), or a mutant a test
 * detects (it was not equivalent).
 * @param {import('mutation-testing-report-schema').MutationTestResult} report
 * @param {typeof equivalents} list
 */
export function markEquivalents(report, list = equivalents) {
  const files = {};
  const matched = new Map(list.map((entry) => [entry, []]));
  for (const [file, result] of Object.entries(report.files)) {
    const name = file.split('\\').join('/');
    const entries = list.filter((entry) => entry.file === name);
    // Split once per file, and only for a file with entries: the report holds every source.
    const lines = entries.length > 0 ? result.source.split('\n') : [];
    const mutants = result.mutants.map((mutant) => {
      const candidates = entries.filter(
        (e) =>
          e.mutator === mutant.mutatorName &&
          e.replacement === mutant.replacement &&
          (e.line === undefined || e.line === mutant.location.start.line) &&
          (e.column === undefined || e.column === mutant.location.start.column),
      );
      const original = candidates.length > 0 ? originalText(lines, mutant.location) : undefined;
      const entry = candidates.find((e) => e.original === original);
      if (entry === undefined) return mutant;
      matched.get(entry).push(mutant);
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') return mutant;
      return { ...mutant, status: 'Ignored', statusReason: `equivalent (stryker/equivalents.mjs): ${entry.reason}` };
    });
    files[file] = { ...result, mutants };
  }
  const problems = [];
  for (const [entry, mutants] of matched) {
    const where = `${entry.file}: ${entry.mutator} \`${entry.original}\` → \`${entry.replacement}\``;
    if (mutants.length === 0) problems.push(`${where} matches no mutant (the code changed: update or remove the entry)`);
    if (mutants.length > 1) {
      const lines = mutants.map((m) => `${m.location.start.line}:${m.location.start.column}`).join(', ');
      problems.push(`${where} matches ${mutants.length} mutants (at ${lines}): give the entry the \`line\` (and \`column\`) of the one it means`);
    }
    for (const m of mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout')) {
      problems.push(`${where} at ${m.location.start.line}:${m.location.start.column} is ${m.status.toLowerCase()} by a test, so it is not equivalent (remove the entry)`);
    }
  }
  return { report: { ...report, files }, problems };
}

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
  const marked = markEquivalents(report);
  const { rows, total, outside } = scoresByArea(marked.report);
  console.log(`${'area'.padEnd(16)} ${'score'.padStart(6)}  ${'detect'.padStart(6)} ${'survived'.padStart(8)} ${'no cov.'.padStart(8)} ${'ignored'.padStart(8)} ${'no build'.padStart(8)}`);
  for (const { area, metrics } of rows) console.log(formatRow(area, metrics));
  console.log(formatRow('all', total));
  const missing = Object.keys(areas).filter((name) => !rows.some((r) => r.area === name));
  if (missing.length > 0) console.log(`not in this report: ${missing.join(', ')}`);
  if (outside.length > 0) console.log(`files in no area: ${outside.join(', ')}`);
  for (const problem of marked.problems) console.log(`stryker/equivalents.mjs: ${problem}`);
  if (marked.problems.length > 0) process.exitCode = 1;
  const low = rows.filter((r) => r.metrics.mutationScore < BAR);
  if (low.length > 0) {
    console.log(`under ${BAR}%: ${low.map((r) => r.area).join(', ')}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
