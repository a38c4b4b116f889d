// `fox-grade gradescope-bundle [--out FILE]`: the autograder zip for Gradescope.
import { relative, resolve } from 'node:path';
import { instructorSourceWithGradescope } from '../../../reports/registry.js';
import { writeGradescopeBundle, type BundleOptions } from '../gradescope-bundle.js';
import { formatError } from '../../../suites/errors.js';
import type { Io } from '../io.js';

export async function gradescopeBundleCommand(opts: Omit<BundleOptions, 'out'> & { out?: string; suite?: string[] }, io: Io): Promise<number> {
  if (opts.instructorFullSource) {
    io.stderr(`fox-grade: ${formatError(instructorSourceWithGradescope())}\n`);
    return 2;
  }
  const out = resolve(io.cwd, opts.out ?? 'fox-grade-autograder.zip');
  const suites = (opts.suite ?? []).map((file) => resolve(io.cwd, file));
  const bundle = await writeGradescopeBundle({ ...opts, out, suites });
  io.stdout(`${relative(io.cwd, bundle.out) || bundle.out}: ${bundle.entries.join(', ')}\n`);
  io.stdout('Upload it as the autograder of a Gradescope programming assignment (Ubuntu base image).\n');
  return 0;
}
