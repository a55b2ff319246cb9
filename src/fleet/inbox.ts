// The attention inbox: only the agents that need a person, most urgent first, each with
// what it asks (the command it wants to run, the question). Pure.
import type { AgentState, AgentView } from './agent.js';

/** The inbox's order: approvals, questions, finished but not looked at, then what needs a look. */
export const INBOX_ORDER = ['needs-approval', 'needs-input', 'finished', 'unknown', 'crashed', 'rate-limited', 'stale'] as const;
export type InboxKind = (typeof INBOX_ORDER)[number];

export interface InboxItem {
  agent: AgentView;
  kind: InboxKind;
  /** What it asks or why it is here, for people. */
  asks: string;
  /** Since when (epoch ms), when known. */
  since: number | null;
}

/**
 * `finished`: agents that finished (done, or idle after a turn) while the dashboard
 * watched and were not looked at since, with since when.
 */
export function inboxItems(agents: Iterable<AgentView>, finished: Readonly<Record<string, number>> = {}): InboxItem[] {
  const items: InboxItem[] = [];
  for (const agent of agents) {
    const state: AgentState = agent.state;
    const unseen = (state === 'done' || state === 'idle') && agent.id in finished;
    const kind: InboxKind | null = unseen ? 'finished' : (INBOX_ORDER as readonly string[]).includes(state) ? (state as InboxKind) : null;
    if (kind === null) continue;
    const asking = kind === 'needs-approval' || kind === 'needs-input';
    items.push({ agent, kind, asks: asking ? agent.evidence.detail : agent.reason, since: kind === 'finished' ? (finished[agent.id] ?? null) : agent.evidence.at });
  }
  const rank = (i: InboxItem) => INBOX_ORDER.indexOf(i.kind);
  // Within a kind, the one waiting longest first.
  return items.sort((a, b) => rank(a) - rank(b) || (a.since ?? Infinity) - (b.since ?? Infinity) || (a.agent.name < b.agent.name ? -1 : 1));
}
