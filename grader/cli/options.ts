// Option parsers shared by the commands: each validates eagerly and says what it expected.
import { InvalidArgumentError } from 'commander';

import { dialects, type Dialect } from '../../reference/compiler/variants.js';
import { prepareDirectory } from '../safe-write.js';
import { defaultCacheDir } from '../../reference/paths.js';

export { dialects, type Dialect };

export function parseDialect(value: string): Dialect {
  if ((dialects as readonly string[]).includes(value)) return value as Dialect;
  throw new InvalidArgumentError(`expected one of ${dialects.join(', ')}`);
}

/** A positive whole number below `max`, e.g. a heap size in words or a job count. */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

export const parseHeap = wholeNumber(0, 1 << 24);

/** Commander's collector for a repeatable option (`--suite A --suite B`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}


/**
 * Checks (creating it if needed) the build cache that FOX_GRADE_CACHE names, with a located error:
 * Node's recursive mkdir would spin forever on /proc/x. The default cache is the project's own.
 */
export function checkCacheDir(env: NodeJS.ProcessEnv = process.env): void {
  if (env.FOX_GRADE_CACHE === undefined) return;
  prepareDirectory(defaultCacheDir(), 'the build cache (FOX_GRADE_CACHE)', 'E_CACHE_DIR', 'set FOX_GRADE_CACHE to a directory you can write to, or unset it');
}
