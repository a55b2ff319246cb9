import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../src/sources/pid.js';
import { cleanEnv, ONESHOT_BIN, runCli } from '../helpers/cli.js';
import { cliFleet } from '../helpers/cli-fleet.js';
import { FAKE_AGENT, fakeInvocations, installFakeAgents } from '../helpers/fake-agents.js';
import { FORMATS_DIR } from '../helpers/formats.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;
let fakeLog: string;

const CODEX_SAMPLE = join(FORMATS_DIR, 'codex-exec-json', 'rust-claude-codes__multi_command.jsonl');
const CLAUDE_SAMPLE = join(FORMATS_DIR, 'claude-stream-json', 'agentcmd__claude-md-stream-json-2.0.28.jsonl');

// The server options after the command, the other order `oneshot` accepts.
const oneshot = (args: string[], extra: Record<string, string> = {}) => runCli([...args.slice(0, 1), '-L', server.name, ...args.slice(1)], { ...env, ...extra });
const { status, waitState } = cliFleet(() => server.name, () => env);

const invocations = () => fakeInvocations(fakeLog);

function gitRepo(name: string): string {
  const dir = area.path('work', name);
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, ...args], { env: cleanEnv(env), encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(join(dir, 'README'), 'hello\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  return dir;
}

const commits = (dir: string) => spawnSync('git', ['-C', dir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8', env: cleanEnv(env) }).stdout.trim();
const alive = isPidAlive;

beforeAll(() => {
  area = makeTempArea();
  server = createTestServer(area.env);
  fakeLog = area.path('fake.log');
  env = {
    ...area.env,
    PATH: installFakeAgents(area.path('bin')),
    ONESHOT_TMUX_CONF: '/dev/null',
    FAKE_LOG: fakeLog,
    GIT_AUTHOR_NAME: 'oneshot test',
    GIT_AUTHOR_EMAIL: 'test@oneshot.invalid',
    GIT_COMMITTER_NAME: 'oneshot test',
    GIT_COMMITTER_EMAIL: 'test@oneshot.invalid',
  };
});
afterAll(async () => {
  server.kill();
  await settleAgents(area.env.ONESHOT_STATE_DIR!);
  area.cleanup();
});

describe('oneshot run, crash, resume, checkpoint, lost', () => {
  it('keeps a shell task alive, sees it crash, brings it back, and recovers it after kill-server', async () => {
    const dir = gitRepo('t1');
    const run = oneshot(['run', '--agent', 'shell', '--name', 't1', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('started shell task "t1"');

    const running = await waitFor(() => {
      const a = status().t1;
      return a?.state === 'running' && a.heartbeat ? a : null;
    });
    expect(running.heartbeat!.ageSeconds).toBeLessThanOrEqual(5);
    expect(running.session).toMatchObject({ name: 'shell-t1', alive: true, paneDead: false });
    expect(running.agent).toBe('shell');

    // The task directory is private.
    const taskDir = join(env.ONESHOT_STATE_DIR!, 'tasks', 't1');
    expect(statSync(taskDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(taskDir, 'prompt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(taskDir, 'env.json')).mode & 0o777).toBe(0o600);
    const record = JSON.parse(readFileSync(join(taskDir, 'task.json'), 'utf8'));
    expect(record).toMatchObject({ name: 't1', agent: 'shell', dir, session: 'shell-t1' });

    const first = await waitFor(() => invocations().find((i) => i.cwd === dir));
    process.kill(first.pid, 'SIGKILL');
    const crashed = await waitFor(() => {
      const a = status().t1;
      return a?.state === 'crashed' && a.session?.paneDead && a.session.exitStatus !== null ? a : null;
    });
    expect(crashed.session).toMatchObject({ paneDead: true, exitStatus: 137 });
    expect(crashed.reason).toMatch(/SIGKILL|137/);

    const resumed = oneshot(['resume', 't1'], { FAKE_SLEEP_MS: '600000' });
    expect(resumed.stdout).toContain('resumed "t1" in its session shell-t1');
    await waitState('t1', 'running');
    await waitFor(() => invocations().filter((i) => i.cwd === dir).length === 2, { message: 'the agent ran again' });

    // A checkpoint is made only when something changed, on the task's private ref: the branch stays as it was.
    const before = commits(dir);
    const unchanged = oneshot(['checkpoint', 't1']);
    expect(unchanged.stdout).toContain('nothing changed, no checkpoint');
    expect(commits(dir)).toBe(before);
    writeFileSync(join(dir, 'work.txt'), 'progress\n');
    const committed = oneshot(['checkpoint', 't1', '-m', 'halfway']);
    expect(committed.status).toBe(0);
    expect(committed.stdout).toMatch(/checkpoint [0-9a-f]+ on refs\/oneshot\/t1 \(1 file\)/);
    expect(commits(dir)).toBe(before);
    expect(readFileSync(join(dir, '.agent', 'CHECKPOINTS.md'), 'utf8')).toContain('oneshot checkpoint: t1: halfway');
    const saved = spawnSync('git', ['-C', dir, 'show', '--stat', '--format=%s', 'refs/oneshot/t1'], { encoding: 'utf8' }).stdout;
    expect(saved).toContain('work.txt');
    expect(saved).not.toContain('.agent');

    // The whole server goes away: the task is lost, and resume brings it back.
    server.kill();
    const lost = await waitState('t1', 'lost');
    expect(lost.reason).toMatch(/not running/);
    const back = oneshot(['resume', 't1'], { FAKE_SLEEP_MS: '600000' });
    expect(back.stdout).toContain('in a new session shell-t1');
    await waitState('t1', 'running');
  });

  it('stops an agent that ignores SIGINT, ending its children, and marks it stopped', async () => {
    const dir = gitRepo('t2');
    oneshot(['run', '--agent', 'shell', '--name', 't2', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000', FAKE_IGNORE_SIGINT: '1', FAKE_CHILD: '1', ONESHOT_STOP_GRACE: '1' });
    await waitState('t2', 'running');
    const me = await waitFor(() => invocations().find((i) => i.cwd === dir && i.childPid));
    const stop = oneshot(['stop', 't2'], { ONESHOT_STOP_GRACE: '1' });
    expect(stop.status).toBe(0);
    expect(stop.stdout).toContain('stopped "t2"');
    const stopped = await waitState('t2', 'stopped');
    expect(stopped.reason).toContain('stopped through oneshot');
    await waitFor(() => !alive(me.pid) && !alive(me.childPid!), { message: 'agent and its child ended' });
  });

  it('kills a session and every process in it, and asks first', async () => {
    const dir = area.path('work', 'k1');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'claude', '--name', 'k1', '--dir', dir, 'wait here'], { FAKE_SLEEP_MS: '600000', FAKE_CHILD: '1' });
    await waitState('k1', 'running');
    const me = await waitFor(() => invocations().find((i) => i.cwd === dir && i.childPid));
    const refused = oneshot(['kill', 'k1']);
    expect(refused).toMatchObject({ status: 2, stderr: 'oneshot: kill needs --yes when not run from a terminal\n' });
    const killed = oneshot(['kill', 'k1', '--yes']);
    expect(killed.status).toBe(0);
    await waitFor(() => !alive(me.pid) && !alive(me.childPid!), { message: 'processes ended' });
    expect(server.tryTmux('has-session', '-t', '=claude-k1').status).not.toBe(0);
    expect((await waitState('k1', 'stopped')).reason).toContain('killed');
  });
});

describe('native resume', () => {
  it('records the Codex thread id, finishes with a done marker, and resumes that thread', async () => {
    const dir = area.path('work', 'cx');
    mkdirSync(dir, { recursive: true });
    const threadId = JSON.parse(readFileSync(CODEX_SAMPLE, 'utf8').split('\n')[0]!).thread_id;
    oneshot(['run', '--agent', 'codex', '--name', 'cx', '--dir', dir, 'list the files'], { FAKE_REPLAY: CODEX_SAMPLE });
    const done = await waitState('cx', 'done');
    expect(done.sessionId).toBe(threadId);
    expect(readFileSync(join(env.ONESHOT_STATE_DIR!, 'tasks', 'cx', 'codex-session-id'), 'utf8').trim()).toBe(threadId);
    expect(server.tmux('capture-pane', '-p', '-t', '=codex-cx:', '-S', '-50')).toMatch(/^__TASK_DONE__$/m);
    expect(done.usage).toMatchObject({ inputTokens: 30669, outputTokens: 205 });

    oneshot(['resume', '--again', 'cx'], { FAKE_REPLAY: CODEX_SAMPLE });
    const call = await waitFor(() => invocations().find((i) => i.cwd === dir && i.resumeId));
    expect(call.argv).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', 'resume', threadId, 'Continue the previous task.']);
    expect(call.stdin).toBe('');
    expect((await waitState('cx', 'done')).sessionId).toBe(threadId);
  });

  it('falls back to running the prompt again with context when Claude cannot resume', async () => {
    const dir = area.path('work', 'cl');
    mkdirSync(dir, { recursive: true });
    // The task keeps the environment it was started in: the fake fails every resume.
    oneshot(['run', '--agent', 'claude', '--name', 'cl', '--dir', dir, 'write the docs'], { FAKE_REPLAY: CLAUDE_SAMPLE, FAKE_EXIT: '1', FAKE_RESUME_FAIL: '1' });
    const crashed = await waitState('cl', 'crashed');
    // The id oneshot chose before the launch, on record from the start.
    const preset = invocations().find((i) => i.cwd === dir)!.argv;
    const sid = preset[preset.indexOf('--session-id') + 1]!;
    expect(crashed.sessionId).toBe(sid);
    oneshot(['resume', 'cl']);
    const rerun = await waitFor(() => invocations().filter((i) => i.cwd === dir).find((i) => !i.resumeId && i.argv[1]?.includes('This task was interrupted')));
    expect(rerun.argv[1]!.startsWith('write the docs\n')).toBe(true);
    const attempts = invocations().filter((i) => i.cwd === dir);
    expect(attempts.map((i) => i.resumeId)).toEqual([null, sid, null]);
    // The re-run ends the way this fake always ends (status 1).
    await waitState('cl', 'crashed');
  });
});

describe('prompts stay inert', () => {
  it('passes hostile prompts as one argument, never through a shell', async () => {
    const dir = area.path('work', 'evil');
    mkdirSync(dir, { recursive: true });
    const prompt = 'fix it $(touch pwned) `touch pwned2` "quoted" \'single\' ; rm -rf nothing\nsecond line\n';
    oneshot(['run', '--agent', 'codex', '--name', 'evil', '--dir', dir, prompt]);
    await waitState('evil', 'done');
    const call = invocations().find((i) => i.cwd === dir)!;
    expect(call.argv.at(-1)).toBe(prompt);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('sends a 1 MB prompt on stdin instead of the command line', async () => {
    const dir = area.path('work', 'big');
    mkdirSync(dir, { recursive: true });
    const prompt = `${'a$(touch pwned)`b` '.repeat(55_000)}end`;
    const file = area.path('big-prompt.txt');
    writeFileSync(file, prompt);
    const run = oneshot(['run', '--agent', 'codex', '--name', 'big', '--dir', dir, '--prompt-file', file]);
    expect(run.status).toBe(0);
    await waitState('big', 'done');
    const call = invocations().find((i) => i.cwd === dir)!;
    expect(call.argv.at(-1)).toBe('-');
    expect(call.stdin).toBe(prompt);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });
});

describe('one live task per directory', () => {
  it('refuses a second task in the same directory, unless it gets its own worktree', async () => {
    const dir = gitRepo('shared');
    oneshot(['run', '--agent', 'shell', '--name', 'first', '--dir', dir, '--', 'sleep', '600']);
    await waitState('first', 'running');
    const second = oneshot(['run', '--agent', 'shell', '--name', 'second', '--dir', dir, '--', 'sleep', '600']);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/already has a live task "first".*--worktree/);
    const worktree = oneshot(['run', '--agent', 'shell', '--name', 'second', '--dir', dir, '--worktree', '--', 'sleep', '600']);
    expect(worktree.status).toBe(0);
    expect(worktree.stderr).toContain('on branch oneshot/second');
    const agent = await waitState('second', 'running');
    expect(agent.dir).toBe(join(env.ONESHOT_STATE_DIR!, 'worktrees', 'second'));
    expect(spawnSync('git', ['-C', dir, 'branch', '--list', 'oneshot/second'], { encoding: 'utf8' }).stdout).toContain('oneshot/second');
  });
});

describe('reading and killing', () => {
  it('prints the log, follows it, and killall leaves other sessions alone', async () => {
    const dir = area.path('work', 'talk');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'shell', '--name', 'talk', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_LINES: '5', FAKE_SLEEP_MS: '600000' });
    await waitFor(() => oneshot(['log', 'talk']).stdout.includes('line 5 from the fake agent'));
    const tail = oneshot(['log', 'talk', '-n', '2']);
    expect(tail.stdout.trim().split('\n')).toHaveLength(2);

    const follow = spawn(process.execPath, [ONESHOT_BIN, 'follow', 'talk', '-L', server.name], { env: cleanEnv(env) });
    let out = '';
    follow.stdout.on('data', (d) => (out += d));
    await waitFor(() => out.includes('line 5 from the fake agent'));
    follow.kill('SIGINT');
    const code = await new Promise((r) => follow.on('close', r));
    expect(code).toBe(0);

    server.tmux('new-session', '-d', '-s', 'editor', 'sleep', '600');
    const all = oneshot(['killall', '--yes']);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain('killed talk');
    expect(server.tryTmux('has-session', '-t', '=editor').status).toBe(0);
    expect(Object.values(status()).filter((a) => a.session?.alive)).toEqual([]);
  });
});

describe('bad input', () => {
  it('answers with one clear line and a non-zero exit', () => {
    for (const [args, pattern] of [
      [['resume', 'no-such-task'], /^oneshot: no agent named "no-such-task"/],
      [['run', '--agent', 'codx', 'x'], /^oneshot: unknown agent "codx"/],
      [['run', '--agent', 'shell', '--', 'definitely-not-a-program'], /^oneshot: definitely-not-a-program not found on PATH/],
      [['run', '--name', 'Bad Name', 'x'], /^oneshot: invalid name "Bad Name"/],
      [['run', '--agent', 'codex', '--prompt-file', '/nonexistent/prompt'], /^oneshot: cannot read the prompt file/],
      [['log', 'x', '-n', 'many'], /^oneshot: expected a positive whole number/],
    ] as const) {
      const r = oneshot([...args]);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(pattern);
    }
  });
});
