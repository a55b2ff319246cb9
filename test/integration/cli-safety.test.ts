// Nothing happens by accident on the command line: exact names for what changes agents,
// printed commands that work as printed, stop that tells the truth, checkpoints that work
// without a git identity and stay out of a merge, and the exit statuses the README gives.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../src/text/argv.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { cliFleet, NO_GIT_IDENTITY, startFakeAgentFleet, type FakeAgentFleet } from '../helpers/cli-fleet.js';
import { FAKE_AGENT } from '../helpers/fake-agents.js';
import type { TempArea } from '../helpers/temp.js';
import type { TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;

// The server options go before the command, tmux's own order.
const { oneshot, status, waitState } = cliFleet(() => server.name, () => env);

const git = (dir: string, ...args: string[]) => spawnSync('git', ['-C', dir, ...args], { env: cleanEnv(env), encoding: 'utf8' });

/** A repository made with a throwaway identity; later commits must find their own. */
function gitRepo(name: string): string {
  const dir = area.path('work', name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'README'), 'hello\n');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=setup', '-c', 'user.email=setup@example.invalid', 'commit', '-q', '-m', 'init');
  return dir;
}

/** Run a printed command line as a person would paste it (our binary for `oneshot`). */
function runPrinted(line: string, extra: Record<string, string> = {}) {
  const split = splitCommandLine(line.trim());
  if (!split.ok) throw new Error(`cannot split ${line}: ${split.error}`);
  const [program, ...args] = split.argv;
  expect(program).toBe('oneshot');
  return runCli(args, { ...env, ...extra });
}

let fleet: FakeAgentFleet;
beforeAll(() => {
  fleet = startFakeAgentFleet(() => NO_GIT_IDENTITY);
  ({ area, server, env } = fleet);
  // No git identity at all: HOME is empty, no system config, no variables.
});
afterAll(() => fleet.close());

describe('names and printed commands', () => {
  it('takes -L before or after the command, and lists it in --help', () => {
    expect(runCli(['-L', server.name, 'list'], env).status).toBe(0);
    expect(runCli(['list', '-L', server.name], env).status).toBe(0);
    const help = runCli(['--help'], env);
    expect(help.stdout).toMatch(/-L, --socket-name <name>/);
    expect(help.stdout).toMatch(/-S, --socket-path <path>/);
    expect(runCli(['stop', '--help'], env).stdout).toMatch(/-L, --socket-name/);
  });

  it('prints commands that work as printed: run output, session log, RECOVERY.md, empty fleet', async () => {
    const empty = oneshot(['status']);
    const start = empty.stdout.split('\n').find((l) => l.startsWith('Start one:'))!;
    expect(start).toContain(`oneshot -L ${server.name} run`);

    const dir = gitRepo('printed');
    const run = oneshot(['run', '--agent', 'shell', '--name', 'printed', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    expect(run.status).toBe(0);
    const printed = Object.fromEntries(
      run.stdout
        .split('\n')
        .map((l) => /^\s+(\w+):\s+(oneshot .*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(printed.watch).toBe(`oneshot -L ${server.name} attach printed`);
    const state = runPrinted(printed.state!);
    expect(state.status).toBe(0);
    expect(state.stdout).toMatch(/printed/);

    const recovery = await waitFor(() => (existsSync(join(dir, '.agent', 'RECOVERY.md')) ? readFileSync(join(dir, '.agent', 'RECOVERY.md'), 'utf8') : null));
    const commands = [...recovery.matchAll(/`(oneshot [^`]+)`/g)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) expect(c).toContain(`-L ${server.name}`);
    expect(runPrinted(commands.find((c) => c.includes(' status'))!).status).toBe(0);

    // A crash leaves "resume with: …" in session.log; that line resumes the task.
    const crash = oneshot(['run', '--agent', 'shell', '--name', 'crashy', '--dir', area.path('work'), '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_EXIT: '3' });
    expect(crash.status).toBe(0);
    await waitState('crashy', 'crashed');
    const log = readFileSync(join(area.path('work'), '.agent', 'session.log'), 'utf8');
    const resumeLine = /resume with: (oneshot .*)$/m.exec(log)?.[1];
    expect(resumeLine).toBe(`oneshot -L ${server.name} resume crashy`);
    const resumed = runPrinted(resumeLine!, { FAKE_SLEEP_MS: '600000' });
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
  });

  it('acts only on exact names for commands that change agents (exit 2 and a suggestion otherwise)', async () => {
    await waitState('printed', 'running');
    for (const cmd of [['kill', 'print', '--yes'], ['stop', 'print'], ['checkpoint', 'print'], ['resume', 'prin']]) {
      const r = oneshot(cmd);
      expect(r.status, cmd.join(' ')).toBe(2);
      expect(r.stderr, cmd.join(' ')).toMatch(/did you mean printed\?/);
    }
    expect(status().printed?.state).toBe('running');
    // Reading commands still take a unique start of a name.
    const log = oneshot(['log', 'print', '-n', '5']);
    expect(log.status).toBe(0);
  });

  it('exits 2 for bad usage and names the real source of an error', () => {
    expect(oneshot(['run', '--agent', 'shell', '--name', 'Bad Name', '--', 'true'])).toMatchObject({ status: 2 });
    const missing = oneshot(['run', '--agent', 'shell', '--dir', area.path('nope'), '--', 'true']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(oneshot(['run', '--agent', 'robot', 'x']).status).toBe(2);
    const badDefault = oneshot(['run', 'hello'], { ONESHOT_DEFAULT_AGENT: 'foo' });
    expect(badDefault.status).toBe(2);
    expect(badDefault.stderr).toMatch(/^oneshot: ONESHOT_DEFAULT_AGENT=foo: /);
    expect(badDefault.stderr).not.toMatch(/config/);
  });

  it('says once that checkpoints are off in a directory without git', () => {
    const plain = area.path('plain');
    mkdirSync(plain, { recursive: true });
    const r = oneshot(['run', '--agent', 'shell', '--name', 'nogit', '--dir', plain, '--', 'true']);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/checkpoints are off/g)).toHaveLength(1);
  });
});

describe('resume, stop and checkpoints', () => {
  it('does not run a done task again without --again', async () => {
    const dir = area.path('work', 'finished');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'shell', '--name', 'finished', '--dir', dir, '--', 'true']);
    await waitState('finished', 'done');
    const refused = oneshot(['resume', 'finished']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`is done; resuming would run the task again (oneshot -L ${server.name} resume --again finished does that)`);
    expect(status().finished?.state).toBe('done');
    const again = oneshot(['resume', '--again', 'finished']);
    expect(again.status).toBe(0);
  });

  it('stop returns once the agent is gone, says it exited, and reports the checkpoint the supervisor made', async () => {
    const dir = gitRepo('stopper');
    oneshot(['run', '--agent', 'shell', '--name', 'stopper', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000', FAKE_TOUCH: 'work.txt' });
    await waitState('stopper', 'running');
    await waitFor(() => existsSync(join(dir, 'work.txt')));
    // A long grace: returning early proves stop does not wait it out for an agent that exited.
    const began = Date.now();
    const stop = oneshot(['stop', 'stopper'], { ONESHOT_STOP_GRACE: '20' });
    const took = Date.now() - began;
    expect(stop.status).toBe(0);
    expect(stop.stdout).toMatch(/stopped "stopper": interrupted; the agent exited; checkpoint [0-9a-f]+ on refs\/oneshot\/stopper \(1 file\) as oneshot <oneshot@/);
    expect(took).toBeLessThan(20_000);
    const log = git(dir, 'log', '-1', '--format=%an <%ae>|%s', 'refs/oneshot/stopper').stdout.trim();
    expect(log).toMatch(/^oneshot <oneshot@[^>]+>\|oneshot checkpoint: stopper/);
    // .agent/ is neither committed nor shown as untracked in the user's repository.
    expect(git(dir, 'ls-tree', '-r', '--name-only', 'refs/oneshot/stopper').stdout).not.toContain('.agent');
    expect(git(dir, 'status', '--porcelain').stdout).not.toContain('.agent');
    expect(readFileSync(join(dir, '.git', 'info', 'exclude'), 'utf8')).toContain('.agent/');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  it('stop says when the agent ignored the interrupt and how it was ended', async () => {
    const dir = area.path('work', 'stubborn');
    mkdirSync(dir, { recursive: true });
    const started = area.path('stubborn-started.jsonl');
    oneshot(['run', '--agent', 'shell', '--name', 'stubborn', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000', FAKE_IGNORE_SIGINT: '1', FAKE_LOG: started, ONESHOT_STOP_GRACE: '1' });
    await waitState('stubborn', 'running');
    // The fake agent writes its log once it ignores SIGINT: an interrupt before that ends it.
    await waitFor(() => existsSync(started));
    const stop = oneshot(['stop', 'stubborn'], { ONESHOT_STOP_GRACE: '1' });
    expect(stop.status).toBe(0);
    expect(stop.stdout).toMatch(/ignored the interrupt for 1 s and was ended with SIGTERM/);
  });

  it('leaves a repository in the middle of a merge alone, and respects .gitignore', async () => {
    const dir = gitRepo('merging');
    writeFileSync(join(dir, '.gitignore'), 'secret.env\n');
    git(dir, 'add', '.gitignore');
    git(dir, '-c', 'user.name=setup', '-c', 'user.email=setup@example.invalid', 'commit', '-q', '-m', 'ignore');
    writeFileSync(join(dir, 'secret.env'), 'TOKEN=1\n');
    writeFileSync(join(dir, 'change.txt'), 'x\n');
    oneshot(['run', '--agent', 'shell', '--name', 'merging', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    await waitState('merging', 'running');
    const head = git(dir, 'rev-parse', 'HEAD').stdout.trim();
    writeFileSync(join(dir, '.git', 'MERGE_HEAD'), `${head}\n`);
    const busy = oneshot(['checkpoint', 'merging']);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/in the middle of a merge, left alone/);
    expect(git(dir, 'rev-parse', 'HEAD').stdout.trim()).toBe(head);
    spawnSync('rm', ['-f', join(dir, '.git', 'MERGE_HEAD')]);
    const done = oneshot(['checkpoint', 'merging']);
    expect(done.status).toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD').stdout.trim()).toBe(head);
    const files = git(dir, 'show', '--name-only', '--format=', 'refs/oneshot/merging').stdout;
    expect(files).toContain('change.txt');
    expect(files).not.toContain('secret.env');
  });

  it('kill of a session that is already gone succeeds', async () => {
    const dir = area.path('work', 'goner');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'shell', '--name', 'goner', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    await waitState('goner', 'running');
    server.tmux('kill-session', '-t', '=shell-goner');
    const r = oneshot(['kill', 'goner', '--yes']);
    expect(r.status).toBe(0);
  });

  it('follow -n prints the last lines and no warnings', async () => {
    const dir = area.path('work', 'talker');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'shell', '--name', 'talker', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_LINES: '40', FAKE_SLEEP_MS: '600000' });
    await waitFor(() => oneshot(['log', 'talker']).stdout.includes('line 40'));
    const r = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'src', 'cli', 'oneshot.js'), '-L', server.name, 'follow', 'talker', '-n', '3'], {
      env: cleanEnv(env),
      encoding: 'utf8',
      timeout: 7000,
      killSignal: 'SIGINT',
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(r.stderr).not.toMatch(/Warning|MaxListeners/);
  });
});
