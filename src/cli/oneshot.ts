#!/usr/bin/env node
import './threads.js';

const argv = process.argv.slice(2);
if (argv[0] === 'hook') {
  // Agents run this on every hook: it loads only the recorder, appends a line, exits 0.
  const { runHook } = await import('../hooks/record.js');
  process.exit(await runHook(argv.slice(1), process.env));
}
const { killPendingQueries } = await import('../proc/exec.js');
const { processIo } = await import('./io.js');
const { main } = await import('./program.js');
const code = await main(argv, processIo());
process.exitCode = code;
// The command has its answer: a query still waiting (a tmux server that stopped
// answering) must not hold the exit until its own timeout.
killPendingQueries();
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
