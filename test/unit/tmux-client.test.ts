import { describe, expect, it } from 'vitest';
import { createTmuxClient } from '../../src/tmux/client.js';
import { FIELD_SEP, LIST_PANES_FORMAT, parseEnvironment, parseListPanes } from '../../src/tmux/format.js';
import { resolveSocketPath, socketArgs, socketLabel } from '../../src/tmux/socket.js';
import { fakeRunner } from '../helpers/fake-runner.js';

const paneLine = (over: Record<number, string> = {}) => {
  const fields = ['$3', 'codex-a', '100', '101', '0', '/w', '@5', '0', 'main', '102', '1', '%12', '0', '1', '4242', 'codex', '/w/a', '0', '', '', '', '120', '40', '0', 'host'];
  for (const [i, v] of Object.entries(over)) fields[Number(i)] = v;
  return fields.join(FIELD_SEP);
};

describe('socket selection', () => {
  it('follows tmux: -S, then -L, then $TMUX, then the default', () => {
    expect(socketArgs({ path: '/s', name: 'n' }, {})).toEqual(['-S', '/s']);
    expect(socketArgs({ name: 'n' }, { TMUX: '/tmp/tmux-0/other,1,2' })).toEqual(['-L', 'n']);
    expect(socketArgs({}, { TMUX: '/tmp/tmux-0/other,1,2' })).toEqual(['-S', '/tmp/tmux-0/other']);
    expect(socketArgs({}, {})).toEqual([]);
    expect(resolveSocketPath({ name: 'x' }, { TMUX_TMPDIR: '/run/t' }, 7)).toBe('/run/t/tmux-7/x');
    expect(resolveSocketPath({}, {}, 7)).toBe('/tmp/tmux-7/default');
    expect(socketLabel({}, { TMUX: '/tmp/tmux-0/default,1,2' })).toBe('default');
    expect(socketLabel({ name: 'x' }, {})).toBe('-L x');
  });
});

describe('tmux client', () => {
  it('lists the whole server with one list-panes call', async () => {
    const fake = fakeRunner([
      { file: 'tmux', args: ['-u', '-L', 'sock', 'list-panes', '-a', '-F', LIST_PANES_FORMAT], result: { stdout: `${paneLine()}\n${paneLine({ 11: '%13', 17: '1', 18: '3' })}\n` } },
    ]);
    const client = createTmuxClient({ runner: fake.runner, socket: { name: 'sock' }, env: {} });
    const snap = await client.listPanes();
    fake.assertDone();
    expect(snap.status).toBe('ok');
    expect(snap.panes).toHaveLength(2);
    expect(snap.panes[0]).toMatchObject({ sessionId: '$3', sessionName: 'codex-a', paneId: '%12', panePid: 4242, currentCommand: 'codex', dead: false, deadStatus: null });
    expect(snap.panes[1]).toMatchObject({ paneId: '%13', dead: true, deadStatus: 3 });
  });

  it('reads no server as an empty fleet and a missing binary as missing', async () => {
    const none = fakeRunner([{ file: 'tmux', args: ['-u', '-S', '/x', 'list-panes', '-a', '-F', LIST_PANES_FORMAT], result: { exitCode: 1, stderr: 'no server running on /x\n' } }]);
    expect(await createTmuxClient({ runner: none.runner, socket: { path: '/x' }, env: {} }).listPanes()).toMatchObject({ status: 'no-server', panes: [] });
    const refused = fakeRunner([{ file: 'tmux', args: ['-u', 'list-panes', '-a', '-F', LIST_PANES_FORMAT], result: { exitCode: 1, stderr: 'error connecting to /tmp/tmux-0/default (No such file or directory)\n' } }]);
    expect((await createTmuxClient({ runner: refused.runner, env: {} }).listPanes()).status).toBe('no-server');
    const missing = fakeRunner([{ file: 'tmux', args: ['-u', 'list-panes', '-a', '-F', LIST_PANES_FORMAT], result: { exitCode: 127, notFound: true } }]);
    expect((await createTmuxClient({ runner: missing.runner, env: {} }).listPanes()).status).toBe('missing');
  });

  it('uses the server of $TMUX when no socket is given', async () => {
    const fake = fakeRunner([{ file: 'tmux', args: ['-u', '-S', '/tmp/tmux-1/work', 'list-panes', '-a', '-F', LIST_PANES_FORMAT] }]);
    await createTmuxClient({ runner: fake.runner, env: { TMUX: '/tmp/tmux-1/work,99,0' } }).listPanes();
    fake.assertDone();
  });

  it('reads the environment of many sessions in one process', async () => {
    const fake = fakeRunner([
      {
        file: 'tmux',
        args: ['-u', '-L', 's', 'show-environment', '-t', '$1', ';', 'display-message', '-p', '\x1e0', ';', 'show-environment', '-t', '$2', ';', 'display-message', '-p', '\x1e1'],
        result: { stdout: 'TASK_TMPDIR=/t/1\n-DISPLAY\n\x1e0\nHOME=/h\n\x1e1\n' },
      },
    ]);
    const envs = await createTmuxClient({ runner: fake.runner, socket: { name: 's' }, env: {} }).sessionEnvironments(['$1', '$2']);
    fake.assertDone();
    expect(envs.get('$1')).toEqual({ TASK_TMPDIR: '/t/1' });
    expect(envs.get('$2')).toEqual({ HOME: '/h' });
  });

  it('captures panes in one process and falls back to one each when a pane vanished', async () => {
    const one = (pane: string, i: number) => ['capture-pane', '-p', '-J', '-t', pane, '-S', '-50', ';', 'display-message', '-p', `\x1e${i}`];
    const fake = fakeRunner([
      { file: 'tmux', args: ['-u', ...one('%1', 0), ';', ...one('%2', 1)], result: { exitCode: 1, stderr: "can't find pane: %1\n" } },
      { file: 'tmux', args: ['-u', ...one('%1', 0)], result: { exitCode: 1, stderr: "can't find pane: %1\n" } },
      { file: 'tmux', args: ['-u', ...one('%2', 0)], result: { stdout: 'line a\nline b\n\x1e0\n' } },
    ]);
    const out = await createTmuxClient({ runner: fake.runner, env: {} }).capturePanes([
      { paneId: '%1', lines: 50 },
      { paneId: '%2', lines: 50 },
    ]);
    fake.assertDone();
    expect([...out]).toEqual([['%2', 'line a\nline b']]);
  });

  it('starts sessions with argv after --, environment with -e, and remain-on-exit in the same call', async () => {
    const fake = fakeRunner([
      {
        file: 'tmux',
        args: ['-u', '-L', 's', 'new-session', '-d', '-P', '-F', '#{session_id} #{pane_id}', '-s', 'shell-t1', '-c', '/w', '-e', 'TASK_TMPDIR=/t', '--', 'node', 'sup.js', '$(touch x)', ';', 'set-option', '-p', 'remain-on-exit', 'on'],
        result: { stdout: '$4 %9\n' },
      },
    ]);
    const result = await createTmuxClient({ runner: fake.runner, socket: { name: 's' }, env: {} }).newSession({
      name: 'shell-t1',
      cwd: '/w',
      env: { TASK_TMPDIR: '/t' },
      argv: ['node', 'sup.js', '$(touch x)'],
      remainOnExit: true,
    });
    fake.assertDone();
    expect(result).toEqual({ ok: true, value: { sessionId: '$4', paneId: '%9' } });
  });
  it('starts the session again when it reached a server that was exiting, not other failures', async () => {
    const args = ['-u', '-L', 's', 'new-session', '-d', '-P', '-F', '#{session_id} #{pane_id}', '-s', 'a', '-c', '/w', '--', 'sh'];
    const exiting = { exitCode: 1, stderr: 'server exited unexpectedly\n' };
    const fake = fakeRunner([
      { file: 'tmux', args, result: exiting },
      { file: 'tmux', args, result: { stdout: '$1 %1\n' } },
    ]);
    const client = createTmuxClient({ runner: fake.runner, socket: { name: 's' }, env: {} });
    expect(await client.newSession({ name: 'a', cwd: '/w', argv: ['sh'] })).toEqual({ ok: true, value: { sessionId: '$1', paneId: '%1' } });
    fake.assertDone();

    const duplicate = fakeRunner([{ file: 'tmux', args, result: { exitCode: 1, stderr: 'duplicate session: a\n' } }]);
    const failed = await createTmuxClient({ runner: duplicate.runner, socket: { name: 's' }, env: {} }).newSession({ name: 'a', cwd: '/w', argv: ['sh'] });
    duplicate.assertDone();
    expect(failed).toEqual({ ok: false, error: 'duplicate session: a', missing: false });
  });
});

describe('parsers', () => {
  it('counts malformed list-panes lines', () => {
    expect(parseListPanes(`garbage\n${paneLine()}\n${paneLine({ 11: 'nope' })}\n`)).toMatchObject({ badLines: 2 });
  });
  it('reads the bell flag and a title holding anything, even the field separator', () => {
    const title = `✳ fix${FIELD_SEP}tests \x1b]0;x`;
    const [pane] = parseListPanes(`${paneLine({ 23: '1', 24: title })}\n`).panes;
    expect(pane).toMatchObject({ bell: true, title, paneId: '%12', height: 40 });
  });
  it('reads show-environment output', () => {
    expect(parseEnvironment('A=1\n-B\nC=x=y\n')).toEqual({ A: '1', C: 'x=y' });
  });
});
