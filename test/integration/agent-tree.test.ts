// The agent's surroundings, with stand-in CLIs (the real ones: npm run test:agents): its
// environment, the autonomy level on record, denials that a "done" must not hide, native
// resume only of a conversation that exists, one live copy, and no tool outliving it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { isPidAlive } from '../../src/sources/pid.js';
import { cliFleet, startFakeAgentFleet, type FakeAgentFleet } from '../helpers/cli-fleet.js';
import { fakeInvocations } from '../helpers/fake-agents.js';
import { FORMATS_DIR } from '../helpers/formats.js';
import type { TempArea } from '../helpers/temp.js';
import type { TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;
let fakeLog: string;

const CODEX_SAMPLE = join(FORMATS_DIR, 'codex-exec-json', 'rust-claude-codes__multi_command.jsonl');
const CLAUDE_SAMPLE = join(FORMATS_DIR, 'claude-stream-json', 'agentcmd__claude-md-stream-json-2.0.28.jsonl');

const { oneshot, status, waitState } = cliFleet(() => server.name, () => env);

const invocations = (dir: string) => fakeInvocations(fakeLog).filter((i) => i.cwd === dir);
const alive = isPidAlive;
const runs = (name: string) =>
  readFileSync(join(env.ONESHOT_STATE_DIR!, 'tasks', name, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const work = (name: string) => {
  const dir = area.path('work', name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

let fleet: FakeAgentFleet;
beforeAll(() => {
  fleet = startFakeAgentFleet((a) => ({ FAKE_LOG: a.path('fake.log') }));
  ({ area, server, env } = fleet);
  fakeLog = env.FAKE_LOG!;
});
afterAll(() => fleet.close());

describe('the agent and its surroundings', () => {
  it('runs in its own directory whatever the caller\'s PWD, with the autonomy level on record', async () => {
    const dir = work('where');
    const r = runCli(['-L', server.name, 'run', '--agent', 'opencode', '--name', 'where', '--dir', dir, 'look around'], { ...env, PWD: area.root, OLDPWD: '/' }, { cwd: area.root });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(autonomy: workspace)');
    const call = await waitFor(() => invocations(dir)[0]);
    expect(call.pwd).toBe(dir);
    expect(call.permission).toBe('{"bash":"allow","edit":"allow"}');
    expect(call.argv.slice(0, 3)).toEqual(['run', '--format', 'json']);
    const done = await waitState('where', 'done');
    expect(done.autonomy).toBe('workspace');

    const ro = work('readonly');
    oneshot(['run', '--agent', 'codex', '--name', 'readonly', '--autonomy', 'read-only', '--dir', ro, 'read only'], { FAKE_REPLAY: CODEX_SAMPLE });
    const roCall = await waitFor(() => invocations(ro)[0]);
    expect(roCall.argv).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only', 'read only']);
    expect((await waitState('readonly', 'done')).autonomy).toBe('read-only');
    const bad = oneshot(['run', '--agent', 'codex', '--autonomy', 'yolo', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--autonomy.*yolo.*read-only, workspace, full/);
  });

  it('a run that ends with denied tool calls is done, and says how many were denied', async () => {
    const dir = work('denied');
    const sample = area.path('denied.jsonl');
    const lines = readFileSync(CLAUDE_SAMPLE, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    last.permission_denials = [
      { tool_name: 'Bash', tool_use_id: 'toolu_1', tool_input: { command: 'echo hi > out.txt' } },
      { tool_name: 'Write', tool_use_id: 'toolu_2', tool_input: { file_path: 'x' } },
    ];
    writeFileSync(sample, [...lines.slice(0, -1), JSON.stringify(last)].join('\n') + '\n');
    oneshot(['run', '--agent', 'claude', '--name', 'denied', '--dir', dir, 'write it'], { FAKE_REPLAY: sample });
    const done = await waitState('denied', 'done');
    expect(done.reason).toBe('finished, but 2 tool calls were denied (autonomy workspace)');
  });

  it('resumes natively only a conversation the CLI still has; otherwise re-runs with context and says why', async () => {
    const dir = work('gone');
    oneshot(['run', '--agent', 'codex', '--name', 'gone', '--dir', dir, 'list the files'], { FAKE_REPLAY: CODEX_SAMPLE, FAKE_EXIT: '1' });
    await waitState('gone', 'crashed');
    // The rollout the fake wrote, as Codex keeps it, is removed: nothing to resume.
    rmSync(join(env.HOME!, '.codex', 'sessions'), { recursive: true, force: true });
    oneshot(['resume', 'gone'], { FAKE_REPLAY: CODEX_SAMPLE });
    await waitFor(() => invocations(dir).length >= 2);
    const second = invocations(dir)[1]!;
    expect(second.resumeId).toBeNull();
    expect(second.argv.at(-1)).toMatch(/^list the files\n/);
    const resume = runs('gone').find((e) => e.event === 'resume')!;
    expect(resume).toMatchObject({ how: 'rerun' });
    expect(String(resume.why)).toMatch(/^cannot resume session .*: no Codex rollout for /);
  });

  it('a session id that is not whole is not resumed', async () => {
    const dir = work('prefix');
    oneshot(['run', '--agent', 'codex', '--name', 'prefix', '--dir', dir, 'list the files'], { FAKE_REPLAY: CODEX_SAMPLE, FAKE_EXIT: '1' });
    await waitState('prefix', 'crashed');
    writeFileSync(join(env.ONESHOT_STATE_DIR!, 'tasks', 'prefix', 'session-id'), '0199a2\n');
    rmSync(join(env.ONESHOT_STATE_DIR!, 'tasks', 'prefix', 'codex-session-id'), { force: true });
    oneshot(['resume', 'prefix'], { FAKE_REPLAY: CODEX_SAMPLE });
    await waitFor(() => runs('prefix').some((e) => e.event === 'resume'));
    expect(String(runs('prefix').find((e) => e.event === 'resume')!.why)).toMatch(/"0199a2" is not a whole codex session id/);
  });

  it('no tool outlives its agent: a SIGKILL mid-tool is crashed and leaves nothing running', async () => {
    const dir = work('killed');
    oneshot(['run', '--agent', 'claude', '--name', 'killed', '--dir', dir, 'sleep a while'], { FAKE_REPLAY: CLAUDE_SAMPLE, FAKE_SLEEP_MS: '600000', FAKE_CHILD: '1' });
    const call = await waitFor(() => invocations(dir).find((i) => i.childPid));
    await waitState('killed', 'running');
    // A second copy of the conversation is refused while the first runs.
    const twice = oneshot(['resume', 'killed']);
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toMatch(/is running; nothing to resume|still run/);
    process.kill(call.pid, 'SIGKILL');
    await waitState('killed', 'crashed');
    await waitFor(() => !alive(call.childPid!), { message: 'the tool in its own session ended' });
    expect(runs('killed').find((e) => e.event === 'tree')).toMatchObject({ killed: 1 });
    // With nothing of it left, a resume goes ahead, natively.
    expect(oneshot(['resume', 'killed']).status).toBe(0);
    await waitFor(() => invocations(dir).length >= 2);
    expect(invocations(dir)[1]!.resumeId).toBe(status().killed?.sessionId);
    await waitState('killed', 'running');
  });

  it('stop ends the tools in their own sessions too', async () => {
    const dir = work('stopped');
    oneshot(['run', '--agent', 'pi', '--name', 'stopped', '--dir', dir, 'sleep a while'], { FAKE_SLEEP_MS: '600000', FAKE_CHILD: '1' });
    const call = await waitFor(() => invocations(dir).find((i) => i.childPid));
    await waitState('stopped', 'running');
    const stop = oneshot(['stop', 'stopped']);
    expect(stop.status).toBe(0);
    await waitFor(() => !alive(call.pid) && !alive(call.childPid!), { message: 'agent and tool ended' });
  });
});


describe('agent programs that are not what oneshot knows', () => {
  it('warns about a different major version, and refuses a missing program with exit 2', async () => {
    const dir = work('version');
    const r = oneshot(['run', '--agent', 'codex', '--name', 'version', '--dir', dir, 'hello'], { FAKE_VERSION: 'codex-cli 1.0.0', FAKE_REPLAY: CODEX_SAMPLE });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('oneshot: codex 1.0.0 is a different major version than oneshot knows (0.169.0)');
    const missing = oneshot(['run', '--agent', 'pi', '--dir', dir, 'hello'], { ONESHOT_PI_BIN: area.path('no-such-pi') });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(missing.stderr).toMatch(/no-such-pi not found/);
  });
});

describe('odd output from an agent in JSON mode', () => {
  it('keeps a 10 MB event line whole and shows plain lines as they are', async () => {
    const dir = work('bigline');
    const sample = area.path('big.jsonl');
    const lines = readFileSync(CODEX_SAMPLE, 'utf8').trim().split('\n');
    const huge = JSON.stringify({ type: 'item.completed', item: { id: 'item_big', type: 'command_execution', command: 'cat big', aggregated_output: 'x'.repeat(10 * 1024 * 1024), exit_code: 0, status: 'completed' } });
    writeFileSync(sample, [lines[0], 'warning: this is not JSON', huge, ...lines.slice(1)].join('\n') + '\n');
    oneshot(['run', '--agent', 'codex', '--name', 'bigline', '--dir', dir, 'print a lot'], { FAKE_REPLAY: sample });
    const done = await waitState('bigline', 'done');
    expect(done.unreadableLines).toBe(0);
    const events = readFileSync(join(env.ONESHOT_STATE_DIR!, 'tasks', 'bigline', 'events.jsonl'), 'utf8').split('\n');
    expect(events.map((l) => l.length).sort((a, b) => b - a).slice(0, 2)).toEqual([huge.length, expect.any(Number)]);
    expect(readFileSync(join(dir, '.agent', 'session.log'), 'utf8')).toContain('warning: this is not JSON');
  }, 60_000);
});
