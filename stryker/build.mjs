#!/usr/bin/env node
// Stryker's buildCommand: inside Stryker's sandbox (a throwaway copy of the project), transpile
// the test files of the areas being measured (FOX_MUTATE_AREAS, stryker/areas.mjs), and every
// TypeScript file they import, to a `.js` file beside each, so that the tap runner runs the tests
// with plain `node`. Why not ts-node (tap's own loader): it loads the TypeScript compiler in every
// test process, and Stryker starts one process per test file per mutant. Why not `tsc`: the tests
// do not type-check (tap runs them transpile-only), and a build must not fail on that. Each file is
// transpiled alone, as tap's loader does (TS_NODE_TRANSPILE_ONLY). Only the import closure, not
// the whole project: on a loaded machine the build is a good part of a run's fixed cost.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { areas, selectAreas } from './areas.mjs';

const root = resolve(process.cwd());
// Writing `.js` files beside the sources would litter a real checkout: only a sandbox may be built.
if (!root.split(sep).some((part) => part.startsWith('.stryker-tmp'))) {
  console.error(
    `stryker-build: refusing to write .js files into ${root}: it is not a Stryker sandbox (no .stryker-tmp* directory in the path).\n` +
      'Remedy: run it through `npm run mutate`, which builds inside the sandbox.',
  );
  process.exit(2);
}

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  esModuleInterop: true,
  // Stack traces and Stryker's logs point into the TypeScript sources.
  inlineSourceMap: true,
  inlineSources: true,
};

/** The project's TypeScript file a relative specifier (`./x.js`, `../y.ts`) names, if any. */
function localTs(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(from), specifier);
  const ts_ = target.replace(/\.(js|ts)$/, '.ts');
  return ts_.endsWith('.ts') && existsSync(ts_) ? ts_ : undefined;
}

const todo = selectAreas().flatMap((name) => areas[name].tests.map((test) => join(root, test)));
const done = new Set();
const failures = [];
while (todo.length > 0) {
  const file = todo.pop();
  if (done.has(file)) continue;
  done.add(file);
  const source = readFileSync(file, 'utf8');
  const out = ts.transpileModule(source, { compilerOptions: options, fileName: file, reportDiagnostics: true });
  // Syntax errors only (transpiling checks no types): a mutant must never produce one.
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) failures.push(`${relative(root, file)}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
  writeFileSync(file.slice(0, -'.ts'.length) + '.js', out.outputText);
  // Static imports, re-exports and import('literal') (detectJavaScriptImports).
  for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
    const next = localTs(file, fileName);
    if (next !== undefined && !done.has(next)) todo.push(next);
  }
}
if (failures.length > 0) {
  console.error(`stryker-build: ${failures.length} file(s) do not parse:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`stryker-build: transpiled ${done.size} files in ${root}`);
