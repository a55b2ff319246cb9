// One observation per state, for UI tests.
import type { AgentObservation } from '../../src/fleet/agent.js';
import { dotAgent, observation, session, taskDir } from './observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

export function fleetOfEveryState(): AgentObservation[] {
  const s = (name: string, paneId: string, over: Partial<AgentObservation> = {}, paneOver = {}) =>
    observation({
      id: `session:${name}`,
      name,
      expectedSession: name,
      session: session({ id: `$${paneId.slice(1)}`, name }, { paneId, sessionName: name, ...paneOver }),
      ...over,
    });
  return [
    s('codex-run', '%1', { dotAgent: dotAgent({ heartbeat: { at: NOW - 12_000, source: 'content', line: '' }, statusTail: ['Working on the parser'] }) }),
    s('claude-stale', '%2', { dotAgent: dotAgent({ heartbeat: { at: NOW - 600_000, source: 'content', line: '' } }) }),
    s('claude-wait', '%3', { paneTail: ['Do you want to proceed?', '❯ 1. Yes'] }),
    s('pi-done', '%4', { paneTail: ['__TASK_DONE__'] }),
    s('opencode-crash', '%5', {}, { dead: true, deadStatus: 3 }),
    observation({ id: 'task:halted', name: 'halted', expectedSession: 'shell-halted', session: null, task: taskDir({ stopped: { at: NOW, reason: 'by user' } }) }),
    observation({ id: 'task:vanished', name: 'vanished', expectedSession: 'shell-vanished', session: null, task: taskDir() }),
  ];
}

/** The states only interactive agents and prompts reach: needs-input, rate-limited, idle, unknown. */
export function fleetOfInteractiveStates(): AgentObservation[] {
  const s = (name: string, paneId: string, over: Partial<AgentObservation> = {}, paneOver = {}) =>
    observation({ id: `session:${name}`, name, expectedSession: name, session: session({ id: `$${paneId.slice(1)}`, name }, { paneId, sessionName: name, ...paneOver }), ...over });
  return [
    s('codex-ask', '%6', { paneTail: ['Overwrite the lock file? [y/N]'] }),
    s('claude-limit', '%7', { paneTail: ['Claude usage limit reached. Your limit will reset at 3pm.'] }),
    s('claude-idle', '%8', { paneTail: ['❯ ', '  ? for shortcuts'] }),
    s(
      'claude-odd',
      '%9',
      { paneTail: ['┌ Choose a plan ┐', '└───────────────┘'], task: taskDir({ record: { name: 'claude-odd', agent: 'claude', dir: '/work/odd', argv: [], created: '', session: 'claude-odd', socketPath: '', worktree: null, build: null, interactive: true } }) },
      { windowActivity: Math.floor(NOW / 1000) - 120 },
    ),
  ];
}
