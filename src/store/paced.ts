// What the screen reads. Every store change would be a frame, and a frame costs the same
// whether one age ticked or the whole screen changed (Ink lays out and measures all of
// it). So background changes — ages, heartbeats, new events, fresh output of the same
// agent — are handed to the components at most once per `intervalMs`, together; what
// the user did, and what they must see at once (an agent changed state, joined or left,
// the terminal changed size, the output of a newly selected agent), goes through at once.
import type { StoreApi } from 'zustand/vanilla';
import type { AppState, AppStore } from './store.js';

/** Fields that change without the user: the fleet, the clock, derived lists. */
const BACKGROUND = new Set<keyof AppState>(['server', 'agents', 'order', 'now', 'settings', 'visibleIds', 'layout', 'output']);

export interface PaceTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const REAL_TIMERS: PaceTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/** Whether going from what is shown to `next` must reach the screen now. Pure. */
export function isUrgent(shown: AppState, next: AppState): boolean {
  for (const key of Object.keys(next) as (keyof AppState)[]) {
    if (shown[key] !== next[key] && !BACKGROUND.has(key)) return true;
  }
  if (shown.layout.columns !== next.layout.columns || shown.layout.terminalRows !== next.layout.terminalRows) return true;
  if (shown.order.length !== next.order.length) return true;
  if (shown.agents !== next.agents) {
    for (const id of next.order) if (shown.agents[id]?.state !== next.agents[id]?.state) return true;
  }
  if (shown.output !== next.output && (shown.output?.agentId ?? null) !== (next.output?.agentId ?? null)) return true;
  if (shown.server.status !== next.server.status) return true;
  return false;
}

export function pacedStore(store: AppStore, intervalMs = 1000, timers: PaceTimers = REAL_TIMERS): AppStore & { close(): void } {
  type Listener = (state: AppState, previous: AppState) => void;
  const listeners = new Set<Listener>();
  let shown = store.getState();
  let timer: unknown = null;
  let lastDelivery = Number.NEGATIVE_INFINITY;

  const deliver = (): void => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    const next = store.getState();
    if (next === shown) return;
    const previous = shown;
    shown = next;
    lastDelivery = timers.now();
    for (const listener of [...listeners]) listener(next, previous);
  };

  const unsubscribe = store.subscribe((next) => {
    if (isUrgent(shown, next)) return deliver();
    if (timer !== null) return;
    const wait = lastDelivery + intervalMs - timers.now();
    if (wait <= 0) deliver();
    else timer = timers.set(deliver, wait);
  });

  const api: StoreApi<AppState> = {
    getState: () => shown,
    getInitialState: () => store.getInitialState(),
    setState: store.setState,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    ...api,
    close() {
      unsubscribe();
      if (timer !== null) timers.clear(timer);
      timer = null;
      listeners.clear();
    },
  };
}
