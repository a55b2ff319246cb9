// Checkpoints through the command line, with no git identity: `run --checkpoint commit`
// kept in the task and honoured by its supervisor, and `oneshot checkpoints` listing a
// task's checkpoints with git commands that work as printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../src/text/argv.js';
import { cleanEnv } from '../helpers/cli.js';
import { cliFleet, NO_GIT_IDENTITY, startFakeAgentFleet, type FakeAgentFleet } from '../helpers/cli-fleet.js';
import { FAKE_AGENT } from '../helpers/fake-agents.js';
import type { TempArea } from '../helpers/temp.js';
import type { TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;

const { oneshot, waitState } = cliFleet(() => server.name, () => env);
const git = (dir: string, ...args: string[]) => spawnSync('git', ['-C', dir, ...args], { env: cleanEnv(env), encoding: 'utf8' });
const out = (dir: string, ...args: string[]) => git(dir, ...args).stdout.trim();

function gitRepo(name: string): string {
  const dir = area.path('work', name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README'), 'hello\n');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=setup', '-c', 'user.email=setup@example.invalid', 'commit', '-q', '-m', 'init');
  return dir;
}

/** A printed git command line, run as a person would paste it. */
function runPrinted(line: string) {
  const split = splitCommandLine(line.trim());
  if (!split.ok) throw new Error(`cannot split ${line}: ${split.error}`);
  const [program, ...args] = split.argv;
  expect(program).toBe('git');
  return spawnSync(program!, args, { env: cleanEnv(env), encoding: 'utf8' });
}

let fleet: FakeAgentFleet;
beforeAll(() => {
  fleet = startFakeAgentFleet(() => ({ LANG: 'C', ...NO_GIT_IDENTITY }));
  ({ area, server, env } = fleet);
});
afterAll(() => fleet.close());

describe('oneshot checkpoints', () => {
  it('lists a task\'s checkpoints newest first and prints restore commands that work', async () => {
    const dir = gitRepo('lister');
    oneshot(['run', '--agent', 'shell', '--name', 'lister', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    await waitState('lister', 'running');
    const empty = oneshot(['checkpoints', 'lister']);
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe('lister: no checkpoints yet (looked at refs/oneshot/lister)\n');

    writeFileSync(join(dir, 'notes.md'), 'first\n');
    expect(oneshot(['checkpoint', 'lister', '-m', 'first notes']).status).toBe(0);
    writeFileSync(join(dir, 'notes.md'), 'second\n');
    writeFileSync(join(dir, 'plan.md'), 'plan\n');
    writeFileSync(join(dir, '.env'), 'TOKEN=1\n');
    const second = oneshot(['checkpoint', 'lister']);
    expect(second.stdout).toMatch(/^lister: checkpoint [0-9a-f]+ on refs\/oneshot\/lister \(2 files\) as oneshot <oneshot@[^>]+>, git has no identity here; skipped 1: \.env \(looks like a secret: name\)\n$/);

    const list = oneshot(['checkpoints', 'lister']);
    expect(list.status).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toBe('lister: 2 checkpoints, newest first');
    expect(lines[1]).toMatch(/^ {2}[0-9a-f]{7,} {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}2 files {3}oneshot checkpoint: lister \d{4}-/);
    expect(lines[2]).toMatch(/^ {2}[0-9a-f]{7,} {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}1 file {4}oneshot checkpoint: lister: first notes$/);
    expect(list.stdout).toContain('printed, not run');
    const newest = lines[1]!.trim().split(/\s+/)[0]!;
    const restore = lines.find((l) => l.includes(' restore '))!;
    expect(restore.trim()).toBe(`git -C ${dir} restore --source=${newest} -- .`);
    expect(lines.find((l) => l.includes(' switch '))!.trim()).toBe(`git -C ${dir} switch -c rescue-lister ${newest}`);

    // The work is lost from the working tree; the printed command brings it back, the branch stays.
    rmSync(join(dir, 'plan.md'));
    writeFileSync(join(dir, 'notes.md'), 'overwritten\n');
    expect(runPrinted(restore).status).toBe(0);
    expect(readFileSync(join(dir, 'plan.md'), 'utf8')).toBe('plan\n');
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('second\n');
    expect(out(dir, 'log', '--format=%s')).toBe('init');

    const json = JSON.parse(oneshot(['checkpoints', 'lister', '--json']).stdout) as { task: string; entries: { short: string; files: number; on: string }[]; commands: { command: string }[] };
    expect(json.task).toBe('lister');
    expect(json.entries.map((e) => [e.short, e.files, e.on])).toEqual([
      [newest, 2, 'refs/oneshot/lister'],
      [expect.any(String), 1, 'refs/oneshot/lister'],
    ]);
    expect(json.commands.map((c) => c.command)).toContain(restore.trim());
  });

  it('answers an unknown name with one line and exit status 2', () => {
    const r = oneshot(['checkpoints', 'no-such-task']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oneshot: no agent named "no-such-task"/);
  });
});

describe('run --checkpoint commit', () => {
  it('is kept in the task, survives a resume, and makes the supervisor commit on the branch with the filter', async () => {
    const dir = gitRepo('committer');
    writeFileSync(join(dir, '.env'), 'OPENAI_API_KEY=x\n');
    const run = oneshot(['run', '--agent', 'shell', '--name', 'committer', '--checkpoint', 'commit', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000', FAKE_TOUCH: 'work.txt' });
    expect(run.status).toBe(0);
    const record = join(env.ONESHOT_STATE_DIR!, 'tasks', 'committer', 'task.json');
    expect(JSON.parse(readFileSync(record, 'utf8')).checkpoint).toBe('commit');
    await waitState('committer', 'running');
    await waitFor(() => existsSync(join(dir, 'work.txt')));
    const stop = oneshot(['stop', 'committer']);
    expect(stop.stdout).toMatch(/checkpoint [0-9a-f]+ on branch main \(1 file\) as oneshot <oneshot@[^>]+>, git has no identity here; skipped 1: \.env/);
    expect(out(dir, 'log', '-1', '--format=%an|%s')).toMatch(/^oneshot\|oneshot checkpoint: committer \(final\) /);
    expect(out(dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('work.txt');
    expect(out(dir, 'status', '--porcelain')).toBe('?? .env');
    expect(git(dir, 'rev-parse', '--verify', '--quiet', 'refs/oneshot/committer').status).not.toBe(0);

    const listed = oneshot(['checkpoints', 'committer']);
    expect(listed.stdout).toMatch(/^committer: 1 checkpoint, newest first\n {2}[0-9a-f]+ .* oneshot checkpoint: committer \(final\)/);

    expect(oneshot(['resume', 'committer'], { FAKE_SLEEP_MS: '600000' }).status).toBe(0);
    await waitState('committer', 'running');
    expect(JSON.parse(readFileSync(record, 'utf8')).checkpoint).toBe('commit');
  });

  it('oneshot checkpoint --checkpoint commit overrides the task\'s mode once', async () => {
    const dir = gitRepo('once');
    oneshot(['run', '--agent', 'shell', '--name', 'once', '--dir', dir, '--', process.execPath, FAKE_AGENT, 'plain'], { FAKE_SLEEP_MS: '600000' });
    await waitState('once', 'running');
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    const r = oneshot(['checkpoint', 'once', '--checkpoint', 'commit']);
    expect(r.stdout).toMatch(/^once: checkpoint [0-9a-f]+ on branch main \(1 file\)/);
    writeFileSync(join(dir, 'b.txt'), 'b\n');
    expect(oneshot(['checkpoint', 'once']).stdout).toMatch(/^once: checkpoint [0-9a-f]+ on refs\/oneshot\/once \(1 file\)/);
    expect(oneshot(['checkpoint', 'once', '--checkpoint', 'push']).status).toBe(2);
  });
});
