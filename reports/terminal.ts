// The terminal view: what `fox-grade grade` prints. Plain text that reads top-down — the score
// first (what a student looks for), then what to fix (invalid tests), then the details.
//
// Colour is the caller's decision (TTY and NO_COLOR are properties of the process, and this
// module is a pure function of its arguments). Student text (names, expected output) may hold
// control characters, and an escape sequence printed raw could rewrite the user's terminal, so
// every piece of it goes through `clean`.
import { formatFinding } from '../grader/collector/sanitize.js';
import type { CollectorResult } from '../grader/collector/grade-collector.js';
import type { GradeResult, Reveal, TestResult } from '../grader/result.js';
import { formatPercent, phaseScores, plural, visibleMutant } from './view.js';

export const name = 'terminal';

export interface TerminalOptions {
  color: boolean;
  /** Columns available; long lines are wrapped or shortened to fit. Default 80. */
  width?: number;
  /** Defaults to `result.reveal`. */
  reveal?: Reveal;
}

type Style = (text: string) => string;
interface Styles {
  bold: Style;
  dim: Style;
  green: Style;
  red: Style;
  yellow: Style;
  cyan: Style;
}

const sgr = (open: number, close: number): Style => (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
const plain: Style = (text) => text;

function styles(color: boolean): Styles {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/** One line of student text, safe to print: tabs become spaces, other control characters are shown escaped. */
export function clean(text: string): string {
  return text
    .replace(/\t/g, '  ')
    .replace(/\r?\n/g, '⏎')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Shortens to `width` characters with an ellipsis. Widths count code points (no East-Asian width table: names are ASCII stems). */
function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(width, 0)).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));

/** Greedy word wrap; a word longer than the line is cut with `fit`. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l) => fit(l, width));
}

/** Wraps `text` after a first-line prefix, continuing under it. */
function hanging(prefix: string, text: string, width: number, style: Style = plain, shownPrefix = prefix): string[] {
  const indent = ' '.repeat([...prefix].length);
  return wrap(text, Math.max(20, width - indent.length)).map((line, i) => (i === 0 ? shownPrefix : indent) + style(line));
}

/**
 * A message of several lines (a warning is `message` then `  remedy: …`, as `formatError` writes
 * it): each line wrapped on its own under the prefix, rather than joined with a visible "⏎".
 */
function multiline(prefix: string, text: string, width: number, style: Style = plain, shownPrefix = prefix): string[] {
  const indent = ' '.repeat([...prefix].length);
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .flatMap((line, i) => hanging(prefix, clean(line.trim()), width, style, i === 0 ? shownPrefix : indent));
}

/**
 * A comma list wrapped after `first` (the first line's prefix), continuing under `indent`. Every
 * item is shown whole: a list of killers must not hide one behind "+N more", and an id is never
 * cut (one longer than the line gets a line of its own; the terminal wraps it).
 */
function wrapList(first: string, indent: string, items: string[], width: number, style: Style = plain): string[] {
  const lines: string[] = [];
  let head = first;
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    const candidate = line === '' ? piece : `${line} ${piece}`;
    if (line !== '' && [...head].length + [...candidate].length > width) {
      lines.push(head + style(line));
      head = indent;
      line = piece;
    } else line = candidate;
  }
  lines.push(head + style(line));
  return lines;
}

/** Up to `max` lines of a multi-line student text, each cleaned and shortened. */
function block(text: string, width: number, max = 6): string[] {
  const lines = text.split(/\r?\n/);
  const shown = lines.slice(0, max).map((line) => fit(clean(line), width));
  if (lines.length > max) shown.push(`… ${plural(lines.length - max, 'more line')}`);
  return shown;
}

function invalidTest(test: TestResult, width: number, s: Styles): string[] {
  const testName = fit(clean(test.name), width - 4);
  // Tests are counted from 1 everywhere (the loader's warnings say `test 7 'name'` too).
  const where = `${test.file}, test ${test.index + 1}`;
  // The location goes under the name when both do not fit on one line.
  const out =
    4 + [...testName].length + 2 + where.length <= width
      ? [`  ${s.red('✗')} ${s.bold(testName)}  ${s.dim(where)}`]
      : [`  ${s.red('✗')} ${s.bold(testName)}`, `    ${s.dim(fit(where, width - 4))}`];
  if (test.reason) out.push(...hanging('    ', clean(test.reason), width));
  if (test.expected) {
    const label = test.expected.kind === 'value' ? 'expected value:   ' : 'expected failure: ';
    block(test.expected.text === '' ? '(any failure)' : test.expected.text, width - 22).forEach((line, i) =>
      out.push(`    ${i === 0 ? label : ' '.repeat(label.length)}${line}`),
    );
  }
  if (test.actual !== undefined) {
    block(test.actual === '' ? '(no output)' : test.actual, width - 22).forEach((line, i) =>
      out.push(`    ${i === 0 ? 'reference gave:   ' : ' '.repeat(18)}${s.yellow(line)}`),
    );
  }
  const diff = test.firstDifference;
  if (diff) {
    out.push(`    first difference, line ${diff.line}:`);
    out.push(`      expected ${fit(clean(diff.expected), width - 15)}`);
    out.push(`      actual   ${s.yellow(fit(clean(diff.actual), width - 15))}`);
  }
  return out;
}

function heapText(test: TestResult): string {
  const parts = [`heap ${test.heap}`];
  if (test.minimalHeap !== undefined && test.minimalHeap !== null) parts.push(`minimal ${test.minimalHeap}`);
  if (test.collections !== null) parts.push(plural(test.collections, 'collection'));
  return parts.join(', ');
}

/** The student's own collector (`--gc`): verdict, score per suite, failing tests with the diagnosed phase. */
function collectorSection(collector: CollectorResult, width: number, s: Styles): string[] {
  const out = [s.bold(`Your collector: ${clean(collector.verdict)}`)];
  if (collector.diagnosis?.phase) {
    out.push(...hanging('  diagnosis: ', `most failures start in ${collector.diagnosis.phase}${collector.diagnosis.example ? ` (${clean(collector.diagnosis.example.test)}: ${clean(collector.diagnosis.example.message)})` : ''}`, width));
  }
  for (const suite of collector.suites) {
    out.push(`  ${clean(suite.file)}${suite.hidden ? ' (hidden)' : ''}: ${suite.passed}/${suite.total} passed`);
    for (const test of suite.tests.filter((x) => !x.pass && x.counted !== false)) {
      const why = test.diagnosis && test.diagnosis.status !== 'agree' ? ` — ${test.diagnosis.message}` : '';
      out.push(...hanging(`    ${s.red('✗')} `, `${clean(test.name)}: ${clean(test.reason ?? 'failed')}${clean(why)}`, width));
      if (test.sanitizer) out.push(...hanging('      ', clean(test.sanitizer.summary), width, s.dim));
    }
    // Findings of passing tests (a leak, a run the sanitizer did not check) show here too.
    if (!suite.hidden) {
      for (const test of suite.tests.filter((x) => x.pass && x.sanitizer)) {
        out.push(...hanging(`    ${s.yellow('!')} `, `${clean(test.name)}: ${clean(formatFinding(test.sanitizer!))}`, width));
      }
    }
  }
  for (const note of collector.notes) out.push(...hanging('  note: ', clean(note), width, s.dim));
  return out;
}

export function renderTerminal(result: GradeResult, options: TerminalOptions): string {
  const width = Math.max(40, options.width ?? 80);
  const reveal = options.reveal ?? result.reveal;
  const s = styles(options.color);
  const { score } = result;
  const out: string[] = [];

  out.push(s.dim(fit(`${result.tool.name} ${result.tool.version} · ${clean(result.repo)} (${result.dialect})`, width)));
  // Which offering, and why (grader/grade/dialect.ts): a wrong one makes tight tests invalid.
  if (result.dialectReason) out.push(...hanging('', `dialect ${clean(result.dialectReason)}`, width, s.dim));
  const scoreStyle = score.total > 0 && score.killed === score.total ? s.green : score.killed === 0 ? s.red : s.yellow;
  const scoreText = `${score.killed}/${score.total}`;
  const detected = ` mutants detected (${formatPercent(score.thoroughness)})`;
  const testCounts = `${plural(score.validTests, 'valid test')}, ${score.invalidTests} invalid`;
  const scoreLine = `${s.bold('Score:')} ${scoreStyle(s.bold(scoreText))}${detected}`;
  // One line when it fits, else the test counts go under the score.
  if (`Score: ${scoreText}${detected} · ${testCounts}`.length <= width) out.push(`${scoreLine} · ${testCounts}`);
  else out.push(scoreLine, `       ${testCounts}`);
  const phases = phaseScores(result).map((p) => `${p.phase} ${p.killed}/${p.total}`);
  if (phases.length > 0) out.push(...hanging('By phase: ', phases.join('  '), width, s.dim));

  const invalid = result.tests.filter((test) => !test.valid);
  if (invalid.length > 0) {
    out.push('', s.bold(s.red(fit(`Invalid tests (${invalid.length}) — they do not count until the reference passes them`, width))));
    for (const test of invalid) out.push(...invalidTest(test, width, s));
  }
  const invalidOfficial = result.officialTests.filter((test) => !test.valid);
  if (invalidOfficial.length > 0) {
    out.push('', s.bold(s.yellow(fit(`Official tests that fail on the reference (${invalidOfficial.length}, not scored)`, width))));
    for (const test of invalidOfficial) out.push(...invalidTest(test, width, s));
  }

  if (result.mutants.length > 0) {
    out.push('', s.bold(`Mutants (${score.killed} of ${score.total} detected)`));
    // The id column is as wide as the longest id while a useful line remains (20 columns for the
    // killers); an id wider than the column, on a narrow terminal, is printed whole on a line of
    // its own and the row continues under the column.
    const phaseWidth = Math.max(...result.mutants.map((m) => m.phase.length));
    const longestId = Math.max(...result.mutants.map((m) => [...clean(m.id)].length));
    const idWidth = Math.max(8, Math.min(longestId, width - (4 + 2 + phaseWidth + 2 + 20)));
    const prefixWidth = 4 + idWidth + 2 + phaseWidth + 2;
    const indent = ' '.repeat(prefixWidth);
    for (const mutant of result.mutants.map((m) => visibleMutant(m, reveal))) {
      const mark = mutant.status === 'killed' ? s.green('✓') : s.red('✗');
      const id = clean(mutant.id);
      let prefix = `  ${mark} ${pad(id, idWidth)}  ${pad(mutant.phase, phaseWidth)}  `;
      if ([...id].length > idWidth) {
        out.push(`  ${mark} ${id}`);
        prefix = `${' '.repeat(4 + idWidth)}  ${pad(mutant.phase, phaseWidth)}  `;
      }
      if (mutant.status === 'killed') {
        out.push(...wrapList(`${prefix}${s.dim('by')} `, `${indent}   `, mutant.killedBy.map(clean), width));
      } else {
        const title = mutant.title ? ` — ${clean(mutant.title)}` : '';
        const [first, ...rest] = hanging(indent, `survived${title}`, width);
        out.push(prefix + s.red('survived') + first.slice(indent.length + 'survived'.length), ...rest);
      }
      if (mutant.status === 'survived' && mutant.hint) {
        out.push(...hanging(`${indent}hint: `, clean(mutant.hint), width, s.cyan));
      }
    }
  }

  const valid = result.tests.filter((test) => test.valid);
  if (valid.length > 0) {
    out.push('', s.bold(`Tests (${valid.length} valid)`));
    // Test names get the same treatment as mutant ids: the column fits the longest name while the
    // counts and 20 columns of heap text still fit; a longer name has a line of its own.
    const longestName = Math.max(...valid.map((t) => [...clean(t.name)].length));
    const nameWidth = Math.max(8, Math.min(longestName, width - 2 - 2 - 21 - 2 - 20));
    const indent = ' '.repeat(4 + nameWidth);
    for (const test of valid) {
      const counts = `${String(test.killed.length).padStart(2)} detected  ${String(test.killedAlone.length).padStart(2)} alone`;
      const testName = clean(test.name);
      let line = `  ${pad(testName, nameWidth)}  ${counts}  `;
      if ([...testName].length > nameWidth) {
        out.push(`  ${testName}`);
        line = `  ${' '.repeat(nameWidth)}  ${counts}  `;
      }
      out.push(...hanging(line, heapText(test), width, s.dim));
      if (test.killedAlone.length > 0) {
        out.push(...wrapList(`${indent}${s.dim('only this test detects:')} `, `${indent}  `, test.killedAlone.map(clean), width));
      } else if (test.killed.length === 0) {
        out.push(`${indent}${s.yellow('detects no mutant')}`);
      }
      for (const note of test.notes) out.push(...multiline(`${indent}note: `, note, width, s.dim));
    }
  }

  if (result.warnings.length > 0) {
    out.push('', s.bold(s.yellow(`Warnings (${result.warnings.length})`)));
    for (const warning of result.warnings) out.push(...multiline('  ! ', warning, width, plain, `  ${s.yellow('!')} `));
  }
  if (result.notes.length > 0) {
    out.push('', s.bold('Notes'));
    for (const note of result.notes) out.push(...multiline('  - ', note, width));
  }
  if (result.collector) out.push('', ...collectorSection(result.collector, width, s));
  if (result.killingHeaps !== undefined) {
    // Present only when an instructor asked for it (--killing-heaps): it gives tests away.
    out.push('', s.bold(`Instructor: killing heaps (${result.killingHeaps.length})`));
    if (result.killingHeaps.length === 0) out.push('  no surviving mutant is killed by a student program at another heap');
    for (const k of result.killingHeaps) {
      out.push(...hanging('  - ', `test ${clean(k.test)} would kill mutant ${clean(k.mutant)} at heap ${k.heap}`, width));
    }
  }
  if (result.witnesses !== undefined) {
    // Present only when an instructor asked for it (--witnesses): it gives tests away.
    out.push('', s.bold(`Instructor: witness tests (${result.witnesses.length})`));
    if (result.witnesses.length === 0) out.push('  no mutant survives');
    for (const w of result.witnesses) {
      if (w.test === undefined) {
        out.push(...hanging('  - ', `${clean(w.mutant)}: ${clean(w.message ?? 'no witness')}`, width));
        continue;
      }
      const expected = 'value' in w.test.result ? `value ${w.test.result.value}` : `failure "${w.test.result.failure}"`;
      out.push(...hanging('  - ', `${clean(w.mutant)} is killed by this test (heap ${w.test.heap}, expects ${clean(expected)}):`, width));
      for (const line of w.test.code.split('\n')) out.push(`      ${clean(line)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
