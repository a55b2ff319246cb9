import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/store.js';
import { RECENT_EVENTS, type EventsRead } from '../../src/store/fleet.js';
import { dotAgent, observation } from '../helpers/observations.js';

const settings = { heartbeatIntervalSec: 30, serverLabel: '-L t' };
const T0 = Date.parse('2026-11-20T12:00:00Z');

describe('fleet store', () => {
  it('is fresh per factory call', () => {
    const a = createAppStore(settings, T0);
    const b = createAppStore(settings, T0);
    a.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [observation()] });
    expect(Object.keys(a.getState().agents)).toHaveLength(1);
    expect(Object.keys(b.getState().agents)).toHaveLength(0);
  });

  it('keeps the same agent object when a poll observed nothing new', () => {
    const store = createAppStore(settings, T0);
    const seen = observation();
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [seen] });
    const first = store.getState().agents['session:codex-demo'];
    const agentsBefore = store.getState().agents;
    // The runtime hands back the same objects for what did not change.
    store.getState().fleetObserved({ at: T0 + 1000, server: { status: 'ok', error: null }, agents: [{ ...seen, session: { ...seen.session! } }] });
    expect(store.getState().agents['session:codex-demo']).toBe(first);
    expect(store.getState().agents).toBe(agentsBefore);
    store.getState().fleetObserved({ at: T0 + 2000, server: { status: 'ok', error: null }, agents: [{ ...seen, paneTail: ['new output'] }] });
    expect(store.getState().agents['session:codex-demo']).not.toBe(first);
  });

  it('keeps the same layout when an agent changed but no panel moved (the whole screen re-renders on a new one)', () => {
    const store = createAppStore(settings, T0);
    const seen = observation();
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [seen] });
    const layout = store.getState().layout;
    store.getState().fleetObserved({ at: T0 + 1000, server: { status: 'ok', error: null }, agents: [{ ...seen, paneTail: ['new output'] }] });
    expect(store.getState().agents['session:codex-demo']?.paneTail).toEqual(['new output']);
    expect(store.getState().layout).toBe(layout);
    store.getState().terminalResized(layout.columns, layout.terminalRows);
    expect(store.getState().layout).toBe(layout);
    // More agents need more rows: the list grows, a new layout.
    const more = Array.from({ length: 6 }, (_, i) => observation({ id: `session:claude-${i}`, name: `claude-${i}`, expectedSession: `claude-${i}` }));
    store.getState().fleetObserved({ at: T0 + 2000, server: { status: 'ok', error: null }, agents: [seen, ...more] });
    expect(store.getState().layout).not.toBe(layout);
    expect(store.getState().layout.list.height).toBeGreaterThan(layout.list.height);
  });

  it('appends events, keeps totals and a bounded ring', () => {
    const store = createAppStore(settings, T0);
    const seen = observation({ eventsPath: '/e.jsonl' });
    const read = (at: number, r: EventsRead) => store.getState().fleetObserved({ at, server: { status: 'ok', error: null }, agents: [seen], events: [{ agentId: 'session:codex-demo', read: r }] });
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [seen] });
    const lines = ['{"type":"thread.started","thread_id":"th-1"}', ...Array.from({ length: 400 }, (_, i) => `{"type":"item.completed","item":{"type":"agent_message","text":"m${i}"}}`), 'garbage'];
    read(T0, { source: '/e.jsonl', lines, reset: true, at: null, lastLineAt: T0 - 5000 });
    const agent = store.getState().agents['session:codex-demo']!;
    expect(agent.events.recent).toHaveLength(RECENT_EVENTS);
    expect(agent.events.recent.at(-1)?.text).toBe('m399');
    expect(agent.events.stream.sessionId).toBe('th-1');
    expect(agent.events.stream.badLines).toBe(1);
    expect(agent.events.stream.lastEvent?.text).toBe('m399');
    expect(agent.events.stream.lastEvent?.at).toBe(T0 - 5000);
    read(T0 + 10, { source: '/e.jsonl', lines: ['{"type":"turn.started"}'], reset: false, at: T0 + 10 });
    expect(store.getState().agents['session:codex-demo']!.events.stream.lastEvent).toMatchObject({ kind: 'turn', at: T0 + 10 });
    // A replaced file starts over.
    read(T0 + 20, { source: '/e.jsonl', lines: [], reset: true, at: null });
    expect(store.getState().agents['session:codex-demo']!.events.recent).toHaveLength(0);
  });

  it('turns running into stale as the clock passes, without new reads', () => {
    const store = createAppStore(settings, T0);
    const obs = observation({ dotAgent: dotAgent({ heartbeat: { at: T0, source: 'content', line: '' } }) });
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [obs] });
    expect(store.getState().agents['session:codex-demo']!.state).toBe('running');
    store.getState().clockTicked(T0 + 91_000);
    expect(store.getState().agents['session:codex-demo']!.state).toBe('stale');
  });

  it('keeps agent objects across ticks when nothing depends on the time', () => {
    const store = createAppStore(settings, T0);
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [observation()] });
    const before = store.getState().agents;
    store.getState().clockTicked(T0 + 30_000);
    expect(store.getState().agents).toBe(before);
    expect(store.getState().now).toBe(T0 + 30_000);
  });

  it('drops agents that are no longer observed', () => {
    const store = createAppStore(settings, T0);
    store.getState().fleetObserved({ at: T0, server: { status: 'ok', error: null }, agents: [observation()] });
    store.getState().fleetObserved({ at: T0, server: { status: 'no-server', error: null }, agents: [] });
    expect(store.getState().order).toEqual([]);
    expect(store.getState().server.status).toBe('no-server');
  });
});
