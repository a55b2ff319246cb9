import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ONESHOT_TUI_BIN, runCli } from '../helpers/cli.js';
import { FAKE_AGENT, installFakeAgents } from '../helpers/fake-agents.js';
import { FORMATS_DIR } from '../helpers/formats.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let fleet: TestServer;
let viewer: TestServer;
let env: Record<string, string>;
let repo: string;
let threadId: string;

const CODEX_SAMPLE = join(FORMATS_DIR, 'codex-exec-json', 'rust-claude-codes__multi_command.jsonl');

const oneshot = (args: string[], extra: Record<string, string> = {}) => runCli([...args.slice(0, 1), '-L', fleet.name, ...args.slice(1)], { ...env, ...extra });
const dash = () => fleet.tmux('capture-pane', '-p', '-t', '=dash:');
const keys = (...k: string[]) => {
  for (const key of k) fleet.tmux('send-keys', '-t', '=dash:', key);
};
const type = (text: string) => fleet.tmux('send-keys', '-t', '=dash:', '-l', text);
async function screen(predicate: (s: string) => boolean, message: string): Promise<string> {
  let last = '';
  try {
    return await waitFor(() => ((last = dash()), predicate(last) ? last : null), { timeoutMs: 20_000, intervalMs: 100, message });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${last}`);
  }
}
const git = (...args: string[]) => spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: cleanEnv(env) });
// The person's client (the dashboard's control-mode client is attached too).
const clientSession = () =>
  fleet
    .tmux('list-clients', '-F', '#{client_control_mode} #{client_session}')
    .split('\n')
    .filter((l) => l.startsWith('0 '))
    .map((l) => l.slice(2))
    .join(',');

/** Pick an agent by filtering for its name, then leave the filter on it. */
async function focusOn(name: string): Promise<void> {
  // Esc and / sent together would read as Alt+/: clear the old filter first, then type.
  keys('Escape');
  await screen((s) => !/agents · \d+ of \d+ match/.test(s), 'filter cleared');
  keys('/');
  type(name);
  keys('Enter');
  await screen((s) => s.includes(`detail · ${name}`), `${name} selected`);
}

beforeAll(async () => {
  area = makeTempArea();
  env = {
    ...area.env,
    PATH: installFakeAgents(area.path('bin')),
    ONESHOT_TMUX_CONF: '/dev/null',
    FAKE_LOG: area.path('fake.log'),
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@oneshot.invalid',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@oneshot.invalid',
  };
  fleet = createTestServer(env);
  viewer = createTestServer(env);
  threadId = JSON.parse(readFileSync(CODEX_SAMPLE, 'utf8').split('\n')[0]!).thread_id;

  repo = area.path('repo');
  mkdirSync(repo);
  git('init', '-q');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');

  // The dashboard's own session on the fleet's server, with a real client attached to it.
  const envArgs = Object.entries({ ...env, PS1: 'dash$ ' }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  fleet.tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '40', ...envArgs, 'bash', '--norc', '--noprofile');
  viewer.tmux('new-session', '-d', '-s', 'client', '-x', '120', '-y', '40', 'env', '-u', 'TMUX', 'tmux', '-L', fleet.name, 'attach-session', '-t', '=dash');
  await waitFor(() => clientSession() === 'dash', { message: 'a client attached to the dashboard session' });

  for (const [name, dir] of [['work', repo], ['doomed', area.path('doomed')]] as const) {
    mkdirSync(dir, { recursive: true });
    const r = oneshot(['run', '--agent', 'shell', '--name', name, '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  mkdirSync(area.path('cx'));
  oneshot(['run', '--agent', 'codex', '--name', 'cx', '--dir', area.path('cx'), 'build it'], { FAKE_REPLAY: CODEX_SAMPLE, FAKE_EXIT: '1' });

  type(`node ${ONESHOT_TUI_BIN} --interval 300`);
  keys('Enter');
  await screen((s) => /✗ crashed\s+cx/.test(s) && /● running\s+work/.test(s) && s.includes('doomed'), 'dashboard with the fleet');
});

afterAll(async () => {
  viewer.kill();
  fleet.kill();
  await settleAgents(area.env.ONESHOT_STATE_DIR!);
  area.cleanup();
});

describe('dashboard actions in a real terminal', () => {
  it('x then y kills the session', async () => {
    await focusOn('doomed');
    keys('x');
    await screen((s) => s.includes('Kill doomed?'), 'confirmation');
    keys('n');
    await screen((s) => s.includes('cancelled'), 'cancelled');
    expect(fleet.tryTmux('has-session', '-t', '=shell-doomed').status).toBe(0);
    keys('x');
    await screen((s) => s.includes('Kill doomed?'), 'confirmation again');
    keys('y');
    await waitFor(() => fleet.tryTmux('has-session', '-t', '=shell-doomed').status !== 0, { message: 'session gone' });
    await screen((s) => s.includes('killed doomed'), 'result in the status line');
    const log = readFileSync(join(env.ONESHOT_STATE_DIR!, 'actions.log'), 'utf8');
    expect(log).toMatch(/"source":"dashboard","action":"kill","agent":"doomed","result":"ok"/);
  });

  it('a paste in the list runs nothing: "proxy" does not kill the selected agent', async () => {
    await focusOn('work');
    fleet.tmux('set-buffer', '-b', 'oneshot-test', 'proxy');
    // -p: bracketed, as a terminal pastes once the application asked for it.
    fleet.tmux('paste-buffer', '-p', '-d', '-b', 'oneshot-test', '-t', '=dash:');
    await screen((s) => s.includes('paste ignored (5 characters)'), 'paste ignored');
    const now = dash();
    expect(now).not.toContain('Kill work?');
    expect(fleet.tryTmux('has-session', '-t', '=shell-work').status).toBe(0);
  });

  it('c checkpoints the work on the task\'s private ref, the branch untouched', async () => {
    await focusOn('work');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    writeFileSync(join(repo, 'b.txt'), 'two\n');
    keys('c');
    await screen((s) => /checkpoint [0-9a-f]+ on refs\/oneshot\/work \(1 file\)/.test(s), 'checkpoint reported');
    expect(git('rev-parse', 'HEAD').stdout.trim()).toBe(head);
    expect(git('show', 'refs/oneshot/work:b.txt').stdout).toBe('two\n');
  });

  it('r on a crashed codex agent runs codex exec resume with its thread id', async () => {
    await focusOn('cx');
    keys('r');
    const call = await waitFor(() => {
      const lines = existsSync(env.FAKE_LOG!) ? readFileSync(env.FAKE_LOG!, 'utf8').trim().split('\n') : [];
      return lines.map((l) => JSON.parse(l)).find((c) => c.resumeId);
    }, { message: 'codex resumed' });
    expect(call.argv.slice(-3, -1)).toEqual(['resume', threadId]);
    expect(call.argv).toContain('workspace-write');
    await screen((s) => s.includes('resumed cx'), 'resume reported');
  });

  it('a switches to the agent and the tmux keys bring you back to an intact dashboard', async () => {
    await focusOn('work');
    keys('a');
    await waitFor(() => clientSession() === 'shell-work', { message: 'client switched to the agent' });
    // prefix L: back to the last session, as a person would do it.
    viewer.tmux('send-keys', '-t', '=client:', 'C-b', 'L');
    await waitFor(() => clientSession() === 'dash', { message: 'client back on the dashboard' });
    keys('Escape', 'j');
    const s = await screen((x) => x.includes('switched to shell-work') || x.includes('agents'), 'dashboard intact');
    expect(s).toContain('oneshot');
    keys('q');
    await screen((x) => /dash\$ \s*$/.test(`${x.trimEnd()} `), 'shell prompt after quit');
  });
});
