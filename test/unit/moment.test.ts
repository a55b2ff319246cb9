import { describe, expect, it } from 'vitest';
import type { AgentObservation, AgentView } from '../../src/fleet/agent.js';
import { deriveAgent, emptyEvents, keepFor, mayHaveChanged } from '../../src/fleet/derive.js';
import { Moment } from '../../src/fleet/moment.js';
import { hookLine } from '../../src/hooks/record.js';
import { summarizeHooks } from '../../src/hooks/signals.js';
import { applyClockTicked, initialFleet } from '../../src/store/fleet.js';
import { fleetOfEveryState, fleetOfInteractiveStates } from '../helpers/fleet-views.js';
import { dotAgent, observation, session, taskDir } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const SETTINGS = { heartbeatIntervalSec: 30, serverLabel: '-L test' };

describe('Moment: each reading of the clock says how long it holds', () => {
  it('an age holds until its shown text changes', () => {
    const m = new Moment(NOW);
    expect(m.ageText(NOW - 12_300)).toBe('12s');
    expect(m.expires).toBe(NOW - 12_300 + 13_000);
    const later = new Moment(NOW);
    expect(later.ageText(NOW - 12 * 60_000 - 5_000)).toBe('12m');
    expect(later.expires).toBe(NOW - 12 * 60_000 - 5_000 + 13 * 60_000);
    // 59 s shows as seconds; the next step is "1m".
    const edge = new Moment(NOW);
    expect(edge.ageText(NOW - 59_000)).toBe('59s');
    expect(edge.expires).toBe(NOW + 1_000);
  });

  it('a threshold holds until it is crossed, and once crossed for good', () => {
    const m = new Moment(NOW);
    expect(m.over(NOW - 10_000, 90)).toBe(false);
    expect(m.expires).toBe(NOW + 80_001);
    const crossed = new Moment(NOW);
    expect(crossed.over(NOW - 100_000, 90)).toBe(true);
    expect(crossed.atLeast(NOW - 90_000, 90)).toBe(true);
    expect(crossed.expires).toBe(Number.POSITIVE_INFINITY);
    const waiting = new Moment(NOW);
    expect(waiting.atLeast(NOW - 1_000, 3)).toBe(false);
    expect(waiting.expires).toBe(NOW + 2_000);
  });

  it('the raw time holds only until the next tick; an unread clock, forever', () => {
    const m = new Moment(NOW);
    expect(m.expires).toBe(Number.POSITIVE_INFINITY);
    expect(m.now).toBe(NOW);
    expect(m.expires).toBe(NOW + 1);
  });

  it('a time in the future (a skewed clock) still expires after now', () => {
    const m = new Moment(NOW);
    expect(m.ageText(NOW + 5_000)).toBe('0s');
    expect(m.expires).toBeGreaterThan(NOW);
  });
});

/** Observations whose verdicts depend on time in every way the classifier reads it. */
function timedFleet(): AgentObservation[] {
  const hooks = (event: string, payload: Record<string, unknown>, secAgo: number) =>
    summarizeHooks(JSON.stringify(hookLine('claude', event, JSON.stringify({ hook_event_name: event, session_id: 's', ...payload }), false, new Date(NOW - secAgo * 1000))));
  const interactive = taskDir({ record: { name: 'i', agent: 'claude', dir: '/w', argv: [], created: '', session: 'i', socketPath: '', worktree: null, build: null, interactive: true } });
  const live = (name: string, over: Partial<AgentObservation>, paneOver: Record<string, unknown> = {}) =>
    observation({ id: `session:${name}`, name, expectedSession: name, session: session({ name }, { sessionName: name, sessionCreated: Math.floor(NOW / 1000) - 3_600, ...paneOver }), ...over });
  const beat = (secAgo: number) => dotAgent({ heartbeat: { at: NOW - secAgo * 1000, source: 'content', line: '' } });
  return [
    ...fleetOfEveryState(),
    ...fleetOfInteractiveStates(),
    // A heartbeat about to go stale, one in seconds, one in minutes.
    live('beat-85', { dotAgent: beat(85) }),
    live('beat-5', { dotAgent: beat(5) }),
    live('beat-3599', { dotAgent: beat(3_599) }),
    // No session: running on its heartbeat until it is lost.
    observation({ id: 'dir:loose', name: 'loose', expectedSession: null, session: null, dotAgent: beat(88) }),
    // A dead pane whose status has not arrived yet.
    live('dying', {}, { dead: true, deadStatus: null, deadSignal: null, deadTime: Math.floor(NOW / 1000) - 1 }),
    // Hooks: working, waiting, asking; a quiet interactive screen about to become unknown.
    live('hook-work', { task: { ...interactive, hooks: hooks('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' } }, 58) }, paneTail: ['┌ Choose ┐'] }),
    live('hook-stop', { task: { ...interactive, hooks: hooks('Stop', {}, 7) }, paneTail: ['┌ Choose ┐'] }),
    live('hook-ask', { task: { ...interactive, hooks: hooks('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf build' } }, 3) }, paneTail: ['┌ Choose ┐'] }),
    live('quiet', { task: interactive, paneTail: ['┌ Choose ┐'] }, { windowActivity: Math.floor(NOW / 1000) - 8 }),
  ];
}

const shown = (v: AgentView) => ({ state: v.state, reason: v.reason, evidence: v.evidence, until: v.until });

describe('a derived view holds exactly as long as its Moment says', () => {
  it('every view, derived again at each second until two minutes later, differs only after it expired', () => {
    for (const obs of timedFleet()) {
      let view = deriveAgent(obs, emptyEvents(null), NOW, SETTINGS);
      let changes = 0;
      for (let t = NOW + 250; t <= NOW + 120_000; t += 250) {
        const again = deriveAgent(obs, emptyEvents(null), t, SETTINGS);
        const same = JSON.stringify(shown(again)) === JSON.stringify(shown(view));
        // Not expired: the verdict must be the same (the check the tick relies on).
        if (!mayHaveChanged(view, t)) expect(same, `${obs.name} at +${t - NOW} ms`).toBe(true);
        if (!same) changes++;
        view = same ? keepFor(view, again) : again;
      }
      // The sweep is not vacuous: the time-dependent ones did change.
      if (['beat-85', 'loose', 'dying', 'hook-stop', 'quiet'].includes(obs.name)) expect(changes, obs.name).toBeGreaterThan(0);
    }
  });

  it('a tick skips what has not expired and derives what has', () => {
    const fleet = timedFleet();
    let data = initialFleet(SETTINGS, NOW);
    const agents: Record<string, AgentView> = {};
    for (const o of fleet) agents[o.id] = deriveAgent(o, emptyEvents(null), NOW, SETTINGS);
    data = { ...data, agents, order: fleet.map((o) => o.id) };
    const next = applyClockTicked(data, NOW + 1_000);
    // A finished agent has nothing to wait for: the same object, not derived again.
    expect(next.agents['session:pi-done']).toBe(data.agents['session:pi-done']);
    // A running agent's reason does not tick: the same object a second later.
    expect(next.agents['session:beat-5']).toBe(data.agents['session:beat-5']);
    expect(next.agents['session:beat-5']?.reason).toMatch(/heartbeat on time/);
    // One waiting on a hook says how long ago it fired: derived again.
    expect(next.agents['session:hook-stop']?.reason).toMatch(/Stop 8s ago/);
    // After the threshold, the one about to go stale is stale.
    expect(applyClockTicked(next, NOW + 6_000).agents['session:beat-85']?.state).toBe('stale');
  });
});
