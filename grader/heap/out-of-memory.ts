// Whether a run ended with the runtime's out-of-memory failure (FOX.md §5 try_gc, §8), and the
// failure text a test should expect to match it.
import { printedText, type Outcome } from '../../suites/judge.js';
import type { Dialect } from '../result.js';

/**
 * The failure text that matches this out-of-memory outcome, or undefined when the outcome is not
 * one. sp19: `out of memory` (both messages carry it, exit 9 or 10). fa18: failure text is matched
 * case-insensitively, so `Out of memory: needed …` is `out of memory`; but its empty-heap message,
 * `Allocation of N words too large for M-word heap`, has no "out of memory": `words too large`.
 */
export function outOfMemoryText(outcome: Outcome, dialect: Dialect): string | undefined {
  if (outcome.status !== 'exited' || outcome.exitCode === 0) return undefined;
  const printed = printedText(outcome);
  if (dialect === 'fa18') {
    if (printed.toLowerCase().includes('out of memory')) return 'out of memory';
    return /Allocation of \d+ words too large for \d+-word heap/.test(printed) ? 'words too large' : undefined;
  }
  return printed.includes('out of memory') ? 'out of memory' : undefined;
}
