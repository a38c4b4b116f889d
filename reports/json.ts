// result.json: the GradeResult itself, for machines (the class report, regrade comparisons).
//
// "Stable" means the same result gives the same bytes whatever order the pipeline happened to
// set the keys in: keys are written in the order GradeResult declares them, and keys this
// version does not know (a newer grader) follow in alphabetical order, so that two runs can be
// compared with `diff` or `cmp`.
import type { GradeResult } from '../grader/result.js';
import type { Reporter } from './reporter.js';
import { phaseOrder } from './view.js';

export const name = 'json';
export const fileName = 'result.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Key order of each object in a GradeResult, by the path of its parent key (`*` = any key). */
const keyOrder: Record<string, readonly string[]> = {
  '': ['schemaVersion', 'tool', 'repo', 'dialect', 'dialectReason', 'reveal', 'tests', 'officialTests', 'mutants', 'matrix', 'score', 'warnings', 'notes'],
  tool: ['name', 'version'],
  test: [
    'name', 'originalName', 'file', 'index', 'valid', 'reason', 'expected', 'actual', 'firstDifference',
    'heap', 'collections', 'minimalHeap', 'heapSearchRuns', 'killed', 'killedAlone', 'notes',
  ],
  expected: ['kind', 'text'],
  firstDifference: ['line', 'expected', 'actual'],
  mutant: ['id', 'title', 'phase', 'kind', 'description', 'hint', 'status', 'killedBy'],
  matrix: ['tests', 'mutants', 'cells'],
  cell: ['status', 'reason'],
  score: ['killed', 'total', 'validTests', 'invalidTests', 'thoroughness', 'byPhase'],
  // Keyed by phase: pipeline order, like every other view.
  byPhase: phaseOrder,
  phaseScore: ['killed', 'total'],
};

/** Which `keyOrder` entry applies to the objects found under `key` inside an object of `shape`. */
function childShape(shape: string | undefined, key: string): string | undefined {
  switch (shape) {
    case '':
      if (key === 'tests' || key === 'officialTests') return 'test';
      if (key === 'mutants') return 'mutant';
      if (key === 'tool' || key === 'matrix' || key === 'score') return key;
      return undefined;
    case 'test':
      return key === 'expected' || key === 'firstDifference' ? key : undefined;
    case 'matrix':
      return key === 'cells' ? 'cell' : undefined;
    case 'score':
      return key === 'byPhase' ? 'byPhase' : undefined;
    case 'byPhase':
      return 'phaseScore';
    default:
      return undefined;
  }
}

function ordered(value: unknown, shape: string | undefined): Json {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (value === null || typeof value !== 'object') return value as Json;
  const object = value as Record<string, unknown>;
  const known = shape !== undefined ? (keyOrder[shape] ?? []) : [];
  const keys = [
    ...known.filter((key) => key in object),
    ...Object.keys(object).filter((key) => !known.includes(key)).sort(),
  ];
  const out: { [key: string]: Json } = {};
  for (const key of keys) {
    if (object[key] === undefined) continue;
    out[key] = ordered(object[key], childShape(shape, key));
  }
  return out;
}

/** The result as 2-space JSON with a final newline, keys in a canonical order. */
export function renderJson(result: GradeResult): string {
  return `${JSON.stringify(ordered(result, ''), null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  name,
  fileName,
  enabledByDefault: () => true,
  unavailable: () => null,
  render: (result) => renderJson(result),
};
