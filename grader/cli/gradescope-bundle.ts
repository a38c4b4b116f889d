// `fox-grade gradescope-bundle`: the autograder zip a course uploads to Gradescope. It carries
// fox-grade itself (an npm pack tarball, so the image needs no repository access), the options
// the instructor chose, any hidden suites, and Gradescope's two scripts: setup.sh (install)
// and run_autograder (grade /autograder/submission, write /autograder/results/results.json).
//
// The student's collector (--gc) runs in bubblewrap where the container allows it, else as an
// unprivileged uid of its own (fox-grade runs as root there): run_autograder first makes
// fox-grade, its cache and the autograder's sources unreadable to other users, which that
// fallback needs (reference/sandbox.ts checks it, and refuses otherwise).
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import yazl from 'yazl';
import { projectRoot } from '../../reference/paths.js';
import { instructorSourceWithGradescope } from '../../reports/registry.js';
import { FoxGradeError } from '../../suites/errors.js';
import type { Dialect, Reveal } from '../result.js';

export interface BundleOptions {
  /** The zip to write. */
  out: string;
  /** Default `sp19`. */
  dialect?: Dialect;
  /** What students see of each mutant. Default `titles`. */
  reveal?: Reveal;
  /** Also grade the student's collector. Default false. */
  gc?: boolean;
  /** Hidden instructor suites for the collector (each with its input/ directory, when present). */
  suites?: string[];
  /** Always refused (`E_OPTION`): what a bundle writes is the student's, never the solution. */
  instructorFullSource?: boolean;
}

/** The command run_autograder runs, with the instructor's choices baked in. */
export function gradeArguments(opts: Omit<BundleOptions, 'out'>, suiteNames: string[]): string[] {
  const args = ['--gradescope', '--dialect', opts.dialect ?? 'sp19', '--reveal', opts.reveal ?? 'titles'];
  if (opts.gc || suiteNames.length > 0) args.push('--gc');
  for (const name of suiteNames) args.push('--suite', `"$SOURCE/suites/${name}"`);
  return args;
}

export const setupScript = `#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SOURCE="\${AUTOGRADER_ROOT:-/autograder}/source"
apt-get update -qq
apt-get install -y -qq nasm gcc-multilib bubblewrap ca-certificates curl >/dev/null
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash - >/dev/null
  apt-get install -y -qq nodejs >/dev/null
fi
mkdir -p "\${AUTOGRADER_ROOT:-/autograder}/fox-grade"
cd "\${AUTOGRADER_ROOT:-/autograder}/fox-grade"
npm install --omit=dev --no-audit --no-fund "$SOURCE"/fox-grade-*.tgz
`;

export function runScript(args: string[]): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
FOX="$ROOT/fox-grade/node_modules/.bin/fox-grade"
mkdir -p "$ROOT/results" "$ROOT/fox-grade-report"
# Student C may run as an unprivileged user where bubblewrap cannot start: nothing of the
# autograder (fox-grade, its cache, the hidden suites) may be readable by other users.
chmod -R go-rwx "$ROOT/source" "$ROOT/fox-grade" 2>/dev/null || true

# Students often upload their repository inside one top-level folder.
repo="$ROOT/submission"
if [ ! -e "$repo/tests/yourTests.json" ]; then
  found=$(find "$repo" -mindepth 2 -maxdepth 3 -path '*/tests/yourTests.json' | head -n 1)
  [ -n "$found" ] && repo=$(dirname "$(dirname "$found")")
fi

"$FOX" "$repo" --out "$ROOT/fox-grade-report" ${args.join(' ')} >"$ROOT/fox-grade-report/summary.txt" 2>&1
status=$?
if [ -f "$ROOT/fox-grade-report/results.json" ]; then
  cp "$ROOT/fox-grade-report/results.json" "$ROOT/results/results.json"
else
  # The submission could not be graded: say why, for a score of 0.
  node -e 'const fs = require("fs"); const out = fs.readFileSync(process.argv[1], "utf8").slice(-4000);
    fs.writeFileSync(process.argv[2], JSON.stringify({ score: 0, output: "fox-grade could not grade this submission:\\n" + out }));' \\
    "$ROOT/fox-grade-report/summary.txt" "$ROOT/results/results.json"
fi
cat "$ROOT/fox-grade-report/summary.txt"
exit 0
`;
}

/** `npm pack` of fox-grade as it is here (dist/ built), into `dir`. */
async function packFoxGrade(dir: string): Promise<string> {
  const { stdout } = await execa('npm', ['pack', '--json', '--pack-destination', dir], { cwd: projectRoot });
  const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
  return join(dir, basename(filename));
}

export async function writeGradescopeBundle(opts: BundleOptions): Promise<{ out: string; entries: string[] }> {
  if (opts.instructorFullSource) throw instructorSourceWithGradescope();
  const suites = (opts.suites ?? []).map((file) => resolve(file));
  for (const file of suites) {
    await readFile(file).catch((cause) => {
      throw new FoxGradeError('E_SUITE', `cannot read the suite ${file}`, { cause, remedy: 'Give the path of a test file (JSON, docs/SPEC.md §6).', location: { file } });
    });
  }
  const scratch = await mkdtemp(join(tmpdir(), 'fox-bundle-'));
  try {
    const tarball = await packFoxGrade(scratch);
    const zip = new yazl.ZipFile();
    const entries: string[] = [];
    const add = (name: string, content: Buffer | string, mode = 0o644) => {
      zip.addBuffer(Buffer.from(content), name, { mode });
      entries.push(name);
    };
    const suiteNames = suites.map((file, i) => `suite-${i + 1}/${basename(file)}`);
    add('setup.sh', setupScript, 0o755);
    add('run_autograder', runScript(gradeArguments(opts, suiteNames)), 0o755);
    add(basename(tarball), await readFile(tarball));
    for (const [i, file] of suites.entries()) {
      add(`suites/${suiteNames[i]}`, await readFile(file));
      const inputs = join(dirname(file), 'input');
      const programs = await readdir(inputs).catch(() => [] as string[]);
      for (const program of programs.filter((p) => p.endsWith('.fox'))) {
        add(`suites/suite-${i + 1}/input/${program}`, await readFile(join(inputs, program)));
      }
    }
    zip.end();
    await new Promise<void>((done, fail) => {
      zip.outputStream.pipe(createWriteStream(opts.out)).on('close', done).on('error', fail);
    });
    return { out: opts.out, entries };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
