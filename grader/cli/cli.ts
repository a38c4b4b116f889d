// The command line: a thin layer of commander over the importable API. Each command lives in
// grader/commands/ and returns an exit status; nothing here does the work itself.
//
// Commands are loaded when they run (`await import(...)` in each action), never at start-up:
// `fox-grade --version` and `--help` must cost little more than starting Node, and a command must
// not pay for the compiler, fast-check, handlebars or execa when it does not use them. Only
// commander and the option parsers (no dependencies) are loaded eagerly.
import { Command, CommanderError, Option } from 'commander';
import { formatError } from '../../suites/errors.js';
import { processIo, type Io } from './io.js';
import { checkCacheDir, collect as collectOption, parseDialect, parseHeap, wholeNumber } from './options.js';
import { toolVersion } from '../version.js';

/** Exit statuses of fox-grade's own commands (`run` passes the program's through). */
export const exitStatus = { ok: 0, failed: 1, internalError: 1, usage: 2 } as const;

const dialectOption = () =>
  new Option('--dialect <name>', 'course offering: sp19 or fa18 (docs/SPEC.md §8)').default('sp19').argParser(parseDialect);

/** Grading decides the offering from each repository when --dialect is not given (grade/dialect.ts). */
const detectedDialectOption = () =>
  new Option('--dialect <name>', "course offering: sp19 or fa18 (docs/SPEC.md §8); default: the repository's own (tests/fox.json, c-bits/main.c)").argParser(
    parseDialect,
  );

export function buildCli(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('fox-grade')
    .description('Mutation-testing autograder for the Fox garbage-collector assignment')
    .version(toolVersion())
    .exitOverride()
    // Options after a command name belong to that command (`mutants --json`, `gc --jobs 2`), even
    // when the main job has an option of the same name.
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      'after',
      '\nThe language, runtime and test-file contract: docs/SPEC.md (§6 test files, §8 the fa18 dialect).\n' +
        'Choices it leaves open: docs/DESIGN.md. Adding a mutant, a reporter or a test: CONTRIBUTING.md.',
    )
    // A bad FOX_GRADE_CACHE (a file, /proc/x, read-only) fails at once with its path, before any work.
    .hook('preAction', (_, action) => {
      if (!['compile', 'mutants', 'gradescope-bundle'].includes(action.name())) checkCacheDir();
    });

  // The main job: `fox-grade STUDENT_REPO`.
  program
    .argument('[repo]', 'a student repository in the course layout (tests/yourTests.json)')
    .option('--json', 'print the result object on stdout')
    .option('--out <dir>', 'where result.json and report.html go (default: fox-grade-report/ here)')
    .option('--jobs <n>', 'programs run at once (default: the number of cores)', wholeNumber(1, 256))
    .addOption(detectedDialectOption())
    .addOption(
      new Option('--reveal <level>', 'what the report shows of each mutant').choices(['none', 'titles', 'hints', 'full']).default('titles'),
    )
    .option('--no-minimize', 'skip the minimal-heap search')
    .option('--no-coverage', 'run every (test, mutant) pair, even those that cannot kill')
    .option('--no-split-stream', 'one process per mutant run instead of forking at the first collection')
    .option('--no-cache', 'run every (test, mutant) pair and heap search again instead of reusing results cached by content')
    .option('--gradescope', "also write Gradescope's results.json")
    .option('--mutation-html', 'also write mutation.html (the mutation-testing-elements viewer, self-contained)')
    .option('--killing-heaps', 'instructors: for each surviving mutant, a heap at which a student program would kill it')
    .option('--witnesses', 'instructors: for each surviving mutant, a generated test that kills it')
    .option('--instructor-full-source', 'instructors: mutation.json/html show the reference sources (the solution) and each mutant\'s code change; not with --gradescope')
    .option('--gc', "also grade the student's own collector (c-bits/gc.c) on the official suite")
    .option('--suite <file>', 'with --gc: an instructor suite (hidden: names shown, code never); repeatable', collectOption)
    .option('--sanitize', 'with --gc: also run every test under AddressSanitizer')
    .option('--unsafe-no-sandbox', "with --gc: run the student's C uncontained where no sandbox works (only for code you trust)")
    .action(async (repo: string | undefined, opts) => {
      if (repo === undefined) {
        program.help({ error: true });
        return;
      }
      // Node's start to here is "startup"; the import below is "loading" (FOX_GRADE_TIMINGS).
      performance.mark('fox-grade:command');
      const { gradeCommand } = await import('./commands/grade.js');
      setExit(await gradeCommand(repo, opts, io));
    });

  program
    .command('run')
    .description('compile a Fox program and run it; its output and exit status pass through')
    .argument('<file>', 'a .fox program')
    .option('--heap <words>', 'heap size in words', parseHeap)
    .addOption(dialectOption())
    .action(async (file: string, opts) => setExit(await (await import('./commands/program.js')).runCommand(file, opts, io)));

  program
    .command('compile')
    .description('print the x86-32 assembly (NASM) of a Fox program')
    .argument('<file>', 'a .fox program')
    .option('-o, --output <file>', 'write the assembly to a file')
    .option('--anf', 'print the A-normal form instead')
    .addOption(dialectOption())
    .action(async (file: string, opts) => setExit(await (await import('./commands/program.js')).compileCommand(file, opts, io)));

  program
    .command('check')
    .description('run a test file on the reference compiler and runtime; exit 0 iff every test passes')
    .argument('<tests>', 'a test file (JSON, docs/SPEC.md §6)')
    .option('--inputs <dir>', 'where "code": "file" programs live (default: input/ beside the file)')
    .addOption(dialectOption())
    .action(async (tests: string, opts) => setExit(await (await import('./commands/check.js')).checkCommand(tests, opts, io)));

  program
    .command('mutants')
    .description('list the mutant catalog; `mutants show ID` shows one mutant; --kills runs the official suite against every mutant (or those named)')
    .argument('[action]', '"show" to show one mutant')
    .argument('[id...]', 'the mutant id (with show); with --kills or --witness, the mutants (default all)')
    .option('--json', 'print JSON')
    .option('--kills', 'run the official suite against every mutant (or the ids given) and print the tests that kill each (exit 1 if one survives)')
    .option('--jobs <n>', 'processes at once with --kills or --witness (default: the number of cores)', wholeNumber(1, 256))
    .option('--suite <file>', 'the test file for --kills (default: the official suite)')
    .option('--witness', 'search generated programs for a smallest test that kills each mutant (exit 1 if one has none)')
    .option('--seed <n>', 'with --witness: fast-check seed (default 17)', wholeNumber(0, 2 ** 31 - 1))
    .option('--budget <n>', 'with --witness: most programs drawn (default 300)', wholeNumber(1, 100_000))
    .action(async (action: string | undefined, ids: string[], opts) =>
      setExit(await (await import('./commands/mutants.js')).mutantsCommand({ action, id: ids[0], ids, ...opts }, io)),
    );

  program
    .command('minimize')
    .description('find the smallest heap at which each test passes on the reference (verified); --write puts them in the file')
    .argument('<tests>', 'a repository (tests/yourTests.json) or a test file')
    .option('--write', 'rewrite the test file with the minimal heaps (keeps its formatting; backup <file>.bak)')
    .option('--neg', 'add a <name>-neg twin at the minimal heap - 1 expecting "out of memory"')
    .option('--json', 'print [{ name, minimalHeap, runs, verified }] as JSON')
    .addOption(dialectOption())
    .option('--seed <n>', 'fast-check seed (default 1)', wholeNumber(0, 2 ** 31 - 1))
    .action(async (tests: string, opts) => setExit(await (await import('./commands/minimize.js')).minimizeCommand(tests, opts, io)));

  program
    .command('gc')
    .description("grade a student's own collector (c-bits/gc.c, types.c) with the reference compiler: official + hidden suites, per-phase diagnosis")
    .argument('<repo>', 'a student repository (with c-bits/gc.c)')
    .option('--suite <file>', 'an instructor test file, run hidden (names and pass/fail only); repeatable', collectOption, [])
    .option('--no-official', 'do not run the official suite (suites/fox.json)')
    .option('--sanitize', 'also run every test under AddressSanitizer (and LeakSanitizer where it works)')
    .option('--json', 'print the result object as JSON')
    .option('--verbose', 'list every passing test too (default: failures, then one count line)')
    .option('--no-tagged-return-addresses', 'compile the programs without tuple-tagged return addresses (the plain code layout)')
    .addOption(dialectOption())
    .option('--jobs <n>', 'programs run at once (default: the number of cores)', wholeNumber(1, 256))
    .option('--timeout <seconds>', 'wall-clock limit of one program run (default 15)', wholeNumber(1, 600))
    .option('--unsafe-no-sandbox', "run the student's C uncontained where no sandbox works (only for code you trust)")
    .action(async (repo: string, opts) => setExit(await (await import('./commands/gc.js')).gcCommand(repo, opts, io)));

  program
    .command('class')
    .description('grade many repos (or a directory of repos) and write a class report')
    .argument('<dirs...>', 'student repositories, or directories containing them')
    .option('--out <dir>', 'where class.html, class.json and each student report go (default: fox-grade-class/)')
    .option('--jobs <n>', 'programs run at once (default: the number of cores)', wholeNumber(1, 256))
    .option('--json', 'print class.json on stdout')
    .addOption(detectedDialectOption())
    .addOption(new Option('--reveal <level>', 'what the reports show of each mutant').choices(['none', 'titles', 'hints', 'full']).default('titles'))
    .option('--no-minimize', 'skip the minimal-heap search')
    .option('--gc', "also grade each student's own collector (c-bits/gc.c)")
    .option('--suite <file...>', 'with --gc: hidden instructor suites for the collectors')
    .option('--sanitize', 'with --gc: also run every collector test under AddressSanitizer')
    .option('--gradescope', "also write each student's Gradescope results.json")
    .option('--all-pairs', "every student's tests against every student's faulty collector (implies --gc)")
    .option('--no-cache', 'grade everything again instead of reusing results cached by content')
    .action(async (dirs: string[], opts) => setExit(await (await import('./commands/class.js')).classCommand(dirs, opts, io)));

  program
    .command('gradescope-bundle')
    .description('write the Gradescope autograder zip (setup.sh, run_autograder, fox-grade itself)')
    .option('--out <file>', 'the zip (default: fox-grade-autograder.zip)')
    .addOption(dialectOption())
    .addOption(new Option('--reveal <level>', 'what students see of each mutant').choices(['none', 'titles', 'hints', 'full']).default('titles'))
    .option('--gc', "also grade each student's collector")
    .option('--suite <file>', 'a hidden instructor suite for the collector (implies --gc); repeatable', collectOption)
    .option('--instructor-full-source', 'refused: a bundle grades for students, who never get the reference sources')
    .action(async (opts) => setExit(await (await import('./commands/gradescope-bundle.js')).gradescopeBundleCommand(opts, io)));

  return program;
}

/** Runs the command line; resolves to the exit status. Never throws. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let status: number = exitStatus.ok;
  const program = buildCli(io, (code) => (status = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitStatus.ok : exitStatus.usage;
    io.stderr(`fox-grade: ${formatError(error)}\n`);
    return exitStatus.internalError;
  }
}
