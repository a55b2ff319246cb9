// Control mode against a real tmux: no process per poll, our client not counted as the
// user's attach, a killed server and a silent client fall back to polling, and the
// control client never outlives its owner.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, spawnPiped, type PipedProcess, type Runner } from '../../src/proc/exec.js';
import { createTmuxClient, type TmuxClient } from '../../src/tmux/client.js';
import { ControlParser } from '../../src/tmux/control.js';
import { FORMATS_DIR } from '../helpers/formats.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;

/** Control-mode clients of a server, from /proc: `tmux … -L name … -C …`. */
function controlClients(name: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('-C') && argv.includes(name)) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function countingRunner(): { runner: Runner; calls: string[] } {
  const real = createRunner();
  const calls: string[] = [];
  return { calls, runner: (file, args, options) => (calls.push(`${file} ${args.join(' ')}`), real(file, args, options)) };
}

beforeAll(() => {
  server = createTestServer();
  server.tmux('new-session', '-d', '-s', 'codex-one', 'sleep', '600');
  server.tmux('new-session', '-d', '-s', 'claude-two', 'sh', '-c', 'echo hello-two; exec sleep 600');
});
afterAll(() => server.kill());

describe('tmux control mode', () => {
  it('answers polls, captures and environments on one connection: no tmux process per poll', async () => {
    const { runner, calls } = countingRunner();
    const client = createTmuxClient({ runner, socket: { name: server.name }, env: {}, control: { spawn: spawnPiped } });
    try {
      const first = await client.listPanes();
      expect(first).toMatchObject({ status: 'ok', via: 'exec' });
      expect(client.transport.mode).toBe('control');
      const before = calls.length;
      for (let i = 0; i < 20; i++) {
        const snap = await client.listPanes();
        expect(snap.via).toBe('control');
        expect(snap.panes.map((p) => p.sessionName).sort()).toEqual(['claude-two', 'codex-one']);
        // Our control client is attached somewhere; nobody else is.
        expect(snap.panes.every((p) => p.sessionAttached === 0)).toBe(true);
      }
      const two = (await client.listPanes()).panes.find((p) => p.sessionName === 'claude-two')!;
      // The pane's shell may not have printed yet on a busy machine: wait for the line, still
      // over the one connection.
      const captured = await waitFor(async () => {
        const c = await client.capturePanes([{ paneId: two.paneId, lines: 10 }]);
        return c.get(two.paneId)?.includes('hello-two') ? c : null;
      }, { timeoutMs: 10_000, message: 'hello-two in the capture' });
      expect(captured.get(two.paneId)).toContain('hello-two');
      const envs = await client.sessionEnvironments([two.sessionId]);
      expect(envs.get(two.sessionId)).toBeDefined();
      expect(calls.length).toBe(before);
      expect(controlClients(server.name)).toHaveLength(1);
    } finally {
      await client.close();
    }
    await waitFor(() => controlClients(server.name).length === 0, { message: 'control client ended on close' });
  });

  it('falls back to polling when the server goes away, and goes back to control mode when it returns', async () => {
    const other = createTestServer();
    other.tmux('new-session', '-d', '-s', 'pi-x', 'sleep', '600');
    const client = createTmuxClient({ runner: createRunner(), socket: { name: other.name }, env: {}, control: { spawn: spawnPiped } });
    try {
      await client.listPanes();
      expect(client.transport.mode).toBe('control');
      other.kill();
      const gone = await waitFor(async () => {
        const s = await client.listPanes();
        return s.status === 'no-server' ? s : null;
      });
      expect(gone.panes).toEqual([]);
      expect(client.transport.mode).toBe('exec');
      expect(client.transport.note).toMatch(/^polling: /);
      other.tmux('new-session', '-d', '-s', 'pi-y', 'sleep', '600');
      await waitFor(async () => (await client.listPanes()).via === 'control', { timeoutMs: 15_000, intervalMs: 200, message: 'back in control mode' });
      expect((await client.listPanes()).panes.map((p) => p.sessionName)).toEqual(['pi-y']);
    } finally {
      await client.close();
      other.kill();
    }
  });

  it('a control client that never answers means polling, with the reason', async () => {
    const silent: PipedProcess = { pid: null, write: () => true, onLine: () => undefined, exited: new Promise(() => undefined), close: async () => undefined };
    const client = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: {}, control: { spawn: () => silent } });
    try {
      const snap = await client.listPanes();
      expect(snap.status).toBe('ok');
      expect(client.transport).toMatchObject({ mode: 'exec' });
      expect(client.transport.note).toMatch(/did not answer/);
      expect((await client.listPanes()).via).toBe('exec');
    } finally {
      await client.close();
    }
  }, 20_000);

  it('the control client ends with its owner, even when the owner is SIGKILLed', async () => {
    const script = `
      const { createTmuxClient } = await import(${JSON.stringify(join(process.cwd(), 'dist/src/tmux/client.js'))});
      const { createRunner, spawnPiped } = await import(${JSON.stringify(join(process.cwd(), 'dist/src/proc/exec.js'))});
      const c = createTmuxClient({ runner: createRunner(), socket: { name: ${JSON.stringify(server.name)} }, env: {}, control: { spawn: spawnPiped } });
      await c.listPanes();
      console.log(c.transport.mode);
      setInterval(() => undefined, 1000);
    `;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    owner.stdout.on('data', (d) => (said += String(d)));
    await waitFor(() => said.includes('control'), { message: 'owner in control mode' });
    expect(controlClients(server.name)).toHaveLength(1);
    owner.kill('SIGKILL');
    await waitFor(() => controlClients(server.name).length === 0, { message: 'no orphaned control client' });
  });
});

describe('control-mode output', () => {
  it('splits replies from notifications in a recorded session', () => {
    const replies: { ok: boolean; lines: string[] }[] = [];
    const notices: string[] = [];
    const parser = new ControlParser((r) => replies.push(r), (n) => notices.push(n));
    for (const line of readFileSync(join(FORMATS_DIR, 'tmux', 'control-mode-session1.txt'), 'utf8').split('\n')) parser.line(line);
    expect(replies[1]).toEqual({ ok: true, lines: ['agentA 1', 'agentB 0'] });
    expect(replies.filter((r) => !r.ok).map((r) => r.lines[0])).toEqual(['parse error: syntax error', 'parse error: syntax error', 'parse error: unknown command: bogus-command']);
    expect(notices).toContain('%sessions-changed');
    expect(notices.some((n) => n.startsWith('%output %7'))).toBe(true);
  });

  it('pane text that looks like an end line does not end a reply', () => {
    const replies: { ok: boolean; lines: string[] }[] = [];
    const parser = new ControlParser((r) => replies.push(r));
    for (const line of ['%begin 100 7 1', '%end 100 6 1', '%error 99 7 1', 'text', '%end 100 7 1']) parser.line(line);
    expect(replies).toEqual([{ ok: true, lines: ['%end 100 6 1', '%error 99 7 1', 'text'] }]);
  });

  it('a pane that dies is seen between polls: the liveness check starts the next poll early', async () => {
    const { createRuntime } = await import('../../src/runtime/runtime.js');
    const { createAppStore } = await import('../../src/store/store.js');
    server.tmux('new-session', '-d', '-s', 'codex-dies', 'sleep', '600');
    server.tmux('set-option', '-t', 'codex-dies', 'remain-on-exit', 'on');
    const client = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: {}, control: { spawn: spawnPiped } });
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: client.label });
    // Polls 30 s apart: only the liveness check can notice the death in time.
    const runtime = createRuntime({ tmux: client, store, stateDir: '/nonexistent-oneshot-state', intervalMs: 30_000 });
    const dies = () => Object.values(store.getState().agents).find((a) => a.name === 'codex-dies');
    try {
      runtime.start();
      await waitFor(() => dies()?.state === 'running' && client.transport.mode === 'control', { timeoutMs: 10_000 });
      // One more full poll is still needed for the control client to answer the liveness check.
      const pane = server.tmux('list-panes', '-t', 'codex-dies', '-F', '#{pane_id}').trim();
      server.tmux('respawn-pane', '-k', '-t', pane, 'exit 3');
      // The pane's death, not its status: a busy tmux 3.3 may report the status late.
      await waitFor(() => dies()?.session?.pane.dead === true, { timeoutMs: 10_000, message: 'the dead pane was not seen before the next 30 s poll' });
    } finally {
      await runtime.stop();
      await client.close();
      server.tryTmux('kill-session', '-t', 'codex-dies');
    }
  });
});
