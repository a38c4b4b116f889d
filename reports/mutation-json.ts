// mutation.json: the result in Stryker's mutation-testing-report-schema (version 2), so that the
// standard tooling (mutation-testing-elements, the Stryker dashboard) can show it: each mutant
// in the source of the file it mutates, with the tests that detect it.
//
// Secrecy: the reference runtime and the compiler's GC code generation *are* the assignment's
// solution, and a report directory is what a course hands to students. So by default (every
// `--reveal` level) each mutant is located in a small generated description file per phase
// (`mutants/<phase>.md`: its id, and its title, hint and description as the level allows),
// written from the GradeResult alone; nothing of the reference source and no code change is
// written. Only `sources.instructorFullSource` (the `--instructor-full-source` option, refused
// with `--gradescope`) puts the reference files and each mutant's replacement in the report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MutantStatus, MutationTestResult, TestDefinition } from 'mutation-testing-report-schema';
import type { GradeResult, MutantPhase, Reveal } from '../grader/result.js';
import { contentSecurityPolicy, renderPage } from './handlebars.js';
import type { ReportOptions, Reporter } from './reporter.js';
import { detects, mutantsByPhase, visibleMutant } from './view.js';

export const name = 'mutation-json';
export const fileName = 'mutation.json';

// The sources' shapes live with the code that produces them (mutants/report-sources.ts).
export type { LocatedFiles, MutationSources, SourceMutant, SourcePosition } from '../mutants/report-sources.js';
import type { LocatedFiles, MutationSources, SourceMutant, SourcePosition } from '../mutants/report-sources.js';

export interface MutationReportOptions {
  /** What the description files show of each mutant; defaults to `result.reveal`. */
  reveal?: Reveal;
}

/** Stryker's defaults: a score of 80 % and up is good, under 60 % is poor. */
export const thresholds = { high: 80, low: 60 } as const;

// A Map, not an object literal: an extension such as `.constructor` must not find Object's own.
const languages = new Map(Object.entries({ c: 'c', h: 'c', ts: 'typescript', js: 'javascript', hs: 'haskell', json: 'json', md: 'markdown' }));

function language(path: string): string {
  // Stryker disable next-line StringLiteral: equivalent, any text without an extension's key (no language is named "Stryker was here!") falls back to plaintext as '' does
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return languages.get(ext) ?? 'plaintext';
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

/** Where a phase's description file is in the report: not a path of the reference. */
export function phaseDescriptionPath(phase: MutantPhase | string): string {
  return `mutants/${phase}.md`;
}

/** Greedy word wrap at `width` columns: the viewer shows files as code, without wrapping. */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A paragraph after a blank line; a blank text adds none (no empty paragraph ends a section). */
function paragraph(text: string): string[] {
  const lines = wrap(text);
  return lines.length > 0 ? ['', ...lines] : [];
}

const revealWords: Record<Reveal, string> = {
  none: 'ids only',
  titles: 'ids and titles',
  hints: 'ids, titles and hints',
  full: 'ids, titles, hints and descriptions',
};

/**
 * The student view of where the mutants are: one small Markdown file per phase, each mutant a
 * `## id` section with what the reveal level allows (visibleMutant), located from its heading to
 * its last line. Built from the result alone, so it cannot contain the reference's source.
 */
export function phaseDescriptionFiles(result: GradeResult, reveal: Reveal = result.reveal): LocatedFiles {
  const files: LocatedFiles = {};
  for (const group of mutantsByPhase(result.mutants)) {
    const lines = [
      `# The ${group.phase} mutants`,
      '',
      `What this report may show of each mutant (${revealWords[reveal] ?? reveal}); the reference`,
      'implementation is not part of it.',
    ];
    const mutants: SourceMutant[] = [];
    for (const mutant of group.mutants) {
      const v = visibleMutant(mutant, reveal);
      lines.push('');
      const start = lines.length + 1;
      lines.push(`## ${v.id}`);
      if (v.title !== undefined) lines.push(...paragraph(v.title));
      if (v.hint !== undefined) lines.push(...paragraph(`Hint: ${v.hint}`));
      if (v.description !== undefined) lines.push(...paragraph(v.description));
      const last = lines[lines.length - 1];
      mutants.push({
        id: v.id,
        mutatorName: v.title !== undefined ? `${v.phase}: ${v.title}` : v.phase,
        location: { start: { line: start, column: 1 }, end: { line: lines.length, column: last.length + 1 } },
        ...(v.description !== undefined ? { description: v.description } : v.title !== undefined ? { description: v.title } : {}),
      });
    }
    files[phaseDescriptionPath(group.phase)] = { source: `${lines.join('\n')}\n`, mutants };
  }
  return files;
}

export function toMutationTestingReport(result: GradeResult, sources: MutationSources, options: MutationReportOptions = {}): MutationTestResult {
  const reveal = options.reveal ?? result.reveal;
  const files = sources.instructorFullSource ?? phaseDescriptionFiles(result, reveal);
  const column = new Map(result.matrix.mutants.map((id, j) => [id, j]));
  const byId = new Map(result.mutants.map((m) => [m.id, m]));

  // Both lists come from the same registry; a mismatch is a bug in the caller, and a report
  // that silently drops mutants would give a wrong score.
  const ids = Object.values(files).flatMap((f) => f.mutants.map((m) => m.id));
  const unknown = ids.filter((id) => !byId.has(id));
  const missing = result.mutants.map((m) => m.id).filter((id) => !ids.includes(id));
  const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (unknown.length > 0 || missing.length > 0 || duplicated.length > 0) {
    const parts = [
      unknown.length > 0 ? `not in the result: ${unknown.join(', ')}` : '',
      missing.length > 0 ? `without a source location: ${missing.join(', ')}` : '',
      duplicated.length > 0 ? `located twice: ${duplicated.join(', ')}` : '',
    ].filter(Boolean);
    throw new Error(`fox-grade: mutation report: mutant ids do not match (${parts.join('; ')})`);
  }

  const tests = result.matrix.tests;
  const reported: MutationTestResult['files'] = {};
  for (const [path, file] of Object.entries(files)) {
    reported[path] = {
      language: language(path),
      source: file.source,
      mutants: file.mutants.map((located) => {
        const mutant = byId.get(located.id)!;
        const j = column.get(located.id);
        // Stryker disable next-line ArrayDeclaration: equivalent, a string element has no .cell: the filters below drop it as they drop an empty list
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
          // A description file sets it only when the level shows a title (the schema allows none).
          ...(sources.instructorFullSource
            ? { description: located.description ?? mutant.title ?? located.mutatorName }
            : located.description !== undefined && { description: located.description }),
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
    files: reported,
    testFiles,
    framework: { name: result.tool.name, version: result.tool.version },
    config: { repo: result.repo, dialect: result.dialect, reveal, source: sources.instructorFullSource ? 'instructor-full-source' : 'phase-descriptions' },
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
  options.sources ? null : "it needs the student's test file (options.sources, from mutants/report-sources.ts)";

const report = (result: GradeResult, options: ReportOptions) =>
  toMutationTestingReport(result, options.sources!, { ...(options.reveal !== undefined && { reveal: options.reveal }) });

export const mutationJsonReporter: Reporter = {
  name,
  fileName,
  // Written whenever the caller gave the test file.
  enabledByDefault: (options) => options.sources !== undefined,
  unavailable: needsSources,
  render: (result, options) => renderMutationJson(report(result, options)),
};

export const mutationHtmlReporter: Reporter = {
  name: 'mutation-html',
  fileName: 'mutation.html',
  // 230 kB of viewer per student: only on request.
  enabledByDefault: () => false,
  unavailable: needsSources,
  render: (result, options) =>
    renderMutationHtml(report(result, options), { title: `${result.repo} — mutation report` }),
};
