// A checkpoint: commit the work when something changed, note it in CHECKPOINTS.md, and
// sync beads when the project uses them. Never destructive: no stash, no reset, and the
// agent's own state files (.agent/) stay out of the commit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner } from '../proc/exec.js';
import { findOnPath } from '../proc/exec.js';
import { dotAgentFiles } from '../state/paths.js';
import { appendLine } from '../tasks/files.js';

export type CheckpointOutcome =
  | { kind: 'committed'; commit: string; files: number; message: string; beads: string | null }
  | { kind: 'unchanged'; beads: string | null }
  | { kind: 'not-git'; dir: string }
  | { kind: 'failed'; error: string };

/** Everything but the agent's state files. */
const PATHSPEC = ['--', '.', ':(exclude).agent'];
const GIT_TIMEOUT = 60_000;

export async function checkpointDir(runner: Runner, dir: string, message: string, env?: Record<string, string | undefined>): Promise<CheckpointOutcome> {
  const git = (args: string[]) => runner('git', ['-C', dir, ...args], { timeoutMs: GIT_TIMEOUT, env });
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.notFound) return { kind: 'failed', error: 'git is not installed (not found on PATH)' };
  if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') return { kind: 'not-git', dir };
  const status = await git(['status', '--porcelain', '--untracked-files=all', ...PATHSPEC]);
  if (status.exitCode !== 0) return { kind: 'failed', error: firstLine(status.stderr) || 'git status failed' };
  const beads = await syncBeads(runner, dir, env);
  const changed = status.stdout.split('\n').filter((l) => l.trim() !== '').length;
  if (changed === 0) return { kind: 'unchanged', beads };
  const add = await git(['add', '-A', ...PATHSPEC]);
  if (add.exitCode !== 0) return { kind: 'failed', error: firstLine(add.stderr) || 'git add failed' };
  const commit = await git(['commit', '--no-verify', '--quiet', '-m', message]);
  if (commit.exitCode !== 0) {
    const why = firstLine(commit.stderr) || firstLine(commit.stdout) || 'git commit failed';
    return { kind: 'failed', error: /identity|user\.email|user\.name/i.test(commit.stderr) ? 'git has no user.name/user.email for this repository' : why };
  }
  const head = await git(['rev-parse', '--short', 'HEAD']);
  const sha = head.stdout.trim();
  appendLine(dotAgentFiles(dir).checkpoints, `- ${new Date().toISOString()} ${sha} ${message} (${changed} file${changed === 1 ? '' : 's'})`, 0o644);
  return { kind: 'committed', commit: sha, files: changed, message, beads };
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
      return `committed ${outcome.commit} (${outcome.files} file${outcome.files === 1 ? '' : 's'})${outcome.beads ? `; ${outcome.beads}` : ''}`;
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
