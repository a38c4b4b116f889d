#!/usr/bin/env node
// The command line is a thin layer over the importable API (grader/cli/cli.ts).
import { main } from './cli/cli.js';

process.exitCode = await main(process.argv.slice(2));
