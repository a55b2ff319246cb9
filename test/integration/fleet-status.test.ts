import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { buildSyntheticFleet, type SyntheticFleet } from '../helpers/synthetic-fleet.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let area: TempArea;
let fleet: SyntheticFleet;

beforeAll(() => {
  area = makeTempArea();
  server = createTestServer(area.env);
  fleet = buildSyntheticFleet(server, area);
});
afterAll(() => {
  server.kill();
  area.cleanup();
});

function status(): Record<string, AgentStatusJson> {
  const r = runCli(['status', '--json', '-L', server.name, fleet.workRoot], area.env);
  if (r.status !== 0) throw new Error(`status failed (${r.status}): ${r.stderr}`);
  const list = JSON.parse(r.stdout) as AgentStatusJson[];
  return Object.fromEntries(list.map((a) => [a.name, a]));
}

describe('oneshot status --json on a synthetic fleet', () => {
  it('gives every agent the right state, progress, heartbeat and session id', async () => {
    // Pane output appears asynchronously: wait until the panes have printed.
    const agents = await waitFor(() => {
      const s = status();
      return s['pi-done']?.state === 'done' && s['claude-wait']?.state === 'needs-approval' && s['opencode-crash']?.session?.exitStatus === 3 ? s : null;
    });

    expect(Object.keys(agents).sort()).toEqual(['claude-stale', 'claude-wait', 'codex-build', 'codex-run', 'halted', 'opencode-crash', 'pi-done', 'vanished']);

    const run = agents['codex-run']!;
    expect(run).toMatchObject({ state: 'running', agent: 'codex', sessionId: fleet.codexThreadId });
    expect(run.heartbeat!.ageSeconds).toBeLessThanOrEqual(10);
    expect(run.checkpoints).toEqual({ count: 2, last: 'Checkpoint at 10:05' });
    expect(run.lastEvent).toMatchObject({ type: 'turn.completed', text: 'turn done · 31k in / 205 out' });
    expect(run.usage).toEqual({ inputTokens: 30669, outputTokens: 205, costUsd: null });
    expect(run.session).toMatchObject({ name: 'codex-run', alive: true, paneDead: false, command: 'sleep' });

    const stale = agents['claude-stale']!;
    expect(stale.state).toBe('stale');
    expect(stale.heartbeat!.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(stale.heartbeat!.ageSeconds).toBeLessThan(700);
    expect(stale.reason).toMatch(/heartbeat 10m old/);

    expect(agents['claude-wait']).toMatchObject({ state: 'needs-approval', agent: 'claude' });
    expect(agents['claude-wait']!.reason).toMatch(/permission prompt/);

    expect(agents['pi-done']).toMatchObject({ state: 'done', agent: 'pi' });

    const crash = agents['opencode-crash']!;
    expect(crash).toMatchObject({ state: 'crashed', agent: 'opencode' });
    expect(crash.session).toMatchObject({ paneDead: true, exitStatus: 3 });
    expect(crash.reason).toMatch(/status 3/);

    const build = agents['codex-build']!;
    expect(build).toMatchObject({ state: 'running', progress: { done: 3, total: 5, source: 'tasks' } });

    expect(agents.halted).toMatchObject({ state: 'stopped', reason: 'stopped through oneshot: stopped by user' });
    expect(agents.vanished).toMatchObject({ state: 'lost', session: { name: 'shell-vanished', alive: false } });
    expect(agents.vanished!.reason).toMatch(/no tmux session "shell-vanished"/);
  });

  it('prints a table for people', () => {
    const r = runCli(['status', '-L', server.name], area.env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/STATE\s+NAME\s+AGENT/);
    expect(r.stdout).toMatch(/✗ crashed\s+opencode-crash/);
    expect(r.stdout).toMatch(/agents on tmux -L oneshot-test/);
  });

  it('lists agents under a header, in aligned columns', () => {
    const r = runCli(['list', '-L', server.name], area.env);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    // The header and the eight agents.
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^STATE\s+NAME\s+AGENT\s+SESSION$/);
    expect(r.stdout).toContain('shell-vanished (gone)');
    expect(r.stdout).not.toContain('\t');
    const agentAt = lines[0]!.indexOf('AGENT');
    for (const line of lines.slice(1)) expect(line.slice(agentAt)).toMatch(/^(codex|claude|opencode|pi|shell|unknown)\b/);
  });

  it('piped: whole reasons; --no-header and --format for scripts', () => {
    const r = runCli(['status', '-L', server.name, '--no-header', '--format', 'name,state,reason'], area.env);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    // Rows only: no title, no summary.
    expect(lines).toHaveLength(8);
    const vanished = lines.find((l) => l.startsWith('vanished'));
    expect(vanished).toMatch(/^vanished\s+\S+ lost\s+no tmux session "shell-vanished" on -L oneshot-test[^…]*neither done nor stopped$/);
    const bad = runCli(['list', '-L', server.name, '--format', 'name,colour'], area.env);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['oneshot: --format: no column "colour" (columns: host, state, name, agent, beat, progress, usage, event, reason, session, dir, id)']);
  });
});

describe('bad input', () => {
  it('an empty fleet is not an error', () => {
    const r = runCli(['status', '--json', '-L', `${server.name}-none`], area.env);
    expect(r).toMatchObject({ status: 0, stdout: '[]\n' });
    const human = runCli(['status', '-L', `${server.name}-none`], area.env);
    expect(human.stdout).toContain('oneshot-tui --demo');
  });

  it('a missing tmux is one line and exit code 2', () => {
    const r = runCli(['status'], { ...area.env, PATH: '/nonexistent' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['oneshot: tmux is not installed (not found on PATH); install tmux 3.0 or newer']);
  });

  it('unknown commands and options are one line and a non-zero exit', () => {
    const bad = runCli(['stauts'], area.env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown command 'stauts'");
    expect(bad.stderr).toContain('status');
    expect(runCli(['status', '--jsn'], area.env).status).toBe(2);
    expect(runCli(['status', '-L', 'a', '-S', '/b'], area.env)).toMatchObject({ status: 2, stderr: 'oneshot: give -L/--socket-name or -S/--socket-path, not both\n' });
  });

  it('a broken config file is one clear line', () => {
    const env = { ...area.env, ONESHOT_CONFIG: area.path('bad-config.json') };
    writeFileSync(env.ONESHOT_CONFIG, '{ not json');
    const r = runCli(['status'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^oneshot: config .*bad-config.json is not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
