// One contender of the benchmark, run in a child process of its own (bench/contender.ts) and
// measured there.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContenderReport, ContenderSpec } from './contender.js';

const contenderScript = join(dirname(fileURLToPath(import.meta.url)), 'contender.js');

/** Runs one contender in a child process; its report (the last line it prints). */
export function runContender(spec: ContenderSpec, dir: string, label: string, log: (line: string) => void): Promise<ContenderReport> {
  const specFile = join(dir, `spec-${label.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  log(`  ${label} …`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [contenderScript, specFile], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${label} failed: ${error.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      const report = JSON.parse(line) as ContenderReport;
      log(`  ${label}: ${(report.usage.wallMs / 1000).toFixed(2)} s wall, ${((report.usage.selfCpuMs + report.usage.childrenCpuMs) / 1000).toFixed(2)} s CPU`);
      resolve(report);
    });
  });
}

