// grader/cli/: the command line. cli.ts declares the commands with commander; commands/ holds one
// file per command; io.ts, tty.ts, progress.ts are the terminal; options.ts parses shared options;
// check-file.ts is `check`'s core; gradescope-bundle.ts writes the Gradescope zip.
// May import: everything below it, reports/ included (it chooses the reporters). Only bench/ is above.
export { main } from './cli.js';
export type { Io } from './io.js';
