// Notifications follow the store: when an agent enters a state worth telling, tell.
import type { AgentView } from '../fleet/agent.js';
import type { AppStore } from '../store/store.js';
import { noticeKey, transitions, type NotifyEvent } from './events.js';
import type { Notifier } from './notifier.js';

export function watchForNotifications(store: AppStore, notifier: Notifier, onSent?: (events: NotifyEvent[]) => void): () => void {
  let previous = new Map<string, string>();
  let seeded = false;
  const check = (agents: Record<string, AgentView>, order: string[], now: number) => {
    const list = order.map((id) => agents[id]).filter((a): a is AgentView => a !== undefined);
    const events = seeded ? transitions(previous, list, now) : [];
    previous = new Map(list.map((a) => [a.id, noticeKey(a)]));
    // The first poll is the starting point, not news.
    seeded = seeded || store.getState().server.polledAt !== null;
    if (events.length > 0) void notifier.notify(events).then((sent) => sent.length && onSent?.(sent));
  };
  return store.subscribe((next, prev) => {
    if (next.agents !== prev.agents || next.order !== prev.order) check(next.agents, next.order, next.now);
  });
}
