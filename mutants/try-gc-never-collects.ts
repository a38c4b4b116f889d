// try_gc never calls the collector (try_gc).
import type { RuntimeMutant } from './mutant.js';

export const tryGcNeverCollects: RuntimeMutant = {
  id: 'try-gc-never-collects',
  title: 'try_gc never calls the collector',
  phase: 'try_gc',
  kind: 'runtime',
  description:
    'try_gc reports "out of memory" as soon as the heap is full, without collecting first. Programs ' +
    'that would fit once their garbage is freed fail.',
  hint: 'Run a program that makes garbage and needs it collected to fit in its heap.',
  patches: [
    {
      file: 'main.c',
      function: 'try_gc',
      find: 'int* new_esi = collect(alloc_ptr, first_frame, stack_top);',
      replace: 'int* new_esi = alloc_ptr;',
    },
  ],
};
