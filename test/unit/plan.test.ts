import { describe, expect, it } from 'vitest';
import { groupSessions, planFleet, type KnownTask } from '../../src/fleet/plan.js';
import type { DirProbe } from '../../src/sources/discover.js';
import { pane } from '../helpers/observations.js';

const record = (name: string, extra: Partial<KnownTask['record']> = {}): KnownTask => ({
  taskDir: `/state/tasks/${name}`,
  record: { name, agent: 'shell', dir: `/w/${name}`, argv: [], created: '', session: `shell-${name}`, socketPath: '/s', ...extra },
});
const probe = (dir: string, dotAgent: boolean, tasks: string[] = []): [string, DirProbe] => [dir, { dir, dotAgent, autonomousTasks: tasks.map((t, i) => ({ path: `${dir}/.autonomous/${t}`, mtimeMs: 100 - i })) }];

describe('fleet plan', () => {
  it('joins a oneshot task to its live session, and keeps it when the session is gone', () => {
    const sessions = groupSessions([pane({ sessionId: '$1', sessionName: 'shell-t1', paneId: '%1', currentPath: '/w/t1' })], new Map());
    const plans = planFleet({ sessions, tasks: [record('t1'), record('t2')], probes: new Map([probe('/w/t1', true)]), scanned: [] });
    expect(plans.map((p) => [p.id, p.session?.name ?? null, p.dotAgentDir])).toEqual([
      ['task:t1', 'shell-t1', '/w/t1'],
      ['task:t2', null, null],
    ]);
  });

  it('counts sessions by name prefix or TASK_TMPDIR, and leaves other sessions alone', () => {
    const panes = [
      pane({ sessionId: '$1', sessionName: 'codex-a', paneId: '%1', currentPath: '/w/a' }),
      pane({ sessionId: '$2', sessionName: 'mywork', paneId: '%2', currentPath: '/w/b' }),
      pane({ sessionId: '$3', sessionName: 'editor', paneId: '%3', currentPath: '/w/c', currentCommand: 'vim' }),
    ];
    const plans = planFleet({ sessions: groupSessions(panes, new Map([['$2', { TASK_TMPDIR: '/tmp/x' }]])), tasks: [], probes: new Map(), scanned: [] });
    expect(plans.map((p) => [p.name, p.sessionMatch, p.taskDir?.dir ?? null])).toEqual([
      ['codex-a', 'name', null],
      ['mywork', 'env', '/tmp/x'],
    ]);
  });

  it('adopts a session whose directory holds state files while a program runs in it', () => {
    const sessions = groupSessions([pane({ sessionId: '$1', sessionName: 'work', paneId: '%1', currentPath: '/w/p', currentCommand: 'node' })], new Map());
    const plans = planFleet({ sessions, tasks: [], probes: new Map([probe('/w/p', true, ['one'])]), scanned: [] });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ name: 'work', sessionMatch: 'dir', dotAgentDir: '/w/p', autonomousDir: '/w/p/.autonomous/one' });
  });

  it('does not list a plain idle shell whose directory holds an old .agent/, nor the directory', () => {
    for (const shell of ['bash', '-zsh', 'sh']) {
      const sessions = groupSessions([pane({ sessionId: '$1', sessionName: 'work', paneId: '%1', currentPath: '/w/p', currentCommand: shell })], new Map());
      expect(planFleet({ sessions, tasks: [], probes: new Map([probe('/w/p', true)]), scanned: [] }), shell).toEqual([]);
    }
  });

  it('counts a session running an agent program, whatever its name', () => {
    const sessions = groupSessions([pane({ sessionId: '$1', sessionName: 'scratch', paneId: '%1', currentPath: '/w/q', currentCommand: 'codex' })], new Map());
    expect(planFleet({ sessions, tasks: [], probes: new Map(), scanned: [] }).map((p) => [p.name, p.sessionMatch])).toEqual([['scratch', 'process']]);
  });

  it('uses the agent pane: first window, first pane', () => {
    const panes = [
      pane({ sessionId: '$1', sessionName: 'codex-a', paneId: '%7', windowIndex: 1, paneIndex: 0 }),
      pane({ sessionId: '$1', sessionName: 'codex-a', paneId: '%5', windowIndex: 0, paneIndex: 1 }),
      pane({ sessionId: '$1', sessionName: 'codex-a', paneId: '%4', windowIndex: 0, paneIndex: 0 }),
    ];
    expect(planFleet({ sessions: groupSessions(panes, new Map()), tasks: [], probes: new Map(), scanned: [] })[0]?.pane?.paneId).toBe('%4');
  });

  it('turns unclaimed state directories into agents, one per autonomous task', () => {
    const scanned: DirProbe[] = [probe('/repo/app', true, ['newest', 'older'])[1], probe('/repo/lib', false, ['x'])[1]];
    const plans = planFleet({ sessions: [], tasks: [], probes: new Map(), scanned });
    expect(plans.map((p) => [p.name, p.dotAgentDir, p.autonomousDir])).toEqual([
      ['app', '/repo/app', '/repo/app/.autonomous/newest'],
      ['app/older', null, '/repo/app/.autonomous/older'],
      ['lib/x', null, '/repo/lib/.autonomous/x'],
    ]);
  });

  it('makes repeated names distinct', () => {
    const scanned: DirProbe[] = [probe('/a/app', true)[1], probe('/b/app', true)[1]];
    expect(planFleet({ sessions: [], tasks: [], probes: new Map(), scanned }).map((p) => p.name)).toEqual(['app', 'app~2']);
  });
});
