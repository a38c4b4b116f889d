// outOfMemoryText: whether a run ended with the runtime's out-of-memory failure (FOX.md §5
// try_gc, §8 dialect notes), and the failure text a test should expect for it. Fake outcomes
// only: the messages and exit statuses are the ones the spec gives each dialect's runtime.
import t from 'tap';
import { outOfMemoryText } from '../../../grader/heap/out-of-memory.js';
import type { Outcome } from '../../../suites/judge.js';

const exited = (exitCode: number, stderr: string, stdout = ''): Outcome => ({ status: 'exited', exitCode, stdout, stderr });

// sp19 (FOX.md §5): both messages on stderr, exit 10 (empty heap) or 9 (after a collection).
const SP19_EMPTY = (words: number, heap: number) => `\nout of memory: Allocation of ${words} words too large for ${heap}-word heap\n`;
const SP19_AFTER = (words: number, left: number) => `\nout of memory: needed ${words} words, but only ${left} remain after collection!\n\n`;
// fa18 (FOX.md §8): the empty-heap message has no "out of memory"; the other has a capital O.
const FA18_EMPTY = (words: number, usable: number) => `Allocation of ${words} words too large for ${usable}-word heap\n`;
const FA18_AFTER = (words: number, left: number) => `\nOut of memory: needed ${words} words, but only ${left} remain after collection!\n\n`;

t.test('sp19: both runtime messages are `out of memory`', async (t) => {
  t.equal(outOfMemoryText(exited(10, SP19_EMPTY(6, 5)), 'sp19'), 'out of memory', 'empty heap, exit 10');
  t.equal(outOfMemoryText(exited(9, SP19_AFTER(12, 3)), 'sp19'), 'out of memory', 'after collection, exit 9');
  t.equal(outOfMemoryText(exited(10, SP19_EMPTY(120, 100000)), 'sp19'), 'out of memory', 'large numbers');
  // The program printed values before running out: the message is still found.
  t.equal(outOfMemoryText(exited(9, SP19_AFTER(4, 1), '1\n2\n'), 'sp19'), 'out of memory');
});

t.test('sp19: other failures are not out of memory', async (t) => {
  t.equal(outOfMemoryText(exited(0, '', '(1, 2)\n'), 'sp19'), undefined, 'a value');
  t.equal(outOfMemoryText(exited(5, 'Error: tuple index too large.\n'), 'sp19'), undefined, 'another run-time error');
  t.equal(outOfMemoryText(exited(1, 'Error: expected a number\n'), 'sp19'), undefined);
  // sp19 matches failure text case-sensitively: the fa18 runtime's messages do not carry
  // `out of memory` as an sp19 test would expect it.
  t.equal(outOfMemoryText(exited(9, FA18_AFTER(12, 3)), 'sp19'), undefined, 'capital O is not sp19\'s message');
  t.equal(outOfMemoryText(exited(10, FA18_EMPTY(6, 3)), 'sp19'), undefined, 'fa18\'s empty-heap message');
});

t.test('fa18: `Out of memory` matches case-insensitively; the empty-heap message is `words too large`', async (t) => {
  t.equal(outOfMemoryText(exited(9, FA18_AFTER(12, 3)), 'fa18'), 'out of memory', 'after collection, capital O');
  t.equal(outOfMemoryText(exited(9, FA18_AFTER(4, 1), '7\n'), 'fa18'), 'out of memory');
  // A runtime printing the sp19 spelling still runs out of memory under case-insensitive matching.
  t.equal(outOfMemoryText(exited(9, SP19_AFTER(12, 3)), 'fa18'), 'out of memory', 'lower case too');
  // Heaps 5, 6, 7 print 3, 4, 5 usable words (§8).
  t.equal(outOfMemoryText(exited(10, FA18_EMPTY(6, 3)), 'fa18'), 'words too large', 'single digits');
  t.equal(outOfMemoryText(exited(10, FA18_EMPTY(12, 5)), 'fa18'), 'words too large', 'words needed: two digits');
  t.equal(outOfMemoryText(exited(10, FA18_EMPTY(6, 99998)), 'fa18'), 'words too large', 'heap words: five digits');
  t.equal(outOfMemoryText(exited(10, FA18_EMPTY(100002, 99998)), 'fa18'), 'words too large');
});

t.test('fa18: other failures are not out of memory', async (t) => {
  t.equal(outOfMemoryText(exited(5, 'Error: tuple index too large.\n'), 'fa18'), undefined, 'another run-time error');
  t.equal(outOfMemoryText(exited(1, 'Error: expected a number\n'), 'fa18'), undefined);
  t.equal(outOfMemoryText(exited(0, '', '5\n'), 'fa18'), undefined, 'a value');
  // Not the runtime's message: the numbers are missing.
  t.equal(outOfMemoryText(exited(10, 'Allocation of N words too large for M-word heap\n'), 'fa18'), undefined);
  t.equal(outOfMemoryText(exited(10, 'Allocation of many words too large for 4-word heap\n'), 'fa18'), undefined);
  t.equal(outOfMemoryText(exited(10, 'Allocation of 6 words too large for a-word heap\n'), 'fa18'), undefined);
});

t.test('only a run that exited with a failure status ran out of memory', async (t) => {
  for (const dialect of ['sp19', 'fa18'] as const) {
    const message = dialect === 'sp19' ? SP19_AFTER(12, 3) : FA18_AFTER(12, 3);
    const empty = dialect === 'sp19' ? SP19_EMPTY(12, 40) : FA18_EMPTY(12, 38);
    // Exit 0 is a success, whatever was printed.
    t.equal(outOfMemoryText(exited(0, message), dialect), undefined, `${dialect}: exit 0`);
    t.equal(outOfMemoryText(exited(0, empty), dialect), undefined, `${dialect}: exit 0, empty-heap text`);
    // Killed or stopped after printing the text: not the runtime's out-of-memory exit.
    const signaled: Outcome = { status: 'signaled', signal: 'SIGSEGV', stdout: '', stderr: message };
    t.equal(outOfMemoryText(signaled, dialect), undefined, `${dialect}: signaled`);
    t.equal(outOfMemoryText({ ...signaled, stderr: empty }, dialect), undefined, `${dialect}: signaled, empty-heap text`);
    const timeout: Outcome = { status: 'timeout', stdout: '', stderr: message };
    t.equal(outOfMemoryText(timeout, dialect), undefined, `${dialect}: timeout`);
    t.equal(outOfMemoryText({ status: 'compile-error', message }, dialect), undefined, `${dialect}: compile error`);
  }
});
