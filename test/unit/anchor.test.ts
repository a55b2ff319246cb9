import { describe, expect, it } from 'vitest';
import { itemsAdded, linesAdded } from '../../src/store/anchor.js';
import { createAppStore } from '../../src/store/store.js';
import { observation } from '../helpers/observations.js';

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`);

describe('scrollback anchored to what is read', () => {
  it('a capture that moved on: the view moves with its lines', () => {
    expect(linesAdded(lines(0, 100), lines(5, 100), 10)).toBe(5);
    // Still growing (no line dropped yet): what was appended.
    expect(linesAdded(lines(0, 50), lines(0, 58), 10)).toBe(8);
    // Both: 20 appended, 10 dropped off the top.
    expect(linesAdded(lines(0, 390), lines(10, 400), 30)).toBe(20);
  });

  it('a changing last line (a spinner) does not move a view above it', () => {
    const before = [...lines(0, 40), '⠋ working'];
    const after = [...lines(0, 40), '⠙ working'];
    expect(linesAdded(before, after, 5)).toBe(0);
    expect(linesAdded(before, [...lines(0, 43), '⠙ working'], 5)).toBe(3);
  });

  it('a following view, a line gone from the capture, or nothing new: no move', () => {
    expect(linesAdded(lines(0, 100), lines(5, 100), 0)).toBe(0);
    expect(linesAdded(lines(0, 100), lines(500, 100), 10)).toBe(0);
    const same = lines(0, 100);
    expect(linesAdded(same, [...same], 10)).toBe(0);
  });

  it('events are found by identity', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const c = { n: 3 };
    const d = { n: 4 };
    expect(itemsAdded([a, b, c], [b, c, d, { n: 5 }], 1)).toBe(2);
    expect(itemsAdded([a, b, c], [c, d], 2)).toBe(0);
    expect(itemsAdded([a, b, c], [a, b, c, d], 0)).toBe(0);
  });

  it("the selected agent's events panel, scrolled up, keeps its events as new ones are read", () => {
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: '-L t' }, 1_000);
    const obs = observation({ id: 'session:a', name: 'a', eventsPath: '/w/events.jsonl' });
    store.getState().fleetObserved({ at: 1_000, server: { status: 'ok', error: null }, agents: [obs] });
    store.getState().agentSelected('session:a');
    const line = (i: number) => JSON.stringify({ type: 'item.completed', item: { id: `i${i}`, type: 'agent_message', text: `message ${i}` } });
    const read = (from: number, count: number) =>
      store.getState().fleetObserved({ at: 2_000, server: { status: 'ok', error: null }, agents: [obs], events: [{ agentId: 'session:a', read: { source: '/w/events.jsonl', lines: Array.from({ length: count }, (_, i) => line(from + i)), reset: false, at: 2_000, lastLineAt: null } }] });
    read(0, 30);
    store.getState().panelScrolled('events', -4, 100);
    expect(store.getState().scroll.events).toBe(4);
    const bottomShown = () => {
      const s = store.getState();
      const recent = s.agents['session:a']!.events.recent;
      return recent[recent.length - 1 - s.scroll.events]?.text;
    };
    const before = bottomShown();
    read(30, 6);
    expect(bottomShown()).toBe(before);
    expect(store.getState().unread.events).toBe(6);
    store.getState().panelScrolled('events', 'bottom', 100);
    expect(store.getState().unread.events).toBe(0);
  });
});
