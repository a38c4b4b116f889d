// The dependency rules of DESIGN.md's layout, checked on the real import graph: no import cycle
// between source files, and every import points down the layer order (a folder imports only
// from its own layer or the ones below it). A new cycle or upward import fails here with its path.
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../reference/paths.js';

/**
 * Lowest first. A file belongs to the layer of its longest matching prefix. The CLI sits above
 * reports (it chooses reporters) and bench above everything (it runs the grader as a contender).
 */
export const layers: readonly (readonly string[])[] = [
  ['reference/'],
  ['suites/'],
  ['mutants/'],
  ['grader/collector/'],
  ['grader/'],
  ['grader/heap/', 'grader/witness/'],
  ['grader/grade/'],
  ['grader/class/', 'grader/index.ts'],
  ['reports/'],
  ['grader/cli/', 'grader/bin.ts'],
  ['bench/'],
];

const sourceRoots = ['reference', 'suites', 'mutants', 'grader', 'reports', 'bench'];

export type Graph = ReadonlyMap<string, readonly string[]>;

/** Index in `order` of the layer owning `file` (longest prefix wins), or -1. */
export function layerOf(file: string, order: readonly (readonly string[])[] = layers): number {
  let best = -1;
  let length = -1;
  order.forEach((prefixes, index) => {
    for (const prefix of prefixes) {
      if (file.startsWith(prefix) && prefix.length > length) {
        best = index;
        length = prefix.length;
      }
    }
  });
  return best;
}

/** One import cycle as a path `a → b → … → a`, or null. Depth-first, in the graph's order. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

/** Every import from a lower layer to a higher one (or from or to a file in no layer), as `from → to`. */
export function upwardImports(graph: Graph, order: readonly (readonly string[])[] = layers): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = layerOf(from, order);
      const b = layerOf(to, order);
      if (a < 0 || b < 0 || b > a) found.push(`${from} → ${to}`);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project's import graph: every relative import, static, dynamic or type-only, of each source file. */
export function projectGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceRoots.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(projectRoot, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(projectRoot, normalize(join(projectRoot, dirname(file), name))).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

t.test('the checks fail on a synthetic cycle and a synthetic upward import', async (t) => {
  const cyclic: Graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', []],
  ]);
  t.same(findCycle(cyclic), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  t.equal(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), null, 'a chain is no cycle');
  t.same(findCycle(new Map([['a.ts', ['a.ts']]])), ['a.ts', 'a.ts'], 'a file importing itself');

  const order = [['low/'], ['high/'], ['high/top/']];
  const graph: Graph = new Map([
    ['high/x.ts', ['low/y.ts']],
    ['low/y.ts', ['high/top/z.ts']],
    ['high/top/z.ts', ['high/x.ts', 'elsewhere/w.ts']],
  ]);
  t.same(upwardImports(graph, order), ['low/y.ts → high/top/z.ts', 'high/top/z.ts → elsewhere/w.ts']);
  t.equal(layerOf('high/top/z.ts', order), 2, 'the longest prefix wins');
});

t.test('the sources have no import cycle', async (t) => {
  const graph = projectGraph();
  t.ok(graph.size > 100, `the graph holds the sources (${graph.size} files)`);
  const cycle = findCycle(graph);
  t.equal(cycle, null, cycle ? `import cycle: ${cycle.join(' → ')}` : 'no cycle');
});

t.test('every import points down the layer order', async (t) => {
  t.same(upwardImports(projectGraph()), [], `layers, lowest first: ${layers.map((l) => l.join(' ')).join(' ← ')}`);
});

t.test('every imported relative path is a source file of the graph', async (t) => {
  const graph = projectGraph();
  const dangling = [...graph].flatMap(([from, targets]) => targets.filter((to) => to.endsWith('.ts') && !graph.has(to)).map((to) => `${from} → ${to}`));
  t.same(dangling, [], 'the graph sees every import (none resolves outside the source roots)');
});
