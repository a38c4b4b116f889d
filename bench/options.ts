// `npm run bench`'s options, parsed with commander: `npm run bench -- --help` lists them, and an
// unknown option or a bad number stops the benchmark before it starts (it runs for minutes).
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  seed: number;
  repos: number;
  tests: number;
  /** Tests of the class (spread over it) that the naive grader and fox-grade both grade. */
  naiveTests: number;
  /** fox-grade class runs per mode (the median is reported). */
  repeat: number;
  jobs: number;
  keep: boolean;
  /** Students of the class-scale figure (`fox-grade class` as shipped, then re-graded after one changed test). */
  classSize: number;
  classScaleOnly: boolean;
  /** Only the command a TA types (bench/cli.ts) and its exec floor, on the class's first student. */
  cliOnly: boolean;
}

/** Where commander writes help and errors; tests pass their own and get a thrown CommanderError instead of an exit. */
export interface ParseOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`needs a whole number, got ${value}`);
  return n;
};

function benchCommand(): Command {
  return new Command('npm run bench --')
    .description('fox-grade against the naive grader and the exec floor, side by side, on a synthetic class generated from a seed')
    .option('--quick', 'a 2-repo × 10-test class, every contender once', false)
    .option('--json', 'print the figures as JSON instead of the table', false)
    .option('--seed <n>', "the class's seed", wholeNumber, 1)
    .option('--repos <n>', 'students of the class (default 10; --quick 2)', wholeNumber)
    .option('--tests <n>', 'tests per student (default 20; --quick 10)', wholeNumber)
    .option('--naive-tests <n>', 'tests graded by the naive grader too (default 16; --quick 2)', wholeNumber)
    .option('--repeat <n>', 'runs per fox-grade mode, the median reported (default 3; --quick 1)', wholeNumber)
    .option('--jobs <n>', 'parallel jobs (default: the cores)', wholeNumber)
    .option('--keep', 'keep the temporary directory (its path is printed)', false)
    .option('--class-size <n>', "students of the class-scale figure (default 20; --quick 3); 200 is the README's figure", wholeNumber)
    .option('--class-scale-only', 'only the class-scale figure', false)
    .option('--cli-only', 'only `fox-grade --version` and `fox-grade REPO` (cold, warm, --no-cache) with their exec floor', false)
    .allowExcessArguments(false);
}

export function parseArgs(argv: readonly string[], output?: ParseOutput): BenchOptions {
  const command = benchCommand();
  if (output) command.exitOverride().configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr });
  command.parse([...argv], { from: 'user' });
  const o = command.opts<{
    quick: boolean; json: boolean; keep: boolean; seed: number; repos?: number; tests?: number; naiveTests?: number;
    repeat?: number; jobs?: number; classSize?: number; classScaleOnly: boolean; cliOnly: boolean;
  }>();
  const quick = o.quick;
  return {
    quick,
    json: o.json,
    keep: o.keep,
    seed: o.seed,
    repos: o.repos ?? (quick ? 2 : 10),
    tests: o.tests ?? (quick ? 10 : 20),
    naiveTests: o.naiveTests ?? (quick ? 2 : 16),
    repeat: Math.max(1, o.repeat ?? (quick ? 1 : 3)),
    jobs: Math.max(1, o.jobs ?? availableParallelism()),
    classSize: Math.max(1, o.classSize ?? (quick ? 3 : 20)),
    classScaleOnly: o.classScaleOnly,
    cliOnly: o.cliOnly,
  };
}
