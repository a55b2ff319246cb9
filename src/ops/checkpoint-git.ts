// The git questions a checkpoint asks, each one process with argv and a timeout: where
// the repository is, whether an operation is in progress, who the author is, and which
// untracked files may go in.
import { appendFileSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Runner, RunResult } from '../proc/exec.js';
import { SCAN_BYTES, screenUntracked, type FilterSettings, type Skipped, type UntrackedFile } from './checkpoint-filter.js';

export type Env = Record<string, string | undefined>;
export type Git = (args: string[], input?: string) => Promise<RunResult>;

/** Everything but the agent's state files. */
export const PATHSPEC = ['--', '.', ':(exclude).agent'];
const GIT_TIMEOUT = 60_000;
const EXCLUDE_LINE = '.agent/';

export function gitIn(runner: Runner, dir: string, env?: Env): Git {
  return (args, input) => runner('git', ['-C', dir, ...args], { timeoutMs: GIT_TIMEOUT, env, ...(input !== undefined ? { input } : {}) });
}

export function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}

/** The first line git (or a hook) said, else `fallback`. */
export function gitError(r: RunResult, fallback: string): string {
  return firstLine(r.stderr) || firstLine(r.stdout) || fallback;
}

export interface RepoFacts {
  gitDir: string;
  commonDir: string;
}

export async function repoFacts(git: Git, dir: string): Promise<RepoFacts | 'not-git' | { error: string }> {
  const r = await git(['rev-parse', '--is-inside-work-tree', '--absolute-git-dir', '--git-common-dir']);
  if (r.notFound) return { error: 'git is not installed (not found on PATH)' };
  const [inside, gitDir, common] = r.stdout.split('\n').map((l) => l.trim());
  if (r.exitCode !== 0 || inside !== 'true' || !gitDir) return 'not-git';
  return { gitDir, commonDir: common ? resolve(dir, common) : gitDir };
}

/** A merge, rebase, cherry-pick, revert or bisect in progress: a checkpoint now would land in the middle of it. */
export function operationInProgress(gitDir: string): string | null {
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
export function excludeAgentDir(commonDir: string): boolean {
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

/** The author for a repository whose git has no identity: clearly oneshot, on this host. */
export function fallbackIdentity(host: string = hostname()): { name: string; email: string } {
  const clean = host.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  return { name: 'oneshot', email: `oneshot@${clean}` };
}

/** `-c user.name=… -c user.email=…` when git has no identity of its own for this repository. */
export async function identityArgs(git: Git, env: Env): Promise<{ args: string[]; author: string | null }> {
  const r = await git(['config', '--get-regexp', '^user\\.(name|email)$']);
  const has = (key: string) => r.stdout.split('\n').some((l) => l.startsWith(`user.${key} `) && l.slice(key.length + 6).trim() !== '');
  const name = has('name') || !!(env.GIT_AUTHOR_NAME && env.GIT_COMMITTER_NAME);
  const email = has('email') || !!(env.GIT_AUTHOR_EMAIL && env.GIT_COMMITTER_EMAIL) || !!env.EMAIL;
  if (name && email) return { args: [], author: null };
  const fallback = fallbackIdentity();
  const args = [...(name ? [] : ['-c', `user.name=${fallback.name}`]), ...(email ? [] : ['-c', `user.email=${fallback.email}`])];
  return { args, author: `${fallback.name} <${fallback.email}>` };
}

/** The object a revision names, or null (an unborn branch, a ref that does not exist yet). */
export async function revParse(git: Git, rev: string): Promise<string | null> {
  const r = await git(['rev-parse', '--verify', '--quiet', rev]);
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** What a checkpoint would read of a file: its size and first bytes, never following a symlink. */
function inspect(dir: string, path: string): UntrackedFile | null {
  const full = join(dir, path);
  try {
    const stat = lstatSync(full);
    // git stores a symlink as its target and a nested repository as a commit id.
    if (stat.isSymbolicLink()) return { path, bytes: stat.size, head: readlinkSync(full, 'latin1') };
    if (!stat.isFile()) return { path, bytes: 0, head: '' };
    const buffer = Buffer.alloc(Math.min(SCAN_BYTES, stat.size));
    if (buffer.length > 0) {
      const fd = openSync(full, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, 0);
      } finally {
        closeSync(fd);
      }
    }
    return { path, bytes: stat.size, head: buffer.toString('latin1') };
  } catch {
    // gone since git listed it: nothing to take
    return null;
  }
}

/**
 * The untracked files (as `git` sees them through the index in `git`'s environment),
 * split into those a checkpoint takes and those it leaves out, with why.
 */
export async function screenUntrackedFiles(git: Git, dir: string, settings: FilterSettings): Promise<{ take: string[]; skipped: Skipped[] } | { error: string }> {
  const list = await git(['ls-files', '-z', '--others', '--exclude-standard', ...PATHSPEC]);
  if (list.exitCode !== 0) return { error: gitError(list, 'git ls-files failed') };
  const take: string[] = [];
  const skipped: Skipped[] = [];
  for (const path of list.stdout.split('\0')) {
    if (path === '') continue;
    const file = inspect(dir, path);
    if (!file) continue;
    const reason = screenUntracked(file, settings);
    if (reason) skipped.push({ path, reason });
    else take.push(path);
  }
  return { take, skipped };
}

/** `git add` of exact paths: no pathspec magic, no argv limit. */
export async function addPaths(git: Git, paths: readonly string[]): Promise<RunResult | null> {
  if (paths.length === 0) return null;
  return git(['--literal-pathspecs', 'add', '--pathspec-from-file=-', '--pathspec-file-nul'], `${paths.join('\0')}\0`);
}
