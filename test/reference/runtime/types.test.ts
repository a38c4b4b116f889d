// Printing and value tests (types_harness.c), against FOX.md §3 "Printing" and §4.
import t from 'tap';
import { runHarness } from './fixtures/harness.js';

const r = await runHarness('types_harness.c', ['types.c'], t.testdir());
t.equal(r.exitCode, 0);
t.equal(r.stderr, '');

const expected = `\
zero => 0
five => 5
minus seven => -7
largest => 1073741823
smallest => -1073741824
true => true
false => false
nested => (0, (1, (2, false)))
triple => (true, -3, (0, (1, (2, false))))
five elements => (1, 2, 3, 4, 5)
unknown 3 => Unknown value: 0x00000003
unknown 7 => Unknown value: 0x00000007
unknown 0xfffffffd => Unknown value: 0xfffffffd
unknown 0x80000005 => Unknown value: 0x80000005
print => (0, (1, (2, false)))
print returns its argument: yes
is_number: 1 1 0 0
is_bool: 1 1 0 0
is_boolean: 1 0
is_tuple: 1 0 0 0
int_addr: block
addr_int: value
tuple_size: 2
tuple_at: 0 t
`;
const got = r.stdout.split('\n');
const want = expected.split('\n');
for (let i = 0; i < want.length; i++) t.equal(got[i], want[i], want[i]?.split(' => ')[0] || `line ${i + 1}`);
t.equal(got.length, want.length, 'no extra output');
