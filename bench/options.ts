// `npm run bench`'s options (bench/bench.ts lists them).
import { availableParallelism } from 'node:os';

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
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${argv[i + 1]}`);
    return n;
  };
  return {
    quick,
    json: argv.includes('--json'),
    keep: argv.includes('--keep'),
    seed: number('--seed', 1),
    repos: number('--repos', quick ? 2 : 10),
    tests: number('--tests', quick ? 10 : 20),
    naiveTests: number('--naive-tests', quick ? 2 : 16),
    repeat: Math.max(1, number('--repeat', quick ? 1 : 3)),
    jobs: Math.max(1, number('--jobs', availableParallelism())),
    classSize: Math.max(1, number('--class-size', quick ? 3 : 20)),
    classScaleOnly: argv.includes('--class-scale-only'),
  };
}
