// A checkpoint: commit the work when something changed, note it in CHECKPOINTS.md, and
// sync beads when the project uses them. Never destructive: no stash, no reset; the
// agent's own state files (.agent/) stay out of the commit and out of `git status`;
// .gitignore is respected; a repository in the middle of a merge or rebase is left alone;
// a git without an identity commits as a clearly marked oneshot author.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Runner } from '../proc/exec.js';
import { findOnPath } from '../proc/exec.js';
import { dotAgentFiles } from '../state/paths.js';
import { appendLine } from '../tasks/files.js';

export type CheckpointOutcome =
  | { kind: 'committed'; commit: string; files: number; message: string; beads: string | null; author: string | null }
  | { kind: 'unchanged'; beads: string | null }
  | { kind: 'not-git'; dir: string }
  | { kind: 'busy'; operation: string }
  | { kind: 'failed'; error: string };

/** Everything but the agent's state files. */
const PATHSPEC = ['--', '.', ':(exclude).agent'];
const GIT_TIMEOUT = 60_000;
const EXCLUDE_LINE = '.agent/';

/** The author for a repository whose git has no identity: clearly oneshot, on this host. */
export function fallbackIdentity(host: string = hostname()): { name: string; email: string } {
  const clean = host.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  return { name: 'oneshot', email: `oneshot@${clean}` };
}

type Git = (args: string[]) => ReturnType<Runner>;

function gitIn(runner: Runner, dir: string, env?: Record<string, string | undefined>): Git {
  return (args) => runner('git', ['-C', dir, ...args], { timeoutMs: GIT_TIMEOUT, env });
}

interface RepoFacts {
  gitDir: string;
  commonDir: string;
}

async function repoFacts(git: Git, dir: string): Promise<RepoFacts | 'not-git' | { error: string }> {
  const r = await git(['rev-parse', '--is-inside-work-tree', '--absolute-git-dir', '--git-common-dir']);
  if (r.notFound) return { error: 'git is not installed (not found on PATH)' };
  const [inside, gitDir, common] = r.stdout.split('\n').map((l) => l.trim());
  if (r.exitCode !== 0 || inside !== 'true' || !gitDir) return 'not-git';
  return { gitDir, commonDir: common ? resolve(dir, common) : gitDir };
}

/** A merge, rebase, cherry-pick, revert or bisect in progress: a commit now would land in the middle of it. */
function operationInProgress(gitDir: string): string | null {
  const marks: [string, string][] = [
    ['rebase-merge', 'a rebase'],
    ['rebase-apply', 'a rebase or am'],
    ['MERGE_HEAD', 'a merge'],
    ['CHERRY_PICK_HEAD', 'a cherry-pick'],
    ['REVERT_HEAD', 'a revert'],
    ['BISECT_LOG', 'a bisect'],
  ];
  for (const [file, what] of marks) if (existsSync(join(gitDir, file))) return what;
  return null;
}

/**
 * Keep .agent/ out of the user's `git status` through .git/info/exclude, never their
 * .gitignore. True when the exclude line is there.
 */
function excludeAgentDir(commonDir: string): boolean {
  const path = join(commonDir, 'info', 'exclude');
  try {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (text.split('\n').some((l) => l.trim() === EXCLUDE_LINE || l.trim() === '.agent')) return true;
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}# oneshot's per-directory agent state\n${EXCLUDE_LINE}\n`);
    return true;
  } catch {
    // a read-only repository: the exclude pathspec keeps .agent/ out of commits
    return false;
  }
}

/**
 * For `oneshot run`: whether `dir` is in a git work tree (checkpoints are on), with
 * .agent/ excluded there; null when git is not installed.
 */
export async function prepareRepository(runner: Runner, dir: string, env?: Record<string, string | undefined>): Promise<boolean | null> {
  const facts = await repoFacts(gitIn(runner, dir, env), dir);
  if (facts === 'not-git') return false;
  if ('error' in facts) return null;
  excludeAgentDir(facts.commonDir);
  return true;
}

/** `-c user.name=… -c user.email=…` when git has no identity of its own for this repository. */
async function identityArgs(git: Git, env: Record<string, string | undefined>): Promise<{ args: string[]; author: string | null }> {
  const r = await git(['config', '--get-regexp', '^user\\.(name|email)$']);
  const has = (key: string) => r.stdout.split('\n').some((l) => l.startsWith(`user.${key} `) && l.slice(key.length + 6).trim() !== '');
  const name = has('name') || !!(env.GIT_AUTHOR_NAME && env.GIT_COMMITTER_NAME);
  const email = has('email') || !!(env.GIT_AUTHOR_EMAIL && env.GIT_COMMITTER_EMAIL) || !!env.EMAIL;
  if (name && email) return { args: [], author: null };
  const fallback = fallbackIdentity();
  const args = [...(name ? [] : ['-c', `user.name=${fallback.name}`]), ...(email ? [] : ['-c', `user.email=${fallback.email}`])];
  return { args, author: `${fallback.name} <${fallback.email}>` };
}

export async function checkpointDir(runner: Runner, dir: string, message: string, env?: Record<string, string | undefined>): Promise<CheckpointOutcome> {
  const git = gitIn(runner, dir, env);
  const facts = await repoFacts(git, dir);
  if (facts === 'not-git') return { kind: 'not-git', dir };
  if ('error' in facts) return { kind: 'failed', error: facts.error };
  const busy = operationInProgress(facts.gitDir);
  if (busy) return { kind: 'busy', operation: busy };
  // git add refuses a pathspec that names an ignored path: once .agent/ is excluded, "." is enough.
  const pathspec = excludeAgentDir(facts.commonDir) ? ['--', '.'] : PATHSPEC;
  const status = await git(['status', '--porcelain', '--untracked-files=all', ...PATHSPEC]);
  if (status.exitCode !== 0) return { kind: 'failed', error: firstLine(status.stderr) || 'git status failed' };
  const beads = await syncBeads(runner, dir, env);
  const changed = status.stdout.split('\n').filter((l) => l.trim() !== '').length;
  if (changed === 0) return { kind: 'unchanged', beads };
  const add = await git(['add', '-A', ...pathspec]);
  if (add.exitCode !== 0) return { kind: 'failed', error: firstLine(add.stderr) || 'git add failed' };
  const identity = await identityArgs(git, env ?? process.env);
  const commit = await runner('git', [...identity.args, '-C', dir, 'commit', '--no-verify', '--quiet', '-m', message], { timeoutMs: GIT_TIMEOUT, env });
  if (commit.exitCode !== 0) return { kind: 'failed', error: firstLine(commit.stderr) || firstLine(commit.stdout) || 'git commit failed' };
  const head = await git(['rev-parse', '--short', 'HEAD']);
  const sha = head.stdout.trim();
  appendLine(dotAgentFiles(dir).checkpoints, `- ${new Date().toISOString()} ${sha} ${message} (${changed} file${changed === 1 ? '' : 's'})${identity.author ? ` as ${identity.author}` : ''}`, 0o644);
  return { kind: 'committed', commit: sha, files: changed, message, beads, author: identity.author };
}

/** `bd sync` when the project has .beads/ and bd is installed; its outcome in a few words. */
async function syncBeads(runner: Runner, dir: string, env?: Record<string, string | undefined>): Promise<string | null> {
  if (!existsSync(join(dir, '.beads'))) return null;
  if (!findOnPath('bd', env ?? process.env)) return 'bd not installed, beads not synced';
  const sync = await runner('bd', ['sync'], { cwd: dir, timeoutMs: GIT_TIMEOUT, env });
  return sync.exitCode === 0 ? 'beads synced' : `bd sync failed: ${firstLine(sync.stderr) || `status ${sync.exitCode}`}`;
}

export function describeCheckpoint(outcome: CheckpointOutcome): string {
  switch (outcome.kind) {
    case 'committed':
      return `committed ${outcome.commit} (${outcome.files} file${outcome.files === 1 ? '' : 's'})${outcome.author ? ` as ${outcome.author}, git has no identity here` : ''}${outcome.beads ? `; ${outcome.beads}` : ''}`;
    case 'busy':
      return `no checkpoint: the repository is in the middle of ${outcome.operation}, left alone`;
    case 'unchanged':
      return `nothing changed, no commit${outcome.beads ? `; ${outcome.beads}` : ''}`;
    case 'not-git':
      return `${outcome.dir} is not a git repository, nothing to checkpoint`;
    case 'failed':
      return `checkpoint failed: ${outcome.error}`;
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}
