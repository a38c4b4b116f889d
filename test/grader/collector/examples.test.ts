// End to end: the example student collectors of examples/collectors/ on the official suite.
// Four have a realistic bug in one phase each, one is a correct collector written differently
// from the reference. The verdicts (which official tests fail) and the phase the per-phase
// diagnosis blames are pinned here, and README.md there lists them.
import t from 'tap';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { examplesDir, suitesDir } from '../../../reference/paths.js';
import { loadTestFile } from '../../../suites/test-file.js';
import { gradeCollector, type CollectorResult, type DiagnosedPhase } from '../../../grader/collector/grade-collector.js';

interface Example {
  dir: string;
  failing: string[];
  phase?: DiagnosedPhase;
  /** One failing test and the exact sentence its diagnosis gives. */
  sample?: { test: string; message: string };
}

/** The official suite's size: every test counts (the reference passes them all). */
const OFFICIAL = loadTestFile(join(suitesDir, 'fox.json')).tests.length;

const EXAMPLES: Example[] = [
  { dir: 'correct-mark-stack', failing: [] },
  {
    dir: 'mark-skips-last-element',
    failing: ['gc-list-keep', 'gc-list-keep-neg', 'gc-list-loop-neg', 'gc-move-nested', 'gc-move-nested-neg'],
    phase: 'mark',
    sample: { test: 'gc-move-nested', message: 'mark: block at heap+10 is live but was not marked' },
  },
  {
    dir: 'forward-ignores-padding',
    failing: ['gc-if-cond-temps-neg', 'gc-nested-args-neg', 'gc-odd-move', 'gc-odd-move-neg', 'gc-overlap-move', 'gc-overlap-move-neg', 'gc-rotate', 'gc-rotate-neg'],
    phase: 'forward',
    sample: { test: 'gc-odd-move', message: 'forward: block at heap+12 got forwarding address heap+5, expected heap+6' },
  },
  {
    dir: 'redirect-misses-top-block',
    failing: ['gc-dag', 'gc-dag-deep', 'gc-dag-deep-neg', 'gc-move-nested', 'gc-move-nested-neg'],
    phase: 'redirect',
    sample: { test: 'gc-dag', message: 'redirect: element 0 of block heap+14 holds tuple heap+10, expected tuple heap+4' },
  },
  {
    dir: 'compact-clears-old-copy',
    failing: ['gc-args-only', 'gc-dag', 'gc-move-nested', 'gc-print-loop', 'gc-rotate'],
    phase: 'compact',
    sample: {
      test: 'gc-move-nested',
      message: 'compact: GC word of block heap+0 holds forwarding address heap+0 with the mark bit, expected 0 (unmarked)',
    },
  },
];

// Two programs at a time in all (2 cores): two examples at once, one test at a time each.
const limit = pLimit(2);
const results = new Map<string, Promise<CollectorResult>>(
  EXAMPLES.map((e) => [e.dir, limit(() => gradeCollector(join(examplesDir, 'collectors', e.dir), { jobs: 1 }))]),
);

for (const example of EXAMPLES) {
  t.test(example.dir, async (t) => {
    const r = await results.get(example.dir)!;
    t.equal(r.repo, example.dir);
    t.ok(r.build.ok, 'it builds');
    t.same(r.build.warnings, [], 'without a warning under -Wall');
    t.notOk(r.signatureProblems, 'the five functions keep the course signatures');
    t.equal(r.suites.length, 1, 'the official suite only');
    const [official] = r.suites;
    t.equal(official.file, 'suites/fox.json');
    t.equal(official.total, OFFICIAL, 'every official test counts (the reference passes them all)');
    t.equal(official.passed, OFFICIAL - example.failing.length, `passes ${OFFICIAL - example.failing.length}/${OFFICIAL}`);
    t.same(r.score, { passed: official.passed, total: OFFICIAL });

    const failing = official.tests.filter((x) => !x.pass);
    // The message carries each failure's reason and output: an unexpected failure says why.
    const why = failing.map((x) => `${x.name}: ${x.reason} ${JSON.stringify(x).slice(0, 600)}`).join(' | ');
    t.same(failing.map((x) => x.name).sort(), example.failing, `these official tests fail (${why})`);
    for (const test of failing) {
      t.ok(test.reason, `${test.name} has a reason`);
      t.ok(test.expected, `${test.name} shows what was expected`);
      t.equal(test.diagnosis?.phase, example.phase, `${test.name} is blamed on ${example.phase}: ${test.diagnosis?.message}`);
      t.ok(['diverged', 'crashed', 'timeout'].includes(test.diagnosis?.status ?? ''), `${test.name}: ${test.diagnosis?.status}`);
    }
    t.ok(r.diagnosis?.available, 'the per-phase diagnosis is available');
    t.equal(r.diagnosis?.phase, example.phase, 'the summary names the phase');
    t.equal(r.diagnosis?.diagnosed, example.failing.length, 'every failing test was diagnosed');
    if (example.phase) {
      t.same(r.diagnosis?.byPhase, { [example.phase]: example.failing.length }, 'no other phase is blamed');
      t.match(r.verdict, new RegExp(`^passed ${official.passed}/${OFFICIAL} tests; first wrong phase: ${example.phase} `));
    } else {
      t.equal(r.verdict, `passed ${OFFICIAL}/${OFFICIAL} tests`);
    }
    if (example.sample) {
      const sample = official.tests.find((x) => x.name === example.sample!.test);
      t.equal(sample?.diagnosis?.message, example.sample.message, 'the diagnosis says where');
      t.equal(sample?.diagnosis?.collection, 1, 'at the first collection');
      t.ok((sample?.diagnosis?.differences?.length ?? 0) > 0, 'with the differing words');
    }
    const passing = official.tests.filter((x) => x.pass);
    t.ok(
      passing.every((x) => Object.keys(x).sort().join() === 'name,pass'),
      'a passing test is just its name and pass',
    );
  });
}
