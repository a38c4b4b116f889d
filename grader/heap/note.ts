// The note a test gets when its heap is not tight (issue "Minimal passing heap per test").
import { constraintError } from './constraints.js';

/**
 * The note for a test whose heap is larger than its minimal heap, or undefined when the heap is
 * tight (or below the minimal one: then the test fails on the reference, a different problem), or
 * when there is no minimal heap. With room to spare the collector runs less often or not at all,
 * so mutants of the collector are harder to kill.
 */
export function heapNote(heap: number, minimal: number | null | undefined): string | undefined {
  if (!Number.isInteger(heap) || heap < 0) throw constraintError('heapNote', `'heap' must be a whole number, got ${String(heap)}`);
  if (minimal === null || minimal === undefined) return undefined;
  if (!Number.isInteger(minimal) || minimal < 0) throw constraintError('heapNote', `'minimal' must be a whole number or null, got ${String(minimal)}`);
  if (heap <= minimal) return undefined;
  return (
    `heap ${heap} is larger than ${minimal}, the smallest heap at which this test passes: with room to spare ` +
    `the collector runs less often or not at all, so mutants of the collector are harder to kill; try "heap": ${minimal}`
  );
}
