import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { cleanEnv, ONESHOT_BIN, runCli } from '../helpers/cli.js';
import { FAKE_AGENT, installFakeAgents } from '../helpers/fake-agents.js';
import { FORMATS_DIR } from '../helpers/formats.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;
const CODEX_SAMPLE = join(FORMATS_DIR, 'codex-exec-json', 'rust-claude-codes__hello_world.jsonl');

const oneshot = (args: string[], extra: Record<string, string> = {}) => runCli([...args.slice(0, 1), '-L', server.name, ...args.slice(1)], { ...env, ...extra });
function status(): Record<string, AgentStatusJson> {
  const r = oneshot(['status', '--json']);
  if (r.status !== 0) throw new Error(r.stderr);
  return Object.fromEntries((JSON.parse(r.stdout) as AgentStatusJson[]).map((a) => [a.name, a]));
}
const waitState = (name: string, state: string) => waitFor(() => (status()[name]?.state === state ? status()[name] : null), { timeoutMs: 30_000, intervalMs: 250, message: `${name} ${state}` });

beforeAll(() => {
  area = makeTempArea();
  env = { ...area.env, PATH: installFakeAgents(area.path('bin')), ONESHOT_TMUX_CONF: '/dev/null', FAKE_REPLAY: CODEX_SAMPLE };
  mkdirSync(join(env.XDG_CONFIG_HOME!, 'oneshot'), { recursive: true });
  // Seconds instead of minutes, so the schedule plays out within the test.
  writeFileSync(
    join(env.XDG_CONFIG_HOME!, 'oneshot', 'config.json'),
    JSON.stringify({ watchdog: { backoffBaseSec: 1, backoffMaxSec: 4, settleSec: 2, maxFailures: 2, minUptimeSec: 30, healthyResetSec: 600 } }),
  );
  server = createTestServer(env);
});
afterAll(async () => {
  server.kill();
  await settleAgents(env.ONESHOT_STATE_DIR!);
  area.cleanup();
});

describe('oneshot build', () => {
  it('writes a task list, then works it off one session at a time until N/N and done', async () => {
    const dir = area.path('site');
    mkdirSync(dir);
    const tasks = join(dir, '.autonomous', 'site');
    const r = oneshot(['build', 'a small static site', '--agent', 'codex', '--name', 'site', '--dir', dir, '--max-sessions', '6'], { FAKE_TASKS: tasks, FAKE_INIT_TASKS: '3' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('autonomous codex build "site"');
    const done = await waitState('site', 'done');
    expect(done.progress).toEqual({ done: 3, total: 3, source: 'tasks' });
    const taskDir = join(env.ONESHOT_STATE_DIR!, 'tasks', 'site');
    // One session to write the list, three to check its items; each kept its own output.
    for (const n of [1, 2, 3, 4]) {
      expect(existsSync(join(taskDir, 'sessions', `${n}.jsonl`))).toBe(true);
      expect(readFileSync(join(taskDir, 'sessions', `${n}.log`), 'utf8')).toContain('hello world');
    }
    expect(existsSync(join(taskDir, 'sessions', '5.jsonl'))).toBe(false);
    expect(JSON.parse(readFileSync(join(taskDir, 'build.json'), 'utf8'))).toMatchObject({ session: 4, maxSessions: 6 });
    // The first session was asked to write the list; later ones to continue it.
    const prompts = readFileSync(join(dir, '.agent', 'session.log'), 'utf8');
    expect(prompts).toContain('build session 1 of 6: writing the task list');
    expect(prompts).toContain('build session 4 of 6: 2/3 tasks done');
    expect(Object.keys(status()).filter((n) => n.startsWith('site'))).toEqual(['site']);
  });

  it('stops when the session budget is spent, and says so', async () => {
    const dir = area.path('big');
    mkdirSync(dir);
    oneshot(['build', 'too much work', '--agent', 'codex', '--name', 'big', '--dir', dir, '--max-sessions', '2'], { FAKE_TASKS: join(dir, '.autonomous', 'big'), FAKE_INIT_TASKS: '3' });
    const stopped = await waitState('big', 'crashed');
    expect(stopped.reason).toMatch(/the session budget is spent \(2 sessions\), 2 of 3 Task items open/);
    expect(stopped.progress).toEqual({ done: 1, total: 3, source: 'tasks' });
  });
});

describe('oneshot watch --auto-resume', () => {
  let watcher: ChildProcess;
  let output = '';

  beforeAll(() => {
    const hook = area.path('hook.sh');
    writeFileSync(hook, `#!/bin/sh\ncat >> "${area.path('events.jsonl')}"\n`);
    chmodSync(hook, 0o755);
    watcher = spawn(process.execPath, [ONESHOT_BIN, 'watch', '--auto-resume', '-L', server.name, '--interval', '300', '--on-event', hook], { env: cleanEnv(env) });
    watcher.stdout!.on('data', (d) => (output += d));
    watcher.stderr!.on('data', (d) => (output += d));
  });
  afterAll(async () => {
    watcher.kill('SIGTERM');
    await new Promise((r) => watcher.once('close', r));
  });

  it('resumes an agent killed with SIGKILL on schedule and counts the restart', async () => {
    await waitFor(() => output.includes('with auto-resume'), { message: 'watch started' });
    const dir = area.path('steady');
    mkdirSync(dir);
    oneshot(['run', '--agent', 'shell', '--name', 'steady', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000', FAKE_LOG: area.path('steady.log') });
    await waitState('steady', 'running');
    const first = await waitFor(() => existsSync(area.path('steady.log')) && JSON.parse(readFileSync(area.path('steady.log'), 'utf8').split('\n')[0]!));
    process.kill(first.pid, 'SIGKILL');
    await waitFor(() => /auto-resume steady \(crashed; retry 1 after waiting 1s; restart 1\): restarted in its session/.test(output), { message: `resumed (output: ${output})` });
    await waitState('steady', 'running');
    await waitFor(() => readFileSync(area.path('steady.log'), 'utf8').trim().split('\n').length === 2, { message: 'the agent ran again' });
    // The hook heard about the crash, as JSON.
    const events = readFileSync(area.path('events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.find((e) => e.agent === 'steady' && e.event === 'crashed')).toMatchObject({ kind: 'shell', state: 'crashed' });
  });

  it('gives up on an agent that dies at once every time, with the reason', async () => {
    const dir = area.path('flaky');
    mkdirSync(dir);
    oneshot(['run', '--agent', 'shell', '--name', 'flaky', '--dir', dir, '--', 'sh', '-c', 'exit 1']);
    await waitFor(() => /flaky: gave up: 2 resumes in a row failed within 30s \(crash loop\)/.test(output), { timeoutMs: 40_000, message: `gave up (output: ${output})` });
    const log = readFileSync(join(env.ONESHOT_STATE_DIR!, 'actions.log'), 'utf8');
    expect(log).toMatch(/"source":"watchdog","action":"watchdog give-up","agent":"flaky"/);
    expect(log).toMatch(/"action":"watchdog resume","agent":"steady","result":"ok"/);
  });
});
