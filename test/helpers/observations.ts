// Builders for observations in pure tests: a sensible default, overridden per case.
import type { AgentObservation, DotAgentObservation, SessionObservation, TaskDirObservation } from '../../src/fleet/agent.js';
import type { PaneInfo } from '../../src/tmux/format.js';

export function pane(overrides: Partial<PaneInfo> = {}): PaneInfo {
  return {
    sessionId: '$1',
    sessionName: 'codex-demo',
    sessionCreated: 1_700_000_000,
    sessionActivity: 1_700_000_000,
    sessionAttached: 0,
    sessionPath: '/work/demo',
    windowId: '@1',
    windowIndex: 0,
    windowName: 'codex',
    windowActivity: 1_700_000_000,
    windowActive: true,
    paneId: '%1',
    paneIndex: 0,
    paneActive: true,
    panePid: 4242,
    currentCommand: 'codex',
    currentPath: '/work/demo',
    dead: false,
    deadStatus: null,
    deadSignal: null,
    deadTime: null,
    width: 120,
    height: 40,
    bell: false,
    title: 'host',
    ...overrides,
  };
}

export function session(overrides: Partial<SessionObservation> = {}, paneOverrides: Partial<PaneInfo> = {}): SessionObservation {
  return {
    id: '$1',
    name: 'codex-demo',
    created: 1_700_000_000,
    attached: 0,
    path: '/work/demo',
    pane: pane(paneOverrides),
    paneCount: 1,
    env: {},
    shellChildren: null,
    ...overrides,
  };
}

export function dotAgent(overrides: Partial<DotAgentObservation> = {}): DotAgentObservation {
  return { dir: '/work/demo/.agent', statusTail: [], heartbeat: null, checkpoints: null, lastState: null, recovery: false, hasSessionLog: false, problems: [], ...overrides };
}

export function taskDir(overrides: Partial<TaskDirObservation> = {}): TaskDirObservation {
  return { dir: '/state/tasks/demo', origin: 'oneshot', record: null, sessionIdFile: null, doneMarker: false, exit: null, stopped: null, lock: null, hasEvents: false, build: null, hooks: null, problems: [], ...overrides };
}

export function observation(overrides: Partial<AgentObservation> = {}): AgentObservation {
  return {
    id: 'session:codex-demo',
    name: 'codex-demo',
    dir: '/work/demo',
    expectedSession: 'codex-demo',
    session: session(),
    sessionMatch: 'name',
    paneTail: ['working…'],
    task: null,
    dotAgent: null,
    autonomous: null,
    eventsPath: null,
    logPath: null,
    serverChecked: true,
    ...overrides,
  };
}
