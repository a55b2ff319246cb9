#!/usr/bin/env -S node --max-semi-space-size=2 --no-opt
// `oneshot-tui`: the dashboard. Argument checks, the --once snapshot and the "not a
// terminal" and "no tmux" messages happen here, before anything takes the screen.
import './threads.js';
// The shebang's node flags (V8 reads them only at start):
// - --max-semi-space-size=2: the dashboard's garbage is many small short-lived objects,
//   and V8's default young generation (16 MB semi-spaces) holds ~30 MB of it resident
//   for nothing.
// - --no-opt: the dashboard's code runs a few times a second. The optimizing compiler
//   kept compiling it on its threads for minutes (a third of the CPU of an idle
//   dashboard, measured with perf) and never paid that back; baseline code also keeps
//   key presses free of compile pauses (`npm run bench`: 500 idle agents 2.2 -> 1.3 %,
//   keypress p95 26-29 -> 22-25 ms).
// Not --no-memory-reducer: it halves an idle dashboard's CPU (the reducer's full
// collections on a quiet fleet; 50 idle agents 1.45 -> 0.70 %), but without it the heap
// never gives back a burst (the first backlog read of 100 busy agents): one soak kept a
// floor 11 MB above its first minute's for good.
import { killPendingQueries } from '../proc/exec.js';
import { Command, CommanderError, Option } from 'commander';
import { agentsOf, snapshotFleet } from './commands/status.js';
import { createContext, parseInterval } from './context.js';
import { CliError, EXIT, reportError, tmuxMissingMessage } from './errors.js';
import { processIo, type Io } from './io.js';
import { VERSION } from './program.js';
import { toStatusJson } from '../fleet/snapshot.js';
import { sortAgents } from '../fleet/sort.js';
import { createDirWatcher } from '../sources/watch.js';
import { renderStatusTable, summarize, emptyFleetMessage } from './status-view.js';
import type { Config } from '../config/config.js';
import { HostError, selectHosts, type HostTarget } from '../remote/hosts.js';

interface TuiOptions {
  socketName?: string;
  socketPath?: string;
  interval?: number;
  once?: boolean;
  json?: boolean;
  autoResume?: boolean;
  onEvent?: string;
  demo?: boolean;
  host?: string[];
  allHosts?: boolean;
  /** False with --no-mouse. */
  mouse?: boolean;
}

export function buildTuiProgram(io: Io, run: (dirs: string[], opts: TuiOptions) => void): Command {
  return new Command('oneshot-tui')
    .description('The oneshot dashboard: every agent on a tmux server, live, steered from the keyboard.')
    .version(VERSION, '-V, --version')
    .argument('[dir...]', 'also look for .agent/ and .autonomous/ under these directories')
    .addOption(new Option('-L, --socket-name <name>', 'tmux server socket name (like tmux -L)'))
    .addOption(new Option('-S, --socket-path <path>', 'tmux server socket path (like tmux -S)'))
    .addOption(new Option('--interval <ms>', 'poll interval in milliseconds').argParser(parseInterval))
    .option('--once', 'print one snapshot as plain text and exit (works without a terminal)')
    .option('--json', 'with --once: print the same JSON array as `oneshot status --json`')
    .option('--demo', 'start a simulated fleet on a private tmux server and open the dashboard on it (removed on exit)')
    .option('--auto-resume', 'resume crashed and lost agents, backing off 3, 6, 12… minutes (W toggles it per agent)')
    .addOption(new Option('--host <name>', "also show another machine's agents, over ssh: a host of the config's hosts or any ssh destination (repeatable)").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]))
    .option('--all-hosts', "also show the agents of every host in the config's hosts")
    .option('--no-mouse', "do not take the mouse: the terminal's (or tmux's) own selection and scrolling stay as they are (config: \"mouse\": false)")
    .option('--on-event <command>', 'run this command (the event as JSON on stdin) when an agent crashes, finishes, goes stale, is lost or waits')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`oneshot-tui: ${s.replace(/^error: /, '').trim()}`),
    })
    .exitOverride()
    .action((dirs: string[], opts: TuiOptions) => run(dirs, opts));
}

async function snapshot(dirs: string[], opts: TuiOptions, io: Io): Promise<number> {
  if (opts.allHosts || (opts.host ?? []).some((h) => h !== 'local')) {
    const { hostsStatus } = await import('./commands/remote.js');
    return hostsStatus('status', dirs, { ...opts, host: opts.allHosts ? [] : ['local', ...(opts.host ?? [])] }, io);
  }
  const { state, label } = await snapshotFleet({ ...opts, dirs }, io);
  const agents = sortAgents(agentsOf(state), 'attention');
  if (opts.json) {
    io.out(JSON.stringify(agents.map((a) => toStatusJson(a, state.now)), null, 2));
    return EXIT.ok;
  }
  if (agents.length === 0) {
    io.out(emptyFleetMessage(label, state.server.status === 'ok', state.server.args));
    return EXIT.ok;
  }
  io.out(`oneshot · tmux ${label} · ${agents.length} agent${agents.length === 1 ? '' : 's'}: ${summarize(agents)}\n`);
  io.out(renderStatusTable(agents, { width: io.columns, color: false, now: state.now }));
  return EXIT.ok;
}

async function dashboard(dirs: string[], opts: TuiOptions, io: Io): Promise<number> {
  if (io.env.TERM === 'dumb') throw new CliError('TERM=dumb cannot show a full-screen dashboard; use oneshot status, or oneshot-tui --once', EXIT.usage);
  if (!io.stdoutIsTTY) throw new CliError('stdout is not a terminal; for a snapshot use --once (or --once --json)', EXIT.usage);
  if (!io.stdinIsTTY) throw new CliError('stdin is not a terminal, so keys cannot be read; for a snapshot use --once', EXIT.usage);
  if (opts.demo && (opts.socketName || opts.socketPath)) throw new CliError('--demo runs its own private tmux server; leave out -L/-S', EXIT.usage);
  let context = createContext({ ...opts, dirs, intervalMs: opts.interval, env: io.env, watcherFactory: createDirWatcher, control: !opts.once, focus: true });
  if ((await context.tmux.version()) === null) throw new CliError(tmuxMissingMessage('oneshot-tui').replace(/^oneshot-tui: /, ''), EXIT.missingTmux);
  let onExit: (() => Promise<void>) | undefined;
  let watch: string[] = [];
  // Until the dashboard takes over the signals, an interrupt still removes the demo fleet.
  const interrupted = (signal: NodeJS.Signals) => {
    void Promise.resolve(onExit?.()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  try {
    if (opts.demo) {
      for (const signal of SIGNALS) process.on(signal, interrupted);
      io.err('oneshot-tui: starting the demo fleet (nine simulated agents on a private tmux server)…');
      const { startDemoFleet } = await import('../demo/fleet.js');
      const fleet = await startDemoFleet(io.env, (cleanup) => (onExit = cleanup));
      watch = [fleet.flakyTask];
      context = createContext({ socketName: fleet.socketName, dirs, intervalMs: opts.interval, env: fleet.env, watcherFactory: createDirWatcher, tmuxConfigFile: '/dev/null', control: true, focus: true });
    }
    // Ink renders only a final frame when it believes it runs in CI; a dashboard on a TTY never is.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
    // React's development build checks every render; the dashboard runs the production one.
    process.env.NODE_ENV ??= 'production';
    const { runDashboard } = await import('./dashboard.js');
    for (const signal of SIGNALS) process.off(signal, interrupted);
    const hosts = selectedHosts(context.config, opts);
    const mouse = opts.mouse !== false && context.config.mouse;
    return await runDashboard({ context, mouse, autoResume: opts.autoResume === true, onEvent: opts.onEvent ?? null, watch, hosts, ...(onExit ? { onExit } : {}) });
  } catch (error) {
    // Cleaning up twice is harmless: the server is gone and the directory removed.
    await onExit?.();
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, interrupted);
  }
}

/** The other machines the dashboard shows (this one always). */
function selectedHosts(config: Config, opts: TuiOptions): HostTarget[] {
  try {
    return selectHosts(config, opts.host ?? [], opts.allHosts === true).remote;
  } catch (error) {
    if (error instanceof HostError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

export async function mainTui(argv: readonly string[], io: Io): Promise<number> {
  let pending: Promise<number> | null = null;
  const program = buildTuiProgram(io, (dirs, opts) => {
    if (opts.demo && opts.once) {
      pending = Promise.reject(new CliError('--demo opens the dashboard; it does not combine with --once', EXIT.usage));
      return;
    }
    if (opts.json && !opts.once) {
      pending = Promise.reject(new CliError('--json needs --once (the dashboard itself is interactive)', EXIT.usage));
      return;
    }
    pending = opts.once ? snapshot(dirs, opts, io) : dashboard(dirs, opts, io);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportError('oneshot-tui', error, io.err);
  }
  if (!pending) return EXIT.ok;
  try {
    return await (pending as Promise<number>);
  } catch (error) {
    return reportError('oneshot-tui', error, io.err);
  }
}

// Run when executed as the bin, not when imported by tests.
if (process.argv[1] && /oneshot-tui(\.js)?$/.test(process.argv[1])) {
  process.on('exit', killPendingQueries);
  const code = await mainTui(process.argv.slice(2), processIo());
  process.exitCode = code;
  killPendingQueries();
  // The dashboard leaves stdin and timers behind only by mistake; never hang on them.
  if (!process.argv.includes('--once')) setTimeout(() => process.exit(code), 200).unref();
}
