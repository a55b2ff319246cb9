// The inbox as the dashboard shows it: its items from the store, and the selected one.
import { inboxItems, type InboxItem } from '../fleet/inbox.js';
import type { AgentView } from '../fleet/agent.js';
import type { AppState } from '../store/store.js';

export function inboxOf(state: Pick<AppState, 'agents' | 'order' | 'finished'>): InboxItem[] {
  return inboxItems(state.order.map((id) => state.agents[id]).filter((a): a is AgentView => a !== undefined), state.finished);
}

/** The selected item: the agent the cursor is on, else the first (the cursor's agent left the inbox). */
export function inboxSelection(state: Pick<AppState, 'agents' | 'order' | 'inbox' | 'finished'>): InboxItem | null {
  const items = inboxOf(state);
  return items.find((i) => i.agent.id === state.inbox.agentId) ?? items[0] ?? null;
}

/** The cursor moved by `target` among the items. */
export function movedInboxCursor(state: Pick<AppState, 'agents' | 'order' | 'inbox' | 'finished'>, target: number | 'top' | 'bottom'): string | null {
  const items = inboxOf(state);
  if (items.length === 0) return null;
  const current = Math.max(0, items.findIndex((i) => i.agent.id === state.inbox.agentId));
  const index = target === 'top' ? 0 : target === 'bottom' ? items.length - 1 : Math.max(0, Math.min(items.length - 1, current + target));
  return items[index]?.agent.id ?? null;
}
