// One agent's odd source must not stop the fleet: a named pipe where a state file should
// be, a read that never returns, a tmux server that stopped answering.
import { spawn, spawnSync } from 'node:child_process';
import { constants, mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentView } from '../../src/fleet/agent.js';
import { createRunner } from '../../src/proc/exec.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { readText } from '../../src/sources/files.js';
import { IoGuard } from '../../src/sources/guard.js';
import { createTailer } from '../../src/sources/tail.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import { appendLine, readRegularSync } from '../../src/tasks/files.js';
import { createTmuxClient } from '../../src/tmux/client.js';
import { cleanEnv, ONESHOT_BIN } from '../helpers/cli.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
const servers: TestServer[] = [];
const stopped: number[] = [];

beforeAll(() => {
  area = makeTempArea();
});
afterAll(() => {
  for (const pid of stopped) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  for (const s of servers) s.kill();
  area.cleanup();
});

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed`);
}

/** A project directory with .agent/ state; HEARTBEAT a named pipe when asked. */
function project(name: string, fifo: 'HEARTBEAT' | 'STATUS.md' | null): string {
  const dir = area.path('projects', name);
  mkdirSync(join(dir, '.agent'), { recursive: true });
  if (fifo !== 'HEARTBEAT') writeFileSync(join(dir, '.agent', 'HEARTBEAT'), `${new Date().toISOString()}: alive\n`);
  if (fifo !== 'STATUS.md') writeFileSync(join(dir, '.agent', 'STATUS.md'), 'working on it\n');
  if (fifo) mkfifo(join(dir, '.agent', fifo));
  return dir;
}

function server(): TestServer {
  const s = createTestServer(area.env);
  servers.push(s);
  return s;
}

/** Run the built CLI asynchronously; resolves when it exits (or rejects after the deadline). */
function runCliAsync(args: string[], deadlineMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ONESHOT_BIN, ...args], { env: cleanEnv(area.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`oneshot ${args.join(' ')} did not return within ${deadlineMs} ms`));
    }, deadlineMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('only regular files are read', () => {
  it('a named pipe is a problem on its agent, never a read that waits', async () => {
    const dir = project('pipe-read', 'HEARTBEAT');
    const file = await readText(join(dir, '.agent', 'HEARTBEAT'));
    expect(file.status).toBe('error');
    expect(file.error).toContain('not a regular file (a named pipe)');
    const tail = await createTailer(join(dir, '.agent', 'HEARTBEAT')).read();
    expect(tail.status).toBe('error');
    expect(tail.error).toContain('named pipe');
    expect(readRegularSync(join(dir, '.agent', 'HEARTBEAT'))).toBeNull();
    // The supervisor's heartbeat write fails at once instead of waiting for a reader.
    expect(() => appendLine(join(dir, '.agent', 'HEARTBEAT'), 'alive')).toThrow();
  });

  it('a symlink is followed only to a regular file', async () => {
    const dir = project('links', null);
    mkfifo(join(dir, 'pipe'));
    spawnSync('ln', ['-s', join(dir, 'pipe'), join(dir, '.agent', 'LAST_STATE.md')]);
    spawnSync('ln', ['-sf', join(dir, '.agent', 'STATUS.md'), join(dir, 'status-link')]);
    expect((await readText(join(dir, '.agent', 'LAST_STATE.md'))).error).toContain('named pipe');
    expect((await readText(join(dir, 'status-link'))).text).toBe('working on it\n');
  });

  it('`oneshot status DIR` returns with a pipe for HEARTBEAT, and the live sessions still show', async () => {
    const s = server();
    s.tmux('new-session', '-d', '-s', 'live-agent', '-e', `TASK_TMPDIR=${area.root}`, 'sleep 600');
    const dir = project('pipe-status', 'HEARTBEAT');
    const r = await runCliAsync(['-L', s.name, 'status', '--json', dir], 15_000);
    expect(r.stderr).toBe('');
    const agents = JSON.parse(r.stdout) as { name: string; problems: string[] }[];
    const names = agents.map((a) => a.name);
    expect(names).toContain('live-agent');
    expect(agents.find((a) => a.name === 'pipe-status')?.problems).toContain('HEARTBEAT: not a regular file (a named pipe), not read');
  });
});

describe('a time budget for every read', () => {
  it('reads that hang cost their own directory one thread each; every other read goes on', async () => {
    const guard = new IoGuard({ budgetMs: 150 });
    const dirs = ['a', 'b', 'c'].map((n) => {
      const d = area.path('slow', n);
      mkdirSync(d, { recursive: true });
      return d;
    });
    // Many sources that never answer: blocking opens of named pipes with no writer, ten per directory.
    const hung: Promise<string>[] = [];
    const pipes: string[] = [];
    for (const d of dirs) {
      for (let i = 0; i < 10; i++) {
        const p = join(d, `pipe${i}`);
        mkfifo(p);
        pipes.push(p);
        hung.push(guard.run(d, `pipe${i}`, async () => {
          const h = await open(p, 'r');
          await h.close();
          return 'opened';
        }, (problem) => problem));
      }
    }
    const answers = await Promise.all(hung);
    // The first of each directory timed out; the nine behind it were refused without touching the disk.
    expect(answers.filter((a) => a.includes('read timed out after'))).toHaveLength(3);
    expect(answers.filter((a) => a.includes('has not answered'))).toHaveLength(27);
    expect(guard.stuck().map((s) => s.group).sort()).toEqual(dirs);
    // Node's pool has 4 threads here and three hold a stuck open: a regular read still answers.
    const ok = area.path('slow', 'fine.txt');
    writeFileSync(ok, 'fine\n');
    expect((await readText(ok, 1024, guard)).text).toBe('fine\n');
    // A stuck directory is refused at once, without another thread.
    expect(await guard.run(dirs[0] as string, 'again', async () => 'ran', (p) => p)).toContain('has not answered');
    // Writers arrive: the stuck opens return and their directories are read again.
    for (const p of pipes.filter((_, i) => i % 10 === 0)) (await open(p, constants.O_WRONLY | constants.O_NONBLOCK)).close();
    await waitFor(() => guard.stuck().length === 0, { timeoutMs: 5_000 });
    expect(await guard.run(dirs[0] as string, 'again', async () => 'ran', (p) => p)).toBe('ran');
  });
});

describe('a tmux server that stops answering', () => {
  it('the poll goes on within the budget: file agents keep updating, the server is marked', async () => {
    const s = server();
    s.tmux('new-session', '-d', '-s', 'in-tmux', '-e', `TASK_TMPDIR=${area.root}`, 'sleep 600');
    const tmux = createTmuxClient({ runner: createRunner(), socket: { name: s.name }, env: {} });
    const store: AppStore = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const dir = project('beating', null);
    const runtime = createRuntime({ tmux, store, stateDir: area.path('state-hang'), dirs: [dir], tmuxBudgetMs: 300 });
    const byName = (n: string): AgentView | undefined => Object.values(store.getState().agents).find((a) => a.name === n);
    try {
      await runtime.pollOnce();
      expect(byName('in-tmux')?.state).toBe('running');
      const pid = Number(s.tmux('display-message', '-p', '#{pid}').trim());
      process.kill(pid, 'SIGSTOP');
      stopped.push(pid);
      // A new heartbeat while tmux is stopped: the next poll must show it.
      const beat = Math.floor(Date.now() / 1000) * 1000 - 7_000;
      writeFileSync(join(dir, '.agent', 'HEARTBEAT'), `${new Date(beat).toISOString()}: alive\n`);
      await runtime.pollOnce();
      expect(store.getState().server.status).toBe('error');
      expect(store.getState().server.error).toMatch(/^not answering \(no reply to list-panes in 0\.3 s\)/);
      expect(store.getState().server.hung).toBe(true);
      expect(byName('beating')?.dotAgent?.heartbeat?.at).toBe(beat);
      // The session is shown as tmux last said, with the reason on the agent.
      expect(byName('in-tmux')?.state).toBe('running');
      expect(byName('in-tmux')?.problems?.[0]).toContain('is not answering');
      // Polls go on and are refused at once while the stuck read waits: no pile of tmux clients.
      writeFileSync(join(dir, '.agent', 'STATUS.md'), 'still here\n');
      await runtime.pollOnce();
      expect(byName('beating')?.dotAgent?.statusTail).toEqual(['still here']);
      expect(store.getState().server.error).toMatch(/list-panes has waited \d+ s/);
      const clients = spawnSync('pgrep', ['-f', `tmux -u -L ${s.name} list-panes`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      expect(clients.length).toBeLessThanOrEqual(1);
      process.kill(pid, 'SIGCONT');
      await waitFor(async () => {
        await runtime.pollOnce();
        return store.getState().server.status === 'ok';
      }, { timeoutMs: 15_000 });
    } finally {
      await runtime.stop();
      await tmux.close();
    }
  });

  it('`oneshot status` answers from the files instead of waiting for tmux', async () => {
    const s = server();
    s.tmux('new-session', '-d', '-s', 'frozen', 'sleep 600');
    const dir = project('files-only', null);
    const pid = Number(s.tmux('display-message', '-p', '#{pid}').trim());
    process.kill(pid, 'SIGSTOP');
    stopped.push(pid);
    try {
      // tmux's own timeout is 10 s: returning well before it shows the budget at work.
      const r = await runCliAsync(['-L', s.name, 'status', dir], 8_000);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`tmux -L ${s.name}: not answering (no reply to list-panes in 2 s) (showing what the files say)`);
      expect(r.stdout).toContain('files-only');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });
});
