// The product on the real CLIs (Codex, Claude Code, OpenCode, Pi at pinned versions),
// offline against a loopback mock LLM this suite owns, with the CLIs' own defaults and
// oneshot's default autonomy. `npm run test:agents`; figures are printed, not asserted
// beyond the acceptance deadlines.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { processesWithEnv, TREE_MARK } from '../../src/sources/proc.js';
import { runCli } from '../helpers/cli.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';
import { AGENT_KINDS, agentEnv, installAgents, startMock, type AgentKind, type MockLlm } from './setup.js';

let area: TempArea;
let server: TestServer;
let mock: MockLlm;
let binDir: string;
const figures: string[] = [];

beforeAll(async () => {
  ({ binDir } = await installAgents());
  area = makeTempArea('oneshot-agents-');
  server = createTestServer(area.env);
  mock = await startMock(area.path('mock'));
}, 15 * 60_000);

afterAll(async () => {
  server?.kill();
  await mock?.stop();
  if (area) {
    await settleAgents(area.env.ONESHOT_STATE_DIR!);
    area.cleanup();
  }
  // eslint-disable-next-line no-console
  console.log(`\nreal agents, figures:\n${figures.map((f) => `  ${f}`).join('\n')}`);
}, 60_000);

function envFor(kind: AgentKind): Record<string, string> {
  const root = area.path('agents', kind);
  mkdirSync(root, { recursive: true });
  return {
    ...area.env,
    ...agentEnv(kind, root, mock.port),
    // oneshot's state stays in the test's area, whatever the agent's HOME is.
    ONESHOT_STATE_DIR: area.env.ONESHOT_STATE_DIR!,
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    ONESHOT_TMUX_CONF: '/dev/null',
  };
}

const oneshot = (kind: AgentKind, args: string[]) => runCli(['-L', server.name, ...args], envFor(kind));

function statusOf(kind: AgentKind, name: string): AgentStatusJson | undefined {
  const r = oneshot(kind, ['status', '--json']);
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as AgentStatusJson[]).find((a) => a.name === name);
}

const waitState = (kind: AgentKind, name: string, state: string, timeoutMs = 120_000) =>
  waitFor(
    () => {
      const a = statusOf(kind, name);
      if (a && a.state !== state && ['crashed', 'done', 'stopped'].includes(a.state) && a.state !== state && state !== 'running') {
        // Settled somewhere else: fail now with the reason instead of waiting out the deadline.
        throw new Error(`${name} is ${a.state}: ${a.reason}`);
      }
      return a?.state === state ? a : null;
    },
    { timeoutMs, intervalMs: 250, message: `${name} ${state}` },
  );

function runsOf(name: string): Record<string, unknown>[] {
  return readFileSync(join(area.env.ONESHOT_STATE_DIR!, 'tasks', name, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const taskDir = (name: string) => join(area.env.ONESHOT_STATE_DIR!, 'tasks', name);
const readOut = (dir: string) => (existsSync(join(dir, 'out.txt')) ? readFileSync(join(dir, 'out.txt'), 'utf8') : '');

describe.each(AGENT_KINDS.map((k) => [k]))('%s, for real', (kind) => {
  const work = (name: string) => {
    const dir = area.path('work', kind, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  /** A run whose tool (sleep 120, in its own session) has started: it wrote its first line. */
  async function startSleepingTool(what: string): Promise<{ dir: string; name: string }> {
    const dir = work(what);
    const name = `${kind}-${what}`;
    oneshot(kind, ['run', '--agent', kind, '--name', name, '--dir', dir, 'MOCKTURN SLEEP then write']);
    await waitFor(() => readOut(dir).includes('start'), { timeoutMs: 120_000, intervalMs: 100, message: 'the tool started' });
    return { dir, name };
  }

  it('launched with the default autonomy, writes the file; session id, last event and usage are on record', async () => {
    const dir = work('write');
    const name = `${kind}-write`;
    const started = Date.now();
    const r = oneshot(kind, ['run', '--agent', kind, '--name', name, '--dir', dir, 'MOCKTURN write the file']);
    expect(r.stderr).not.toMatch(/Error|error:/);
    expect(r.status).toBe(0);
    const done = await waitState(kind, name, 'done');
    figures.push(`${kind}: launch → done ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(readOut(dir)).toContain('hi');
    expect(done.autonomy).toBe('workspace');
    expect(done.sessionId).toBeTruthy();
    expect(done.lastEvent).not.toBeNull();
    expect(done.usage).not.toBeNull();
    expect(done.reason).not.toMatch(/denied/);
  }, 180_000);

  it('SIGKILL mid-tool is crashed within 2 s, leaves no tool process, and resume finishes the same session', async () => {
    const { dir, name } = await startSleepingTool('kill');
    const running = await waitState(kind, name, 'running');
    const sessionId = running.sessionId;
    expect(sessionId).toBeTruthy();
    const agentPid = runsOf(name).filter((e) => e.event === 'agent').pop()?.pid as number;
    expect(processesWithEnv(TREE_MARK, taskDir(name)).length).toBeGreaterThan(1);
    const killedAt = Date.now();
    process.kill(agentPid, 'SIGKILL');
    await waitState(kind, name, 'crashed', 2000);
    figures.push(`${kind}: SIGKILL → crashed ${((Date.now() - killedAt) / 1000).toFixed(2)} s`);
    await waitFor(() => processesWithEnv(TREE_MARK, taskDir(name)).length === 0, { timeoutMs: 2000, message: 'no process of the run left' });

    const resumedAt = Date.now();
    const r = oneshot(kind, ['resume', name]);
    expect(r.status).toBe(0);
    const done = await waitState(kind, name, 'done');
    figures.push(`${kind}: resume → done ${((Date.now() - resumedAt) / 1000).toFixed(1)} s`);
    expect(done.sessionId).toBe(sessionId);
    expect(runsOf(name).filter((e) => e.event === 'resume').pop()).toMatchObject({ how: 'native-resume' });
    expect(readOut(dir)).not.toContain('after-sleep');
  }, 300_000);

  it('stop ends the agent and its tools', async () => {
    const { name } = await startSleepingTool('stop');
    const r = oneshot(kind, ['stop', name]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`stopped "${name}"`));
    expect(processesWithEnv(TREE_MARK, taskDir(name))).toEqual([]);
    expect(statusOf(kind, name)?.state).toBe('stopped');
  }, 180_000);
});
