// `oneshot`: the command line over the same core as the dashboard. commander parses
// (declared options, generated help, suggestions for typos); handlers live in commands/.
import { Command, CommanderError, Option } from 'commander';
import { AUTONOMY_HELP, AUTONOMY_LEVELS } from '../agents/autonomy.js';
import { CHECKPOINT_MODES } from '../config/config.js';
import { parseInterval } from './context.js';
import { listCommand, statusCommand } from './commands/status.js';
import { COLUMN_NAMES } from './columns.js';
import { CliError, EXIT, reportError } from './errors.js';
import type { Io } from './io.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

type Handler = () => Promise<number>;

// Commands that act on agents load their code when they run: `oneshot status` stays fast.
const agents = () => import('./commands/agents.js');
const watch = () => import('./commands/watch.js');

/** -L / -S, as tmux spells them: accepted before or after the command (`oneshot -L x status`, `oneshot status -L x`). */
export function serverOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-L, --socket-name <name>', 'tmux server socket name (like tmux -L)'))
    .addOption(new Option('-S, --socket-path <path>', 'tmux server socket path (like tmux -S)'));
}

/** A command's own options with the program-wide ones (-L, -S) merged in. */
function merged<T>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}

/** --autonomy: named for what each level lets the agent do; `full` says it is dangerous. */
function autonomyOption(): Option {
  return new Option(
    '--autonomy <level>',
    `what the agent may do without asking: read-only (${AUTONOMY_HELP['read-only']}), workspace (${AUTONOMY_HELP.workspace}), full (${AUTONOMY_HELP.full}); default: autonomy in the config, else workspace`,
  ).choices(AUTONOMY_LEVELS);
}

/** --checkpoint: where checkpoints go outside a worktree branch. */
function checkpointOption(): Option {
  return new Option('--checkpoint <mode>', 'ref: a private ref refs/oneshot/<name>, your branch untouched; commit: a commit on the current branch, your hooks run (default: checkpoint in the config, else ref)').choices(CHECKPOINT_MODES);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0) throw new CliError(`expected a positive whole number, got "${value}"`, EXIT.usage);
  return n;
}

export function buildProgram(io: Io, run: (handler: Handler) => void, passthrough: string[] = []): Command {
  const program = new Command('oneshot');
  program
    .description('Keep long-running AI coding agents alive in tmux, and steer them.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`oneshot: ${s.replace(/^error: /, '').trim()}${/missing required argument 'name'/.test(s) ? ' (the agent to act on; oneshot list shows the names)' : ''}`),
    })
    .exitOverride();
  serverOptions(program);
  program
    .addOption(new Option('--host <name>', "another machine's agents, over ssh: a host of the config's hosts, or any ssh destination (repeatable; local is this machine)").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]))
    .addOption(new Option('--all-hosts', 'this machine and every host of the config (status, list)'));
  const remote = () => import('./commands/remote.js');
  /** Runs the remote variant when --host names another machine. */
  const across = (cmd: Command, there: (r: Awaited<ReturnType<typeof remote>>) => Promise<number>, here: () => Promise<number>) =>
    run(async () => {
      const r = await remote();
      return r.reachesHosts(merged(cmd)) ? there(r) : here();
    });
  const notAcross = (cmd: Command, what: string, here: () => Promise<number>) =>
    run(async () => {
      const r = await remote();
      if (r.reachesHosts(merged(cmd))) throw new CliError(`${what} does not reach other hosts; run it there (ssh HOST oneshot ${what} …)`, EXIT.usage);
      return here();
    });

  (
    program
      .command('status')
      .description('show every agent: state and why, heartbeat, progress, last event')
      .argument('[dir...]', 'also look for .agent/ and .autonomous/ under these directories')
      .option('--json', 'print a JSON array (stable fields, for scripts)')
      .option('--no-header', 'rows only: no column titles, no summary line')
      .option('--format <columns>', `the columns, comma-separated: ${COLUMN_NAMES.join(', ')}`)
  ).action((dirs: string[], _opts, cmd: Command) => across(cmd, (r) => r.hostsStatus('status', dirs, merged(cmd), io), () => statusCommand(dirs, merged(cmd), io)));

  (
    program
      .command('list')
      .description('list agents: state, name, agent, tmux session')
      .option('--json', 'print a JSON array')
      .option('--no-header', 'rows only: no column titles')
      .option('--format <columns>', `the columns, comma-separated: ${COLUMN_NAMES.join(', ')}`)
  ).action((_opts, cmd: Command) => across(cmd, (r) => r.hostsStatus('list', [], merged(cmd), io), () => listCommand(merged(cmd), io)));

  (
    program
      .command('run')
      .description('start an agent in a tmux session that survives disconnects')
      .argument('[prompt...]', 'what the agent should do (or --prompt-file)')
      .option('-a, --agent <agent>', 'codex, claude, opencode, pi or shell (default: claude, or defaultAgent in the config)')
      .option('-d, --dir <dir>', 'working directory (default: the current one)')
      .option('-n, --name <name>', 'task name, [a-z0-9-] (default: made from the prompt)')
      .option('-f, --prompt-file <file>', 'read the prompt from a file (- for stdin)')
      .option('--worktree', 'run in a new git worktree and branch oneshot/<name>; checkpoints commit there')
      .option('-i, --interactive', "run the agent's own interface in the pane (claude, codex, opencode, pi), its signals reporting to oneshot; the prompt is optional")
      .addOption(autonomyOption())
      .addOption(checkpointOption())
      .addHelpText(
        'after',
        [
          '',
          'Arguments after -- go to the agent (for --agent shell: the command to run).',
          '',
          'Examples:',
          '  oneshot run "add tests for the parser"',
          '  oneshot run --agent codex --name auth -f task.md -- -s workspace-write',
          '  oneshot run --agent shell --name nightly -- npm run long-job',
        ].join('\n'),
      )
  ).action((words: string[], _opts, cmd: Command) =>
    across(
      cmd,
      async (r) => r.hostRun((await agents()).remoteRunRequest(words, passthrough, merged(cmd), io), merged(cmd), io),
      async () => (await agents()).runCommand(words, passthrough, merged(cmd), io),
    ),
  );

  (
    program
      .command('build')
      .description('build something autonomously: a task list first, then sessions until every task is checked')
      .argument('<idea...>', 'what to build')
      .option('-a, --agent <agent>', 'codex, claude, opencode or pi (default: claude, or defaultAgent in the config)')
      .option('-d, --dir <dir>', 'working directory (default: the current one)')
      .option('-n, --name <name>', 'task name, [a-z0-9-] (default: made from the idea)')
      .option('-m, --max-sessions <n>', 'stop after this many sessions (default 10)', positiveInt)
      .addOption(autonomyOption())
      .addOption(checkpointOption())
  ).action((words: string[], _opts, cmd: Command) => notAcross(cmd, 'build', async () => (await agents()).buildCommand(words, passthrough, merged(cmd), io)));

  (
    program
      .command('watch')
      .description('keep agents going without a dashboard: notifications, and with --auto-resume the watchdog')
      .argument('[dir...]', 'also look for .agent/ and .autonomous/ under these directories')
      .option('--auto-resume', 'resume crashed and lost agents, backing off 3, 6, 12… minutes')
      .option('--on-event <command>', 'run this command (the event as JSON on stdin) when an agent crashes, finishes, goes stale, is lost or waits')
      .addOption(new Option('--interval <ms>', 'poll interval in milliseconds').argParser(parseInterval))
  ).action((dirs: string[], _opts, cmd: Command) => notAcross(cmd, 'watch', async () => (await watch()).watchCommand(dirs, merged(cmd), io)));

  (
    program
      .command('serve')
      .description("speak oneshot's JSON-lines protocol on stdin/stdout: this machine's fleet, live, and its operations (what --host and the dashboard reach over ssh)")
      .argument('[dir...]', 'also look for .agent/ and .autonomous/ under these directories')
      .requiredOption('--stdio', 'on stdin and stdout (the only transport)')
  ).action((dirs: string[], _opts, cmd: Command) => notAcross(cmd, 'serve', async () => (await import('./commands/serve.js')).serveCommand(dirs, merged(cmd), io)));

  // The commands that act on one agent, named by its task or tmux session name.
  const NAME = 'the agent: its name as `oneshot list` shows it, or its tmux session name';
  const agentCommand = (name: string, description: string, examples: string[], note?: string, options: (cmd: Command) => Command = (cmd) => cmd) =>
    withExamples(options(program.command(name).description(description).argument('<name>', NAME)), examples, note);

  agentCommand(
    'resume',
    'resume an agent: native resume with its session id, else run its prompt again with context',
    ['oneshot resume auth', 'oneshot resume codex-auth -L work'],
    'A session that is still running is left alone. A task that is done is not run again unless you say --again (it costs a whole run).',
    (cmd) => cmd.option('--again', 'run a task that is already done again'),
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('resume', name, { again: merged<{ again?: boolean }>(cmd).again === true }, merged(cmd), io), async () => (await agents()).resumeCommand(name, merged(cmd), io)));
  agentCommand(
    'stop',
    'interrupt an agent, wait for it, checkpoint its work and mark it stopped',
    ['oneshot stop auth'],
    'Interrupts the agent (like Ctrl-C), gives it stopGrace seconds (10 by default) to end, then ends what is left. `oneshot resume` brings it back.'
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('stop', name, {}, merged(cmd), io), async () => (await agents()).stopCommand(name, merged(cmd), io)));
  agentCommand(
    'checkpoint',
    "save an agent's work now (only when something changed)",
    ['oneshot checkpoint auth', 'oneshot checkpoint auth -m "before the refactor"', 'oneshot checkpoint auth --checkpoint commit'],
    "Saves every change in the agent's git working tree except .agent/ to the private ref refs/oneshot/<name> (your branch, index and files stay as they are), or commits it on the task's worktree branch, or with --checkpoint commit on the current branch. Untracked files that look like secrets or are bigger than checkpointMaxFileMB are left out and named. Appends a line to .agent/CHECKPOINTS.md.",
    (cmd) => cmd.option('-m, --message <msg>', 'a note for the checkpoint message').addOption(checkpointOption())
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('checkpoint', name, {}, merged(cmd), io), async () => (await agents()).checkpointCommand(name, merged(cmd), io)));
  agentCommand(
    'checkpoints',
    "list an agent's checkpoints, newest first, and print the git commands that get the work back",
    ['oneshot checkpoints auth', 'oneshot checkpoints auth --json'],
    'Reads refs/oneshot/<name> (and, for commit mode or a worktree task, the checkpoint commits on the branch). The git commands are printed for you to run; oneshot runs none of them.',
    (cmd) => cmd.option('--json', 'print the checkpoints and the commands as JSON')
  ).action((name: string, _opts, cmd: Command) => notAcross(cmd, 'checkpoints', async () => (await agents()).checkpointsCommand(name, merged(cmd), io)));
  agentCommand(
    'kill',
    "kill an agent's session and all its processes (asks first)",
    ['oneshot kill auth', 'oneshot kill auth --yes'],
    'A task oneshot started stays on record as stopped; `oneshot resume` brings it back.',
    (cmd) => cmd.option('-y, --yes', 'do not ask (needed when stdin is not a terminal)')
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('kill', name, {}, merged(cmd), io), async () => (await agents()).killCommand(name, merged(cmd), io)));
  (
    withExamples(
      program.command('killall').description('kill every agent session, leaving other tmux sessions alone (asks first)').option('-y, --yes', 'do not ask (needed when stdin is not a terminal)'),
      ['oneshot killall', 'oneshot killall -L work --yes'],
    )
  ).action((_opts, cmd: Command) => notAcross(cmd, 'killall', async () => (await agents()).killallCommand(merged(cmd), io)));
  agentCommand(
    'attach',
    "attach to an agent's tmux session (switches client inside tmux)",
    ['oneshot attach auth', 'oneshot attach auth --readonly'],
    'Detach with the tmux prefix and d (Ctrl-b d unless configured); the agent keeps running.',
    (cmd) => cmd.option('-r, --readonly', 'watch without typing into the agent')
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAttach(name, merged(cmd), io), async () => (await agents()).attachCommand(name, merged(cmd), io)));
  agentCommand(
    'answer',
    'answer an agent that needs you, without attaching: approve once, approve always, deny, or type an answer or the next prompt',
    ['oneshot answer auth yes', 'oneshot answer auth always', 'oneshot answer auth no', 'oneshot answer auth --text "use the staging database"'],
    'The option is chosen by its wording on screen (Yes / Yes, and don\'t ask again / No); the answer is confirmed by the agent\'s next state. --expect refuses to answer when the prompt on screen is not the one you saw.',
    (cmd) =>
      cmd
        .argument('[decision]', 'yes, always or no')
        .option('-t, --text <text>', 'type this (one line) and Enter: an answer or the next prompt')
        .option('--expect <text>', 'answer only if the prompt shown contains this text (what you saw)')
        .option('--timeout <seconds>', 'how long to wait for the agent to take the answer (default 15)', positiveInt),
  ).action((name: string, decision: string | undefined, _opts, cmd: Command) =>
    across(
      cmd,
      async (r) => r.hostAgentOp('answer', name, (await agents()).answerArgs(decision, merged(cmd)), merged(cmd), io),
      async () => (await agents()).answerCommand(name, decision, merged(cmd), io),
    ),
  );
  agentCommand(
    'wait',
    'wait until an agent reaches a state (for scripts): exits 0 then, 1 on --timeout',
    ['oneshot wait auth --until needs-me', 'oneshot wait auth --until done,crashed --timeout 3600'],
    'needs-me means needs-approval or needs-input.',
    (cmd) => cmd.requiredOption('--until <states>', 'needs-me, or states separated by commas').option('--timeout <seconds>', 'give up after this long (exit 1)', positiveInt),
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostWait(name, merged(cmd), io), async () => (await agents()).waitCommand(name, merged(cmd), io)));
  agentCommand(
    'explain',
    "why an agent is in its state: the signal that decided it, the ones that disagree, and every signal read",
    ['oneshot explain auth', 'oneshot explain auth --json'],
    'Signals: the pane (alive, dead, exit status), hooks the agent called (interactive runs), what the screen shows (prompts, input box, progress line), the terminal title, the bell, the heartbeat, the event log.',
    (cmd) => cmd.option('--json', 'print the evidence as JSON'),
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('explain', name, {}, merged(cmd), io), async () => (await agents()).explainCommand(name, merged(cmd), io)));
  agentCommand(
    'describe',
    'everything oneshot knows about an agent: its state and evidence, task record, tmux, task list, files, STATUS.md, checkpoints, runs, events, and the environment it was started with (secrets hidden)',
    ['oneshot describe auth', 'oneshot describe auth --host gpu | less'],
    undefined,
    (cmd) => cmd,
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('describe', name, {}, merged(cmd), io), async () => (await agents()).describeCommand(name, merged(cmd), io)));
  agentCommand('log', "print an agent's log (.agent/session.log, else its pane history)", ['oneshot log auth', 'oneshot log auth -n 50 | less -R'], undefined, (cmd) =>
    cmd.option('-n, --lines <n>', 'only the last N lines', positiveInt)
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostAgentOp('log', name, { lines: merged<{ lines?: number }>(cmd).lines ?? 5_000 }, merged(cmd), io), async () => (await agents()).logCommand(name, merged(cmd), io)));
  agentCommand('follow', "print an agent's log as it grows (Ctrl-C stops)", ['oneshot follow auth', 'oneshot follow auth -n 100'], undefined, (cmd) =>
    cmd.option('-n, --lines <n>', 'start with the last N lines (default 20), like tail -f -n', positiveInt),
  ).action((name: string, _opts, cmd: Command) => across(cmd, (r) => r.hostFollow(name, merged(cmd), io), async () => (await agents()).followCommand(name, merged(cmd), io)));

  program.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  oneshot run --agent codex "fix the flaky retry test"',
      '  oneshot status',
      '  oneshot attach fix-the-flaky-retry-test',
      '  oneshot checkpoints fix-the-flaky-retry-test   its saved work, and how to get it back',
      '  oneshot-tui                 the dashboard (oneshot-tui --demo to try it)',
      '',
      'Names: an agent is named by its task name (oneshot list) or its tmux session name.',
      'Run oneshot <command> --help for the options of a command.',
    ].join('\n'),
  );
  return program;
}

function withExamples(cmd: Command, examples: string[], note?: string): Command {
  return cmd.addHelpText('after', ['', ...(note ? [note, ''] : []), 'Examples:', ...examples.map((e) => `  ${e}`)].join('\n'));
}

/** Parse and run; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let pending: Promise<number> | null = null;
  // Everything after the first `--` belongs to the agent, untouched by our parser.
  const split = argv.indexOf('--');
  const ours = split === -1 ? [...argv] : argv.slice(0, split);
  const passthrough = split === -1 ? [] : argv.slice(split + 1);
  const program = buildProgram(
    io,
    (handler) => {
      pending = handler();
    },
    passthrough,
  );
  try {
    await program.parseAsync(ours, { from: 'user' });
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
    return reportError('oneshot', error, io.err);
  }
}
