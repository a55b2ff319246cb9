// The product on the real CLIs (Codex, Claude Code, OpenCode, Pi at pinned versions),
// offline against a loopback mock LLM this suite owns, with the CLIs' own defaults and
// oneshot's default autonomy. `npm run test:agents`; figures are printed, not asserted
// beyond the acceptance deadlines.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesWithEnv, TREE_MARK } from '../../src/sources/proc.js';
import { waitFor } from '../helpers/wait.js';
import { AGENT_KINDS, type AgentKind } from './setup.js';
import { realAgentSuite } from './suite.js';

const suite = realAgentSuite('oneshot-agents-', 'real agents');
const { figures, oneshot, statusOf } = suite;

const waitState = async (kind: AgentKind, name: string, state: string, timeoutMs = 120_000) => {
  const seen: { last?: ReturnType<typeof statusOf> } = {};
  try {
    return await waitFor(
      () => {
        const a = (seen.last = statusOf(kind, name));
        if (a && a.state !== state && ['crashed', 'done', 'stopped'].includes(a.state) && a.state !== state && state !== 'running') {
          // Settled somewhere else: fail now with the reason instead of waiting out the deadline.
          throw new Error(`${name} is ${a.state}: ${a.reason}`);
        }
        return a?.state === state ? a : null;
      },
      { timeoutMs, intervalMs: 250, message: `${name} ${state}` },
    );
  } catch (error) {
    // Say where it was when the time ran out: a state and its reason, and its last event.
    const last = seen.last;
    throw new Error(`${(error as Error).message}; last seen: ${last ? `${last.state} (${last.reason}); last event: ${JSON.stringify(last.lastEvent)}` : 'not listed'}`);
  }
};

function runsOf(name: string): Record<string, unknown>[] {
  return readFileSync(join(suite.area.env.ONESHOT_STATE_DIR!, 'tasks', name, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const taskDir = (name: string) => join(suite.area.env.ONESHOT_STATE_DIR!, 'tasks', name);
const readOut = (dir: string) => (existsSync(join(dir, 'out.txt')) ? readFileSync(join(dir, 'out.txt'), 'utf8') : '');

describe.each(AGENT_KINDS.map((k) => [k]))('%s, for real', (kind) => {
  const work = (name: string) => {
    const dir = suite.area.path('work', kind, name);
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
