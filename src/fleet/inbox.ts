// The attention inbox: only the agents that need a person, most urgent first, each with
// what it asks (the command it wants to run, the question). Pure.
import type { AgentState, AgentView } from './agent.js';

/** The inbox's order: approvals, questions, then what needs a look. */
export const INBOX_STATES: readonly AgentState[] = ['needs-approval', 'needs-input', 'unknown', 'crashed', 'rate-limited', 'stale'];

export interface InboxItem {
  agent: AgentView;
  /** What it asks or why it is here, for people. */
  asks: string;
  /** Since when (epoch ms), when known. */
  since: number | null;
}

export function inboxItems(agents: Iterable<AgentView>): InboxItem[] {
  const items: InboxItem[] = [];
  for (const agent of agents) {
    if (!INBOX_STATES.includes(agent.state)) continue;
    const asking = agent.state === 'needs-approval' || agent.state === 'needs-input';
    items.push({ agent, asks: asking ? agent.evidence.detail : agent.reason, since: agent.evidence.at });
  }
  const rank = (a: AgentView) => INBOX_STATES.indexOf(a.state);
  // Within a state, the one waiting longest first.
  return items.sort((a, b) => rank(a.agent) - rank(b.agent) || (a.since ?? Infinity) - (b.since ?? Infinity) || (a.agent.name < b.agent.name ? -1 : 1));
}
