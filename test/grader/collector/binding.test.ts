// Binding a student's phase arguments by parameter names (FOX.md §5), and recognising stubs.
import t from 'tap';
import { bindingDefines, bindPhases, blankComments, findDefinition, formatBinding, stubPhases } from '../../../grader/collector/binding.js';

const phases = (mark: string, rest = '') => `#include "gc.h"\n${mark}\n${rest}`;

t.test("the course gc.c's order, gc.h's order, renamed and reordered", async (t) => {
  const gcC = bindPhases(phases('int* mark(int* stack_top, int* first_frame, int* stack_bottom, int* heap_start) { return 0; }'));
  t.same(gcC[0], { phase: 'mark', order: ['stack_top', 'first_frame', 'stack_bottom', 'heap_start'], by: 'names', params: ['stack_top', 'first_frame', 'stack_bottom', 'heap_start'] });
  const gcH = bindPhases(phases('int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) {\n  return 0;\n}'));
  t.same(gcH[0].order, ['stack_bottom', 'stack_top', 'first_frame', 'heap_start']);
  const camel = bindPhases(phases('int *mark(int *heapStart, int *stackBottom,\n          int *stackTop, int *firstFrame)\n{ return 0; }'));
  t.same(camel[0].order, ['heap_start', 'stack_bottom', 'stack_top', 'first_frame']);
  t.equal(camel[0].by, 'names');
  t.equal(formatBinding(gcH[0]), 'mark(stack_bottom, stack_top, first_frame, heap_start) by parameter names');
});

t.test("unknown names, a missing definition: the course gc.c's order, said so", async (t) => {
  const other = bindPhases(phases('int* mark(int* sp, int* fp, int* bottom, int* heap) { return 0; }'));
  t.same(other[0], { phase: 'mark', order: ['stack_top', 'first_frame', 'stack_bottom', 'heap_start'], by: 'gc.c order', params: ['sp', 'fp', 'bottom', 'heap'] });
  t.equal(formatBinding(other[0]), "mark(stack_top, first_frame, stack_bottom, heap_start) in the course gc.c's order");
  const twice = bindPhases(phases('int* mark(int* heap_start, int* heap_start2, int* stack_top, int* first_frame) { return 0; }'));
  t.equal(twice[0].by, 'gc.c order', 'names that are not the four course names');
  t.equal(bindPhases('')[0].by, 'gc.c order');
  t.notOk('params' in bindPhases('')[0]);
});

t.test('prototypes, calls and comments are not definitions', async (t) => {
  const src = [
    'int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start);',
    '/* int* mark(int* heap_start, int* stack_top, int* first_frame, int* stack_bottom) { */',
    'int* gc(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* heap_end) {',
    '  int* m = mark(stack_top, first_frame, stack_bottom, heap_start); { }',
    '  return m;',
    '}',
    'int* mark(int* stack_top, int* first_frame, int* stack_bottom, int* heap_start) { return NULL; }',
  ].join('\n');
  t.same(findDefinition(src, 'mark')?.params, ['stack_top', 'first_frame', 'stack_bottom', 'heap_start']);
  t.equal(blankComments('a /* b */ c // d\n"e"').length, 'a /* b */ c // d\n"e"'.length);
});

t.test('the harness macros put the arguments in the student order', async (t) => {
  const defines = bindingDefines(bindPhases(phases('int* mark(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start) { return 0; }')));
  t.equal(defines[0], '-DMARK_ARGS(stack_bottom,stack_top,first_frame,heap_start)=stack_bottom,stack_top,first_frame,heap_start');
  t.equal(defines[2], '-DREDIRECT_ARGS(stack_bottom,stack_top,first_frame,heap_start,max_address)=stack_bottom,stack_top,first_frame,heap_start,max_address');
});

t.test('starter stubs', async (t) => {
  const src = [
    'int* mark(int* stack_top, int* first_frame, int* stack_bottom, int* heap_start) {\n  // TODO\n  return heap_start;\n}',
    'int* forward(int* heap_start, int* max_address) { return NULL; }',
    'void redirect(int* stack_bottom, int* stack_top, int* first_frame, int* heap_start, int* max_address) { return; }',
    'void compact(int* heap_start, int* max_address, int* heap_end) {\n  /* TODO */\n}',
  ].join('\n');
  t.same(stubPhases(src), ['mark', 'forward', 'redirect', 'compact']);
  const work = src.replace('return heap_start;', 'return walk(stack_top, heap_start);').replace('{ return NULL; }', '{ int* p = heap_start; return p; }');
  t.same(stubPhases(work), ['redirect', 'compact'], 'a body that does anything is the student\'s work');
  t.same(stubPhases('int* mark(int* a, int* b, int* c, int* d) { return some_global; }'), [], 'returning a global is not a stub');
});
