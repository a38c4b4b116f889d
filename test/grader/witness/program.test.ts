// The program generator (grader/witness/program.ts): every generated program is well-formed (the
// reference compiler accepts it) and terminates without a run-time error (the TypeScript
// interpreter runs it within a fuel bound), on thousands of samples and on every shrink fast-check
// tries; and the samples exercise what a collector must handle.
import fc from 'fast-check';
import t from 'tap';
import { compile } from '../../../reference/compiler/index.js';
import { parse } from '../../../reference/compiler/parse.js';
import { foxProgram, HOLD_COUNT, lineCount, PLAN_SIZES, programPlan, renderProgram, resolvePlan, type Expr, type PlanSizeName } from '../../../grader/witness/program.js';
import { OutOfFuel, run } from '../../reference/compiler/fixtures/interpret.js';

const SAMPLES = 3000;
/** Far above what a generated program needs (a few thousand steps at most). */
const FUEL = 1_000_000;

function problem(src: string): string | undefined {
  const compiled = compile(src);
  if (!compiled.ok) return `does not compile:\n${compiled.message}`;
  try {
    const r = run(parse(src), FUEL);
    if (r.error) return `run-time error ${r.error.code}`;
  } catch (e) {
    if (e instanceof OutOfFuel) return 'does not terminate within the fuel';
    throw e;
  }
  return undefined;
}

t.test(`${SAMPLES} generated programs compile and terminate with a value`, async (t) => {
  fc.assert(
    fc.property(foxProgram(), (src) => {
      const p = problem(src);
      if (p !== undefined) throw new Error(`${src}\n${p}`);
    }),
    { numRuns: SAMPLES, seed: 17 },
  );
  t.pass(`${SAMPLES} programs`);
});

t.test('every size: well-formed and terminating, and small ones are short', async (t) => {
  const medians: Partial<Record<PlanSizeName, number>> = {};
  for (const size of Object.keys(PLAN_SIZES) as PlanSizeName[]) {
    const lines: number[] = [];
    fc.assert(
      fc.property(foxProgram(PLAN_SIZES[size]), (src) => {
        lines.push(lineCount(src));
        const p = problem(src);
        if (p !== undefined) throw new Error(`${size}: ${src}\n${p}`);
      }),
      { numRuns: 1000, seed: 23 },
    );
    lines.sort((a, b) => a - b);
    medians[size] = lines[500];
  }
  t.ok(medians.small! <= 2, `median small program: ${medians.small} lines`);
  t.ok(medians.small! <= medians.medium! && medians.medium! <= medians.large!, `medians grow with the size: ${JSON.stringify(medians)}`);
  const helpers = fc.sample(programPlan(PLAN_SIZES.small), { numRuns: 200, seed: 1 }).filter((p) => p.helpers.length > 0);
  t.equal(helpers.length, 0, 'small programs have no helper');
});

t.test('every shrink of a failing sample is still well-formed and terminating', async (t) => {
  // A property that fails on programs with three or more tuples makes fast-check shrink; every
  // candidate it tries along the way is checked.
  const tried: string[] = [];
  const bad: string[] = [];
  const details = fc.check(
    fc.property(fc.oneof(programPlan(), programPlan(PLAN_SIZES.small)), (plan) => {
      const src = renderProgram(resolvePlan(plan));
      tried.push(src);
      const p = problem(src);
      if (p !== undefined) bad.push(`${src}\n${p}`);
      return (src.match(/\(/g) ?? []).length < 12;
    }),
    { numRuns: 500, seed: 3 },
  );
  t.ok(details.failed, 'the sample property fails, so shrinking happens');
  t.ok(details.numShrinks > 0, `${details.numShrinks} shrinks`);
  t.same(bad, [], `${tried.length} programs tried, all well-formed`);
});

t.test('the samples exercise the collector', async (t) => {
  const counts = { oddTuple: 0, evenTuple: 0, nested: 0, shared: 0, deadLet: 0, dropped: 0, loop: 0, deep: 0, wrap: 0, print: 0, if: 0, tailCall: 0, hold: 0 };
  const sizes: number[] = [];
  const plans = fc.sample(programPlan(), { numRuns: 1000, seed: 5 });
  for (const plan of plans) {
    const program = resolvePlan(plan);
    const src = renderProgram(program);
    sizes.push(lineCount(src));
    const seen = new Set<string>();
    const walk = (e: Expr, inLetValue: boolean): void => {
      switch (e.k) {
        case 'tuple': {
          seen.add(e.elems.length % 2 === 1 ? 'oddTuple' : 'evenTuple');
          if (e.elems.some((x) => x.k === 'tuple')) seen.add('nested');
          const vars = e.elems.filter((x) => x.k === 'var').map((x) => (x as { name: string }).name);
          if (new Set(vars).size < vars.length) seen.add('shared');
          e.elems.forEach((x) => walk(x, false));
          return;
        }
        case 'pick':
          seen.add('dropped');
          walk(e.tuple, false);
          return;
        case 'let':
          if (inLetValue) seen.add('deadLet');
          walk(e.value, true);
          walk(e.body, false);
          return;
        case 'if':
          seen.add('if');
          [e.cond, e.then, e.else].forEach((x) => walk(x, false));
          return;
        case 'call':
          if (e.args[0]?.k === 'num' && e.args[0].n === HOLD_COUNT) seen.add('hold');
          e.args.forEach((x) => walk(x, false));
          return;
        case 'print':
          seen.add('print');
          walk(e.arg, false);
          return;
        default:
          return;
      }
    };
    walk(program.main, false);
    for (const d of program.defs) walk(d.body, false);
    for (const h of plan.helpers) seen.add(h.k);
    if (plan.helpers.some((h) => h.k === 'loop')) seen.add('tailCall');
    for (const key of seen) counts[key as keyof typeof counts]++;
  }
  for (const [what, n] of Object.entries(counts)) t.ok(n >= 30, `${what}: ${n} of 1000 samples`);
  sizes.sort((a, b) => a - b);
  t.ok(sizes[500] <= 6, `median sample: ${sizes[500]} lines`);
});

t.test('heap layouts: a dead block, then a larger live one, then another live one (an overlapping move)', async (t) => {
  // compact-size-after-move needs that shape (suites/fox.json gc-overlap-move); small programs
  // whose main is a layout must draw it often, not once in hundreds.
  const words = (n: number) => (n % 2 === 0 ? n + 2 : n + 3);
  const plans = fc.sample(programPlan(PLAN_SIZES.small), { numRuns: 1000, seed: 17 });
  const overlapping = plans.filter((p) => {
    if (p.main.k !== 'layout') return false;
    let dead = 0;
    return p.main.blocks.some((b, j, all) => {
      if (!b.live) dead += words(b.elems.length);
      return b.live && dead > 0 && words(b.elems.length) > dead && all.slice(j + 1).some((x) => x.live);
    });
  });
  t.ok(overlapping.length >= 20, `${overlapping.length} of 1000 small programs`);
  const src = renderProgram(resolvePlan(overlapping[0]));
  t.match(src, /^let v0 = /, `rendered as lets: ${src}`);
  t.match(src, /v\d+ = \([^()]*\)\[0\]/, 'the dead block dropped at once');
  t.equal(problem(src), undefined);
});
