#!/usr/bin/env node
import './threads.js';
import { killPendingQueries } from '../proc/exec.js';
import { processIo } from './io.js';
import { main } from './program.js';

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
// The command has its answer: a query still waiting (a tmux server that stopped
// answering) must not hold the exit until its own timeout.
killPendingQueries();
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
