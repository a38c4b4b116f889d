// Phase 3: compile every runnable test for the mutants (one schemata link serves every runtime
// mutant) and for the reference. With an engine that offers it (referenceProgram), the schemata
// build with no mutant active is the reference build: one link per test, not two. Compile errors
// are outcomes, not failures: a failure test may expect one.
import type { BuiltProgram, ProgramSource, Toolchain } from '../../suites/execute.js';
import { buildTestProgram } from '../../suites/execute.js';
import type { RunnableTest } from './2-validate.js';
import type { MutantEngine } from './engine.js';
import type { OnInternalError } from './internal-error.js';
import type { Pool } from './pool.js';

export interface BuiltTest<Programs = unknown> extends RunnableTest {
  program: ProgramSource;
  reference: BuiltProgram;
  mutantPrograms: Programs;
}

export function programOf({ test }: RunnableTest): ProgramSource {
  return { code: test.code, filename: `${test.name || `test-${test.index + 1}`}.fox`, anf: test.anf };
}

/** A test whose build throws goes to `onError` (an internal error) and is left out. */
export async function buildTests<P>(tests: RunnableTest[], tc: Toolchain, engine: MutantEngine<P>, pool: Pool, onError?: OnInternalError): Promise<BuiltTest<P>[]> {
  const built = await Promise.all(
    tests.map((runnable) =>
      pool(async (): Promise<BuiltTest<P> | undefined> => {
        try {
          return await buildOne(runnable, tc, engine);
        } catch (error) {
          if (!onError) throw error;
          onError(runnable, 'building', error);
          return undefined;
        }
      }),
    ),
  );
  return built.filter((b): b is BuiltTest<P> => b !== undefined);
}

async function buildOne<P>(runnable: RunnableTest, tc: Toolchain, engine: MutantEngine<P>): Promise<BuiltTest<P>> {
  const program = programOf(runnable);
  if (engine.referenceProgram) {
    const mutantPrograms = await engine.build(program);
    return { ...runnable, program, reference: engine.referenceProgram(mutantPrograms), mutantPrograms };
  }
  const [reference, mutantPrograms] = await Promise.all([buildTestProgram(tc, program), engine.build(program)]);
  return { ...runnable, program, reference, mutantPrograms };
}
