// Module hooks for stryker/ts-entry.mjs: a `.ts` file loads as the ES module built beside it.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const built = new URL(`${url.slice(0, -'.ts'.length)}.js`);
  try {
    return { format: 'module', source: await readFile(built), shortCircuit: true };
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    throw new Error(`${url} has no built ${built.pathname}: run stryker/build.mjs in this directory first (Stryker's buildCommand does)`, { cause: err });
  }
}
