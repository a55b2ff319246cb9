// Orders of the agent list. Pure.
import type { AgentView } from './agent.js';
import { ATTENTION_ORDER } from './badges.js';

export const SORT_KEYS = ['attention', 'name', 'heartbeat', 'progress', 'agent'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

function heartbeatAt(a: AgentView): number {
  return a.dotAgent?.heartbeat?.at ?? -1;
}

function progressRatio(a: AgentView): number {
  return a.progress && a.progress.total > 0 ? a.progress.done / a.progress.total : -1;
}

// Plain code-point order: localeCompare is an order of magnitude slower on large lists.
const byName = (a: AgentView, b: AgentView): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const COMPARATORS: Record<SortKey, (a: AgentView, b: AgentView) => number> = {
  attention: (a, b) => ATTENTION_ORDER[a.state] - ATTENTION_ORDER[b.state] || byName(a, b),
  name: byName,
  // Oldest heartbeat first: the likeliest to be in trouble.
  heartbeat: (a, b) => heartbeatAt(a) - heartbeatAt(b) || byName(a, b),
  progress: (a, b) => progressRatio(b) - progressRatio(a) || byName(a, b),
  agent: (a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || byName(a, b),
};

export function sortAgents(agents: readonly AgentView[], key: SortKey): AgentView[] {
  return [...agents].sort(COMPARATORS[key]);
}

export function nextSortKey(key: SortKey): SortKey {
  const i = SORT_KEYS.indexOf(key);
  return SORT_KEYS[(i + 1) % SORT_KEYS.length] ?? 'attention';
}
