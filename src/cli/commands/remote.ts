// The command line across machines: `--host NAME` (repeatable, `local` is this one) and
// `--all-hosts`. Each host is one `ssh … oneshot serve --stdio` connection: status and
// list read its snapshot; the commands that act on one agent send it a request and print
// the answer. Names, prompts and paths go as JSON values, never into a shell string.
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, ConfigError, type Config } from '../../config/config.js';
import type { AgentView } from '../../fleet/agent.js';
import { toStatusJson } from '../../fleet/snapshot.js';
import { sortAgents } from '../../fleet/sort.js';
import { HostConnection, type HostSnapshot } from '../../remote/host.js';
import { attachArgv, HostError, LOCAL_HOST, selectHosts, serveArgv, type HostTarget } from '../../remote/hosts.js';
import type { Op } from '../../remote/protocol.js';
import { runInteractive } from '../../proc/exec.js';
import { plainText } from '../../text/sanitize.js';
import type { ServerOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { LIST_COLUMNS, STATUS_COLUMNS } from '../columns.js';
import { VERSION } from '../version.js';
import { agentsOf, snapshotFleet, tableFor, type StatusOptions } from './status.js';

export interface HostOptions extends ServerOptions {
  host?: string[];
  allHosts?: boolean;
}

/** How long a command waits for a host's first snapshot. */
const CONNECT_TIMEOUT_MS = 20_000;

function config(io: Io): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** Does this invocation reach another machine? */
export function reachesHosts(options: HostOptions): boolean {
  return options.allHosts === true || (options.host ?? []).some((h) => h !== LOCAL_HOST);
}

function targets(options: HostOptions, io: Io): { local: boolean; remote: HostTarget[]; config: Config } {
  const cfg = config(io);
  try {
    return { ...selectHosts(cfg, options.host ?? [], options.allHosts === true), config: cfg };
  } catch (error) {
    if (error instanceof HostError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** Connects to each host and resolves once each is live or has failed once (a command does not retry). */
async function connectAll(remote: HostTarget[], cfg: Config, io: Io): Promise<{ connections: HostConnection[]; snapshots: Map<string, HostSnapshot> }> {
  const snapshots = new Map<string, HostSnapshot>();
  const connections = remote.map((target) => {
    let argv: string[];
    try {
      argv = serveArgv(cfg, io.env, target);
    } catch (error) {
      throw new CliError((error as Error).message, EXIT.usage);
    }
    return new HostConnection({ name: target.name, argv, env: io.env, localVersion: VERSION, onChange: (s) => snapshots.set(target.name, s) });
  });
  for (const c of connections) c.start();
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  const settled = (c: HostConnection) => {
    const status = c.snapshot().view.status;
    return status === 'live' || status === 'unreachable' || status === 'incompatible';
  };
  while (Date.now() < deadline && !connections.every(settled)) await sleep(25);
  for (const c of connections) snapshots.set(c.name, c.snapshot());
  return { connections, snapshots };
}

async function closeAll(connections: HostConnection[]): Promise<void> {
  await Promise.all(connections.map((c) => c.stop()));
}

function hostProblem(s: HostSnapshot): string | null {
  const v = s.view;
  if (v.status === 'live') return null;
  return `${v.name}: ${v.status === 'connecting' ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` : (v.error ?? v.status)}`;
}

/** status / list over several hosts: one table (or one JSON array) with a host for each agent. */
export async function hostsStatus(kind: 'status' | 'list', dirs: string[], options: HostOptions & StatusOptions, io: Io): Promise<number> {
  const { local, remote, config: cfg } = targets(options, io);
  const rows: AgentView[] = [];
  const answered: string[] = local ? [LOCAL_HOST] : [];
  let failed = false;
  if (local) {
    const { state } = await snapshotFleet({ ...options, dirs }, io);
    rows.push(...agentsOf(state).map((a) => ({ ...a, host: LOCAL_HOST })));
  }
  const { connections, snapshots } = await connectAll(remote, cfg, io);
  try {
    for (const target of remote) {
      const s = snapshots.get(target.name) as HostSnapshot;
      const problem = hostProblem(s);
      if (problem) {
        failed = true;
        io.err(`oneshot: ${plainText(problem)}`);
        continue;
      }
      answered.push(target.name);
      rows.push(...s.order.map((id) => s.agents[id]).filter((a): a is AgentView => a !== undefined));
    }
  } finally {
    await closeAll(connections);
  }
  const now = Date.now();
  if (options.json) {
    const sorted = kind === 'status' ? sortAgents(rows, 'attention') : sortAgents(rows, 'name');
    io.out(JSON.stringify(sorted.map((a) => (kind === 'status' ? { host: a.host ?? LOCAL_HOST, ...toStatusJson(a, now) } : { host: a.host ?? LOCAL_HOST, name: a.name, agent: a.kind, state: a.state, session: a.session?.name ?? a.expectedSession, dir: a.dir })), null, 2));
    return failed ? EXIT.failure : EXIT.ok;
  }
  // Only a table needs cell widths: JSON never loads them.
  const { renderTable, summarize } = await import('../status-view.js');
  if (rows.length === 0) {
    // Hosts that did not answer were reported on stderr; nothing is said of their agents.
    if (answered.length > 0) io.out(`No agents on ${answered.join(', ')}.`);
  } else if (kind === 'status') {
    const { names, layout } = tableFor(options, io, STATUS_COLUMNS, true, now);
    io.out(renderTable(sortAgents(rows, 'attention'), names, layout));
    const hosts = new Set(rows.map((a) => a.host));
    if (layout.header !== false) io.out(`\n${rows.length} agent${rows.length === 1 ? '' : 's'} on ${hosts.size} host${hosts.size === 1 ? '' : 's'}: ${summarize(rows)}`);
  } else {
    const { names, layout } = tableFor(options, io, LIST_COLUMNS, true, now);
    io.out(renderTable(sortAgents(rows, 'name'), names, layout));
  }
  return failed ? EXIT.failure : EXIT.ok;
}

/** One host, for the commands that act on one agent. */
function singleHost(options: HostOptions, io: Io): { target: HostTarget; config: Config } {
  const { local, remote, config: cfg } = targets(options, io);
  if (options.allHosts) throw new CliError('--all-hosts is for status and list; name the agent\'s host with --host', EXIT.usage);
  if (remote.length !== 1 || local) throw new CliError('name exactly one host with --host for a command that acts on an agent', EXIT.usage);
  return { target: remote[0] as HostTarget, config: cfg };
}

async function withHost<T>(options: HostOptions, io: Io, fn: (connection: HostConnection, snapshot: HostSnapshot, target: HostTarget, cfg: Config) => Promise<T>): Promise<T> {
  const { target, config: cfg } = singleHost(options, io);
  const { connections, snapshots } = await connectAll([target], cfg, io);
  const connection = connections[0] as HostConnection;
  try {
    const snapshot = snapshots.get(target.name) as HostSnapshot;
    const problem = hostProblem(snapshot);
    if (problem) throw new CliError(plainText(problem), EXIT.failure);
    return await fn(connection, snapshot, target, cfg);
  } finally {
    await closeAll(connections);
  }
}

/** The agent a name means on that host: an exact name, or a unique prefix. */
function remoteAgent(snapshot: HostSnapshot, name: string): AgentView {
  const agents = snapshot.order.map((id) => snapshot.agents[id]).filter((a): a is AgentView => a !== undefined);
  const exact = agents.filter((a) => a.name === name || a.session?.name === name);
  if (exact.length === 1) return exact[0] as AgentView;
  const prefix = agents.filter((a) => a.name.startsWith(name));
  if (exact.length === 0 && prefix.length === 1) return prefix[0] as AgentView;
  if (exact.length + prefix.length === 0) throw new CliError(`no agent named ${plainText(name)} on ${snapshot.view.name}`, EXIT.usage);
  throw new CliError(`${plainText(name)} names ${Math.max(exact.length, prefix.length)} agents on ${snapshot.view.name}; say which`, EXIT.usage);
}

/** resume, stop, kill, checkpoint, answer, explain, log, describe on another machine: the host runs it and says how it went. */
export async function hostAgentOp(op: Op, name: string, args: Record<string, unknown>, options: HostOptions & { yes?: boolean }, io: Io): Promise<number> {
  return withHost(options, io, async (connection, snapshot) => {
    const agent = remoteAgent(snapshot, name);
    if (op === 'kill') {
      const { confirmed } = await import('./agents.js');
      if (!(await confirmed(`Kill ${plainText(agent.name)} on ${snapshot.view.name} (its tmux session and every process in it)?`, options.yes, io, 'oneshot kill'))) {
        io.err('oneshot: not killed');
        return EXIT.failure;
      }
    }
    const result = await connection.request(op, agent.remoteId ?? agent.name, args).catch((error: Error) => {
      throw new CliError(plainText(error.message), EXIT.failure);
    });
    if (!result.ok) throw new CliError(`${snapshot.view.name}: ${plainText(result.error ?? 'failed')}`, EXIT.failure);
    if (op === 'log' || op === 'describe') {
      const data = result.data as { lines?: unknown } | undefined;
      const lines = Array.isArray(data?.lines) ? data.lines.filter((l): l is string => typeof l === 'string') : [];
      io.out(lines.join('\n'));
    } else {
      io.out(`${snapshot.view.name}: ${(result.message ?? 'done').split('\n').map((l) => plainText(l)).join('\n')}`);
    }
    return EXIT.ok;
  });
}

/** Starts an agent on another machine. */
export async function hostRun(request: Record<string, unknown>, options: HostOptions, io: Io): Promise<number> {
  return withHost(options, io, async (connection, snapshot) => {
    const result = await connection.request('run', undefined, request).catch((error: Error) => {
      throw new CliError(plainText(error.message), EXIT.failure);
    });
    if (!result.ok) throw new CliError(`${snapshot.view.name}: ${plainText(result.error ?? 'failed')}`, EXIT.failure);
    io.out(`${snapshot.view.name}: ${plainText(result.message ?? 'started')}`);
    return EXIT.ok;
  });
}

/** Prints an agent's log as it grows on its host, until Ctrl-C. */
export async function hostFollow(name: string, options: HostOptions & { lines?: number }, io: Io): Promise<number> {
  return withHost(options, io, async (connection, snapshot) => {
    const agent = remoteAgent(snapshot, name);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.err(`oneshot: following ${plainText(agent.name)} on ${snapshot.view.name} (Ctrl-C to stop)`);
    let printed: string[] | null = null;
    try {
      while (!controller.signal.aborted) {
        const result = await connection.request('log', agent.remoteId ?? agent.name, { lines: 2_000 });
        if (!result.ok) throw new CliError(`${snapshot.view.name}: ${plainText(result.error ?? 'failed')}`, EXIT.failure);
        const lines = ((result.data as { lines?: unknown[] } | undefined)?.lines ?? []).filter((l): l is string => typeof l === 'string');
        const fresh = printed === null ? lines.slice(-(options.lines ?? 20)) : newLines(printed, lines);
        for (const line of fresh) io.out(io.stdoutIsTTY ? line : plainText(line));
        printed = lines;
        await sleep(1_000, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return EXIT.ok;
  });
}

/** The lines of `next` after the longest end of `before` it starts with (the window slides as the log grows). */
export function newLines(before: readonly string[], next: readonly string[]): string[] {
  for (let overlap = Math.min(before.length, next.length); overlap > 0; overlap--) {
    let same = true;
    for (let i = 0; i < overlap && same; i++) same = before[before.length - overlap + i] === next[i];
    if (same) return next.slice(overlap);
  }
  return [...next];
}

/** Attaches this terminal to the agent's session on its host (`ssh -t`), and comes back. */
export async function hostAttach(name: string, options: HostOptions & { readonly?: boolean }, io: Io): Promise<number> {
  const { argv, label } = await withHost(options, io, async (_connection, snapshot, target, cfg) => {
    const agent = remoteAgent(snapshot, name);
    const session = agent.session?.name;
    if (!session) throw new CliError(`${plainText(agent.name)} on ${target.name} has no tmux session to attach to (it is ${agent.state})`, EXIT.failure);
    return { argv: attachArgv(cfg, io.env, target, snapshot.view.hello?.tmux.args ?? [], session, options.readonly === true), label: `${plainText(session)} on ${target.name}` };
  });
  io.err(`oneshot: attaching to ${label}; detach with the tmux prefix and d`);
  const exit = await runInteractive(argv[0] as string, argv.slice(1), {});
  if (exit.notFound) throw new CliError(`${argv[0]} is not installed`, EXIT.failure);
  return exit.exitCode === 0 ? EXIT.ok : EXIT.failure;
}

/** `wait --host`: the host streams the agent's state; exits when it is one of the wanted ones. */
export async function hostWait(name: string, options: HostOptions & { until: string; timeout?: number }, io: Io): Promise<number> {
  const { wantedStates } = await import('./agents.js');
  const wanted = wantedStates(options.until);
  return withHost(options, io, async (connection, snapshot) => {
    const agent = remoteAgent(snapshot, name);
    const id = agent.remoteId ?? agent.name;
    const deadline = options.timeout !== undefined ? Date.now() + options.timeout * 1000 : Infinity;
    for (;;) {
      const now = connection.snapshot();
      const current = now.agents[id];
      if (current && wanted.includes(current.state)) {
        io.out(`${plainText(current.name)} on ${now.view.name} is ${current.state}: ${plainText(current.reason)}`);
        return EXIT.ok;
      }
      if (!current) throw new CliError(`${plainText(agent.name)} left ${now.view.name}'s fleet`, EXIT.failure);
      if (now.view.status !== 'live') throw new CliError(`${now.view.name}: ${plainText(now.view.error ?? now.view.status)}`, EXIT.failure);
      if (Date.now() >= deadline) {
        io.err(`oneshot: ${plainText(agent.name)} on ${now.view.name} is still ${current.state} after ${options.timeout} s`);
        return EXIT.failure;
      }
      await sleep(200);
    }
  });
}
