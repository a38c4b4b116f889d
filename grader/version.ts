import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../reference/paths.js';

/** fox-grade's version, from package.json (recorded in every result). */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
