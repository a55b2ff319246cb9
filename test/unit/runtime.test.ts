import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRuntime } from '../../src/runtime/runtime.js';
import { createAppStore } from '../../src/store/store.js';
import { fakeTmux } from '../helpers/fake-tmux.js';
import { pane } from '../helpers/observations.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea;
beforeEach(() => {
  area = makeTempArea();
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'] });
  vi.setSystemTime(Date.parse('2026-11-20T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  area.cleanup();
});

describe('runtime poll loop', () => {
  it('polls at once, then every interval, with one list-panes per poll for the whole fleet', async () => {
    const tmux = fakeTmux();
    tmux.panes = Array.from({ length: 100 }, (_, i) => pane({ sessionId: `$${i}`, sessionName: `codex-a${i}`, paneId: `%${i}`, currentPath: area.root, sessionPath: area.root }));
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 1000 });
    runtime.start();
    await vi.advanceTimersByTimeAsync(10);
    await runtime.settled();
    expect(store.getState().order).toHaveLength(100);
    expect(tmux.calls.filter((c) => c === 'list-panes')).toHaveLength(1);
    // The first poll reads every new session's environment and captures every pane, batched,
    // plus the selected agent's output.
    expect(tmux.calls.filter((c) => c.startsWith('show-environment'))).toHaveLength(1);
    expect(tmux.calls.filter((c) => c.startsWith('capture-pane'))).toEqual([`capture-pane ${tmux.panes.map((p) => p.paneId).join(',')}`, 'capture-pane %0']);

    tmux.calls.length = 0;
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      await runtime.settled();
    }
    expect(tmux.calls.filter((c) => c === 'list-panes')).toHaveLength(3);
    // Nothing changed in the panes: no environment reads and no captures.
    expect(tmux.calls.filter((c) => c !== 'list-panes')).toEqual([]);

    // Output in one window: only that pane is captured again.
    tmux.panes[7] = { ...tmux.panes[7]!, windowActivity: tmux.panes[7]!.windowActivity + 5 };
    tmux.calls.length = 0;
    await vi.advanceTimersByTimeAsync(1000);
    await runtime.settled();
    expect(tmux.calls).toEqual(['list-panes', 'capture-pane %7']);
    await runtime.stop();
    tmux.calls.length = 0;
    await vi.advanceTimersByTimeAsync(5000);
    expect(tmux.calls).toEqual([]);
  });

  it('ticks the clock every second without reading anything', async () => {
    const tmux = fakeTmux();
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 60_000 });
    runtime.start();
    await vi.advanceTimersByTimeAsync(10);
    await runtime.settled();
    const t = store.getState().now;
    await vi.advanceTimersByTimeAsync(3000);
    expect(store.getState().now).toBe(t + 3000);
    expect(tmux.calls.filter((c) => c === 'list-panes')).toHaveLength(1);
    await runtime.stop();
  });

  it('file changes bring the poll forward, at most one every 250 ms, however many writes come', async () => {
    const tmux = fakeTmux();
    tmux.panes = [pane({ sessionId: '$1', sessionName: 'codex-busy', paneId: '%1', currentPath: area.root, sessionPath: area.root })];
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    let report: (path: string) => void = () => undefined;
    const watcher = { healthy: true, set: () => [], close: async () => undefined };
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 10_000, watcherFactory: (onChange) => ((report = onChange), watcher) });
    runtime.start();
    await vi.advanceTimersByTimeAsync(10);
    await runtime.settled();
    tmux.calls.length = 0;
    let polls = 0;
    const observed = store.getState().fleetObserved;
    store.setState({ fleetObserved: (o) => (polls++, observed(o)) });
    // A write every 10 ms for two seconds: polls follow, spaced, and none is starved.
    for (let i = 0; i < 200; i++) {
      report(`${area.root}/events.jsonl`);
      await vi.advanceTimersByTimeAsync(10);
    }
    await runtime.settled();
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(polls).toBeLessThanOrEqual(9);
    // They read the files that changed, not tmux: it was read less than an interval ago.
    expect(tmux.calls.filter((c) => c === 'list-panes')).toEqual([]);
    // Writes that never stop do not keep tmux from being read at the interval.
    for (let i = 0; i < 2_000; i++) {
      report(`${area.root}/events.jsonl`);
      await vi.advanceTimersByTimeAsync(10);
    }
    await runtime.settled();
    const reads = tmux.calls.filter((c) => c === 'list-panes').length;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(3);
    await runtime.stop();
  });

  it("captures the selected agent's output as far as the panel shows it, and its scrollback once the user scrolls up", async () => {
    const tmux = fakeTmux();
    tmux.panes = [pane({ sessionId: '$1', sessionName: 'codex-out', paneId: '%1', currentPath: area.root, sessionPath: area.root })];
    tmux.captures.set('%1', Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n'));
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    store.getState().terminalResized(120, 40);
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 60_000 });
    runtime.start();
    await vi.advanceTimersByTimeAsync(10);
    await runtime.settled();
    const output = () => tmux.captureRequests.filter((r) => r.escapes);
    expect(output().at(-1)?.lines).toBe(Math.max(40, store.getState().layout.pageRows.output * 2));
    store.getState().panelScrolled('output', -5, 1000);
    expect(store.getState().scroll.output).toBe(5);
    await vi.advanceTimersByTimeAsync(10);
    expect(output().at(-1)?.lines).toBe(400);
    await runtime.stop();
  });

  it('carries on when the server goes away and comes back', async () => {
    const tmux = fakeTmux();
    tmux.panes = [pane({ sessionName: 'codex-x' })];
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 1000 });
    await runtime.pollOnce();
    expect(store.getState().order).toEqual(['session:codex-x']);
    tmux.status = 'no-server';
    await runtime.pollOnce();
    expect(store.getState()).toMatchObject({ order: [], server: { status: 'no-server' } });
    tmux.status = 'ok';
    await runtime.pollOnce();
    expect(store.getState().order).toEqual(['session:codex-x']);
  });
});
