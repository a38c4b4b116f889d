// Progress of a command that can take more than a second, on stderr (stdout carries the result,
// and with --json nothing else):
// - on a terminal, one bar per phase, redrawn in place (`label [#####.....] done/total`);
// - otherwise (a pipe, a CI log), one plain line when a phase starts: `label: N to run`;
// - with --json and no terminal, nothing: a script reading stdout must not get a noisy stderr.
import type { Io } from './io.js';

export interface Progress {
  /** `done` of `total` items of the phase `label` are finished (a new label starts a new phase). */
  update(label: string, done: number, total: number): void;
  /** Ends the bar's line; call before printing anything else on stderr. */
  done(): void;
}

const barWidth = 30;

export function progressReporter(io: Io, options: { json?: boolean } = {}): Progress {
  const tty = io.stderrIsTTY ?? io.isTTY;
  let phase: string | undefined;
  let drawn = '';
  return {
    update(label, done, total) {
      if (!tty) {
        if (label !== phase && !options.json) io.stderr(`${label}: ${total} to run\n`);
        phase = label;
        return;
      }
      if (label !== phase && drawn !== '') io.stderr('\n');
      const filled = total <= 0 ? barWidth : Math.round((Math.min(done, total) / total) * barWidth);
      const line = `${label.padEnd(15)} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${total}`;
      // Redraw only when something visible changed: thousands of runs must not mean thousands of writes.
      if (line !== drawn || label !== phase) io.stderr(`\r${line}`);
      drawn = line;
      phase = label;
    },
    done() {
      if (drawn !== '') io.stderr('\n');
      drawn = '';
      phase = undefined;
    },
  };
}
