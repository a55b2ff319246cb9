// `oneshot status` and `oneshot list` for people: a table that fits the terminal. Pure.
import { oneshotCommand } from '../ops/hints.js';
import type { AgentState, AgentView } from '../fleet/agent.js';
import { AGENT_STATES } from '../fleet/agent.js';
import { BADGES, colorize } from '../fleet/badges.js';
import { sortAgents } from '../fleet/sort.js';
import { formatTokens } from '../events/model.js';
import { plainText } from '../text/sanitize.js';
import { formatAge } from '../util/format.js';
import { cellWidth, fitCells } from '../text/width.js';
import { STATUS_COLUMNS, type ColumnName } from './columns.js';

export interface TableOptions {
  /** Null when piped: nothing is cut. */
  width: number | null;
  header?: boolean;
  color: boolean;
  now: number;
  /** A HOST column (agents of several machines). */
  hosts?: boolean;
}

export function heartbeatAge(agent: AgentView, now: number): string {
  const hb = agent.dotAgent?.heartbeat;
  return hb ? formatAge((now - hb.at) / 1000) : '-';
}

export function progressText(agent: AgentView): string {
  return agent.progress ? `${agent.progress.done}/${agent.progress.total}` : '-';
}

export function usageText(agent: AgentView): string {
  const usage = agent.events.stream.usage;
  if (!usage) return '';
  if (usage.costUsd !== null) return `$${usage.costUsd.toFixed(2)}`;
  return `${formatTokens(usage.inputTokens + usage.outputTokens)} tok`;
}

/** The agent's latest event, or for agents without an event log, the last line of its pane. */
export function lastEventText(agent: AgentView): string {
  const last = agent.events.stream.lastEvent;
  if (last) return plainText(last.text);
  const line = agent.paneTail ? [...agent.paneTail].reverse().find((l) => l.trim() !== '') : undefined;
  return line ? plainText(line).trim() : '';
}

/** The list's last column: what a running agent is doing, or why the agent is in its state. */
export function rowDetail(agent: AgentView): string {
  return (agent.state === 'running' ? lastEventText(agent) : '') || plainText(agent.reason);
}

export function summarize(agents: readonly AgentView[]): string {
  const counts = new Map<AgentState, number>();
  for (const a of agents) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
  return AGENT_STATES.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

/** A column of `status` and `list`, by the name `--format` takes. */
interface Column {
  title: string;
  /** The cell's text (plain; the state cell is colored when asked). */
  value(agent: AgentView, now: number): string;
  /** Widest a cell gets on a terminal (longer values are cut with …); the last column takes the rest. */
  cap?: number;
}

export const COLUMNS: Record<ColumnName, Column> = {
  host: { title: 'HOST', value: (a) => plainText(a.host ?? 'local'), cap: 16 },
  state: { title: 'STATE', value: (a) => `${BADGES[a.state].symbol} ${BADGES[a.state].label}` },
  name: { title: 'NAME', value: (a) => plainText(a.name), cap: 28 },
  agent: { title: 'AGENT', value: (a) => a.kind },
  beat: { title: 'BEAT', value: (a, now) => heartbeatAge(a, now) },
  progress: { title: 'PROGRESS', value: (a) => progressText(a) },
  usage: { title: 'USAGE', value: (a) => usageText(a) },
  event: { title: 'LAST EVENT / REASON', value: (a) => plainText(rowDetail(a)) },
  reason: { title: 'REASON', value: (a) => plainText(a.reason) },
  session: { title: 'SESSION', value: (a) => plainText(a.session ? a.session.name : a.expectedSession ? `${a.expectedSession} (gone)` : '-'), cap: 32 },
  dir: { title: 'DIR', value: (a) => plainText(a.dir ?? '-') },
  id: { title: 'SESSION ID', value: (a) => a.task?.sessionIdFile ?? a.events.stream.sessionId ?? a.task?.hooks?.sessionId ?? '-' },
};

export interface TableLayout {
  /** The terminal's width: cells are cut to fit. Null when piped: every value whole. */
  width: number | null;
  color: boolean;
  now: number;
  header?: boolean;
}

/**
 * Aligned columns, two spaces apart, no tabs. On a terminal the columns are capped and
 * the last one is cut at the edge; piped, nothing is cut (a script gets whole reasons).
 */
export function renderTable(agents: readonly AgentView[], names: readonly ColumnName[], layout: TableLayout): string {
  const columns = names.map((n) => COLUMNS[n]);
  const cells = agents.map((a) => columns.map((c) => c.value(a, layout.now)));
  const widths = columns.map((c, i) => {
    const widest = Math.max(layout.header === false ? 0 : cellWidth(c.title), ...cells.map((row) => cellWidth(row[i] ?? '')));
    return layout.width !== null && c.cap !== undefined ? Math.min(c.cap, widest) : widest;
  });
  const line = (row: readonly string[], agent: AgentView | null) => {
    let used = 0;
    const out = row.map((text, i) => {
      const last = i === row.length - 1;
      let width = widths[i] ?? 0;
      if (last && layout.width !== null) width = Math.max(4, layout.width - used);
      used += width + 2;
      let shown = last && layout.width === null ? text : fitCells(text, width);
      if (last) shown = shown.trimEnd();
      if (agent && names[i] === 'state') shown = colorize(shown, BADGES[agent.state].color, layout.color);
      return shown;
    });
    return out.join('  ').trimEnd();
  };
  const lines = agents.map((a, i) => line(cells[i] ?? [], a));
  if (layout.header !== false) lines.unshift(line(columns.map((c) => c.title), null));
  return lines.join('\n');
}

export function renderStatusTable(agents: readonly AgentView[], options: TableOptions): string {
  return renderTable(sortAgents(agents, 'attention'), options.hosts ? ['host', ...STATUS_COLUMNS] : STATUS_COLUMNS, { width: options.width, color: options.color, now: options.now, header: options.header });
}

export function emptyFleetMessage(serverLabel: string, serverRunning: boolean, serverArgs: readonly string[] = []): string {
  const where = serverRunning ? `tmux server ${serverLabel}` : `tmux server ${serverLabel} (not running)`;
  return [
    `No agents on ${where}.`,
    `Start one:   ${oneshotCommand(serverArgs, 'run', '--agent', 'codex', 'describe the task')}`,
    'Try a demo:  oneshot-tui --demo',
  ].join('\n');
}
