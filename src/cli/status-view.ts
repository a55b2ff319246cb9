// `oneshot status` and `oneshot list` for people: a table that fits the terminal. Pure.
import { oneshotCommand } from '../ops/hints.js';
import type { AgentState, AgentView } from '../fleet/agent.js';
import { AGENT_STATES } from '../fleet/agent.js';
import { BADGES, colorize } from '../fleet/badges.js';
import { sortAgents } from '../fleet/sort.js';
import { formatTokens } from '../events/model.js';
import { plainText } from '../text/sanitize.js';
import { formatAge } from '../util/format.js';

export interface TableOptions {
  width: number;
  color: boolean;
  now: number;
  /** A HOST column (agents of several machines). */
  hosts?: boolean;
}

function cell(text: string, width: number): string {
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  return text + ' '.repeat(width - chars.length);
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

export function renderStatusTable(agents: readonly AgentView[], options: TableOptions): string {
  const sorted = sortAgents(agents, 'attention');
  const nameWidth = Math.min(28, Math.max(4, ...sorted.map((a) => [...a.name].length)));
  const hostWidth = options.hosts ? Math.min(16, Math.max(4, ...sorted.map((a) => [...(a.host ?? 'local')].length))) : 0;
  const columns = [
    ...(options.hosts ? [{ title: 'HOST', width: hostWidth }] : []),
    { title: 'STATE', width: 9 },
    { title: 'NAME', width: nameWidth },
    { title: 'AGENT', width: 8 },
    { title: 'BEAT', width: 5 },
    { title: 'PROGRESS', width: 8 },
    { title: 'USAGE', width: 9 },
  ];
  const fixed = columns.reduce((n, c) => n + c.width + 2, 0);
  const rest = Math.max(10, options.width - fixed);
  const lines = [[...columns.map((c) => cell(c.title, c.width)), 'LAST EVENT / REASON'].join('  ')];
  for (const a of sorted) {
    const badge = BADGES[a.state];
    const state = colorize(cell(`${badge.symbol} ${badge.label}`, 9), badge.color, options.color);
    const detail = rowDetail(a);
    lines.push(
      [
        ...(options.hosts ? [cell(plainText(a.host ?? 'local'), hostWidth)] : []),
        state,
        cell(plainText(a.name), nameWidth),
        cell(a.kind, 8),
        cell(heartbeatAge(a, options.now), 5),
        cell(progressText(a), 8),
        cell(usageText(a), 9),
        cell(plainText(detail), rest).trimEnd(),
      ].join('  '),
    );
  }
  return lines.join('\n');
}

export function renderList(agents: readonly AgentView[], options: { color: boolean; hosts?: boolean }): string {
  return sortAgents(agents, 'name')
    .map((a) => {
      const badge = BADGES[a.state];
      const session = a.session ? a.session.name : a.expectedSession ? `${a.expectedSession} (gone)` : '-';
      const host = options.hosts ? `${plainText(a.host ?? 'local')}  ` : '';
      return `${host}${colorize(`${badge.symbol} ${cell(badge.label, 7)}`, badge.color, options.color)}  ${plainText(a.name)}  ${a.kind}  ${plainText(session)}`;
    })
    .join('\n');
}

export function emptyFleetMessage(serverLabel: string, serverRunning: boolean, serverArgs: readonly string[] = []): string {
  const where = serverRunning ? `tmux server ${serverLabel}` : `tmux server ${serverLabel} (not running)`;
  return [
    `No agents on ${where}.`,
    `Start one:   ${oneshotCommand(serverArgs, 'run', '--agent', 'codex', 'describe the task')}`,
    'Try a demo:  oneshot-tui --demo',
  ].join('\n');
}
