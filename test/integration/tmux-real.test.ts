import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/proc/exec.js';
import { createTmuxClient, type TmuxClient } from '../../src/tmux/client.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let client: TmuxClient;

beforeAll(() => {
  server = createTestServer();
  client = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: {} });
});
afterAll(() => server.kill());

describe('tmux client against a real server', () => {
  it('sees no server as an empty fleet', async () => {
    const snap = await client.listPanes();
    expect(snap).toMatchObject({ status: 'no-server', panes: [] });
  });

  it('lists sessions with awkward names, their environment and their panes', async () => {
    const names = ['plain', 'with space', 'quote"s and \'s', '$(touch pwned);x', 'dots.and:colons', 'ünïcødé-名前'];
    for (const name of names) server.tmux('new-session', '-d', '-s', name, '-e', `TASK_TMPDIR=/tmp/${names.indexOf(name)}`, 'sleep', '600');
    const snap = await client.listPanes();
    expect(snap.status).toBe('ok');
    const listed = snap.panes.map((p) => p.sessionName).sort();
    // tmux itself replaces . and : in session names.
    expect(listed).toEqual(names.map((n) => n.replace(/[.:]/g, '_')).sort());
    expect(snap.panes.every((p) => p.paneId.startsWith('%') && p.sessionId.startsWith('$') && p.currentCommand === 'sleep')).toBe(true);
    const envs = await client.sessionEnvironments(snap.panes.map((p) => p.sessionId));
    const quoted = snap.panes.find((p) => p.sessionName.startsWith('quote'))!;
    expect(envs.get(quoted.sessionId)?.TASK_TMPDIR).toBe('/tmp/2');
  });

  it('captures the last lines of a pane', async () => {
    server.tmux('new-session', '-d', '-s', 'talker', 'sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; echo __TASK_DONE__; exec sleep 600');
    const pane = await waitFor(async () => (await client.listPanes()).panes.find((p) => p.sessionName === 'talker'));
    const text = await waitFor(async () => {
      const out = (await client.capturePanes([{ paneId: pane.paneId, lines: 10 }])).get(pane.paneId);
      return out?.includes('__TASK_DONE__') ? out : null;
    });
    expect(text).toContain('line5');
  });

  it('reports a dead pane with its exit status', async () => {
    const created = await client.newSession({ name: 'dies', cwd: '/', argv: ['sh', '-c', 'exit 7'], remainOnExit: true });
    expect(created.ok).toBe(true);
    // The status arrives a moment after the pane is marked dead.
    const pane = await waitFor(async () => (await client.listPanes()).panes.find((p) => p.sessionName === 'dies' && p.dead && p.deadStatus !== null));
    expect(pane.deadStatus).toBe(7);
  });

  it('passes argv through without a shell', async () => {
    const created = await client.newSession({ name: 'inert', cwd: '/tmp', argv: ['printf', '%s\\n', '$(echo pwned) `id` ; rm -rf /'], remainOnExit: true });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const out = await waitFor(async () => {
      const text = (await client.capturePanes([{ paneId: created.value.paneId, lines: 5 }])).get(created.value.paneId);
      return text?.includes('rm -rf') ? text : null;
    });
    expect(out).toContain('$(echo pwned) `id` ; rm -rf /');
  });

  it('treats a server killed between two polls as no server', async () => {
    expect((await client.listPanes()).status).toBe('ok');
    server.kill();
    expect(await client.listPanes()).toMatchObject({ status: 'no-server', panes: [] });
  });
});
