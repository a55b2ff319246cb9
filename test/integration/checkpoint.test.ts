// Checkpoints in real temporary git repositories, with no git identity at all: what goes
// to the private ref, what stays out, and that the user's branch, index, stash and working
// tree are exactly as they were.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mbToBytes } from '../../src/ops/checkpoint-filter.js';
import { checkpointDir, describeCheckpoint, type CheckpointOutcome } from '../../src/ops/checkpoint.js';
import { listCheckpoints, recoveryCommands } from '../../src/ops/checkpoints.js';
import { createRunner } from '../../src/proc/exec.js';
import { splitCommandLine } from '../../src/text/argv.js';
import { cleanEnv } from '../helpers/cli.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea;
let env: Record<string, string | undefined>;
const runner = createRunner();

// Made of parts, so this file holds no whole token.
const OPENAI_KEY = ['sk-proj-', 'Zq8xW3vK9', 'mN2bP7rT4yL6', 'hJ5gF1dS0aQ'].join('');
const PEM = ['-----BEGIN OPENSSH ', 'PRIVATE KEY-----', '\nb3BlbnNzaC1rZXktdjEAAAAA\n', '-----END OPENSSH ', 'PRIVATE KEY-----\n'].join('');

const git = (dir: string, ...args: string[]) => spawnSync('git', ['-C', dir, ...args], { env: cleanEnv(env), encoding: 'utf8' });
const out = (dir: string, ...args: string[]) => git(dir, ...args).stdout.trim();
const setup = (dir: string, ...args: string[]) => git(dir, '-c', 'user.name=setup', '-c', 'user.email=setup@example.invalid', ...args);

/** A repository with one commit (README, src/keep.ts), made with a throwaway identity. */
function repo(name: string): string {
  const dir = area.path('work', name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README'), 'hello\n');
  writeFileSync(join(dir, 'src', 'keep.ts'), 'export const keep = 1;\n');
  git(dir, 'add', '-A');
  setup(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

/** The work of an agent: a tracked change, a new source file, and three files that must not leave the machine. */
function agentWork(dir: string): void {
  writeFileSync(join(dir, 'README'), 'hello, changed\n');
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, '.env'), `OPENAI_API_KEY=${OPENAI_KEY}\n`);
  writeFileSync(join(dir, 'id_rsa'), PEM);
  // 60 MB without writing 60 MB: a sparse file.
  writeFileSync(join(dir, 'big.bin'), '');
  truncateSync(join(dir, 'big.bin'), 60 * 1024 * 1024);
}

/** Everything of the user's that a private checkpoint must leave exactly as it was. */
function userState(dir: string) {
  const status = out(dir, 'status', '--porcelain', '--untracked-files=all');
  // After `git status`, which may refresh the index itself.
  const index = join(dir, '.git', 'index');
  return {
    head: out(dir, 'rev-parse', 'HEAD'),
    branch: out(dir, 'symbolic-ref', 'HEAD'),
    stash: out(dir, 'stash', 'list'),
    refs: out(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/stash'),
    index: existsSync(index) ? readFileSync(index).toString('base64') : null,
    indexMtime: existsSync(index) ? statSync(index).mtimeMs : null,
    status,
    readme: readFileSync(join(dir, 'README'), 'utf8'),
  };
}

/** The same, taken in the order that does not disturb the index before it is read. */
function userStateAfter(dir: string) {
  const index = join(dir, '.git', 'index');
  const bytes = existsSync(index) ? readFileSync(index).toString('base64') : null;
  const mtime = existsSync(index) ? statSync(index).mtimeMs : null;
  const rest = userState(dir);
  return { ...rest, index: bytes, indexMtime: mtime };
}

const FILTER = { maxBytes: mbToBytes(10), allow: [] as string[] };
const checkpoint = (dir: string, task: string, extra: Partial<Parameters<typeof checkpointDir>[1]> = {}) =>
  checkpointDir(runner, { dir, task, mode: 'ref', worktreeBranch: null, filter: FILTER, message: `oneshot checkpoint: ${task} (test)`, env, ...extra });

const committed = (o: CheckpointOutcome) => {
  if (o.kind !== 'committed') throw new Error(`expected a checkpoint, got ${describeCheckpoint(o)}`);
  return o;
};
const files = (dir: string, rev: string) => out(dir, 'ls-tree', '-r', '--name-only', rev).split('\n');
const parents = (dir: string, rev: string) => out(dir, 'rev-list', '--parents', '-n', '1', rev).split(' ').slice(1);

beforeAll(() => {
  area = makeTempArea();
  mkdirSync(area.env.HOME!, { recursive: true });
  // No git identity anywhere: an empty HOME, no system or global config, no variables.
  env = {
    ...area.env,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    EMAIL: '',
    GIT_AUTHOR_NAME: undefined,
    GIT_AUTHOR_EMAIL: undefined,
    GIT_COMMITTER_NAME: undefined,
    GIT_COMMITTER_EMAIL: undefined,
  };
});
afterAll(() => area.cleanup());

describe('a checkpoint on the private ref', () => {
  it('keeps the work on refs/oneshot/<task>, leaves secrets and big files out, and touches nothing of the user', async () => {
    const dir = repo('private');
    agentWork(dir);
    git(dir, 'stash', 'list');
    const before = userState(dir);

    const outcome = committed(await checkpoint(dir, 'auth'));
    expect(outcome.ref).toBe('refs/oneshot/auth');
    expect(outcome.files).toBe(2);
    expect(outcome.author).toMatch(/^oneshot <oneshot@/);
    const text = describeCheckpoint(outcome);
    expect(text).toMatch(/^checkpoint [0-9a-f]{7,} on refs\/oneshot\/auth \(2 files\) as oneshot <oneshot@[^>]+>, git has no identity here; skipped 3: /);
    expect(text).toContain('.env (looks like a secret: name)');
    expect(text).toContain('id_rsa (private key)');
    expect(text).toContain('big.bin (60 MB > 10 MB)');

    const tree = files(dir, 'refs/oneshot/auth');
    expect(tree).toEqual(expect.arrayContaining(['README', 'src/a.ts', 'src/keep.ts']));
    for (const secret of ['.env', 'id_rsa', 'big.bin']) expect(tree).not.toContain(secret);
    expect(tree.some((f) => f.startsWith('.agent'))).toBe(false);
    expect(out(dir, 'show', 'refs/oneshot/auth:README')).toBe('hello, changed');
    expect(parents(dir, 'refs/oneshot/auth')).toEqual([before.head]);
    expect(out(dir, 'log', '-1', '--format=%an|%s', 'refs/oneshot/auth')).toBe('oneshot|oneshot checkpoint: auth (test)');

    // The user's side, byte for byte.
    expect(userStateAfter(dir)).toEqual(before);

    const line = readFileSync(join(dir, '.agent', 'CHECKPOINTS.md'), 'utf8').trim().split('\n').at(-1)!;
    expect(line).toMatch(/ on refs\/oneshot\/auth oneshot checkpoint: auth \(test\) \(2 files\) as oneshot <oneshot@[^>]+>; skipped 3: /);
    for (const reason of ['.env (looks like a secret: name)', 'id_rsa (private key)', 'big.bin (60 MB > 10 MB)']) expect(line).toContain(reason);
  });

  it('is unchanged when nothing changed, and chains the next checkpoint to the last', async () => {
    const dir = repo('chain');
    writeFileSync(join(dir, 'src', 'a.ts'), 'one\n');
    const first = committed(await checkpoint(dir, 'chain'));
    const firstSha = out(dir, 'rev-parse', 'refs/oneshot/chain');
    expect(firstSha.startsWith(first.commit)).toBe(true);

    const again = await checkpoint(dir, 'chain');
    expect(again.kind).toBe('unchanged');
    expect(describeCheckpoint(again)).toBe('nothing changed, no checkpoint');
    expect(out(dir, 'rev-parse', 'refs/oneshot/chain')).toBe(firstSha);

    writeFileSync(join(dir, 'src', 'a.ts'), 'two\n');
    committed(await checkpoint(dir, 'chain'));
    expect(parents(dir, 'refs/oneshot/chain')).toEqual([firstSha]);
    expect(out(dir, 'show', 'refs/oneshot/chain:src/a.ts')).toBe('two');

    // The user commits on their branch: the next checkpoint records that state as a second parent.
    const second = out(dir, 'rev-parse', 'refs/oneshot/chain');
    writeFileSync(join(dir, 'README'), 'user edit\n');
    setup(dir, 'commit', '-q', '-am', 'user work');
    const head = out(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'src', 'a.ts'), 'three\n');
    committed(await checkpoint(dir, 'chain'));
    expect(parents(dir, 'refs/oneshot/chain')).toEqual([second, head]);
  });

  it('sees a tracked file changed in the same second the index was written', async () => {
    // git compares whole seconds: a same-size edit in the second of `git add` looks
    // unchanged, and only the index file's own time (that second) tells git to look.
    // The checkpoint runs a second later, when a copy of the index made now would not.
    const nextSecond = () => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 30));
    const seconds = (path: string) => Math.floor(statSync(path).mtimeMs / 1000);
    let dir = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      await nextSecond();
      dir = repo(`racy-${attempt}`);
      writeFileSync(join(dir, 'README'), 'HELLO\n');
      if (seconds(join(dir, 'README')) === seconds(join(dir, '.git', 'index'))) break;
    }
    expect(seconds(join(dir, 'README'))).toBe(seconds(join(dir, '.git', 'index')));
    await nextSecond();
    expect(describeCheckpoint(await checkpoint(dir, 'racy'))).toMatch(/^checkpoint [0-9a-f]+ on refs\/oneshot\/racy \(1 file\)/);
    expect(out(dir, 'show', 'refs/oneshot/racy:README')).toBe('HELLO');
  });

  it('takes a file the user already tracks as it is, whatever it looks like', async () => {
    const dir = repo('tracked');
    writeFileSync(join(dir, '.env'), 'DEBUG=0\n');
    setup(dir, 'add', '.env');
    setup(dir, 'commit', '-q', '-m', 'the team shares this .env');
    writeFileSync(join(dir, '.env'), `DEBUG=1\nOPENAI_API_KEY=${OPENAI_KEY}\n`);
    const outcome = committed(await checkpoint(dir, 'tracked'));
    expect(outcome.skipped).toEqual([]);
    expect(out(dir, 'show', 'refs/oneshot/tracked:.env')).toContain('DEBUG=1');
  });

  it('says only what was skipped when nothing else changed', async () => {
    const dir = repo('only-secret');
    writeFileSync(join(dir, '.env'), 'TOKEN=1\n');
    const outcome = await checkpoint(dir, 'only-secret');
    expect(outcome.kind).toBe('unchanged');
    expect(describeCheckpoint(outcome)).toBe('nothing changed, no checkpoint; skipped 1: .env (looks like a secret: name)');
    expect(git(dir, 'rev-parse', '--verify', '--quiet', 'refs/oneshot/only-secret').status).not.toBe(0);
  });

  it('takes what checkpointAllow names and honours a smaller size limit', async () => {
    const dir = repo('allowed');
    writeFileSync(join(dir, '.env.test'), 'DEBUG=1\n');
    writeFileSync(join(dir, 'medium.bin'), Buffer.alloc(2 * 1024 * 1024));
    writeFileSync(join(dir, 'src', 'b.ts'), 'b\n');
    const message = 'oneshot checkpoint: allowed: before\nthe refactor';
    const outcome = committed(await checkpoint(dir, 'allowed', { filter: { maxBytes: mbToBytes(1), allow: ['.env.test'] }, message }));
    expect(files(dir, 'refs/oneshot/allowed')).toEqual(expect.arrayContaining(['.env.test', 'src/b.ts']));
    expect(files(dir, 'refs/oneshot/allowed')).not.toContain('medium.bin');
    expect(describeCheckpoint(outcome)).toContain('skipped 1: medium.bin (2 MB > 1 MB)');
    // A message of several lines is one line in CHECKPOINTS.md, where each line is a checkpoint.
    const lines = readFileSync(join(dir, '.agent', 'CHECKPOINTS.md'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('oneshot checkpoint: allowed: before the refactor (2 files)');
  });

  it('works in a repository without a commit, and creates no index there', async () => {
    const dir = area.path('work', 'unborn');
    mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'a.txt'), 'first\n');
    writeFileSync(join(dir, '.env'), 'X=1\n');
    const outcome = committed(await checkpoint(dir, 'unborn'));
    expect(outcome.files).toBe(1);
    expect(files(dir, 'refs/oneshot/unborn')).toEqual(['a.txt']);
    expect(parents(dir, 'refs/oneshot/unborn')).toEqual([]);
    expect(git(dir, 'rev-parse', '--verify', '--quiet', 'HEAD').status).not.toBe(0);
    expect(existsSync(join(dir, '.git', 'index'))).toBe(false);
  });

  it('is not sent by a plain git push', async () => {
    const dir = repo('pushed');
    const remote = area.path('remote.git');
    spawnSync('git', ['init', '-q', '--bare', remote], { env: cleanEnv(env) });
    git(dir, 'remote', 'add', 'origin', remote);
    writeFileSync(join(dir, 'src', 'a.ts'), 'a\n');
    committed(await checkpoint(dir, 'pushed'));
    expect(git(dir, 'push', '-q', 'origin', '--all').status).toBe(0);
    expect(git(dir, 'push', '-q', 'origin', '--tags').status).toBe(0);
    expect(out(remote, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
  });

  it('leaves a repository in the middle of a merge alone and writes nothing', async () => {
    const dir = repo('merging');
    writeFileSync(join(dir, 'src', 'a.ts'), 'a\n');
    writeFileSync(join(dir, '.git', 'MERGE_HEAD'), `${out(dir, 'rev-parse', 'HEAD')}\n`);
    const before = userState(dir);
    const outcome = await checkpoint(dir, 'merging');
    expect(outcome).toEqual({ kind: 'busy', operation: 'a merge' });
    expect(describeCheckpoint(outcome)).toBe('no checkpoint: the repository is in the middle of a merge, left alone');
    expect(userStateAfter(dir)).toEqual(before);
    expect(git(dir, 'rev-parse', '--verify', '--quiet', 'refs/oneshot/merging').status).not.toBe(0);
    expect(existsSync(join(dir, '.agent', 'CHECKPOINTS.md'))).toBe(false);
    rmSync(join(dir, '.git', 'MERGE_HEAD'));
    expect((await checkpoint(dir, 'merging', { mode: 'commit' })).kind).toBe('committed');
  });
});

describe('checkpoint: "commit"', () => {
  it('commits on the current branch with the filter applied', async () => {
    const dir = repo('commit-mode');
    agentWork(dir);
    const head = out(dir, 'rev-parse', 'HEAD');
    const outcome = committed(await checkpoint(dir, 'cm', { mode: 'commit' }));
    expect(outcome.ref).toBe('refs/heads/main');
    expect(describeCheckpoint(outcome)).toMatch(/^checkpoint [0-9a-f]+ on branch main \(2 files\)/);
    expect(parents(dir, 'HEAD')).toEqual([head]);
    expect(out(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['README', 'src/a.ts']);
    expect(out(dir, 'status', '--porcelain').split('\n').sort()).toEqual(['?? .env', '?? big.bin', '?? id_rsa']);
    expect(git(dir, 'rev-parse', '--verify', '--quiet', 'refs/oneshot/cm').status).not.toBe(0);
  });

  it('runs the user\'s hooks: a pre-commit hook that refuses fails the checkpoint with its first line', async () => {
    const dir = repo('hooked');
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "lint failed: 3 problems" >&2\necho "see the output above" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    writeFileSync(join(dir, 'src', 'a.ts'), 'a\n');
    const head = out(dir, 'rev-parse', 'HEAD');
    const outcome = await checkpoint(dir, 'hooked', { mode: 'commit' });
    expect(outcome).toEqual({ kind: 'failed', error: 'lint failed: 3 problems' });
    expect(out(dir, 'rev-parse', 'HEAD')).toBe(head);
  });
});

describe('a worktree task', () => {
  it('commits on its own branch, hooks skipped, and uses the private ref once another branch is checked out', async () => {
    const main = repo('wt-main');
    const hook = join(main, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    const wt = area.path('work', 'wt-task');
    expect(git(main, 'worktree', 'add', '-q', '-b', 'oneshot/wt', wt).status).toBe(0);
    const base = out(wt, 'rev-parse', 'HEAD');
    writeFileSync(join(wt, 'src', 'a.ts'), 'a\n');
    writeFileSync(join(wt, '.env'), 'X=1\n');
    const outcome = committed(await checkpoint(wt, 'wt', { worktreeBranch: 'oneshot/wt' }));
    expect(outcome.ref).toBe('refs/heads/oneshot/wt');
    expect(parents(main, 'refs/heads/oneshot/wt')).toEqual([base]);
    expect(out(main, 'show', '--name-only', '--format=', 'refs/heads/oneshot/wt')).toBe('src/a.ts');
    expect(out(main, 'rev-parse', 'main')).toBe(base);
    expect(git(main, 'rev-parse', '--verify', '--quiet', 'refs/oneshot/wt').status).not.toBe(0);

    git(wt, 'switch', '-q', '-c', 'mine');
    writeFileSync(join(wt, 'src', 'a.ts'), 'b\n');
    const elsewhere = committed(await checkpoint(wt, 'wt', { worktreeBranch: 'oneshot/wt' }));
    expect(elsewhere.ref).toBe('refs/oneshot/wt');
    // In full: with both, git reads the short name oneshot/wt as refs/oneshot/wt.
    expect(out(wt, 'rev-parse', 'refs/heads/mine')).toBe(out(main, 'rev-parse', 'refs/heads/oneshot/wt'));
    expect(parents(main, 'refs/oneshot/wt')).toEqual([out(main, 'rev-parse', 'refs/heads/mine')]);
  });
});

describe('getting work back', () => {
  it('lists the checkpoints newest first, and the printed restore command brings a deleted file back', async () => {
    const dir = repo('rescue');
    writeFileSync(join(dir, 'src', 'a.ts'), 'version 1\n');
    committed(await checkpoint(dir, 'rescue', { message: 'oneshot checkpoint: rescue (periodic) 1' }));
    writeFileSync(join(dir, 'src', 'a.ts'), 'version 2\n');
    writeFileSync(join(dir, 'src', 'b.ts'), 'b\n');
    committed(await checkpoint(dir, 'rescue', { message: 'oneshot checkpoint: rescue (periodic) 2' }));
    const target = { task: 'rescue', mode: 'ref' as const, worktreeBranch: null, filter: FILTER };
    const listing = await listCheckpoints(runner, dir, target, env);
    if ('error' in listing) throw new Error(listing.error);
    expect(listing.entries.map((e) => [e.message, e.files])).toEqual([
      ['oneshot checkpoint: rescue (periodic) 2', 2],
      ['oneshot checkpoint: rescue (periodic) 1', 1],
    ]);

    // The agent's files are lost from the working tree.
    rmSync(join(dir, 'src', 'a.ts'));
    rmSync(join(dir, 'src', 'b.ts'));
    const restore = recoveryCommands(dir, 'rescue', listing.entries[0]!.short).find((c) => c.command.includes('restore'))!;
    const split = splitCommandLine(restore.command);
    if (!split.ok) throw new Error(split.error);
    const [program, ...args] = split.argv;
    expect(program).toBe('git');
    expect(spawnSync(program!, args, { env: cleanEnv(env), encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'a.ts'), 'utf8')).toBe('version 2\n');
    expect(readFileSync(join(dir, 'src', 'b.ts'), 'utf8')).toBe('b\n');
    expect(out(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('finds commit-mode checkpoints of the task on the branch, not those of another task', async () => {
    const dir = repo('listed');
    writeFileSync(join(dir, 'a'), '1\n');
    committed(await checkpoint(dir, 'api', { mode: 'commit', message: 'oneshot checkpoint: api: before the refactor' }));
    writeFileSync(join(dir, 'b'), '1\n');
    committed(await checkpoint(dir, 'api2', { mode: 'commit', message: 'oneshot checkpoint: api2 (periodic)' }));
    setup(dir, 'commit', '-q', '--allow-empty', '-m', 'user commit');
    const listing = await listCheckpoints(runner, dir, { task: 'api', mode: 'commit', worktreeBranch: null, filter: FILTER }, env);
    if ('error' in listing) throw new Error(listing.error);
    expect(listing.entries.map((e) => e.message)).toEqual(['oneshot checkpoint: api: before the refactor']);
    expect(listing.entries[0]!.on).toBe('HEAD');
  });
});
