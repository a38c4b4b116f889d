// The test-file schema and ajv's errors as sentences (suites/test-file-schema.ts): one sentence per
// offending key, the schema's description saying what is expected (docs/SPEC.md section 6).
import t from 'tap';
import { closestKey, describeType, testFileSchema, translate } from '../../suites/test-file-schema.js';

/** The issues of `data` by test index, as the loader gets them. */
function issuesOf(data: unknown) {
  const { validate } = testFileSchema();
  validate(data);
  return translate(validate.errors ?? [], data);
}

const { schema } = testFileSchema();
const described = (key: string) => schema.items?.properties?.[key]?.description as string;

t.test('the schema is compiled once and shared', async (t) => {
  t.equal(testFileSchema(), testFileSchema());
  t.equal(testFileSchema().validate, testFileSchema().validate);
});

t.test('a problem of the whole file is left to the caller: no issue for any test', async (t) => {
  t.same([...issuesOf({ name: 'a' }).entries()], []);
  t.same([...issuesOf('tests').entries()], []);
});

t.test('a missing key: what is expected, and the key to add', async (t) => {
  t.same(issuesOf([{ code: '1', result: { value: '1' } }]).get(0), [
    { pointer: '/0', message: `missing key 'name': expected ${described('name')}`, remedy: "add 'name' to the test" },
  ]);
});

t.test("'result' with neither 'value' nor 'failure': one sentence and its remedy", async (t) => {
  const issues = issuesOf([{ name: 'a', code: '1', result: { value: '1' } }, { name: 'b', code: '1', result: {} }]);
  t.same([...issues.keys()], [1], 'only the second test');
  t.same(issues.get(1), [
    {
      pointer: '/1/result',
      message: `'result' has neither 'value' nor 'failure'; expected ${described('result')}`,
      remedy: 'write {"value": "<expected output>"} or {"failure": "<expected error text>"}',
    },
  ]);
});

t.test("'result' with both 'value' and 'failure': one sentence and its remedy", async (t) => {
  t.same(issuesOf([{ name: 'a', code: '1', result: { value: '1', failure: '' } }]).get(0), [
    { pointer: '/0/result', message: `'result' has both 'value' and 'failure'; expected ${described('result')}`, remedy: 'keep only one of them' },
  ]);
});

t.test('a value of the right type out of range is shown as it is', async (t) => {
  t.same(issuesOf([{ name: 'a', code: '1', result: { value: '1' }, heap: -1 }]).get(0), [
    { pointer: '/0/heap', message: `'heap' is -1; expected ${described('heap')}` },
  ]);
});

t.test('describeType names the type and shows a scalar', async (t) => {
  t.equal(describeType('abc'), 'a string ("abc")');
  t.equal(describeType(7), 'a number (7)');
  t.equal(describeType(false), 'a boolean (false)');
  t.equal(describeType(null), 'null');
  t.equal(describeType([1]), 'an array');
  t.equal(describeType({ a: 1 }), 'an object');
});

t.test('closestKey: within two edits, or containing / contained in a key of 3 characters or more', async (t) => {
  const known = ['name', 'code', 'result', 'heap', 'anf'];
  t.equal(closestKey('nmaex', known), undefined, 'three edits from every key: no suggestion');
  t.equal(closestKey('out', ['timeout']), 'timeout', 'a 3-character key contained in a known one');
  t.equal(closestKey('ou', ['timeout']), undefined, 'a 2-character key is too short to be contained');
  t.equal(closestKey('abcdefg', ['abc']), 'abc', 'a key containing a 3-character known key');
  t.equal(closestKey('xxidyy', ['id']), undefined, 'a 2-character known key is too short to be contained');
  t.equal(closestKey('ab', ['cd']), undefined, 'a distance as long as the key itself is no resemblance');
  t.equal(closestKey('x', ['ab']), undefined, 'nor two edits for a one-character key');
  t.equal(closestKey('nam', ['name', 'nami']), 'name', 'of equally close keys, the first one listed');
  t.equal(closestKey('nami', ['naxy', 'name']), 'name', 'a closer key listed later wins');
});
