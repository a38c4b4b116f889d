// How the per-phase diagnosis calls a student's phase functions (FOX.md §5): the course's gc.c
// and gc.h disagree on mark's parameter order, and students keep gc.c's, rename, or reorder.
// So the arguments are bound by the parameter NAMES of the student's own definitions, falling
// back to gc.c's order when the names are not the course's; the result says which was used.
//
// Also here: recognising phases left as the course starter's stubs (a body that does nothing
// but return a parameter or a constant), reported as "not implemented" instead of blamed.

/** The phases the diagnosis calls one by one. */
export type BoundPhase = 'mark' | 'forward' | 'redirect' | 'compact';
export const BOUND_PHASES: readonly BoundPhase[] = ['mark', 'forward', 'redirect', 'compact'];

/** The course gc.c's parameter order of each phase (FOX.md §5). */
export const GC_C_ORDER: Record<BoundPhase, readonly string[]> = {
  mark: ['stack_top', 'first_frame', 'stack_bottom', 'heap_start'],
  forward: ['heap_start', 'max_address'],
  redirect: ['stack_bottom', 'stack_top', 'first_frame', 'heap_start', 'max_address'],
  compact: ['heap_start', 'max_address', 'heap_end'],
};

/** The harness's macro parameters (diagnose.c's MARK_ARGS …), in the harness's own order. */
const HARNESS_ORDER: Record<BoundPhase, readonly string[]> = {
  mark: ['stack_bottom', 'stack_top', 'first_frame', 'heap_start'],
  forward: ['heap_start', 'max_address'],
  redirect: ['stack_bottom', 'stack_top', 'first_frame', 'heap_start', 'max_address'],
  compact: ['heap_start', 'max_address', 'heap_end'],
};

export interface PhaseBinding {
  phase: BoundPhase;
  /** The course names, in the order the student's function takes them. */
  order: string[];
  /** `names`: the student's parameter names; `gc.c order`: the course file's order (names unknown). */
  by: 'names' | 'gc.c order';
  /** The student's parameter names as written, when the definition was found. */
  params?: string[];
}

/** One line for people: `mark(stack_top, first_frame, stack_bottom, heap_start) by name`. */
export function formatBinding(b: PhaseBinding): string {
  return `${b.phase}(${b.order.join(', ')}) ${b.by === 'names' ? 'by parameter names' : "in the course gc.c's order"}`;
}

/** C source without comments, string and character literals (same length and line breaks). */
export function blankComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (m) =>
    m.startsWith('"') || m.startsWith("'") ? `${m[0]}${m.slice(1, -1).replace(/[^\n]/g, ' ')}${m[m.length - 1]}` : m.replace(/[^\n]/g, ' '),
  );
}

interface Definition {
  params: string[];
  /** The body between the braces, comments blanked. */
  body: string;
}

/** The definition of function `name` at file scope: its parameter names and body. */
export function findDefinition(source: string, name: string): Definition | undefined {
  const text = blankComments(source);
  const re = new RegExp(`(^|[^A-Za-z0-9_])${name}\\s*\\(([^()]*)\\)\\s*\\{`, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // A definition starts at file scope: the braces before it are balanced.
    const before = text.slice(0, m.index);
    const depth = (before.match(/\{/g) ?? []).length - (before.match(/\}/g) ?? []).length;
    if (depth !== 0) continue;
    const params = m[2]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '' && p !== 'void')
      .map((p) => /([A-Za-z_][A-Za-z0-9_]*)\s*(\[\s*\])?$/.exec(p)?.[1] ?? '');
    let level = 1;
    const start = m.index + m[0].length;
    let i = start;
    for (; i < text.length && level > 0; i++) {
      if (text[i] === '{') level++;
      else if (text[i] === '}') level--;
    }
    return { params, body: text.slice(start, i - 1) };
  }
  return undefined;
}

/** Course names are matched ignoring case and underscores (`stackTop` is `stack_top`). */
const normal = (name: string) => name.toLowerCase().replace(/_/g, '');

/** The binding of each phase of the student's gc.c. */
export function bindPhases(gcSource: string): PhaseBinding[] {
  return BOUND_PHASES.map((phase) => {
    const def = findDefinition(gcSource, phase);
    const course = GC_C_ORDER[phase];
    const fallback: PhaseBinding = { phase, order: [...course], by: 'gc.c order', ...(def ? { params: def.params } : {}) };
    if (!def || def.params.length !== course.length) return fallback;
    const byName = new Map(course.map((n) => [normal(n), n]));
    const order = def.params.map((p) => byName.get(normal(p)));
    if (order.some((n) => n === undefined) || new Set(order).size !== course.length) return fallback;
    return { phase, order: order as string[], by: 'names', params: def.params };
  });
}

/** `-D` options for diagnose.c: MARK_ARGS(stack_bottom, …) expanding to the student's order. */
export function bindingDefines(bindings: PhaseBinding[]): string[] {
  return bindings.map((b) => {
    const macro = `${b.phase.toUpperCase()}_ARGS`;
    return `-D${macro}(${HARNESS_ORDER[b.phase].join(',')})=${b.order.join(',')}`;
  });
}

/**
 * The phases left as stubs: a body (comments aside) that is empty or only returns a parameter,
 * NULL or a constant, as the course starter's are. A phase that does anything else is the
 * student's work, however wrong.
 */
export function stubPhases(gcSource: string): BoundPhase[] {
  return BOUND_PHASES.filter((phase) => {
    const def = findDefinition(gcSource, phase);
    if (!def) return false;
    const body = def.body.replace(/\s+/g, ' ').trim();
    if (body === '' || body === ';') return true;
    const ret = /^return\s*\(?\s*([A-Za-z_][A-Za-z0-9_]*|0|NULL|\(\s*int\s*\*\s*\)\s*0)?\s*\)?\s*;$/.exec(body);
    if (!ret) return false;
    return ret[1] === undefined || !/^[A-Za-z_]/.test(ret[1]) || ret[1] === 'NULL' || def.params.includes(ret[1]);
  });
}
