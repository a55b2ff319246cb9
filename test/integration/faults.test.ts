// The watch loop under faults: the server killed under its control client and started
// again, a pane printing as fast as it can. It goes on, and leaves no file descriptor
// and no process behind.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentView } from '../../src/fleet/agent.js';
import { createRunner, spawnPiped } from '../../src/proc/exec.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { createDirWatcher } from '../../src/sources/watch.js';
import { createAppStore } from '../../src/store/store.js';
import { createTmuxClient } from '../../src/tmux/client.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;

beforeAll(() => {
  area = makeTempArea();
  server = createTestServer(area.env);
});
afterAll(() => {
  server.kill();
  area.cleanup();
});

/**
 * Open descriptors, by what they are. libuv's one inotify instance stays open once made
 * (it is the loop's, shared by every watch), so it is not counted.
 */
function openFds(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target !== 'anon_inode:inotify') out.push(target);
    } catch {
      // closed while reading
    }
  }
  return out.sort();
}

/** This process's child processes, from /proc. */
function children(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

describe('faults in the watch loop', () => {
  it('outlives its server and a flooding pane, and leaves nothing behind', async () => {
    const fds = openFds();
    const kids = children().length;
    server.tmux('new-session', '-d', '-s', 'codex-calm', 'sleep', '600');
    const tmux = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: {}, control: { spawn: spawnPiped } });
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state'), intervalMs: 200, watcherFactory: createDirWatcher });
    const names = () => Object.values(store.getState().agents).map((a: AgentView) => a.name);
    try {
      runtime.start();
      await waitFor(() => tmux.transport.mode === 'control' && names().includes('codex-calm'));
      // A pane printing as fast as it can: the loop goes on and sees a new agent come.
      server.tmux('new-session', '-d', '-s', 'codex-flood', 'sh', '-c', 'yes oneshot-flood | head -c 50000000; exec sleep 600');
      server.tmux('new-session', '-d', '-s', 'codex-after', 'sleep', '600');
      await waitFor(() => names().includes('codex-flood') && names().includes('codex-after'), { timeoutMs: 20_000 });
      // The server killed under the control client: polling, said in the transport note.
      server.kill();
      await waitFor(() => store.getState().server.status === 'no-server', { timeoutMs: 10_000 });
      // Back again: control mode again, the new session seen.
      server.tmux('new-session', '-d', '-s', 'codex-again', 'sleep', '600');
      await waitFor(() => names().includes('codex-again') && tmux.transport.mode === 'control', { timeoutMs: 40_000 });
    } finally {
      await runtime.stop();
      await tmux.close();
    }
    // Every descriptor and child process of the loop is gone once it stopped.
    await waitFor(() => children().length === kids && openFds().length <= fds.length, { timeoutMs: 10_000, message: `fds ${openFds().join(' ')} (were ${fds.join(' ')}), children ${children().length} (was ${kids})` });
  });
});
