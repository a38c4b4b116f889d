#!/usr/bin/env node
// Stryker's buildCommand: inside Stryker's sandbox (a throwaway copy of the project), transpile
// every TypeScript file to a `.js` file beside it, so that the tap runner can run the tests with
// plain `node`. Why not ts-node (tap's own loader): it loads the TypeScript compiler in every test
// process, and Stryker starts one process per test file per mutant. Why not `tsc`: the tests do
// not type-check (tap runs them transpile-only), and a build must not fail on that. Transpiling
// each file alone is what tap's loader does too (TS_NODE_TRANSPILE_ONLY).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? process.cwd());
// Writing `.js` files beside the sources would litter a real checkout: only a sandbox may be built.
if (!root.split(sep).includes('.stryker-tmp') && process.env.FOX_STRYKER_BUILD_ANYWHERE !== '1') {
  console.error(
    `stryker-build: refusing to write .js files into ${root}: it is not a Stryker sandbox (no .stryker-tmp in the path).\n` +
      'Remedy: run it through `npm run mutate`, which builds inside the sandbox.',
  );
  process.exit(2);
}

const dirs = ['grader', 'reference', 'mutants', 'reports', 'test', 'bench', 'suites'];
const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  esModuleInterop: true,
  // Stack traces and Stryker's logs point into the TypeScript sources.
  inlineSourceMap: true,
  inlineSources: true,
};

function* tsFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') yield* tsFiles(path);
    else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield path;
  }
}

let count = 0;
const failures = [];
for (const dir of dirs) {
  for (const file of tsFiles(join(root, dir))) {
    const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
    // Syntax errors only (transpiling checks no types): a mutant must never produce one.
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) failures.push(`${relative(root, file)}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
    writeFileSync(file.slice(0, -3) + '.js', out.outputText);
    count++;
  }
}
if (failures.length > 0) {
  console.error(`stryker-build: ${failures.length} file(s) do not parse:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`stryker-build: transpiled ${count} files in ${root}`);
