// The test-file JSON Schema (suites/test-file.schema.json), the single source of what a test looks
// like and of its known keys, and ajv's errors turned into one sentence per offending key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { suitesDir } from '../reference/paths.js';
import { FoxGradeError } from './errors.js';
import { clip, quote, unescapePointer } from './json-scan.js';

// ---------------------------------------------------------------------------------------------
// The schema: the single source of what a test looks like (and of the known keys)

export interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

let compiled: { validate: ValidateFunction; schema: SchemaNode } | undefined;

export function testFileSchema(): { validate: ValidateFunction; schema: SchemaNode } {
  if (compiled) return compiled;
  const path = join(suitesDir, 'test-file.schema.json');
  try {
    const schema = JSON.parse(readFileSync(path, 'utf8')) as SchemaNode;
    // strictRequired is off because `oneOf: [{required: [value]}, {required: [failure]}]` names
    // properties declared one level up, which is the plain way to say "exactly one of".
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    compiled = { validate: ajv.compile(schema), schema };
    return compiled;
  } catch (cause) {
    throw new FoxGradeError('E_SCHEMA', `cannot load the test-file schema ${path}`, {
      cause,
      remedy: 'reinstall fox-grade: suites/test-file.schema.json is part of it',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Words for messages


function show(value: unknown): string {
  // Stryker disable next-line EqualityOperator: show never gets null (null fails a 'type' keyword, and describeType answers it before), and for any other scalar both tests are true
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return clip(JSON.stringify(value));
  // Stryker disable next-line StringLiteral: show never gets an array or object: such a value fails a 'type' keyword, or is 'result', whose oneOf has its own sentence
  return Array.isArray(value) ? 'an array' : 'an object';
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${show(value)})`;
    case 'number':
      // JSON.parse reads 1e400 as Infinity, which JSON.stringify would show as null.
      return Number.isFinite(value) ? `a number (${show(value)})` : `a number too large to represent (${String(value)})`;
    case 'boolean':
      return `a boolean (${show(value)})`;
    default:
      return 'an object';
  }
}

export function testLabel(index: number, name: unknown): string {
  return typeof name === 'string' ? `test ${index + 1} ${quote(name)}` : `test ${index + 1}`;
}

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** The known key a misspelt one most likely meant: close by edit distance, or containing it ('heapsize'). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestScore = 3; // accept distance ≤ 2
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    let score = levenshtein(k, c);
    if ((k.length >= 3 && c.includes(k)) || (c.length >= 3 && k.includes(c))) score = Math.min(score, 1);
    if (score < bestScore && score < Math.max(k.length, 2)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// ajv errors → sentences. One sentence per offending key: the schema's description says what is
// expected, the data says what was found.

export interface Issue {
  pointer: string;
  message: string;
  remedy?: string;
}

function valueAt(data: unknown, segments: string[]): unknown {
  let v = data;
  // Stryker disable next-line LogicalOperator: ajv's instancePath names only values present in the data, so every value on the way is an object or an array
  for (const s of segments) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

export function translate(errors: ErrorObject[], data: unknown): Map<number, Issue[]> {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    // The branches of result's oneOf fail by design whenever the oneOf itself is reported.
    if (e.schemaPath.includes('/oneOf/')) continue;
    byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  }
  const issues = new Map<number, Issue[]>();
  const add = (index: number, issue: Issue) => issues.set(index, [...(issues.get(index) ?? []), issue]);
  for (const [pointer, errs] of byPath) {
    const segments = pointer.split('/').slice(1).map(unescapePointer);
    if (segments.length === 0) continue; // the root: a file-level problem, reported by the caller
    const index = Number(segments[0]);
    const found = valueAt(data, segments);
    // Stryker disable next-line OptionalChaining,StringLiteral: the validator is compiled verbose (every error has its parentSchema) and with ajv's messages (every error has one)
    const expected = (errs[0].parentSchema as SchemaNode | undefined)?.description ?? errs[0].message ?? 'something else';
    const typeError = errs.find((e) => e.keyword === 'type');
    if (segments.length === 1) {
      if (typeError) add(index, { pointer, message: `found ${describeType(found)}; expected ${expected}` });
      for (const e of errs.filter((x) => x.keyword === 'required')) {
        const key = (e.params as { missingProperty: string }).missingProperty;
        // Stryker disable next-line OptionalChaining,StringLiteral: every key a test requires is declared in its properties with a description (suites/test-file.schema.json)
        const description = (e.parentSchema as SchemaNode).properties?.[key]?.description ?? 'a value';
        add(index, { pointer, message: `missing key '${key}': expected ${description}`, remedy: `add '${key}' to the test` });
      }
      continue;
    }
    const key = segments.slice(1).join('.');
    if (typeError) {
      add(index, { pointer, message: `'${key}' is ${describeType(found)}; expected ${expected}` });
    } else if (
      // Stryker disable next-line MethodExpression: 'oneOf' is only on 'result', whose one other keyword, 'type', is answered above: the oneOf error is alone at its path
      errs.some((e) => e.keyword === 'oneOf')
    ) {
      // Stryker disable next-line LogicalOperator: found is an object here ('type' passed) whose oneOf failed, so it has both keys or neither: 'failure' in found alone decides
      const both = typeof found === 'object' && found !== null && 'value' in found && 'failure' in found;
      add(
        index,
        both
          ? { pointer, message: `'${key}' has both 'value' and 'failure'; expected ${expected}`, remedy: 'keep only one of them' }
          : {
              pointer,
              message: `'${key}' has neither 'value' nor 'failure'; expected ${expected}`,
              remedy: `write {"value": "<expected output>"} or {"failure": "<expected error text>"}`,
            },
      );
    } else {
      add(index, { pointer, message: `'${key}' is ${show(found)}; expected ${expected}` });
    }
  }
  return issues;
}
