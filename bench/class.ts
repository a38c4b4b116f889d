// The benchmark's synthetic class: student repos generated DETERMINISTICALLY from a seed (same
// seed and sizes → byte-identical files). Programs come from a family of templates modelled on the
// official suite's gc-* tests (suites/fox.json) with varied sizes, so that a class has:
// - GC-heavy tests at their tight (minimal) heap, some with a `-neg` twin one word below;
// - GC tests at a roomier heap (a few collections);
// - light tests that never collect (arithmetic, recursion, printing, run-time errors);
// - invalid tests (a wrong expected value, a heap too small, a file problem).
// Each template knows its value and its minimal heap (checked against the reference by
// test/bench/class.test.ts), so nothing has to run to generate a class.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClassSpec {
  seed: number;
  repos: number;
  testsPerRepo: number;
}

export interface GeneratedTest {
  name: string;
  code: string;
  /** The program is written to tests/input/<name>.fox and the test says `"code": "file"`. */
  asFile: boolean;
  result: { value: string } | { failure: string };
  heap?: number;
  /** A deliberate file problem: written with `"heap"` as a string. */
  badHeapType?: boolean;
  /** What the generator meant (the benchmark's table counts them; the reference decides). */
  kind: 'gc-tight' | 'gc-neg' | 'gc-roomy' | 'light' | 'invalid';
  template: string;
}

export interface GeneratedRepo {
  name: string;
  tests: GeneratedTest[];
}

/** mulberry32: a small, fast, deterministic PRNG (the same sequence on every platform). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];

/** A GC program with its value and minimal heap (sp19: usable words = heap). */
interface GcProgram {
  template: string;
  code: string;
  value: string;
  minimalHeap: number;
}

const tuple = (items: (string | number)[]) => `(${items.join(', ')})`;

/** The GC templates, each a function of the random stream (sizes drawn from small sets, so students share programs). */
const gcTemplates: Array<(rand: Rand) => GcProgram> = [
  (rand) => {
    const n = pick(rand, [4, 6, 8, 10, 12]);
    const k = pick(rand, [5, 10, 20]);
    return {
      template: 'list-loop',
      code: [
        'def build(n, acc): if n == 0: acc else: build(n - 1, (n, acc))',
        'def sum(l): if isTuple(l): l[0] + sum(l[1]) else: 0',
        'def rep(k, total): if k == 0: total else: rep(k - 1, total + sum(build(' + n + ', false)))',
        `rep(${k}, 0)`,
      ].join('\n'),
      value: String((k * n * (n + 1)) / 2),
      minimalHeap: 4 * n,
    };
  },
  (rand) => {
    const keep = pick(rand, [3, 5, 7]);
    const a = pick(rand, [4, 8]);
    const b = pick(rand, [6, 8, 10]);
    return {
      template: 'list-keep',
      code: [
        'def build(n, acc): if n == 0: acc else: build(n - 1, (n, acc))',
        'def len(l): if isTuple(l): 1 + len(l[1]) else: 0',
        `let keep = build(${keep}, false), a = len(build(${a}, false)), b = len(build(${b}, false)) in (len(keep), a, b, keep[0])`,
      ].join('\n'),
      value: tuple([keep, a, b, 1]),
      minimalHeap: 4 * keep + 4 * Math.max(a, b),
    };
  },
  (rand) => {
    // A shared tower: a DAG whose mark without the marked check is exponential (times out from n ≈ 30).
    const n = pick(rand, [6, 10, 14, 18, 60]);
    return {
      template: 'tower',
      code: [
        'def tower(n, t): if n == 0: t else: tower(n - 1, (t, t))',
        'def depth(t): if isTuple(t[0]): 1 + depth(t[0]) else: 0',
        `let z = (let w = (0, 0, 0) in 0), x = tower(${n}, (1, 2)) in depth(x) + z`,
      ].join('\n'),
      value: String(n),
      minimalHeap: 4 * n + 4,
    };
  },
  (rand) => {
    const n = pick(rand, [50, 200, 1000]);
    return {
      template: 'churn',
      code: `def churn(n, keep): if n == 0: keep else: let t = (n, n, n) in churn(n - 1, keep)\nchurn(${n}, (1, 2))`,
      value: '(1, 2)',
      minimalHeap: 10,
    };
  },
  (rand) => {
    const n = pick(rand, [20, 50, 100]);
    let t: [number, number] = [0, 0];
    for (let i = n; i > 0; i--) t = [t[1], t[0] + i];
    return {
      template: 'args-loop',
      code: `def loop(n, t): if n == 0: t else: loop(n - 1, (t[1], t[0] + n))\nloop(${n}, (0, 0))`,
      value: tuple(t),
      minimalHeap: 12,
    };
  },
  (rand) => {
    const n = pick(rand, [10, 25, 50]);
    let sum = 0;
    for (let i = 1; i <= n; i++) sum += i * i;
    return {
      template: 'deep-stack',
      code: `def sumsq(n): if n == 0: 0 else: let p = (n, n) in p[0] * p[1] + sumsq(n - 1)\nsumsq(${n})`,
      value: String(sum),
      minimalHeap: 4 * n,
    };
  },
  (rand) => {
    const m = pick(rand, [2, 3, 4, 5]);
    const names = Array.from({ length: m }, (_, i) => `p${i + 1}`);
    return {
      template: 'fun-live',
      code: `def mk(n): let junk = (0, 0) in (n, n + 1)\nlet ${names.map((p, i) => `${p} = mk(${i + 1})`).join(', ')} in ${tuple(names)}`,
      value: tuple(names.map((_, i) => tuple([i + 1, i + 2]))),
      minimalHeap: 4 * m + (m + 2 + ((m + 2) & 1)),
    };
  },
  // Fixed programs of the official kind (their minimal heaps are the suite's).
  () => ({
    template: 'move-nested',
    code: 'def waste(n): let w = (n, n, n) in n\nlet a = waste(1), t = ((1, 2), (3, (4, 5))), b = waste(2), c = waste(3) in (t, a + b + c)',
    value: '(((1, 2), (3, (4, 5))), 6)',
    minimalHeap: 22,
  }),
  () => ({
    template: 'dag',
    code: 'let x = (let w = (9, 9, 9) in w[0]), a = (1, 2), b = (a, a), c = (b, a) in\nlet y = (let w = (8, 8, 8) in w[0]) in\n(c, (c[0])[0] == a, c[1] == a, x + y)',
    value: '((((1, 2), (1, 2)), (1, 2)), true, true, 17)',
    minimalHeap: 18,
  }),
  () => ({
    template: 'odd-move',
    code: 'let a = (1, 2, 3), g = (let w = (9, 9, 9) in w[2]), b = (4, 5, 6, 7, 8), c = (a, b, g, 10, 11, 12, 13) in c',
    value: '((1, 2, 3), (4, 5, 6, 7, 8), 9, 10, 11, 12, 13)',
    minimalHeap: 24,
  }),
  () => ({
    template: 'middle',
    code: 'let a = (1, 2), b = (let g = (5, 6) in g[0]), c = (7, 8) in (a, c, b)',
    value: '((1, 2), (7, 8), 5)',
    minimalHeap: 14,
  }),
  () => ({
    template: 'bools',
    code: 'let a = (true, false), g = (let w = (0, 0) in 0), b = (a, true) in b',
    value: '((true, false), true)',
    minimalHeap: 8,
  }),
];

/** Light programs: no collection at the default heap. */
const lightTemplates: Array<(rand: Rand) => { template: string; code: string; result: GeneratedTest['result'] }> = [
  (rand) => {
    const a = pick(rand, [3, 7, 12, 40]);
    const b = pick(rand, [2, 5, 9]);
    const c = pick(rand, [1, 4, 100]);
    return { template: 'arith', code: `let x = ${a} in x * ${b} + ${c}`, result: { value: String(a * b + c) } };
  },
  (rand) => {
    const n = pick(rand, [5, 8, 10]);
    let f = 1;
    for (let i = 2; i <= n; i++) f *= i;
    return { template: 'fact', code: `def fact(n): if n < 2: 1 else: n * fact(n - 1)\nfact(${n})`, result: { value: String(f) } };
  },
  (rand) => {
    const n = pick(rand, [10, 15, 20]);
    const fib = (k: number): number => (k < 2 ? k : fib(k - 1) + fib(k - 2));
    return { template: 'fib', code: `def fib(n): if n < 2: n else: fib(n - 1) + fib(n - 2)\nfib(${n})`, result: { value: String(fib(n)) } };
  },
  (rand) => {
    const a = pick(rand, [1, 2, 3]);
    const b = pick(rand, [4, 5]);
    const printed = tuple([a, tuple([b, 'true'])]);
    return { template: 'print', code: `print((${a}, (${b}, true)))`, result: { value: `${printed}\n${printed}` } };
  },
  (rand) => {
    const a = pick(rand, [1, 6, 11]);
    return { template: 'tuple-sum', code: `let t = (${a}, ${a + 1}, ${a + 2}) in t[1] + t[2]`, result: { value: String(2 * a + 3) } };
  },
  (rand) => {
    const n = pick(rand, [3, 5, 8]);
    const list = (k: number): string => (k > n ? 'false' : tuple([k, list(k + 1)]));
    return {
      template: 'list-print',
      code: `def build(i, n): if i > n: false else: (i, build(i + 1, n))\nbuild(1, ${n})`,
      result: { value: list(1) },
    };
  },
  (rand) => pick(rand, [
    { template: 'err-add-bool', code: '1 + true', result: { failure: 'expected a number' } },
    { template: 'err-index', code: 'let t = (1, 2) in t[5]', result: { failure: 'index too large' } },
    { template: 'err-if-num', code: 'if 1: 2 else: 3', result: { failure: 'expected a boolean' } },
  ]),
  (rand) => {
    const n = pick(rand, [10, 50, 99]);
    return { template: 'even-odd', code: `def even(n): if n == 0: true else: odd(n - 1)\ndef odd(n): if n == 0: false else: even(n - 1)\neven(${n})`, result: { value: String(n % 2 === 0) } };
  },
];

/** The repos of a class: `repos` × `testsPerRepo` tests, from `seed`. */
export function generateClass(spec: ClassSpec): GeneratedRepo[] {
  const rand = prng(spec.seed);
  return Array.from({ length: spec.repos }, (_, r) => ({ name: `student-${String(r + 1).padStart(2, '0')}`, tests: generateTests(rand, spec.testsPerRepo) }));
}

function generateTests(rand: Rand, count: number): GeneratedTest[] {
  const tests: GeneratedTest[] = [];
  const used = new Set<string>();
  const name = (base: string) => {
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
    used.add(n);
    return n;
  };
  while (tests.length < count) {
    const roll = rand();
    const asFile = rand() < 0.2;
    if (roll < 0.45) {
      const p = pick(rand, gcTemplates)(rand);
      const base = name(p.template);
      tests.push({ name: base, code: p.code, asFile, result: { value: p.value }, heap: p.minimalHeap, kind: 'gc-tight', template: p.template });
      if (tests.length < count && rand() < 0.4) {
        tests.push({ name: name(`${base}-neg`), code: p.code, asFile: false, result: { failure: 'out of memory' }, heap: p.minimalHeap - 1, kind: 'gc-neg', template: p.template });
      }
    } else if (roll < 0.55) {
      const p = pick(rand, gcTemplates)(rand);
      const heap = p.minimalHeap + pick(rand, [2, 8, 20]);
      tests.push({ name: name(`${p.template}-roomy`), code: p.code, asFile, result: { value: p.value }, heap, kind: 'gc-roomy', template: p.template });
    } else if (roll < 0.9) {
      const p = pick(rand, lightTemplates)(rand);
      tests.push({ name: name(p.template), code: p.code, asFile, result: p.result, kind: 'light', template: p.template });
    } else {
      const p = pick(rand, gcTemplates)(rand);
      const how = pick(rand, ['wrong-value', 'too-small', 'bad-heap'] as const);
      if (how === 'wrong-value') {
        tests.push({ name: name(`${p.template}-wrong`), code: p.code, asFile: false, result: { value: `(${p.value})` }, heap: p.minimalHeap, kind: 'invalid', template: p.template });
      } else if (how === 'too-small') {
        tests.push({ name: name(`${p.template}-small`), code: p.code, asFile: false, result: { value: p.value }, heap: p.minimalHeap - 2, kind: 'invalid', template: p.template });
      } else {
        tests.push({ name: name(`${p.template}-typo`), code: p.code, asFile: false, result: { value: p.value }, heap: p.minimalHeap, badHeapType: true, kind: 'invalid', template: p.template });
      }
    }
  }
  return tests.slice(0, count);
}

/** The text of tests/yourTests.json: one test per line, as students write them. */
export function testFileText(tests: readonly GeneratedTest[]): string {
  const lines = tests.map((t) => {
    const parts = [`"name": ${JSON.stringify(t.name)}`, `"code": ${JSON.stringify(t.asFile ? 'file' : t.code)}`, `"result": ${JSON.stringify(t.result)}`];
    if (t.heap !== undefined) parts.push(`"heap": ${t.badHeapType ? JSON.stringify(String(t.heap)) : t.heap}`);
    return `  { ${parts.join(', ')} }`;
  });
  return `[\n${lines.join(',\n')}\n]\n`;
}

/** Writes the repos under `dir` (dir/<repo>/tests/yourTests.json, tests/input/*.fox); returns their paths. */
export function writeClass(dir: string, repos: readonly GeneratedRepo[]): string[] {
  return repos.map((repo) => {
    const root = join(dir, repo.name);
    mkdirSync(join(root, 'tests', 'input'), { recursive: true });
    writeFileSync(join(root, 'tests', 'yourTests.json'), testFileText(repo.tests));
    for (const t of repo.tests.filter((x) => x.asFile)) writeFileSync(join(root, 'tests', 'input', `${t.name}.fox`), `${t.code}\n`);
    return root;
  });
}
