import { appendFileSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentView } from '../../src/fleet/agent.js';
import { toStatusJson } from '../../src/fleet/snapshot.js';
import { createRunner } from '../../src/proc/exec.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { createDirWatcher } from '../../src/sources/watch.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import { createTmuxClient } from '../../src/tmux/client.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let area: TempArea;
let store: AppStore;
let runtime: Runtime;

const agent = (name: string): AgentView | undefined => Object.values(store.getState().agents).find((a) => a.name === name);

beforeAll(() => {
  area = makeTempArea();
  server = createTestServer(area.env);
  const tmux = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: {} });
  store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
  runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 200, watcherFactory: createDirWatcher });
});
afterAll(async () => {
  await runtime.stop();
  server.kill();
  area.cleanup();
});

describe('runtime over real files and a real tmux server', () => {
  it('tails events as they are appended, and starts over when the file is truncated', async () => {
    const tmp = area.path('t1');
    mkdirSync(tmp);
    const events = join(tmp, 'events.jsonl');
    writeFileSync(events, '{"type":"thread.started","thread_id":"abc"}\nnot json\n');
    server.tmux('new-session', '-d', '-s', 'codex-tail', '-e', `TASK_TMPDIR=${tmp}`, 'sleep', '600');
    runtime.start();
    const first = await waitFor(() => agent('codex-tail')?.events.stream.sessionId === 'abc' && agent('codex-tail'));
    expect(first.events.stream.badLines).toBe(1);
    expect(first.reason).toMatch(/1 unreadable event line/);

    // An event appended: the log is tailed, the agent's state files are not read again.
    const taskBefore = agent('codex-tail')?.task;
    appendFileSync(events, '{"type":"item.completed","item":{"type":"agent_message","text":"hello there"}}\n');
    await waitFor(() => agent('codex-tail')?.events.stream.lastEvent?.text === 'hello there');
    expect(agent('codex-tail')?.task).toBe(taskBefore);
    // A partial line is not read until it ends.
    appendFileSync(events, '{"type":"item.completed","item":{"type":"agent_mes');
    appendFileSync(events, 'sage","text":"second"}}\n');
    await waitFor(() => agent('codex-tail')?.events.stream.lastEvent?.text === 'second');

    truncateSync(events, 0);
    appendFileSync(events, '{"type":"thread.started","thread_id":"new-thread"}\n');
    const after = await waitFor(() => agent('codex-tail')?.events.stream.sessionId === 'new-thread' && agent('codex-tail'));
    expect(after.events.stream.badLines).toBe(0);
    expect(after.events.recent).toHaveLength(1);
  });

  it('copes with garbage, unreadable and oversized state files', async () => {
    const dir = area.path('messy');
    mkdirSync(join(dir, '.agent', 'STATUS.md'), { recursive: true }); // a directory where a file should be
    writeFileSync(join(dir, '.agent', 'HEARTBEAT'), Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x0a, 0x80, 0x81]));
    writeFileSync(join(dir, '.agent', 'CHECKPOINTS.md'), `${'x'.repeat(10 * 1024 * 1024)}\nCheckpoint at 12:00\n`);
    const tmp = area.path('t2');
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'events.jsonl'), `${'{"type":"x","pad":"'.padEnd(10 * 1024 * 1024, 'y')}"}\n{"type":"turn.started"}\n`);
    server.tmux('new-session', '-d', '-s', 'claude-messy', '-c', dir, '-e', `TASK_TMPDIR=${tmp}`, 'sleep', '600');
    const messy = await waitFor(() => agent('claude-messy')?.events.stream.lastEvent && agent('claude-messy'));
    expect(messy.dotAgent?.heartbeat?.source).toBe('mtime');
    expect(messy.dotAgent?.problems).toEqual(['STATUS.md: not a regular file (a directory), not read']);
    expect(messy.reason).toContain('STATUS.md: not a regular file (a directory), not read');
    expect(messy.events.stream.lastEvent?.type).toBe('turn.started');
    expect(toStatusJson(messy, Date.now()).problems).toContain('STATUS.md: not a regular file (a directory), not read');
  });

  it('survives a watched directory being deleted', async () => {
    const dir = area.path('vanishing');
    mkdirSync(join(dir, '.agent'), { recursive: true });
    writeFileSync(join(dir, '.agent', 'HEARTBEAT'), `${new Date().toISOString()}\n`);
    server.tmux('new-session', '-d', '-s', 'pi-vanish', '-c', dir, 'sleep', '600');
    await waitFor(() => agent('pi-vanish')?.dotAgent?.heartbeat);
    rmSync(join(dir, '.agent'), { recursive: true });
    await waitFor(() => agent('pi-vanish') && agent('pi-vanish')!.dotAgent === null);
    expect(agent('pi-vanish')?.state).toBe('running');
  });

  it('follows sessions with hostile names through to the JSON', async () => {
    const names = ['codex-$(touch pwned)', 'claude-a;b', 'pi-"quoted"', 'opencode-ünï 名'];
    for (const name of names) server.tmux('new-session', '-d', '-s', name, 'sleep', '600');
    await waitFor(() => names.every((n) => agent(n)));
    const json = Object.values(store.getState().agents).map((a) => toStatusJson(a, Date.now()));
    for (const name of names) expect(json.find((j) => j.name === name)?.state).toBe('running');
  });

  it('turns every agent lost when the server is killed, and keeps going', async () => {
    mkdirSync(join(area.path('state'), 'tasks', 'keep'), { recursive: true });
    writeFileSync(join(area.path('state'), 'tasks', 'keep', 'task.json'), JSON.stringify({ name: 'keep', agent: 'shell', dir: area.root, session: 'shell-keep', socketPath: '' }));
    server.tmux('new-session', '-d', '-s', 'shell-keep', 'sleep', '600');
    await waitFor(() => agent('keep')?.state === 'running');
    server.kill();
    const lost = await waitFor(() => agent('keep')?.state === 'lost' && agent('keep'));
    expect(lost.reason).toMatch(/not running/);
    expect(store.getState().server.status).toBe('no-server');
  });
});

describe('a change costs the agents it touches', () => {
  it('a heartbeat written by one agent re-reads that agent only, with no tmux process', async () => {
    const area2 = makeTempArea();
    const server2 = createTestServer(area2.env);
    let processes: string[] = [];
    const real = createRunner();
    const tmux = createTmuxClient({ runner: (f, a, o) => (processes.push(a.join(' ')), real(f, a, o)), socket: { name: server2.name }, env: {} });
    const store2 = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime2 = createRuntime({ tmux, store: store2, stateDir: area2.path('state'), intervalMs: 100, watcherFactory: createDirWatcher });
    const dirs = ['a', 'b', 'c'].map((n) => {
      const dir = area2.path(n);
      mkdirSync(join(dir, '.agent'), { recursive: true });
      writeFileSync(join(dir, '.agent', 'HEARTBEAT'), `${new Date(Date.now() - 200_000).toISOString()}: alive\n`);
      server2.tmux('new-session', '-d', '-s', `claude-${n}`, '-c', dir, 'sleep', '600');
      return dir;
    });
    const view = (n: string) => Object.values(store2.getState().agents).find((x) => x.name === `claude-${n}`);
    try {
      runtime2.start();
      await waitFor(() => ['a', 'b', 'c'].every((n) => view(n)?.state === 'stale'));
      // Let the watches settle, then count.
      await waitFor(async () => {
        processes = [];
        await runtime2.pollOnce();
        return processes.every((p) => p.startsWith('-u -L') && p.includes('list-panes'));
      });
      const before = { a: view('a'), c: view('c') };
      processes = [];
      appendFileSync(join(dirs[1]!, '.agent', 'HEARTBEAT'), `${new Date().toISOString()}: alive\n`);
      await waitFor(() => view('b')?.state === 'running', { message: 'b running again' });
      // The others did not change, and no tmux query but the poll itself ran.
      expect(view('a')).toMatchObject({ state: before.a!.state, reason: before.a!.reason });
      expect(view('c')).toMatchObject({ state: before.c!.state, reason: before.c!.reason });
      expect(processes.filter((p) => !p.includes('list-panes'))).toEqual([]);
    } finally {
      await runtime2.stop();
      server2.kill();
      area2.cleanup();
    }
  });
});
