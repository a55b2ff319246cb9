// A checkpoint on a private ref, refs/oneshot/<task>, built with git's plumbing in an
// index of its own: the user's branch, index, stash and working tree are only read.
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../proc/exec.js';
import type { FilterSettings, Skipped } from './checkpoint-filter.js';
import { addPaths, gitError, gitIn, revParse, screenUntrackedFiles, type Env, type Git, type RepoFacts } from './checkpoint-git.js';

export interface RefCheckpointRequest {
  dir: string;
  facts: RepoFacts;
  ref: string;
  message: string;
  filter: FilterSettings;
  /** `-c user.name=…` when git has no identity here. */
  identity: string[];
  /** `git add -u` pathspec: the directory, without .agent/. */
  pathspec: string[];
  env?: Env;
}

export type RefCheckpoint =
  | { kind: 'written'; commit: string; files: number; skipped: Skipped[] }
  | { kind: 'unchanged'; skipped: Skipped[] }
  | { kind: 'failed'; error: string };

/**
 * Start the private index from HEAD's tree. A copy of the user's index, merged with
 * HEAD (`read-tree -m`), keeps the stat data of unchanged files, so `add -u` need not hash
 * the whole tree again; when that cannot work (a conflicted index), HEAD's tree alone.
 */
async function seedIndex(git: Git, facts: RepoFacts, index: string, head: string | null): Promise<string | null> {
  if (!head) {
    const empty = await git(['read-tree', '--empty']);
    return empty.exitCode === 0 ? null : gitError(empty, 'git read-tree failed');
  }
  try {
    const source = join(facts.gitDir, 'index');
    // git trusts an entry whose file looks unchanged since the index was written, unless
    // the file changed in the same instant as the index ("racy git"), which it tells by
    // the index file's time. The copy keeps that time, a millisecond earlier rather than
    // later (and read before the copy, should git replace the index meanwhile), so a file
    // edited just then is still looked at.
    const { atime, mtimeMs } = statSync(source);
    copyFileSync(source, index);
    utimesSync(index, atime, (Math.floor(mtimeMs) - 1) / 1000);
    if ((await git(['read-tree', '-m', head])).exitCode === 0) return null;
  } catch {
    // no index yet: HEAD alone
  }
  rmSync(index, { force: true });
  const plain = await git(['read-tree', head]);
  return plain.exitCode === 0 ? null : gitError(plain, 'git read-tree failed');
}

export async function checkpointToRef(runner: Runner, request: RefCheckpointRequest): Promise<RefCheckpoint> {
  const { dir, ref, env } = request;
  const git = gitIn(runner, dir, env);
  const scratch = mkdtempSync(join(tmpdir(), 'oneshot-index-'));
  const index = join(scratch, 'index');
  const inScratch = gitIn(runner, dir, { ...env, GIT_INDEX_FILE: index });
  // A split index would write its shared part into the user's .git: the private one is whole.
  const staged: Git = (args, input) => inScratch(['-c', 'core.splitIndex=false', ...args], input);
  try {
    const head = await revParse(git, 'HEAD^{commit}');
    const previous = await revParse(git, `${ref}^{commit}`);
    const seeded = await seedIndex(staged, request.facts, index, head);
    if (seeded) return { kind: 'failed', error: seeded };
    const update = await staged(['add', '-u', ...request.pathspec]);
    if (update.exitCode !== 0) return { kind: 'failed', error: gitError(update, 'git add failed') };
    // Untracked here means not in HEAD: a file only staged in the user's index is judged too.
    const untracked = await screenUntrackedFiles(staged, dir, request.filter);
    if ('error' in untracked) return { kind: 'failed', error: untracked.error };
    const added = await addPaths(staged, untracked.take);
    if (added && added.exitCode !== 0) return { kind: 'failed', error: gitError(added, 'git add failed') };
    const written = await staged(['write-tree']);
    const tree = written.stdout.trim();
    if (written.exitCode !== 0 || !tree) return { kind: 'failed', error: gitError(written, 'git write-tree failed') };

    const headTree = head ? await revParse(git, `${head}^{tree}`) : (await git(['hash-object', '-t', 'tree', '--stdin'], '')).stdout.trim();
    const previousTree = previous ? await revParse(git, `${previous}^{tree}`) : null;
    // Nothing to keep: the tree is the last checkpoint's, or what the branch already has.
    if (tree === previousTree || tree === headTree) return { kind: 'unchanged', skipped: untracked.skipped };
    const base = previousTree ?? headTree;
    const diff = await git(['diff-tree', '-r', '--name-only', '-z', base as string, tree]);
    const files = diff.stdout.split('\0').filter((p) => p !== '').length;

    // The first parent is the previous checkpoint, so `git log --first-parent` walks the
    // task's checkpoints. When the user has committed since, HEAD is a second parent: the
    // checkpoint records which state of the branch it was taken on, and `git diff HEAD
    // <checkpoint>` or a merge of it finds their common history.
    const parents = previous ? [previous] : head ? [head] : [];
    if (previous && head && (await git(['merge-base', '--is-ancestor', head, previous])).exitCode !== 0) parents.push(head);
    // commit-tree runs no hooks; --no-gpg-sign keeps a signing prompt out of an unattended checkpoint.
    const commit = await git([...request.identity, 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '--no-gpg-sign', '-m', request.message]);
    const sha = commit.stdout.trim();
    if (commit.exitCode !== 0 || !sha) return { kind: 'failed', error: gitError(commit, 'git commit-tree failed') };
    // Compare-and-swap: a checkpoint taken meanwhile by another oneshot is not overwritten.
    const moved = await git(['update-ref', '-m', 'oneshot checkpoint', ref, sha, previous ?? '']);
    if (moved.exitCode !== 0) return { kind: 'failed', error: gitError(moved, `git update-ref ${ref} failed`) };
    return { kind: 'written', commit: sha, files, skipped: untracked.skipped };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
