// Phase 3: compile every runnable test for the mutants (one schemata link serves every runtime
// mutant) and for the reference. With an engine that offers it (referenceProgram), the schemata
// build with no mutant active is the reference build: one link per test, not two. Compile errors
// are outcomes, not failures: a failure test may expect one.
import type { BuiltProgram, ProgramSource, Toolchain } from '../execute.js';
import { buildTestProgram } from '../execute.js';
import type { RunnableTest } from './2-validate.js';
import type { MutantEngine } from './engine.js';
import type { Pool } from './pool.js';

export interface BuiltTest<Programs = unknown> extends RunnableTest {
  program: ProgramSource;
  reference: BuiltProgram;
  mutantPrograms: Programs;
}

export function programOf({ test }: RunnableTest): ProgramSource {
  return { code: test.code, filename: `${test.name || `test-${test.index + 1}`}.fox`, anf: test.anf };
}

export async function buildTests<P>(tests: RunnableTest[], tc: Toolchain, engine: MutantEngine<P>, pool: Pool): Promise<BuiltTest<P>[]> {
  return Promise.all(
    tests.map((runnable) =>
      pool(async () => {
        const program = programOf(runnable);
        if (engine.referenceProgram) {
          const mutantPrograms = await engine.build(program);
          return { ...runnable, program, reference: engine.referenceProgram(mutantPrograms), mutantPrograms };
        }
        const [reference, mutantPrograms] = await Promise.all([buildTestProgram(tc, program), engine.build(program)]);
        return { ...runnable, program, reference, mutantPrograms };
      }),
    ),
  );
}
