// `oneshot`: the command line over the same core as the dashboard. commander parses
// (declared options, generated help, suggestions for typos); handlers live in commands/.
import { Command, CommanderError, Option } from 'commander';
import { listCommand, statusCommand } from './commands/status.js';
import { CliError, EXIT, reportError } from './errors.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

type Handler = () => Promise<number>;

/** -L / -S on a command, as tmux spells them. */
export function serverOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-L, --socket-name <name>', 'tmux server socket name (like tmux -L)'))
    .addOption(new Option('-S, --socket-path <path>', 'tmux server socket path (like tmux -S)'));
}

export function buildProgram(io: Io, run: (handler: Handler) => void): Command {
  const program = new Command('oneshot');
  program
    .description('Keep long-running AI coding agents alive in tmux, and steer them.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`oneshot: ${s.replace(/^error: /, '').trim()}`),
    })
    .exitOverride();

  serverOptions(
    program
      .command('status')
      .description('show every agent: state and why, heartbeat, progress, last event')
      .argument('[dir...]', 'also look for .agent/ and .autonomous/ under these directories')
      .option('--json', 'print a JSON array (stable fields, for scripts)'),
  ).action((dirs: string[], opts) => run(() => statusCommand(dirs, opts, io)));

  serverOptions(
    program.command('list').description('list agents: state, name, agent, tmux session').option('--json', 'print a JSON array'),
  ).action((opts) => run(() => listCommand(opts, io)));

  return program;
}

/** Parse and run; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let pending: Promise<number> | null = null;
  const program = buildProgram(io, (handler) => {
    pending = handler();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError('oneshot', error, io.err);
  }
  if (!pending) {
    io.err('oneshot: no command given (see oneshot --help)');
    return EXIT.usage;
  }
  try {
    return await (pending as Promise<number>);
  } catch (error) {
    return reportError('oneshot', error instanceof CliError ? error : error, io.err);
  }
}
