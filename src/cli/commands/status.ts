import type { AgentView } from '../../fleet/agent.js';
import { toStatusJson } from '../../fleet/snapshot.js';
import { sortAgents } from '../../fleet/sort.js';
import type { AppState } from '../../store/store.js';
import { createContext, type Context, type ServerOptions } from '../context.js';
import { CliError, EXIT, tmuxMissingMessage } from '../errors.js';
import { useColor, type Io } from '../io.js';
import { LIST_COLUMNS, parseFormat, STATUS_COLUMNS, type ColumnName } from '../columns.js';
import type { TableLayout } from '../status-view.js';

export interface StatusOptions extends ServerOptions {
  json?: boolean;
  /** --no-header sets it false. */
  header?: boolean;
  /** --format: the columns, by name. */
  format?: string;
}

/** The table's columns and layout for these options: capped to the terminal, whole when piped. */
export function tableFor(options: StatusOptions, io: Io, defaults: readonly ColumnName[], hosts: boolean, now: number): { names: ColumnName[]; layout: TableLayout } {
  let names: ColumnName[];
  try {
    names = options.format ? parseFormat(options.format) : hosts ? ['host', ...defaults] : [...defaults];
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  return { names, layout: { width: io.stdoutIsTTY ? io.columns : null, color: useColor(io), now, header: options.header !== false } };
}

export function agentsOf(state: AppState): AgentView[] {
  return state.order.map((id) => state.agents[id]).filter((a): a is AgentView => a !== undefined);
}

/** One poll of the fleet, failing clearly when tmux is missing. */
export async function snapshotFleet(options: ServerOptions & { dirs?: string[] }, io: Io, existing?: Context): Promise<{ state: AppState; label: string }> {
  const ctx = existing ?? createContext({ ...options, env: io.env });
  await ctx.runtime.pollOnce();
  const state = ctx.store.getState();
  if (state.server.status === 'missing') throw new CliError(tmuxMissingMessage('oneshot').replace(/^oneshot: /, ''), EXIT.missingTmux);
  if (state.server.status === 'error') io.err(`oneshot: tmux ${ctx.tmux.label}: ${state.server.error ?? 'error'} (showing what the files say)`);
  return { state, label: ctx.tmux.label };
}

export async function statusCommand(dirs: string[], options: StatusOptions, io: Io): Promise<number> {
  const { state, label } = await snapshotFleet({ ...options, dirs }, io);
  const agents = sortAgents(agentsOf(state), 'attention');
  if (options.json) {
    io.out(JSON.stringify(agents.map((a) => toStatusJson(a, state.now)), null, 2));
    return state.server.status === 'error' ? EXIT.failure : EXIT.ok;
  }
  // Only a table needs cell widths: JSON never loads them.
  const { emptyFleetMessage, renderTable, summarize } = await import('../status-view.js');
  if (agents.length === 0) {
    io.out(emptyFleetMessage(label, state.server.status === 'ok', state.server.args));
  } else {
    const { names, layout } = tableFor(options, io, STATUS_COLUMNS, false, state.now);
    io.out(renderTable(agents, names, layout));
    // The summary is for people: a script reading the table (--no-header) gets rows only.
    if (layout.header !== false) io.out(`\n${agents.length} agent${agents.length === 1 ? '' : 's'} on tmux ${label}: ${summarize(agents)}`);
  }
  return state.server.status === 'error' ? EXIT.failure : EXIT.ok;
}

export async function listCommand(options: StatusOptions, io: Io): Promise<number> {
  const { state, label } = await snapshotFleet(options, io);
  const agents = agentsOf(state);
  if (options.json) {
    io.out(JSON.stringify(sortAgents(agents, 'name').map((a) => ({ name: a.name, agent: a.kind, state: a.state, session: a.session?.name ?? a.expectedSession, dir: a.dir })), null, 2));
    return EXIT.ok;
  }
  const { emptyFleetMessage, renderTable } = await import('../status-view.js');
  if (agents.length === 0) {
    io.out(emptyFleetMessage(label, state.server.status === 'ok', state.server.args));
  } else {
    const { names, layout } = tableFor(options, io, LIST_COLUMNS, false, state.now);
    io.out(renderTable(sortAgents(agents, 'name'), names, layout));
  }
  return EXIT.ok;
}
