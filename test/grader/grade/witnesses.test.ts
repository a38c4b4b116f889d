// `--witnesses` (instructor view): a witness test per surviving mutant, from the committed
// witnesses in sp19; shown in the terminal report; absent unless asked.
import { join } from 'node:path';
import t from 'tap';
import { committedWitnesses, findWitnessHints } from '../../../grader/grade/6c-witnesses.js';
import { gradeRepo } from '../../../grader/grade/index.js';
import { resolveGradeOptions } from '../../../grader/grade/options.js';
import { projectRoot } from '../../../reference/paths.js';
import { renderStudentHtml } from '../../../reports/html.js';
import { renderTerminal } from '../../../reports/terminal.js';
import { loadFixture } from '../../fixtures/results/helpers.js';

const examplesDir = join(projectRoot, 'examples');

t.test('sp19: the committed witness of each survivor, in the order given; no runs', async (t) => {
  const committed = committedWitnesses();
  const hints = await findWitnessHints(['tail-call-as-call', 'no-such-mutant', 'mark-skips-nested'], { dialect: 'sp19' });
  t.same(
    hints.map((h) => h.mutant),
    ['tail-call-as-call', 'no-such-mutant', 'mark-skips-nested'],
  );
  for (const id of ['tail-call-as-call', 'mark-skips-nested']) {
    const w = committed.get(id);
    t.same(hints.find((h) => h.mutant === id)?.test, w?.status === 'found' ? w.test : 'missing', `${id}: the committed test`);
  }
  t.same(hints[1], { mutant: 'no-such-mutant', message: 'not a mutant of the catalog: no witness' });
  t.same(committedWitnesses(join(projectRoot, 'no-such-file.json')), new Map(), 'a missing file: no witness (then they are searched)');
});

t.test('the terminal report prints each witness under Instructor', async (t) => {
  const result = loadFixture('weak');
  const out = renderTerminal(
    {
      ...result,
      witnesses: [
        { mutant: 'print-drops-last', test: { name: 'witness-print-drops-last', code: 'def h0(x): (x, x)\nh0((1, 2))', heap: 8, result: { value: '((1, 2), (1, 2))' } } },
        { mutant: 'mark-no-marked-check', message: 'no witness found (100 programs): an equivalence candidate' },
      ],
    },
    { color: false },
  );
  const flat = out.replace(/\s+/g, ' '); // the report wraps long lines at the terminal's width
  t.match(out, 'Instructor: witness tests (2)');
  t.match(flat, '- print-drops-last is killed by this test (heap 8, expects value ((1, 2), (1, 2))):');
  t.match(out, '\n      def h0(x): (x, x)\n      h0((1, 2))\n', 'the code, one line per line');
  t.match(flat, '- mark-no-marked-check: no witness found (100 programs): an equivalence candidate');
  t.notMatch(renderTerminal(result, { color: false }), /witness/, 'nothing without --witnesses');
});

t.test('gradeRepo: witnesses only when asked, one per survivor', async (t) => {
  const weak = join(examplesDir, 'student-weak');
  // A few mutants, two of which the weak student leaves alive (see examples.test.ts).
  const mutantIds = ['try-gc-off-by-one', 'try-gc-keeps-old-pointer', 'print-drops-last'];
  const asked = await gradeRepo(weak, { jobs: 2, witnesses: true, minimize: false, mutantIds });
  const survivors = asked.mutants.filter((m) => m.status === 'survived').map((m) => m.id);
  t.ok(survivors.length > 0, 'the weak student leaves survivors');
  t.same(
    asked.witnesses?.map((w) => w.mutant),
    survivors,
  );
  t.ok(
    asked.witnesses?.every((w) => w.test !== undefined || /^no witness found \(\d+ programs\)/.test(w.message ?? '')),
    'each has a test, or is listed as an equivalence candidate',
  );
  t.same(asked.witnesses?.[0].test, committedWitnesses().get(survivors[0])?.status === 'found' ? (committedWitnesses().get(survivors[0]) as { test: unknown }).test : 'missing', 'the committed test');
  // report.html is a view of the result: one card per survivor, with its test.
  const html = renderStudentHtml(asked);
  for (const w of asked.witnesses ?? []) t.match(html, `id="witness-mutant-${w.mutant}"`, `${w.mutant}: a card in report.html`);
  t.equal((html.match(/data-testid="witness"/g) ?? []).length, survivors.length);
  t.equal(resolveGradeOptions({}).witnesses, false, 'off by default');
});
