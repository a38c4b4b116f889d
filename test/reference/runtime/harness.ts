// Compiles a C test harness with the runtime's files (never main.c, which has its own main)
// and runs it. Used by gc.test.ts and types.test.ts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runtimeDir } from '../../../reference/paths.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function runHarness(harness: string, runtimeFiles: string[], outDir: string) {
  const exe = join(outDir, harness.replace(/\.c$/, ''));
  await execa('gcc', [
    '-m32', '-O1', '-g', '-std=gnu11', '-Wall', '-Wextra', '-Werror',
    '-I', runtimeDir,
    '-o', exe,
    join(here, harness),
    ...runtimeFiles.map((f) => join(runtimeDir, f)),
  ]);
  return execa(exe, [], { reject: false, timeout: 60_000, stripFinalNewline: false });
}
