// Messages about hostile test files: every value shown as it is, every sentence with its verb.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTestFile, loadTestFileFromText, MAX_TEST_FILE_BYTES } from '../../suites/test-file.js';

t.test('heap 1e400 is shown as too large, not as (null)', async (t) => {
  const loaded = loadTestFileFromText('[{"name":"a","code":"1","result":{"value":"1"},"heap":1e400}]', 'tests.json');
  t.equal(loaded.tests[0].valid, false);
  t.match(loaded.problems[0].message, /'heap' is a number too large to represent \(Infinity\); expected an integer/);
  t.notMatch(loaded.problems[0].message, /null/);
});

t.test('a test file over the size limit: the message has its verb and the limit', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'big.json');
  writeFileSync(path, ' '.repeat(MAX_TEST_FILE_BYTES + 1));
  const loaded = loadTestFile(path);
  t.equal(loaded.problems[0].code, 'E_TESTFILE_TOO_LARGE');
  t.match(loaded.problems[0].message, new RegExp(`big\\.json is too large \\(${MAX_TEST_FILE_BYTES + 1} bytes; the limit is ${MAX_TEST_FILE_BYTES} bytes\\)$`));
});
