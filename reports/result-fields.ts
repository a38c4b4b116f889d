// Which reveal level shows each field of result.json (the GradeResult), as data: the generated
// docs/result-json.md is rendered from it, and a test checks both that the document is current
// and that grading at each level writes exactly the fields this table says.
import type { Reveal } from '../grader/result.js';
import { reveals } from './view.js';

export interface FieldReveal {
  /** Path in result.json: `a.b`, `list[].field`, `map.<key>`; a row for `x` covers what is under it unless listed. */
  path: string;
  /** The `--reveal` levels at which the field is written. */
  levels: readonly Reveal[];
  /** An option that must also be given, when one is needed. */
  option?: string;
  meaning: string;
}

const all = reveals;
const fromTitles: readonly Reveal[] = ['titles', 'hints', 'full'];

export const resultFields: readonly FieldReveal[] = [
  { path: 'schemaVersion', levels: all, meaning: 'version of this format' },
  { path: 'tool', levels: all, meaning: 'fox-grade and its version' },
  { path: 'repo', levels: all, meaning: "the repository's directory name" },
  { path: 'dialect', levels: all, meaning: 'course offering graded (sp19, fa18)' },
  { path: 'dialectReason', levels: all, meaning: 'why that offering (--dialect, tests/fox.json, c-bits/main.c, invalid tests, default)' },
  { path: 'reveal', levels: all, meaning: 'the level this result was written at' },
  { path: 'tests[]', levels: all, meaning: "the student's tests: validity, reason, heaps, kills, notes" },
  { path: 'tests[].killingHeaps', levels: all, option: '--killing-heaps (instructors)', meaning: 'a heap at which this test kills a survivor' },
  { path: 'tests[].collector', levels: all, option: '--gc', meaning: "the student's own collector on this test" },
  { path: 'officialTests[]', levels: all, meaning: "the student's copy of the official tests, validated, not scored" },
  { path: 'mutants[].id', levels: all, meaning: 'stable mutant id' },
  { path: 'mutants[].phase', levels: all, meaning: 'collector phase (mark … print)' },
  { path: 'mutants[].kind', levels: all, meaning: 'runtime or codegen' },
  { path: 'mutants[].status', levels: all, meaning: 'killed or survived' },
  { path: 'mutants[].killedBy', levels: all, meaning: 'the valid tests that detect it' },
  { path: 'mutants[].title', levels: fromTitles, meaning: 'a few words naming the bug' },
  { path: 'mutants[].hint', levels: ['hints', 'full'], meaning: 'the kind of test that would catch it' },
  { path: 'mutants[].description', levels: ['full'], meaning: 'the misconception, in words (never code)' },
  { path: 'matrix', levels: all, meaning: 'kill matrix: valid tests × mutant ids, each cell a status and reason' },
  { path: 'score', levels: all, meaning: 'killed/total, test counts, thoroughness, per-phase split' },
  { path: 'warnings', levels: all, meaning: 'located problems with the repository or test file' },
  { path: 'notes', levels: all, meaning: 'advice (dialect, heap search)' },
  { path: 'collector', levels: all, option: '--gc', meaning: "the student's own collector on the official and hidden suites (hidden tests: names only)" },
  { path: 'killingHeaps', levels: all, option: '--killing-heaps (instructors)', meaning: 'for each surviving mutant, a student program and heap that kill it' },
  { path: 'witnesses', levels: all, option: '--witnesses (instructors)', meaning: 'for each surviving mutant, a machine-found test that kills it, or why there is none' },
];

/** docs/result-json.md. */
export function renderResultFieldsDoc(): string {
  const lines = [
    '# result.json: which reveal level shows each field',
    '',
    '<!-- Generated from reports/result-fields.ts; test/reports/result-fields.test.ts checks it. -->',
    '',
    '`--reveal` (default `titles`) decides what result.json, report.html, the terminal, mutation.json,',
    'mutation.html and Gradescope\'s results.json say about each mutant. No level writes the reference',
    "runtime's source or a mutant's code change: that needs `--instructor-full-source` (mutation.json",
    'and mutation.html only; refused with `--gradescope`).',
    '',
    `| field | ${reveals.join(' | ')} | only with | meaning |`,
    `|---|${reveals.map(() => ':-:|').join('')}---|---|`,
  ];
  for (const field of resultFields) {
    const marks = reveals.map((level) => (field.levels.includes(level) ? 'yes' : '—'));
    lines.push(`| \`${field.path}\` | ${marks.join(' | ')} | ${field.option ?? ''} | ${field.meaning} |`);
  }
  return `${lines.join('\n')}\n`;
}
