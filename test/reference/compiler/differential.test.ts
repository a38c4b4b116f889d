// Differential test of the whole compiler: random programs run natively (native.ts) must print
// exactly what a direct interpreter of FOX.md §3 prints (fixtures/interpret.ts), fail with the
// same error, in the same order.
import fc from 'fast-check';
import t from 'tap';
import { parse } from '../../../reference/compiler/parse.js';
import { errorPattern, run } from './fixtures/interpret.js';
import { NativeRunner } from './fixtures/native.js';

const runner = await NativeRunner.create();
t.teardown(() => runner.cleanup());

// ---- random programs ----

/** Well-scoped expressions; mostly small numbers, so that runs get past the type checks. */
function expr(depth: number, scope: string[], calls: boolean): fc.Arbitrary<string> {
  const leaves: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.integer({ min: 0, max: 12 }).map(String), weight: 6 },
    { arbitrary: fc.constantFrom('1073741823', '32768', '65535'), weight: 1 },
    { arbitrary: fc.boolean().map(String), weight: 2 },
  ];
  if (scope.length > 0) leaves.push({ arbitrary: fc.constantFrom(...scope), weight: 6 });
  if (depth === 0) return fc.oneof(...leaves);
  const sub = () => expr(depth - 1, scope, calls);
  const name = `v${depth}`;
  const compound: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.tuple(sub(), fc.constantFrom('+', '-', '*', '==', '<', '>'), sub()).map(([a, op, b]) => `(${a} ${op} ${b})`), weight: 4 },
    { arbitrary: fc.tuple(fc.constantFrom('add1', 'sub1', 'isNum', 'isBool', 'isTuple', 'print'), sub()).map(([p, a]) => `${p}(${a})`), weight: 2 },
    { arbitrary: fc.tuple(sub(), expr(depth - 1, [...scope, name], calls)).map(([v, b]) => `(let ${name} = ${v} in ${b})`), weight: 3 },
    { arbitrary: fc.tuple(sub(), sub(), sub()).map(([c, a, b]) => `(if ${c}: ${a} else: ${b})`), weight: 2 },
    { arbitrary: fc.array(sub(), { minLength: 2, maxLength: 3 }).map((es) => `(${es.join(', ')})`), weight: 2 },
    { arbitrary: fc.tuple(sub(), fc.integer({ min: -1, max: 3 })).map(([e, i]) => `(${e})[${i < 0 ? '0 - 1' : i}]`), weight: 2 },
  ];
  if (calls) {
    compound.push({ arbitrary: fc.tuple(sub(), sub()).map(([a, b]) => `f(${a}, ${b})`), weight: 1 });
    compound.push({ arbitrary: sub().map((a) => `g(${a})`), weight: 1 });
  }
  return fc.oneof(...leaves, ...compound);
}

// The defs call no function, so every program terminates.
const program = fc
  .tuple(expr(3, ['a', 'b'], false), expr(3, ['a'], false), expr(4, [], true))
  .map(([f, g, main]) => `def f(a, b): (${f})\ndef g(a): (${g})\n${main}`);

t.test('random programs behave as the interpreter says', async (t) => {
  let errors = 0;
  await fc.assert(
    fc.asyncProperty(program, async (src) => {
      const expected = run(parse(src));
      const r = await runner.run(src);
      const stdout = r.stdout === '' ? [] : r.stdout.split('\n');
      if (JSON.stringify(stdout) !== JSON.stringify(expected.stdout)) throw new Error(`${src}\nstdout ${JSON.stringify(stdout)}, expected ${JSON.stringify(expected.stdout)}`);
      if (expected.error) {
        errors++;
        if (r.exitCode !== 1 || !errorPattern(expected.error).test(r.stderr)) throw new Error(`${src}\nstderr ${r.stderr} (${r.exitCode}), expected ${errorPattern(expected.error)}`);
      } else if (r.exitCode !== 0 || r.stderr !== '') {
        throw new Error(`${src}\nunexpected failure ${r.exitCode}: ${r.stderr}`);
      }
    }),
    { numRuns: 60 },
  );
  t.pass(`60 programs, ${errors} ending in a runtime error`);
});
