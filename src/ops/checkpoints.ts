// `oneshot checkpoints`: a task's checkpoints, newest first, and the git commands that get
// the work back. The commands are printed for the user to run; oneshot never runs them.
import type { Runner } from '../proc/exec.js';
import { shellCommand } from '../text/argv.js';
import { plainText } from '../text/sanitize.js';
import { gitError, gitIn, repoFacts, revParse, type Env } from './checkpoint-git.js';
import { checkpointRef, refComponent, type CheckpointTarget } from './checkpoint-target.js';

export const CHECKPOINT_PREFIX = 'oneshot checkpoint:';

export interface CheckpointEntry {
  commit: string;
  short: string;
  /** The commit date, ISO 8601. */
  date: string;
  message: string;
  /** Files changed since the checkpoint before it (its first parent); null when git did not say. */
  files: number | null;
  /** The ref or branch it is on. */
  on: string;
}

export interface CheckpointListing {
  task: string;
  dir: string;
  /** Where oneshot looked, in order. */
  looked: string[];
  entries: CheckpointEntry[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const LOG_FORMAT = `--format=${RECORD}%H${FIELD}%h${FIELD}%cI${FIELD}%s`;

/**
 * `git log --numstat` output in LOG_FORMAT as entries (numstat, unlike the shortstat
 * summary, is the same in every locale); records it cannot read are skipped. Pure.
 */
export function parseCheckpointLog(text: string, on: string): CheckpointEntry[] {
  const entries: CheckpointEntry[] = [];
  for (const chunk of text.split(RECORD)) {
    const [header = '', ...rest] = chunk.split('\n');
    const [commit, short, date, message] = header.split(FIELD);
    if (!commit || !short || date === undefined || message === undefined) continue;
    const changed = rest.filter((l) => /^(\d+|-)\t(\d+|-)\t/.test(l)).length;
    entries.push({ commit, short, date, message, files: changed > 0 ? changed : null, on });
  }
  return entries;
}

/** Is `message` a checkpoint of `task` (not of a task whose name merely starts the same)? */
export function isCheckpointOf(message: string, task: string): boolean {
  const head = `${CHECKPOINT_PREFIX} ${task}`;
  return message.startsWith(head) && (message.length === head.length || message[head.length] === ' ' || message[head.length] === ':');
}

async function logOf(git: ReturnType<typeof gitIn>, rev: string, extra: string[], limit: number): Promise<string | { error: string }> {
  // --first-parent also makes git (2.31 and later) diff a two-parent checkpoint against
  // the checkpoint before it; an older git shows no count for those.
  const r = await git(['log', '--first-parent', '--numstat', `-n${limit}`, LOG_FORMAT, ...extra, rev, '--']);
  return r.exitCode === 0 ? r.stdout : { error: gitError(r, `git log ${rev} failed`) };
}

export async function listCheckpoints(runner: Runner, dir: string, target: CheckpointTarget, env?: Env, limit = 50): Promise<CheckpointListing | { error: string }> {
  const git = gitIn(runner, dir, env);
  const facts = await repoFacts(git, dir);
  if (facts === 'not-git') return { error: `${dir} is not a git repository; the agent has no checkpoints` };
  if ('error' in facts) return facts;
  const listing: CheckpointListing = { task: target.task, dir, looked: [], entries: [] };

  const ref = checkpointRef(target.task);
  listing.looked.push(ref);
  if (await revParse(git, `${ref}^{commit}`)) {
    const text = await logOf(git, ref, [], limit);
    if (typeof text !== 'string') return text;
    // The ref's first parents are its checkpoints, then the branch it started from.
    const all = parseCheckpointLog(text, ref);
    const end = all.findIndex((e) => !isCheckpointOf(e.message, target.task));
    listing.entries.push(...(end === -1 ? all : all.slice(0, end)));
  }

  const branch = target.worktreeBranch ? `refs/heads/${target.worktreeBranch}` : target.mode === 'commit' ? 'HEAD' : null;
  if (branch && (await revParse(git, `${branch}^{commit}`))) {
    listing.looked.push(branch);
    const text = await logOf(git, branch, ['--fixed-strings', `--grep=${CHECKPOINT_PREFIX} ${target.task}`], limit);
    if (typeof text !== 'string') return text;
    listing.entries.push(...parseCheckpointLog(text, branch).filter((e) => isCheckpointOf(e.message, target.task)));
  }
  listing.entries.sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  listing.entries = listing.entries.slice(0, limit);
  return listing;
}

export interface RecoveryCommand {
  command: string;
  what: string;
}

/** Ways to get a checkpoint's work back, as command lines that work as printed. Pure. */
export function recoveryCommands(dir: string, task: string, commit: string): RecoveryCommand[] {
  const git = (...args: string[]) => shellCommand(['git', '-C', dir, ...args]);
  return [
    { command: git('diff', 'HEAD', commit), what: 'see how the checkpoint differs from your current commit' },
    { command: git('restore', `--source=${commit}`, '--', '.'), what: 'bring its files back into the working tree (your edits to those files are replaced; branch and index stay)' },
    { command: git('switch', '-c', `rescue-${refComponent(task)}`, commit), what: 'a new branch at the checkpoint, to look around or merge from (needs a clean working tree)' },
  ];
}

function when(date: string): string {
  return date.slice(0, 16).replace('T', ' ');
}

/** The listing for a terminal: one line per checkpoint, then the recovery commands for the newest. */
export function renderCheckpoints(listing: CheckpointListing): string {
  const name = plainText(listing.task);
  if (listing.entries.length === 0) return `${name}: no checkpoints yet (looked at ${listing.looked.join(', ')})`;
  const n = listing.entries.length;
  const lines = [`${name}: ${n} checkpoint${n === 1 ? '' : 's'}, newest first`];
  for (const e of listing.entries) {
    const files = e.files === null ? '' : `${e.files} file${e.files === 1 ? '' : 's'}`;
    lines.push(`  ${e.short}  ${when(e.date)}  ${files.padEnd(9)} ${plainText(e.message)}${listing.looked.length > 1 ? `  (${e.on})` : ''}`);
  }
  const newest = listing.entries[0] as CheckpointEntry;
  const commands = recoveryCommands(listing.dir, listing.task, newest.short);
  lines.push('', `To get the newest one back (printed, not run; any other sha works the same):`);
  for (const c of commands) lines.push(`  ${c.command}`, `      ${c.what}`);
  return lines.join('\n');
}
