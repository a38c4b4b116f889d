// Differential test of the whole compiler: random programs run natively (native.ts) must print
// exactly what a direct interpreter of FOX.md §3 prints, fail with the same error, in the same
// order. The interpreter works on the parsed surface syntax, so it shares no code with ANF or
// code generation.
import fc from 'fast-check';
import t from 'tap';
import type { Expr, Prim1Op, Program } from '../../../reference/compiler/ast.js';
import { parse } from '../../../reference/compiler/parse.js';
import { NativeRunner } from './fixtures/native.js';

const runner = await NativeRunner.create();
t.teardown(() => runner.cleanup());

// ---- the interpreter ----

type Value = { kind: 'num'; n: number } | { kind: 'bool'; b: boolean } | { kind: 'tuple'; elements: Value[] };

class FoxError {
  constructor(
    readonly code: number,
    readonly value: Value,
  ) {}
}

const MIN = -(2 ** 30);
const MAX = 2 ** 30 - 1;

function show(v: Value): string {
  if (v.kind === 'num') return String(v.n);
  if (v.kind === 'bool') return String(v.b);
  return `(${v.elements.map(show).join(', ')})`;
}

/** The machine word of a value, as C's `%#010x` prints it; tuples have unknown addresses. */
function word(v: Value): string {
  if (v.kind === 'tuple') return '0x[0-9a-f]{7}[19]';
  const raw = v.kind === 'num' ? (v.n * 2) >>> 0 : v.b ? 0xffffffff : 0x7fffffff;
  return raw === 0 ? '0000000000' : `0x${raw.toString(16).padStart(8, '0')}`;
}

/** The expected stderr of a runtime error, as a pattern. */
function errorPattern(e: FoxError): RegExp {
  const text = [
    `Error: expected a number but got ${word(e.value)}`,
    `Error: expected a boolean but got ${word(e.value)}`,
    'Error: arithmetic overflow\\.',
    `Error: expected a tuple but got ${word(e.value)}`,
    'Error: tuple index too small\\.',
    'Error: tuple index too large\\.',
  ][e.code];
  return new RegExp(`^${text}$`);
}

function run(program: Program): { stdout: string[]; error?: FoxError } {
  const stdout: string[] = [];
  const defs = new Map(program.defs.map((d) => [d.name, d]));

  const num = (v: Value): number => {
    if (v.kind !== 'num') throw new FoxError(0, v);
    return v.n;
  };
  const arith = (n: number, cause: Value): Value => {
    if (n < MIN || n > MAX) throw new FoxError(2, cause);
    return { kind: 'num', n };
  };
  const bool = (b: boolean): Value => ({ kind: 'bool', b });

  const prim1 = (op: Prim1Op, v: Value): Value => {
    switch (op) {
      case 'add1':
        return arith(num(v) + 1, v);
      case 'sub1':
        return arith(num(v) - 1, v);
      case 'isNum':
        return bool(v.kind === 'num');
      case 'isBool':
        return bool(v.kind === 'bool');
      case 'isTuple':
        return bool(v.kind === 'tuple');
      case 'print':
        stdout.push(show(v));
        return v;
    }
  };

  const ev = (e: Expr, env: Map<string, Value>): Value => {
    switch (e.kind) {
      case 'num':
        return { kind: 'num', n: e.value };
      case 'bool':
        return bool(e.value);
      case 'id':
        return env.get(e.name)!;
      case 'prim1':
        return prim1(e.op, ev(e.arg, env));
      case 'prim2': {
        const l = ev(e.left, env);
        const r = ev(e.right, env);
        if (e.op === '==') {
          if (l.kind === 'tuple' || r.kind === 'tuple') return bool(l === r);
          return bool(l.kind === r.kind && show(l) === show(r));
        }
        const a = num(l);
        const b = num(r);
        if (e.op === '<') return bool(a < b);
        if (e.op === '>') return bool(a > b);
        return arith(e.op === '+' ? a + b : e.op === '-' ? a - b : a * b, l);
      }
      case 'let': {
        const inner = new Map(env);
        for (const b of e.bindings) inner.set(b.name, ev(b.value, inner));
        return ev(e.body, inner);
      }
      case 'if': {
        const c = ev(e.cond, env);
        if (c.kind !== 'bool') throw new FoxError(1, c);
        return ev(c.b ? e.then : e.else, env);
      }
      case 'tuple':
        return { kind: 'tuple', elements: e.elements.map((x) => ev(x, env)) };
      case 'index': {
        const tv = ev(e.tuple, env);
        const iv = ev(e.index, env);
        if (tv.kind !== 'tuple') throw new FoxError(3, tv);
        const i = num(iv);
        if (i < 0) throw new FoxError(4, iv);
        if (i >= tv.elements.length) throw new FoxError(5, iv);
        return tv.elements[i];
      }
      case 'call': {
        const def = defs.get(e.name)!;
        const args = e.args.map((x) => ev(x, env));
        return ev(def.body, new Map(def.params.map((p, i) => [p.name, args[i]])));
      }
    }
  };

  try {
    stdout.push(show(ev(program.main, new Map())));
    return { stdout };
  } catch (e) {
    if (e instanceof FoxError) return { stdout, error: e };
    throw e;
  }
}

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
