// One pool of workers for every program run of a grading (or of a whole class): p-limit sized
// to the cores. Results are gathered by position, never by completion order, so they do not
// depend on the pool's size.
import pLimit from 'p-limit';

export type Pool = <T>(task: () => Promise<T>) => Promise<T>;

export function createPool(jobs: number): Pool {
  const limit = pLimit(jobs);
  return (task) => limit(task);
}
