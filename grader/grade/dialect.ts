// Which offering a repository was written for (FOX.md §8), decided from the repository itself
// when `--dialect` is not given. File reads only (no runs), so it costs nothing measurable:
//   1. its `tests/fox.json`: the offerings' official files differ (`gc-0` at heap 6 in sp19,
//      8 in fa18; `gc-0-neg` at 5 and 7);
//   2. its `c-bits/main.c`: the offerings' out-of-memory messages differ (fa18: `Allocation of …`
//      without "out of memory", and `Out of memory: needed` with a capital O);
//   3. failing those, the pipeline grades as sp19 and, when invalid tests disagree with the
//      reference about running out of memory, tries fa18 (grade/index.ts).
// Every choice carries its reason, which the terminal, JSON and HTML reports show.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Dialect } from '../result.js';

export type DialectSource = 'option' | 'tests/fox.json' | 'c-bits/main.c' | 'invalid tests' | 'default';

export interface DialectChoice {
  dialect: Dialect;
  by: DialectSource;
  /** One sentence for people: what was chosen and why. */
  reason: string;
}

/** The official files of both offerings are far smaller; a larger one is not read. */
const MAX_BYTES = 4 * 1024 * 1024;

/** The offering's own official heaps of the tests that tell them apart. */
const officialHeaps: Record<string, Record<Dialect, number>> = {
  'gc-0': { sp19: 6, fa18: 8 },
  'gc-0-neg': { sp19: 5, fa18: 7 },
};

export function explicitDialect(dialect: Dialect): DialectChoice {
  return { dialect, by: 'option', reason: `${dialect}: given with --dialect` };
}

/** The offering the repository's own files show, or undefined when they do not tell. */
export function dialectFromFiles(root: string): DialectChoice | undefined {
  return fromOfficialTests(root) ?? fromRuntimeMessages(root);
}

function fromOfficialTests(root: string): DialectChoice | undefined {
  const text = readInside(root, join('tests', 'fox.json'));
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined; // the loader reports the broken file; it tells nothing here
  }
  if (!Array.isArray(data)) return undefined;
  const votes: { dialect: Dialect; name: string; heap: number }[] = [];
  for (const test of data) {
    if (typeof test !== 'object' || test === null) continue;
    const { name, heap } = test as { name?: unknown; heap?: unknown };
    if (typeof name !== 'string' || typeof heap !== 'number' || !(name in officialHeaps)) continue;
    const heaps = officialHeaps[name];
    const dialect = (Object.keys(heaps) as Dialect[]).find((d) => heaps[d] === heap);
    if (dialect) votes.push({ dialect, name, heap });
  }
  const dialects = new Set(votes.map((v) => v.dialect));
  if (dialects.size !== 1) return undefined; // no vote, or the file mixes both offerings
  const dialect = votes[0].dialect;
  const other: Dialect = dialect === 'sp19' ? 'fa18' : 'sp19';
  const evidence = votes.map((v) => `${v.name} at heap ${v.heap} (${other}: ${officialHeaps[v.name][other]})`).join(', ');
  return { dialect, by: 'tests/fox.json', reason: `${dialect}: the repository's tests/fox.json is that offering's official file: ${evidence}` };
}

// The two offerings' try_gc messages, as string literals in main.c.
const fa18Messages = [/"Allocation of %d words too large/, /Out of memory: needed %d words/];
const sp19Messages = [/out of memory: Allocation of %d words/, /out of memory: needed %d words/];

function fromRuntimeMessages(root: string): DialectChoice | undefined {
  const text = readInside(root, join('c-bits', 'main.c'));
  if (text === undefined) return undefined;
  const fa18 = fa18Messages.some((re) => re.test(text));
  const sp19 = sp19Messages.some((re) => re.test(text));
  if (fa18 === sp19) return undefined; // neither, or both (an edited main.c)
  return fa18
    ? { dialect: 'fa18', by: 'c-bits/main.c', reason: 'fa18: the repository\'s c-bits/main.c prints that offering\'s messages ("Allocation of … too large" without "out of memory", "Out of memory: needed")' }
    : { dialect: 'sp19', by: 'c-bits/main.c', reason: 'sp19: the repository\'s c-bits/main.c prints that offering\'s messages ("out of memory: Allocation of …", "out of memory: needed")' };
}

/**
 * The text of `root/relative` when it is a regular file (not a link) inside the repository and
 * not too large; otherwise undefined (detection then looks elsewhere; the loader reports problems).
 */
function readInside(root: string, relative: string): string | undefined {
  const path = join(root, relative);
  let fd: number | undefined;
  try {
    if (!lstatSync(path).isFile()) return undefined;
    const real = realpathSync(path);
    const rootReal = realpathSync(root);
    if (!real.startsWith(rootReal + sep)) return undefined;
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    if (fstatSync(fd).size > MAX_BYTES) return undefined;
    return readFileSync(fd, 'latin1');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
