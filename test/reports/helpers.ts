// Shared by the reporter tests: the fixtures, a consistency check of a GradeResult, and the
// inputs that the mutation report needs (mutant locations, a test file's text).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GradeResult } from '../../grader/result.js';
import type { MutationSources, SourceMutant } from '../../reports/mutation-json.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../fixtures/results/', import.meta.url));

export type FixtureName = 'strong' | 'weak' | 'medium';

export function fixtureText(name: FixtureName): string {
  return readFileSync(`${fixturesDir}${name}.json`, 'utf8');
}

/** A fresh copy each call, so a test that modifies it cannot affect another. */
export function loadFixture(name: FixtureName): GradeResult {
  return JSON.parse(fixtureText(name)) as GradeResult;
}

const detects = (status: string) => status === 'killed' || status === 'timeout';

/**
 * The facts a GradeResult states twice must agree (result.ts): the matrix and the per-test
 * and per-mutant lists, and the score. Returns the problems found, [] when consistent.
 */
export function resultProblems(r: GradeResult): string[] {
  const problems: string[] = [];
  const valid = r.tests.filter((t) => t.valid);
  const names = r.tests.map((t) => t.name);
  if (new Set(names).size !== names.length) problems.push('test display names are not unique');
  if (JSON.stringify(r.matrix.tests) !== JSON.stringify(valid.map((t) => t.name))) problems.push('matrix.tests is not the valid tests in order');
  if (JSON.stringify(r.matrix.mutants) !== JSON.stringify(r.mutants.map((m) => m.id))) problems.push('matrix.mutants is not the mutant ids in order');
  if (r.matrix.cells.length !== valid.length) problems.push('matrix has a row count other than the valid test count');
  r.matrix.cells.forEach((row, i) => {
    if (row.length !== r.mutants.length) problems.push(`matrix row ${i} has ${row.length} cells`);
  });
  r.mutants.forEach((m, j) => {
    const killers = valid.filter((_, i) => detects(r.matrix.cells[i]?.[j]?.status ?? '')).map((t) => t.name);
    if (JSON.stringify(killers) !== JSON.stringify(m.killedBy)) problems.push(`${m.id}: killedBy disagrees with the matrix`);
    if ((killers.length > 0) !== (m.status === 'killed')) problems.push(`${m.id}: status disagrees with killedBy`);
  });
  for (const t of r.tests) {
    const i = valid.indexOf(t);
    const killed = i === -1 ? [] : r.mutants.filter((_, j) => detects(r.matrix.cells[i][j].status)).map((m) => m.id);
    if (JSON.stringify(killed) !== JSON.stringify(t.killed)) problems.push(`${t.name}: killed disagrees with the matrix`);
    const alone = killed.filter((id) => r.mutants.find((m) => m.id === id)!.killedBy.length === 1);
    if (JSON.stringify(alone) !== JSON.stringify(t.killedAlone)) problems.push(`${t.name}: killedAlone is wrong`);
    if (!t.valid && !t.reason) problems.push(`${t.name}: invalid without a reason`);
  }
  const killed = r.mutants.filter((m) => m.status === 'killed').length;
  if (r.score.killed !== killed || r.score.total !== r.mutants.length) problems.push('score killed/total disagree with the mutants');
  if (r.score.validTests !== valid.length || r.score.invalidTests !== r.tests.length - valid.length) problems.push('score test counts are wrong');
  if (Math.abs(r.score.thoroughness - (r.mutants.length === 0 ? 0 : killed / r.mutants.length)) > 1e-9) problems.push('thoroughness is wrong');
  for (const [phase, s] of Object.entries(r.score.byPhase)) {
    const inPhase = r.mutants.filter((m) => m.phase === phase);
    if (s.total !== inPhase.length || s.killed !== inPhase.filter((m) => m.status === 'killed').length) problems.push(`byPhase.${phase} is wrong`);
  }
  return problems;
}

/** Where each phase's mutants live, and a line of that file to put them on. */
const sites: Record<string, { file: string; anchors: string[] }> = {
  mark: { file: 'reference/runtime/gc.c', anchors: ['mark_block(int_addr(tuple_at(block, i))', 'for (int i = 0; i < n - 1; i++)', 'for_each_root(stack_bottom', 'while (block != NULL && !is_marked(block))', 'if (*max_address == NULL || block > *max_address)', 'if (is_tuple(*slot)) visit(slot, data);'] },
  forward: { file: 'reference/runtime/gc.c', anchors: ['return words + (words & 1);', 'if (is_marked(block)) {', 'block[1] = (int)free_ptr | GC_MARK;', 'block <= max_address; block += block_size(block)', 'return free_ptr;'] },
  redirect: { file: 'reference/runtime/gc.c', anchors: ['if (is_marked(block)) redirect_elements(block);', 'for_each_root(stack_bottom, stack_top, first_frame, redirect_slot, NULL);', '*slot = addr_int(forwarded(int_addr(*slot)));', 'for (int i = 0; i < n; i++)', 'if (is_marked(block)) redirect_elements'] },
  compact: { file: 'reference/runtime/gc.c', anchors: ['*p = CABOOSE;', 'to[1] = 0;', 'for (int i = 0; i < words; i++) to[i] = from[i];', 'while (max_address != NULL && block <= max_address)'] },
  try_gc: { file: 'reference/runtime/main.c', anchors: ['if (new_esi + words_needed > heap_limit)', 'fprintf(stderr, MSG_TOO_LARGE', 'int words_needed = bytes_needed / 4;', 'record_demand(words_needed);', 'int* new_esi = gc('] },
  alloc: { file: 'reference/compiler/codegen.ts', anchors: ["this.emit('cmp eax, [HEAP_END]');", 'const words = this.opts.padTuples', "this.emit('mov eax, esp');", "this.emit('call try_gc');"] },
  codegen: { file: 'reference/compiler/codegen.ts', anchors: ["if (!this.opts.zeroLocals) return;", "this.emit('mov ebp, esp');", "this.emit('mov esp, ebp');"] },
  print: { file: 'reference/runtime/types.c', anchors: ['print_value(tuple_at(base, i));', 'printf("%d", v >> 1);'] },
};

function locate(source: string, anchor: string): SourceMutant['location'] {
  const index = source.indexOf(anchor);
  if (index === -1) return { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { start: { line, column }, end: { line, column: column + anchor.length } };
}

/** MutationSources for a result: the real reference sources, one plausible location per mutant. */
export function mutationSources(result: GradeResult, testFileSource?: string): MutationSources {
  const files: MutationSources['files'] = {};
  const used = new Map<string, number>();
  for (const m of result.mutants) {
    const site = sites[m.phase];
    const file = (files[site.file] ??= { source: readFileSync(`${projectRoot}${site.file}`, 'utf8'), mutants: [] });
    const n = used.get(m.phase) ?? 0;
    used.set(m.phase, n + 1);
    file.mutants.push({
      id: m.id,
      mutatorName: `${m.phase}/${m.kind}`,
      location: locate(file.source, site.anchors[n % site.anchors.length]),
      replacement: '/* mutated */',
      ...(m.title !== undefined && { description: m.title }),
    });
  }
  return { files, testFile: { path: 'tests/yourTests.json', source: testFileSource ?? testFileText(result) } };
}

/** A yourTests.json that the result could have come from (names in file order). */
export function testFileText(result: GradeResult): string {
  const tests = result.tests
    .filter((t) => t.file === 'tests/yourTests.json')
    .map((t) => ({ name: t.originalName, code: 'file', result: t.expected?.kind === 'failure' ? { failure: t.expected.text } : { value: t.expected?.text ?? '' }, heap: t.heap }));
  return `${JSON.stringify(tests, null, 2)}\n`;
}

/**
 * Ajv for the draft-07 schemas used here, strict (an unknown keyword in a schema is an error).
 * ajv-formats is not installed: the one format the report schema uses (`uri`, for a branding
 * link fox-grade never writes) gets a plain check instead.
 */
export async function makeAjv() {
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  return ajv;
}
