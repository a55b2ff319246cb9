import { describe, expect, it } from 'vitest';
import type { AgentObservation, AgentState } from '../../src/fleet/agent.js';
import { classify } from '../../src/fleet/classify.js';
import { detectKind } from '../../src/fleet/kind.js';
import { dotAgent, observation, session, taskDir } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (sec: number) => NOW - sec * 1000;

function judge(obs: AgentObservation, interval = 30) {
  return classify({ obs, kind: 'codex', heartbeatIntervalSec: interval, now: NOW, serverLabel: '-L test' });
}

const autonomous = (done: number, total: number, extra: Partial<NonNullable<AgentObservation['autonomous']>> = {}) => ({
  dir: '/work/demo/.autonomous/demo',
  task: 'demo',
  progress: { done, total, items: [] },
  progressNotes: [],
  promiseDone: false,
  lock: null,
  sessionLogs: 0,
  latestSessionLog: null,
  problems: [],
  ...extra,
});

const cases: [string, AgentObservation, AgentState, RegExp][] = [
  ['alive session, fresh heartbeat', observation({ dotAgent: dotAgent({ heartbeat: { at: ago(10), source: 'content', line: '' } }) }), 'running', /session alive.*heartbeat on time/],
  ['alive session without heartbeat', observation(), 'running', /session alive, codex running in %1/],
  ['heartbeat ten minutes old', observation({ dotAgent: dotAgent({ heartbeat: { at: ago(600), source: 'content', line: '' } }) }), 'stale', /heartbeat 10m old \(over 3 × 30s\)/],
  ['heartbeat exactly at the limit is not stale', observation({ dotAgent: dotAgent({ heartbeat: { at: ago(90), source: 'mtime', line: '' } }) }), 'running', /heartbeat on time/],
  ['approval prompt in the pane', observation({ paneTail: ['…', 'Would you like to run the following command?', '  $ rm -rf build', '› 1. Yes, proceed'] }), 'needs-approval', /Codex approval prompt/],
  ['done marker file', observation({ task: taskDir({ doneMarker: true }) }), 'done', /done marker written on success/],
  ['__TASK_DONE__ on its own line', observation({ paneTail: ['codex exec … && echo "__TASK_DONE__"', 'all good', '__TASK_DONE__', 'user@host:~$ '] }), 'done', /__TASK_DONE__ printed in the pane/],
  ['promise DONE', observation({ autonomous: autonomous(2, 5, { promiseDone: true }) }), 'done', /<promise>DONE<\/promise>/],
  ['all tasks checked and exited 0', observation({ session: session({}, { dead: true, deadStatus: 0 }), autonomous: autonomous(5, 5) }), 'done', /all 5 Task items checked and the agent exited 0/],
  ['dead pane, non-zero status', observation({ session: session({}, { dead: true, deadStatus: 3 }) }), 'crashed', /agent exited with status 3, no done marker/],
  ['dead pane whose status tmux has not read yet', observation({ session: session({}, { dead: true, deadTime: NOW / 1000 - 1 }) }), 'running', /exiting/],
  ['dead pane whose status tmux never reported', observation({ session: session({}, { dead: true, deadTime: NOW / 1000 - 10 }) }), 'crashed', /tmux reported no exit status/],
  ['dead pane, killed by a signal', observation({ session: session({}, { dead: true, deadSignal: 9 }) }), 'crashed', /SIGKILL/],
  ['exited 0 with tasks open', observation({ session: session({}, { dead: true, deadStatus: 0 }), autonomous: autonomous(3, 5) }), 'crashed', /2 of 5 Task items open/],
  ['back at a shell prompt, no children', observation({ session: session({ shellChildren: 0 }, { currentCommand: 'bash' }) }), 'crashed', /back at a bash prompt without __TASK_DONE__/],
  ['shell with a child is still working', observation({ session: session({ shellChildren: 1 }, { currentCommand: 'bash' }) }), 'running', /session alive/],
  ['no /proc: a prompt line decides', observation({ session: session({ shellChildren: null }, { currentCommand: 'zsh' }), paneTail: ['done?', 'me@box ~/x % '] }), 'crashed', /zsh prompt/],
  ['recorded non-zero exit, session gone', observation({ session: null, task: taskDir({ exit: { code: 137, signal: 'SIGKILL', at: null } }) }), 'crashed', /SIGKILL \(status 137\); session gone/],
  ['stopped through oneshot', observation({ session: null, task: taskDir({ stopped: { at: ago(5), reason: 'by user' } }) }), 'stopped', /stopped through oneshot: by user/],
  ['stopped wins over a dead pane', observation({ session: session({}, { dead: true, deadStatus: 130 }), task: taskDir({ stopped: { at: null, reason: null } }) }), 'stopped', /stopped/],
  ['session gone, nothing else', observation({ session: null, serverChecked: true }), 'lost', /no tmux session "codex-demo" on -L test, neither done nor stopped/],
  ['server not running', observation({ session: null, serverChecked: false }), 'lost', /tmux server -L test not running/],
  ['no session but the runner lock is alive', observation({ session: null, expectedSession: null, autonomous: autonomous(1, 3, { lock: { pid: 99, alive: true, kind: 'runner-lock-dir' } }) }), 'running', /runner pid 99 alive/],
  ['a state dir with a fresh heartbeat and no session', observation({ session: null, expectedSession: null, dotAgent: dotAgent({ heartbeat: { at: ago(5), source: 'content', line: '' } }) }), 'running', /not in a tmux session on -L test/],
  ['a state dir with an old heartbeat and no session', observation({ session: null, expectedSession: null, dotAgent: dotAgent({ heartbeat: { at: ago(5000), source: 'content', line: '' } }) }), 'lost', /no tmux session on -L test/],
  ['an adopted session at a shell is not a crash', observation({ sessionMatch: 'dir', session: session({ shellChildren: 0 }, { currentCommand: 'bash' }) }), 'running', /session alive/],
];

describe('state classification', () => {
  it.each(cases)('%s', (_name, obs, state, reason) => {
    const result = judge(obs);
    expect(result.state).toBe(state);
    expect(result.reason).toMatch(reason);
  });

  it('uses the configured interval', () => {
    const obs = observation({ dotAgent: dotAgent({ heartbeat: { at: ago(100), source: 'content', line: '' } }) });
    expect(judge(obs, 30).state).toBe('stale');
    expect(judge(obs, 60).state).toBe('running');
  });
});

describe('agent kind', () => {
  it('prefers what oneshot recorded, then the name, the command and the event format', () => {
    expect(detectKind({ recorded: 'shell', sessionName: 'codex-x' })).toBe('shell');
    expect(detectKind({ sessionName: 'claude-review' })).toBe('claude');
    expect(detectKind({ sessionName: 'work', command: '/usr/bin/opencode' })).toBe('opencode');
    expect(detectKind({ sessionName: 'work', command: 'node', format: 'codex' })).toBe('codex');
    expect(detectKind({ sessionName: 'oneshot-123', command: 'node' })).toBe('unknown');
  });
});
