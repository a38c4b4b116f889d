// What the terminal allows: colour and width. Decided once per command from the process (via Io),
// so that reporters stay pure functions of their options.
import type { Io } from './io.js';

/**
 * Colour (any SGR styling: bold and dim included) on stdout, by the conventions:
 * - `FORCE_COLOR` (force-color.org, as Node reads it): set and non-empty forces colour, even into
 *   a pipe, except the values `0` and `false`, which turn it off. It wins over NO_COLOR, as in
 *   Node, because it is the more specific request.
 * - `NO_COLOR` (no-color.org): set and non-empty turns every style off.
 * - otherwise: colour iff stdout is a terminal and `TERM` is not `dumb`.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

/** Columns for the terminal view: the terminal's own width, else `COLUMNS`, else 100 (a pipe, a file). */
export function terminalWidth(io: Pick<Io, 'columns' | 'env'>): number {
  if (io.columns !== undefined && io.columns > 0) return io.columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100;
}
