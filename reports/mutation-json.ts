// mutation.json: the result in Stryker's mutation-testing-report-schema (version 2), so that the
// standard tooling (mutation-testing-elements, the Stryker dashboard) can show it: each mutant
// in the source of the file it mutates, with the tests that detect it.
//
// The GradeResult does not know where a mutant sits in the collector's source; the caller
// passes that (`sources`, from the mutant registry). Because such a report shows each mutant's
// code change, it reveals everything: give it to students only with `--reveal full`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MutantStatus, MutationTestResult, TestDefinition } from 'mutation-testing-report-schema';
import type { GradeResult } from '../grader/result.js';
import { contentSecurityPolicy, renderPage } from './handlebars.js';
import type { ReportOptions, Reporter } from './reporter.js';
import { detects } from './view.js';

export const name = 'mutation-json';
export const fileName = 'mutation.json';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceMutant {
  id: string;
  mutatorName: string;
  location: { start: SourcePosition; end: SourcePosition };
  replacement?: string;
  description?: string;
}

export interface MutationSources {
  /** Keyed by repo-relative path, e.g. `reference/runtime/gc.c`. */
  files: Record<string, { source: string; mutants: SourceMutant[] }>;
  /** The student's test file; its source lets viewers show where each test is. */
  testFile: { path: string; source?: string };
}

/** Stryker's defaults: a score of 80 % and up is good, under 60 % is poor. */
export const thresholds = { high: 80, low: 60 } as const;

const languages: Record<string, string> = { c: 'c', h: 'c', ts: 'typescript', js: 'javascript', hs: 'haskell', json: 'json' };

function language(path: string): string {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return languages[ext] ?? 'plaintext';
}

/** Where `"name": "<name>"` occurs for the `occurrence`-th time (0-based) in a test file's text. */
function findTest(source: string, name: string, occurrence: number): SourcePosition | undefined {
  const quoted = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`"name"\\s*:\\s*${quoted}`, 'g');
  let match: RegExpExecArray | null;
  for (let seen = 0; (match = pattern.exec(source)) !== null; seen++) {
    if (seen === occurrence) {
      const before = source.slice(0, match.index);
      const line = before.split('\n').length;
      return { line, column: match.index - before.lastIndexOf('\n') };
    }
  }
  return undefined;
}

export function toMutationTestingReport(result: GradeResult, sources: MutationSources): MutationTestResult {
  const column = new Map(result.matrix.mutants.map((id, j) => [id, j]));
  const byId = new Map(result.mutants.map((m) => [m.id, m]));

  // Both lists come from the same registry; a mismatch is a bug in the caller, and a report
  // that silently drops mutants would give a wrong score.
  const located = Object.values(sources.files).flatMap((f) => f.mutants.map((m) => m.id));
  const unknown = located.filter((id) => !byId.has(id));
  const missing = result.mutants.map((m) => m.id).filter((id) => !located.includes(id));
  const duplicated = located.filter((id, i) => located.indexOf(id) !== i);
  if (unknown.length > 0 || missing.length > 0 || duplicated.length > 0) {
    const parts = [
      unknown.length > 0 ? `not in the result: ${unknown.join(', ')}` : '',
      missing.length > 0 ? `without a source location: ${missing.join(', ')}` : '',
      duplicated.length > 0 ? `located twice: ${duplicated.join(', ')}` : '',
    ].filter(Boolean);
    throw new Error(`fox-grade: mutation report: mutant ids do not match (${parts.join('; ')})`);
  }

  const tests = result.matrix.tests;
  const files: MutationTestResult['files'] = {};
  for (const [path, file] of Object.entries(sources.files)) {
    files[path] = {
      language: language(path),
      source: file.source,
      mutants: file.mutants.map((located) => {
        const mutant = byId.get(located.id)!;
        const j = column.get(located.id);
        const cells = j === undefined ? [] : tests.map((test, i) => ({ test, cell: result.matrix.cells[i]?.[j] }));
        const killers = cells.filter((c) => c.cell && detects(c.cell.status));
        const killedBy = j === undefined ? mutant.killedBy : killers.map((c) => c.test);
        const coveredBy = cells.filter((c) => c.cell && c.cell.status !== 'no-coverage').map((c) => c.test);

        let status: MutantStatus;
        if (killers.some((c) => c.cell!.status === 'killed')) status = 'Killed';
        else if (killers.length > 0) status = 'Timeout';
        else if (mutant.status === 'killed') status = 'Killed';
        else if (coveredBy.length === 0) status = 'NoCoverage';
        else status = 'Survived';

        // Stryker's convention: a killed mutant's reason is what the failing tests said.
        const reasons = new Map<string, string[]>();
        for (const { test, cell } of killers) reasons.set(cell!.reason, [...(reasons.get(cell!.reason) ?? []), test]);
        const statusReason =
          status === 'Killed' || status === 'Timeout'
            ? [...reasons].map(([reason, names]) => `${reason} (${names.join(', ')})`).join('; ') || 'detected'
            : status === 'NoCoverage'
              ? 'no valid test reaches it'
              : 'every valid test passes on it';

        return {
          id: located.id,
          mutatorName: located.mutatorName,
          location: located.location,
          ...(located.replacement !== undefined && { replacement: located.replacement }),
          description: located.description ?? mutant.title ?? located.mutatorName,
          status,
          statusReason,
          killedBy,
          coveredBy,
          testsCompleted: tests.length,
        };
      }),
    };
  }

  // One entry per student test, id = display name (what killedBy refers to), grouped by file.
  const testFiles: NonNullable<MutationTestResult['testFiles']> = {};
  const seen = new Map<string, number>();
  for (const test of result.tests) {
    const entry = (testFiles[test.file] ??= {
      ...(test.file === sources.testFile.path && sources.testFile.source !== undefined && { source: sources.testFile.source }),
      tests: [],
    });
    const key = `${test.file}\u0000${test.originalName}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const definition: TestDefinition = { id: test.name, name: test.name };
    const source = test.file === sources.testFile.path ? sources.testFile.source : undefined;
    const start = source === undefined ? undefined : findTest(source, test.originalName, occurrence);
    if (start) definition.location = { start };
    entry.tests.push(definition);
  }
  testFiles[sources.testFile.path] ??= {
    ...(sources.testFile.source !== undefined && { source: sources.testFile.source }),
    tests: [],
  };

  return {
    schemaVersion: '2',
    thresholds: { ...thresholds },
    files,
    testFiles,
    framework: { name: result.tool.name, version: result.tool.version },
    config: { repo: result.repo, dialect: result.dialect },
  };
}

/** mutation.json's text: 2-space JSON with a final newline. */
export function renderMutationJson(report: MutationTestResult): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

let elementsScript: string | undefined;

/** mutation-testing-elements' browser bundle, read once from node_modules. */
function elements(): string {
  if (elementsScript === undefined) {
    const path = createRequire(import.meta.url).resolve('mutation-testing-elements/dist/mutation-test-elements.js');
    // Inlined in a <script>: "</script" inside it would end the element early.
    elementsScript = readFileSync(path, 'utf8').replace(/<\/(script)/gi, '<\\/$1');
  }
  return elementsScript;
}

const bootScript =
  "document.querySelector('mutation-test-report-app').report = JSON.parse(document.getElementById('report-data').dataset.report);";

/**
 * mutation.html: Stryker's report viewer with the report inside, one self-contained file. The
 * report travels in an HTML-escaped data attribute (handlebars escapes it like any other data),
 * not spliced into a script, so student text cannot end the script early.
 */
export function renderMutationHtml(report: MutationTestResult, options: { title?: string } = {}): string {
  const script = elements();
  return renderPage('mutation', {
    title: options.title ?? 'Mutation report — fox-grade',
    csp: contentSecurityPolicy([script, bootScript]),
    reportJson: JSON.stringify(report),
    elementsScript: script,
    bootScript,
  });
}

const needsSources = (options: ReportOptions) =>
  options.sources ? null : 'it needs the mutants\' source locations (options.sources, from the mutant registry)';

export const mutationJsonReporter: Reporter = {
  name,
  fileName,
  // Written whenever the caller knows where the mutants are.
  enabledByDefault: (options) => options.sources !== undefined,
  unavailable: needsSources,
  render: (result, options) => renderMutationJson(toMutationTestingReport(result, options.sources!)),
};

export const mutationHtmlReporter: Reporter = {
  name: 'mutation-html',
  fileName: 'mutation.html',
  // 230 kB of viewer per student: only on request.
  enabledByDefault: () => false,
  unavailable: needsSources,
  render: (result, options) =>
    renderMutationHtml(toMutationTestingReport(result, options.sources!), { title: `${result.repo} — mutation report` }),
};
