// What the command line talks to. Injected so that tests can run the CLI in-process.
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is an interactive terminal (progress bars, colour). */
  isTTY: boolean;
  /** Whether stderr is an interactive terminal (where progress bars are drawn). Default: isTTY. */
  stderrIsTTY?: boolean;
  /** The terminal's width in columns, when stdout is one. */
  columns?: number;
}

export function processIo(): Io {
  // A reader that stops early (`fox-grade … | head`) closes the pipe: the rest of the output has
  // nowhere to go, but the command still finishes its work (reports on disk) and exits as usual.
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
  return {
    stdout: (text) => void (stdoutClosed || process.stdout.write(text)),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    cwd: process.cwd(),
    env: {},
    isTTY: false,
    ...overrides,
    out,
    err,
  };
}
