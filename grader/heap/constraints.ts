// Eager validation of the constraints objects of minimalHeap, minimalHeapForTest and killingHeap
// (fast-check style: a bad option throws at once, before any program runs, and says which option,
// what it got and what it expected).
import { FoxGradeError } from '../../suites/errors.js';

/** The largest heap a test may ask for (suites/test-file.schema.json). */
export const MAX_HEAP_WORDS = 1 << 24;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** Throws the error every validator throws: `E_CONSTRAINT`, naming the function and the option. */
export function constraintError(fn: string, message: string): FoxGradeError {
  return new FoxGradeError('E_CONSTRAINT', `${fn}: ${message}`, {
    remedy: 'fix the option (see the documentation of its constraints interface)',
  });
}

/** The constraints object itself: a plain object whose keys are all known. */
export function checkKeys(fn: string, constraints: unknown, known: readonly string[]): Record<string, unknown> {
  if (constraints === undefined) return {};
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints)) {
    throw constraintError(fn, `constraints must be an object, got ${show(constraints)}`);
  }
  for (const key of Object.keys(constraints)) {
    if (!known.includes(key)) {
      throw constraintError(fn, `unknown constraint '${key}'; expected one of ${known.map((k) => `'${k}'`).join(', ')}`);
    }
  }
  return constraints as Record<string, unknown>;
}

/** An integer option in [lo, hi], or its default when absent. */
export function integerOption(fn: string, name: string, value: unknown, lo: number, hi: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw constraintError(fn, `'${name}' must be an integer from ${lo} to ${hi}, got ${show(value)}`);
  }
  if (value < lo || value > hi) throw constraintError(fn, `'${name}' must be from ${lo} to ${hi}, got ${value}`);
  return value;
}

/** A heap size in words: 0 … 2^24. */
export function heapOption(fn: string, name: string, value: unknown, fallback: number): number {
  return integerOption(fn, name, value, 0, MAX_HEAP_WORDS, fallback);
}

/** A fast-check seed (a 32-bit signed integer). */
export function seedOption(fn: string, name: string, value: unknown, fallback: number): number {
  return integerOption(fn, name, value, INT32_MIN, INT32_MAX, fallback);
}

/** `max` must not be below `min`. */
export function checkRange(fn: string, min: number, max: number, minName = 'min', maxName = 'max'): void {
  if (max < min) throw constraintError(fn, `'${maxName}' (${max}) must be at least '${minName}' (${min})`);
}

/** A boolean option, or its default. */
export function booleanOption(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw constraintError(fn, `'${name}' must be true or false, got ${show(value)}`);
  return value;
}

/** A fast-check replay point: the seed and counterexample path a result recorded. */
export function replayOption(fn: string, value: unknown): { seed: number; path: string } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw constraintError(fn, `'replay' must be an object { seed, path }, got ${show(value)}`);
  }
  const { seed, path, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw constraintError(fn, `unknown key '${extra[0]}' in 'replay'; expected 'seed' and 'path'`);
  if (seed === undefined) throw constraintError(fn, `'replay.seed' is missing`);
  const s = seedOption(fn, 'replay.seed', seed, 0);
  if (typeof path !== 'string' || !/^\d+(:\d+)*$/.test(path)) {
    throw constraintError(fn, `'replay.path' must be a fast-check path such as "0:1:3", got ${show(path)}`);
  }
  return { seed: s, path };
}
