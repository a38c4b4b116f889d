// `node --import ./stryker/ts-entry.mjs test/x.test.ts`: runs a test by its TypeScript name from
// the `.js` file that stryker/build.mjs wrote beside it. The tap runner names each test after the
// file it ran, and Stryker's incremental mode finds a changed test by comparing that file's source
// with the previous run's: the name must be the real `.ts` file, not a built one.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
