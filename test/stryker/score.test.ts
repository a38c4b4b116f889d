// stryker/score.mjs and stryker/equivalents.mjs (issue 14): a surviving mutant listed as
// equivalent counts as ignored with its reason, and a list entry that is wrong (matching nothing,
// several mutants, or a mutant that tests kill) is reported rather than silently hiding a mutant.
import { join } from 'node:path';
import t from 'tap';
import { projectRoot } from '../../reference/paths.js';

interface Entry {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  line?: number;
  column?: number;
  reason: string;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement: string;
  status: string;
  statusReason?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { language: string; source: string; mutants: Mutant[] }>;
}
const { markEquivalents, originalText, scoresByArea } = (await import(join(projectRoot, 'stryker/score.mjs'))) as {
  markEquivalents: (report: Report, list: Entry[]) => { report: Report; problems: string[] };
  originalText: (lines: string[], location: Mutant['location']) => string;
  scoresByArea: (report: Report) => { rows: { area: string; metrics: { mutationScore: number; ignored: number; survived: number } }[] };
};
const { equivalents } = (await import(join(projectRoot, 'stryker/equivalents.mjs'))) as { equivalents: Entry[] };
const { areaOf } = (await import(join(projectRoot, 'stryker/areas.mjs'))) as { areaOf: (file: string) => string | undefined };

const source = ['const a = x !== undefined && y;', 'const b = x !== undefined;', 'const c = n >= 0;', 'const d = n + n;'].join('\n');
const at = (line: number, column: number, length: number) => ({ start: { line, column }, end: { line, column: column + length } });
function mutant(id: string, status: string, line: number, column: number, length: number, mutatorName = 'ConditionalExpression', replacement = 'true'): Mutant {
  return { id, mutatorName, replacement, status, location: at(line, column, length) };
}
const file = 'grader/grade/6-score.ts';
function report(mutants: Mutant[]): Report {
  return { files: { [file]: { language: 'typescript', source, mutants } } };
}
const entry = (extra: Partial<Entry> = {}): Entry => ({ file, mutator: 'ConditionalExpression', original: 'x !== undefined', replacement: 'true', reason: 'x is always defined', ...extra });

t.test('originalText: the text a mutant replaces (1-based columns, the end exclusive), over lines too', async (t) => {
  t.equal(originalText(source.split('\n'), at(1, 11, 15)), 'x !== undefined');
  t.equal(originalText(source.split('\n'), at(3, 11, 6)), 'n >= 0');
  t.equal(originalText(source.split('\n'), { start: { line: 1, column: 30 }, end: { line: 2, column: 6 } }), 'y;\nconst');
});

t.test('a surviving mutant that matches an entry is ignored, with the reason; the score counts it so', async (t) => {
  const before = report([mutant('1', 'Survived', 3, 11, 6, 'EqualityOperator', 'n > 0'), mutant('2', 'Killed', 1, 11, 15, 'ConditionalExpression', 'false')]);
  const { report: after, problems } = markEquivalents(before, [entry({ mutator: 'EqualityOperator', original: 'n >= 0', replacement: 'n > 0' })]);
  t.same(problems, []);
  const [equivalent, killed] = after.files[file].mutants;
  t.equal(equivalent.status, 'Ignored');
  t.equal(equivalent.statusReason, 'equivalent (stryker/equivalents.mjs): x is always defined');
  t.equal(killed.status, 'Killed', 'a mutant no entry names is left as it is');
  t.equal(before.files[file].mutants[0].status, 'Survived', 'the report given is not changed');
  t.equal(scoresByArea(before).rows[0].metrics.mutationScore, 50);
  t.equal(scoresByArea(after).rows[0].metrics.mutationScore, 100, 'an equivalent mutant is out of the score, as a disable comment would put it');
  t.equal(scoresByArea(after).rows[0].metrics.ignored, 1);
});

t.test('an uncovered mutant matching an entry is ignored too; a different replacement or mutator is not matched', async (t) => {
  const mutants = [mutant('1', 'NoCoverage', 2, 11, 15), mutant('2', 'Survived', 2, 11, 15, 'ConditionalExpression', 'false'), mutant('3', 'Survived', 2, 11, 15, 'LogicalOperator', 'true')];
  const { report: after, problems } = markEquivalents(report(mutants), [entry({ line: 2 })]);
  t.same(problems, []);
  t.same(after.files[file].mutants.map((m) => m.status), ['Ignored', 'Survived', 'Survived']);
});

t.test('a wrong entry is reported: no mutant, several mutants, or a mutant that tests kill', async (t) => {
  const none = markEquivalents(report([]), [entry()]);
  t.match(none.problems, [/^grader\/grade\/6-score\.ts: ConditionalExpression `x !== undefined` → `true` matches no mutant \(the code changed/]);
  const two = markEquivalents(report([mutant('1', 'Survived', 1, 11, 15), mutant('2', 'Survived', 2, 11, 15)]), [entry()]);
  t.match(two.problems, [/matches 2 mutants \(at 1:11, 2:11\): give the entry the `line` \(and `column`\) of the one it means/]);
  const chosen = markEquivalents(report([mutant('1', 'Survived', 1, 11, 15), mutant('2', 'Survived', 2, 11, 15)]), [entry({ line: 2 })]);
  t.same(chosen.problems, [], 'the line tells them apart');
  t.same(chosen.report.files[file].mutants.map((m) => m.status), ['Survived', 'Ignored']);
  // The same text twice on one line: the column tells them apart.
  const twice = report([mutant('1', 'Survived', 4, 11, 1, 'Identifier', 'm'), mutant('2', 'Killed', 4, 15, 1, 'Identifier', 'm')]);
  const sameLine = markEquivalents(twice, [entry({ mutator: 'Identifier', original: 'n', replacement: 'm', line: 4 })]);
  t.match(sameLine.problems, [/matches 2 mutants \(at 4:11, 4:15\)/, /at 4:15 is killed by a test/]);
  const byColumn = markEquivalents(twice, [entry({ mutator: 'Identifier', original: 'n', replacement: 'm', line: 4, column: 11 })]);
  t.same(byColumn.problems, []);
  t.same(byColumn.report.files[file].mutants.map((m) => m.status), ['Ignored', 'Killed']);
  for (const status of ['Killed', 'Timeout']) {
    const killed = markEquivalents(report([mutant('1', status, 1, 11, 15)]), [entry()]);
    t.match(killed.problems, [new RegExp(`at 1:11 is ${status.toLowerCase()} by a test, so it is not equivalent`)]);
    t.equal(killed.report.files[file].mutants[0].status, status, 'a detected mutant stays detected');
  }
});

t.test('the committed list: every entry has a reason and names a file of an area', async (t) => {
  t.ok(equivalents.length > 0);
  for (const e of equivalents) {
    t.ok(e.reason.trim().length >= 20, `${e.file} ${e.original}: a reason`);
    t.ok(areaOf(e.file), `${e.file} is in an area`);
    t.not(e.original, e.replacement);
  }
});
