import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WATCHDOG } from '../../src/config/config.js';
import type { AgentState } from '../../src/fleet/agent.js';
import { createAppStore } from '../../src/store/store.js';
import { initialWatch, step, type Decision, type WatchState } from '../../src/watchdog/policy.js';
import { createWatchdog } from '../../src/watchdog/service.js';
import { watchSummary } from '../../src/watchdog/view.js';
import { observation, session } from '../helpers/observations.js';

const MIN = 60_000;
const cfg = DEFAULT_WATCHDOG;

/** Feed the policy a sequence of (time, state) and collect its decisions. */
function run(events: [number, AgentState][], start: WatchState = initialWatch()) {
  let ws = start;
  const decisions: [number, Decision['kind'], string][] = [];
  for (const [t, state] of events) {
    const out = step(ws, state, t, cfg);
    ws = out.ws;
    if (out.decision.kind !== 'none') decisions.push([t, out.decision.kind, 'reason' in out.decision ? out.decision.reason : '']);
  }
  return { ws, decisions };
}

describe('watchdog policy', () => {
  it('backs off 3, 6, 12 minutes between resumes', () => {
    const settle = cfg.settleSec * 1000;
    const { ws, decisions } = run([
      [0, 'crashed'],
      [3 * MIN - 1, 'crashed'],
      [3 * MIN, 'crashed'], // resume 1
      [3 * MIN + settle, 'crashed'], // it did not take: failure 1, wait 6 min
      [9 * MIN + settle, 'crashed'], // resume 2
      [9 * MIN + 2 * settle, 'crashed'], // failure 2, wait 12 min
      [21 * MIN + 2 * settle, 'crashed'], // resume 3
    ]);
    expect(decisions.filter((d) => d[1] === 'resume').map((d) => d[0])).toEqual([3 * MIN, 9 * MIN + settle, 21 * MIN + 2 * settle]);
    expect(ws.restarts).toBe(3);
    expect(ws.failures).toBe(2);
  });

  it('starts the schedule over once the agent has been healthy for a while', () => {
    let { ws } = run([
      [0, 'crashed'],
      [3 * MIN, 'crashed'],
      [3 * MIN + 1000, 'running'],
    ]);
    const recovered = run([[13 * MIN + 1000, 'running']], ws);
    expect(recovered.decisions.map((d) => d[1])).toEqual(['recovered']);
    ws = recovered.ws;
    expect(ws).toMatchObject({ restarts: 1, failures: 0, attempt: 0, streakSince: null });
    // The next crash waits 3 minutes again, not 6.
    const again = run([[20 * MIN, 'crashed']], ws);
    expect(again.ws.nextAttemptAt).toBe(23 * MIN);
  });

  it('gives up on a crash loop after N resumes in a row that did not last', () => {
    let ws = initialWatch();
    let t = 0;
    const kinds: string[] = [];
    for (let i = 0; i < 20 && !ws.gaveUp; i++) {
      for (const state of ['crashed', 'crashed', 'running', 'crashed'] as AgentState[]) {
        const out = step(ws, state, t, cfg);
        ws = out.ws;
        kinds.push(out.decision.kind);
        // Jump to the next retry time when waiting; runs last 10 s (under minUptime).
        t = out.decision.kind === 'wait' ? out.decision.until : t + 10_000;
      }
    }
    expect(ws.gaveUp).toMatch(/gave up: 5 resumes in a row failed within 1m \(crash loop\)/);
    expect(ws.restarts).toBe(5);
    expect(kinds.filter((k) => k === 'give-up')).toHaveLength(1);
    // Nothing more happens once it gave up.
    expect(step(ws, 'crashed', t + 10 * 3600_000, cfg).decision.kind).toBe('none');
  });

  it('gives up five hours after the first crash', () => {
    const { ws, decisions } = run([
      [0, 'lost'],
      [5 * 3600_000, 'lost'],
    ]);
    expect(decisions.at(-1)).toEqual([5 * 3600_000, 'give-up', 'gave up: still lost 5h after the first crash']);
    expect(ws.gaveUp).not.toBeNull();
  });

  it('does nothing for agents that are done or stopped, and forgets the streak', () => {
    const { ws } = run([
      [0, 'crashed'],
      [MIN, 'stopped'],
    ]);
    expect(ws.streakSince).toBeNull();
    expect(step(ws, 'done', 2 * MIN, cfg).decision.kind).toBe('none');
  });

  it('says what it is doing', () => {
    const waiting = { ...initialWatch(), nextAttemptAt: 10 * MIN, restarts: 2 };
    expect(watchSummary(waiting, true, 'crashed', 7 * MIN)).toMatch(/^auto-resume in 3m at \d\d:\d\d:\d\d · 2 restarts$/);
    expect(watchSummary({ ...initialWatch(), gaveUp: 'gave up: x' }, true, 'crashed', 0)).toBe('gave up: x');
    expect(watchSummary(undefined, false, 'crashed', 0)).toBeNull();
  });
});

describe('watchdog service', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('resumes a watched crashed agent on schedule and logs every decision', async () => {
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: 'x' }, 0);
    const crashed = observation({ name: 'codex-demo', session: session({}, { dead: true, deadStatus: 1 }) });
    store.getState().fleetObserved({ at: 0, server: { status: 'ok', error: null }, agents: [crashed] });
    const resumed: string[] = [];
    const log: string[] = [];
    const dog = createWatchdog({
      store,
      config: cfg,
      resume: async (agent) => {
        resumed.push(agent.name);
        return 'restarted in its session';
      },
      log: (r) => log.push(`${r.action}: ${r.detail}`),
    });
    dog.start();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(resumed).toEqual([]); // not watched
    store.getState().watchdogToggled(['session:codex-demo']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log[0]).toMatch(/^watchdog wait: codex-demo is crashed: resume at/);
    await vi.advanceTimersByTimeAsync(3 * MIN - 2000);
    expect(resumed).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(resumed).toEqual(['codex-demo']);
    expect(log.at(-1)).toMatch(/^watchdog resume: auto-resume codex-demo \(crashed; retry 1 after waiting 3m; restart 1\): restarted in its session$/);
    expect(store.getState().watchdog.agents['session:codex-demo']).toMatchObject({ restarts: 1, pending: true });
    await dog.stop();
  });

  it('counts a resume that throws as failed, and gives up on a loop', async () => {
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: 'x' }, 0);
    store.getState().fleetObserved({ at: 0, server: { status: 'ok', error: null }, agents: [observation({ name: 'codex-demo', session: null, expectedSession: 'codex-demo' })] });
    store.getState().watchdogAllSet(true);
    const log: string[] = [];
    const dog = createWatchdog({ store, config: { ...cfg, maxFailures: 2 }, resume: async () => Promise.reject(new Error('tmux is gone')), log: (r) => log.push(`${r.action} ${r.result}: ${r.detail}`) });
    dog.start();
    await vi.advanceTimersByTimeAsync(3 * MIN + 1000);
    await vi.advanceTimersByTimeAsync(6 * MIN + 1000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(log.filter((l) => l.startsWith('watchdog resume failed'))).toHaveLength(2);
    expect(log.at(-1)).toMatch(/^watchdog give-up skipped: codex-demo: gave up: 2 resumes in a row failed/);
    expect(store.getState().watchdog.agents['session:codex-demo']?.gaveUp).toMatch(/gave up/);
    await dog.stop();
  });

  it('stop waits for a resume under way and takes no decision after it', async () => {
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: 'x' }, 0);
    store.getState().fleetObserved({ at: 0, server: { status: 'ok', error: null }, agents: [observation({ name: 'codex-demo', session: null, expectedSession: 'codex-demo' })] });
    store.getState().watchdogAllSet(true);
    let finishResume: () => void = () => undefined;
    const resumed: string[] = [];
    const dog = createWatchdog({
      store,
      config: cfg,
      resume: (agent) => {
        resumed.push(agent.name);
        return new Promise<string>((r) => (finishResume = () => r('restarted')));
      },
      log: () => undefined,
    });
    dog.start();
    await vi.advanceTimersByTimeAsync(3 * MIN + 1000);
    expect(resumed).toEqual(['codex-demo']);
    let stopped = false;
    const stopping = dog.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stopped).toBe(false);
    finishResume();
    await stopping;
    expect(stopped).toBe(true);
    // Still lost, long past the next backoff: a stopped watchdog does nothing.
    dog.evaluate();
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(resumed).toEqual(['codex-demo']);
  });
});
