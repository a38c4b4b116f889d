// heapNote (grader/heap/note.ts): the note a test gets when its heap is larger than its minimal
// heap, and the exact E_CONSTRAINT errors for arguments that are not whole numbers.
import t, { type Test } from 'tap';
import { heapNote } from '../../../grader/heap/note.js';
import { FoxGradeError } from '../../../suites/errors.js';
import { refuses } from './fixtures/fake.js';

const note = (heap: number, minimal: number) =>
  `heap ${heap} is larger than ${minimal}, the smallest heap at which this test passes: with room to spare ` +
  `the collector runs less often or not at all, so mutants of the collector are harder to kill; try "heap": ${minimal}`;

t.test('zero is a whole number: as the heap and as the minimal heap', async (t) => {
  t.equal(heapNote(0, 0), undefined, 'heap 0 with minimal 0 is tight');
  t.equal(heapNote(0, 3), undefined, 'heap 0 below the minimal one: no note');
  t.equal(heapNote(0, null), undefined);
  t.equal(heapNote(5, 0), note(5, 0), 'minimal 0: any larger heap gets the note');
  t.equal(heapNote(7, 6), note(7, 6), 'one word of room is room');
});

t.test('a bad heap or minimal heap is refused with a message naming heapNote and the argument', async (t) => {
  refuses(t, () => heapNote(-1, 6), "heapNote: 'heap' must be a whole number, got -1");
  refuses(t, () => heapNote(2.5, 6), "heapNote: 'heap' must be a whole number, got 2.5");
  refuses(t, () => heapNote(-1, null), "heapNote: 'heap' must be a whole number, got -1");
  refuses(t, () => heapNote(NaN, 6), "heapNote: 'heap' must be a whole number, got NaN");
  refuses(t, () => heapNote(5, -1), "heapNote: 'minimal' must be a whole number or null, got -1");
  refuses(t, () => heapNote(0, -1), "heapNote: 'minimal' must be a whole number or null, got -1");
  refuses(t, () => heapNote(6, 1.5), "heapNote: 'minimal' must be a whole number or null, got 1.5");
  refuses(t, () => heapNote(6, '3' as never), "heapNote: 'minimal' must be a whole number or null, got 3");
});
