#!/usr/bin/env node
// The command line is a thin layer over the importable API (grader/cli/cli.ts). `--version` alone
// is answered before commander and the commands load: it should cost no more than starting Node.
import { toolVersion } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) process.stdout.write(`${toolVersion()}\n`);
else process.exitCode = await (await import('./cli/cli.js')).main(argv);
