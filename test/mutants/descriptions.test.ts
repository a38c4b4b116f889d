// A mutant's title, hint and description reach students (`--reveal titles|hints|full`): they say
// what is wrong in words, never with a line of the reference or of the mutant's replacement
// (issue 13; the reports' end-to-end check is test/grader/cli/commands/reveal.test.ts).
import t from 'tap';
import { mutants } from '../../mutants/registry.js';
import { secretLines, secretsIn } from '../fixtures/secrets.js';

t.test('no catalog text quotes the solution', async (t) => {
  const secrets = secretLines();
  for (const mutant of mutants) {
    const texts = { title: mutant.title, hint: mutant.hint, description: mutant.description };
    t.same(secretsIn(texts, secrets), [], `${mutant.id}: in words`);
  }
  // The check can fail: a description that quotes its replacement.
  t.same(secretsIn({ description: 'Forward walks while block < max_address.' }, secrets), [
    'description: replacement of forward-stops-before-max: block < max_address',
  ]);
});
