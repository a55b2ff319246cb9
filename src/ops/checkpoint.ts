// A checkpoint: keep the work when something changed, note it in CHECKPOINTS.md, and sync
// beads when the project uses them. By default it goes to a private ref (refs/oneshot/<task>)
// and leaves the user's branch, index, stash and working tree as they were; a task on its own
// worktree branch commits there; `checkpoint: "commit"` commits on the current branch with
// the user's hooks. In every mode: untracked files that look secret or are too big stay
// out, .agent/ stays out, .gitignore is respected, a repository in the middle of a merge or
// rebase is left alone, and a git without an identity commits as a clearly marked oneshot author.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner } from '../proc/exec.js';
import { findOnPath } from '../proc/exec.js';
import { dotAgentFiles } from '../state/paths.js';
import { appendLine } from '../tasks/files.js';
import { describeSkipped, type Skipped } from './checkpoint-filter.js';
import {
  addPaths,
  excludeAgentDir,
  firstLine,
  gitError,
  gitIn,
  identityArgs,
  operationInProgress,
  PATHSPEC,
  repoFacts,
  screenUntrackedFiles,
  type Env,
  type Git,
} from './checkpoint-git.js';
import { checkpointToRef } from './checkpoint-ref.js';
import { checkpointRef, type CheckpointTarget } from './checkpoint-target.js';

export type CheckpointOutcome =
  | { kind: 'committed'; commit: string; ref: string; files: number; message: string; beads: string | null; author: string | null; skipped: Skipped[] }
  | { kind: 'unchanged'; beads: string | null; skipped: Skipped[] }
  | { kind: 'not-git'; dir: string }
  | { kind: 'busy'; operation: string }
  | { kind: 'failed'; error: string };

export interface CheckpointRequest extends CheckpointTarget {
  dir: string;
  message: string;
  env?: Env;
}

const GIT_TIMEOUT = 60_000;

/**
 * For `oneshot run`: whether `dir` is in a git work tree (checkpoints are on), with
 * .agent/ excluded there; null when git is not installed.
 */
export async function prepareRepository(runner: Runner, dir: string, env?: Env): Promise<boolean | null> {
  const facts = await repoFacts(gitIn(runner, dir, env), dir);
  if (facts === 'not-git') return false;
  if ('error' in facts) return null;
  excludeAgentDir(facts.commonDir);
  return true;
}

/** How a checkpoint is written here: to the private ref, or as a commit on the checked-out branch. */
type Write = { kind: 'ref'; ref: string } | { kind: 'branch'; verify: boolean };

async function chooseWrite(git: Git, request: CheckpointRequest): Promise<Write> {
  if (request.worktreeBranch) {
    // The task's own branch is oneshot's to commit on, hooks skipped; should someone have
    // checked out another branch in its worktree, that branch is theirs: the private ref.
    const branch = await git(['symbolic-ref', '--quiet', 'HEAD']);
    if (branch.stdout.trim() === `refs/heads/${request.worktreeBranch}`) return { kind: 'branch', verify: false };
  } else if (request.mode === 'commit') {
    return { kind: 'branch', verify: true };
  }
  return { kind: 'ref', ref: checkpointRef(request.task) };
}

export async function checkpointDir(runner: Runner, request: CheckpointRequest): Promise<CheckpointOutcome> {
  const { dir, env } = request;
  const git = gitIn(runner, dir, env);
  const facts = await repoFacts(git, dir);
  if (facts === 'not-git') return { kind: 'not-git', dir };
  if ('error' in facts) return { kind: 'failed', error: facts.error };
  const busy = operationInProgress(facts.gitDir);
  if (busy) return { kind: 'busy', operation: busy };
  // git add refuses a pathspec that names an ignored path: once .agent/ is excluded, "." is enough.
  const pathspec = excludeAgentDir(facts.commonDir) ? ['--', '.'] : PATHSPEC;
  const beads = await syncBeads(runner, dir, env);
  const identity = await identityArgs(git, env ?? process.env);
  const write = await chooseWrite(git, request);

  if (write.kind === 'ref') {
    const result = await checkpointToRef(runner, { dir, facts, ref: write.ref, message: request.message, filter: request.filter, identity: identity.args, pathspec, ...(env ? { env } : {}) });
    if (result.kind === 'failed') return result;
    if (result.kind === 'unchanged') return { kind: 'unchanged', beads, skipped: result.skipped };
    const short = (await git(['rev-parse', '--short', result.commit])).stdout.trim() || result.commit.slice(0, 7);
    return record(dir, { kind: 'committed', commit: short, ref: write.ref, files: result.files, message: request.message, beads, author: identity.author, skipped: result.skipped });
  }

  // On the branch: the user's own index, so a file they staged counts as tracked.
  const update = await git(['add', '-u', ...pathspec]);
  if (update.exitCode !== 0) return { kind: 'failed', error: gitError(update, 'git add failed') };
  const untracked = await screenUntrackedFiles(git, dir, request.filter);
  if ('error' in untracked) return { kind: 'failed', error: untracked.error };
  const added = await addPaths(git, untracked.take);
  if (added && added.exitCode !== 0) return { kind: 'failed', error: gitError(added, 'git add failed') };
  const staged = await git(['diff', '--cached', '--name-only', '-z']);
  if (staged.exitCode !== 0) return { kind: 'failed', error: gitError(staged, 'git diff failed') };
  const files = staged.stdout.split('\0').filter((p) => p !== '').length;
  if (files === 0) return { kind: 'unchanged', beads, skipped: untracked.skipped };
  // `checkpoint: "commit"` is a commit the user asked for on their branch: their hooks
  // run and may refuse it. A worktree task's branch is oneshot's own: no hooks there.
  const commit = await runner('git', [...identity.args, '-C', dir, 'commit', ...(write.verify ? [] : ['--no-verify']), '--quiet', '-m', request.message], { timeoutMs: GIT_TIMEOUT, env });
  if (commit.exitCode !== 0) return { kind: 'failed', error: gitError(commit, `git commit failed (status ${commit.exitCode})`) };
  const sha = (await git(['rev-parse', '--short', 'HEAD'])).stdout.trim();
  const ref = (await git(['symbolic-ref', '--quiet', 'HEAD'])).stdout.trim() || 'HEAD';
  return record(dir, { kind: 'committed', commit: sha, ref, files, message: request.message, beads, author: identity.author, skipped: untracked.skipped });
}

/** The line in .agent/CHECKPOINTS.md: one per checkpoint, what was left out included. */
function record(dir: string, outcome: Extract<CheckpointOutcome, { kind: 'committed' }>): CheckpointOutcome {
  const skipped = describeSkipped(outcome.skipped);
  // One entry per line is what readers of CHECKPOINTS.md count: a message of several lines becomes one.
  const message = outcome.message.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  const line = `- ${new Date().toISOString()} ${outcome.commit} on ${refLabel(outcome.ref)} ${message} (${plural(outcome.files, 'file')})${outcome.author ? ` as ${outcome.author}` : ''}${skipped ? `; ${skipped}` : ''}`;
  appendLine(dotAgentFiles(dir).checkpoints, line, 0o644);
  return outcome;
}

/** `bd sync` when the project has .beads/ and bd is installed; its outcome in a few words. */
async function syncBeads(runner: Runner, dir: string, env?: Env): Promise<string | null> {
  if (!existsSync(join(dir, '.beads'))) return null;
  if (!findOnPath('bd', env ?? process.env)) return 'bd not installed, beads not synced';
  const sync = await runner('bd', ['sync'], { cwd: dir, timeoutMs: GIT_TIMEOUT, env });
  return sync.exitCode === 0 ? 'beads synced' : `bd sync failed: ${firstLine(sync.stderr) || `status ${sync.exitCode}`}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** refs/heads/main → `branch main`; a private ref as it is, to be copied into git commands. */
export function refLabel(ref: string): string {
  if (ref.startsWith('refs/heads/')) return `branch ${ref.slice('refs/heads/'.length)}`;
  if (ref === 'HEAD') return 'a detached HEAD';
  return ref;
}

export function describeCheckpoint(outcome: CheckpointOutcome): string {
  switch (outcome.kind) {
    case 'committed': {
      const skipped = describeSkipped(outcome.skipped);
      return `checkpoint ${outcome.commit} on ${refLabel(outcome.ref)} (${plural(outcome.files, 'file')})${outcome.author ? ` as ${outcome.author}, git has no identity here` : ''}${skipped ? `; ${skipped}` : ''}${outcome.beads ? `; ${outcome.beads}` : ''}`;
    }
    case 'busy':
      return `no checkpoint: the repository is in the middle of ${outcome.operation}, left alone`;
    case 'unchanged': {
      const skipped = describeSkipped(outcome.skipped);
      return `nothing changed, no checkpoint${skipped ? `; ${skipped}` : ''}${outcome.beads ? `; ${outcome.beads}` : ''}`;
    }
    case 'not-git':
      return `${outcome.dir} is not a git repository, nothing to checkpoint`;
    case 'failed':
      return `checkpoint failed: ${outcome.error}`;
  }
}
