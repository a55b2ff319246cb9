import { describe, expect, it } from 'vitest';
import type { AgentObservation } from '../../src/fleet/agent.js';
import { pacedStore, type PaceTimers } from '../../src/store/paced.js';
import { createAppStore } from '../../src/store/store.js';
import { dotAgent, observation, session } from '../helpers/observations.js';

/** Timers driven by hand: `advance(ms)` runs what is due. */
function manualTimers() {
  let now = 0;
  let pending: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: PaceTimers = {
    set: (fn, ms) => {
      const id = ++ids;
      pending.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (h) => {
      pending = pending.filter((p) => p.id !== h);
    },
    now: () => now,
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      const due = pending.filter((p) => p.at <= now);
      pending = pending.filter((p) => p.at > now);
      for (const p of due) p.fn();
    },
  };
}

function obs(name: string, heartbeatAt: number, paneDead = false): AgentObservation {
  return observation({
    id: `session:${name}`,
    name,
    expectedSession: name,
    session: session({ name }, { sessionName: name, dead: paneDead, deadStatus: paneDead ? 3 : null }),
    dotAgent: dotAgent({ heartbeat: { at: heartbeatAt, source: 'content', line: '' } }),
  });
}

/** A store, its paced view on hand-driven timers, and a count of what reached the screen. */
function paced() {
  const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: 'x' }, 0);
  const t = manualTimers();
  const view = pacedStore(store, 1000, t.timers);
  const count = { n: 0 };
  view.subscribe(() => count.n++);
  return { store, t, view, frames: () => count.n };
}

describe('paced store', () => {
  it('hands background changes over at most once per interval, together', () => {
    const { store, t, view, frames } = paced();
    store.getState().fleetObserved({ at: 0, server: { status: 'ok', error: null }, agents: [obs('a', 0)] });
    expect(frames()).toBe(1); // a new agent: at once
    store.getState().clockTicked(1000);
    expect(frames()).toBe(1); // within the interval of the last frame: waits
    t.advance(1000);
    expect(frames()).toBe(2);
    store.getState().clockTicked(2000);
    store.getState().clockTicked(2300);
    store.getState().fleetObserved({ at: 2400, server: { status: 'ok', error: null }, agents: [obs('a', 2400)] });
    store.getState().clockTicked(2600);
    expect(frames()).toBe(2);
    expect(view.getState().now).toBe(1000);
    t.advance(1000);
    expect(frames()).toBe(3);
    expect(view.getState().now).toBe(2600);
    expect(view.getState().agents['session:a']?.dotAgent?.heartbeat?.at).toBe(2400);
  });

  it('what the user did and a change of state reach the screen at once', () => {
    const { store, t, view, frames } = paced();
    store.getState().fleetObserved({ at: 0, server: { status: 'ok', error: null }, agents: [obs('a', 0), obs('b', 0)] });
    store.getState().clockTicked(100);
    const before = frames();
    store.getState().selectionMoved(1);
    expect(frames()).toBe(before + 1);
    store.getState().fleetObserved({ at: 200, server: { status: 'ok', error: null }, agents: [obs('a', 0, true), obs('b', 0)] });
    expect(frames()).toBe(before + 2);
    expect(view.getState().agents['session:a']?.state).toBe('crashed');
    store.getState().terminalResized(100, 30);
    expect(frames()).toBe(before + 3);
  });

  it('stops handing over after close', () => {
    const { store, t, view, frames } = paced();
    view.close();
    store.getState().selectionMoved(1);
    store.getState().clockTicked(5000);
    t.advance(5000);
    expect(frames()).toBe(0);
  });
});
