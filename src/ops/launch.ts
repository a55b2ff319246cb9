// Starting a task's supervisor in tmux: a new session, or the task's dead pane respawned.
import { existsSync } from 'node:fs';
import type { TaskRecord } from '../fleet/agent.js';
import { join } from 'node:path';
import { taskFiles, tasksDir, type TaskFiles } from '../state/paths.js';
import { writeAtomic, writeTaskRecord } from '../tasks/files.js';
import { OpError, supervisorScript, type OpsContext } from './context.js';

/** The caller's environment, saved for the agent (a long-running tmux server has its own). */
export function saveEnv(files: TaskFiles, env: Record<string, string | undefined>): void {
  const clean = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'TMUX' && e[0] !== 'TMUX_PANE'));
  writeAtomic(files.env, `${JSON.stringify(clean)}\n`);
}

function supervisorArgv(files: TaskFiles, resume: boolean): string[] {
  return [process.execPath, supervisorScript(), files.dir, ...(resume ? ['--resume'] : [])];
}

const SESSION_ENV = (record: TaskRecord, files: TaskFiles) => ({ TASK_TMPDIR: files.dir, ONESHOT_TASK: record.name });

/** A new detached session running the supervisor; the pane stays after it exits. */
export async function startSession(ctx: OpsContext, record: TaskRecord, resume: boolean): Promise<TaskRecord> {
  const files = taskFiles(taskDirOf(ctx, record));
  if (!existsSync(record.dir)) throw new OpError(`the task's directory ${record.dir} no longer exists`);
  const created = await ctx.tmux.newSession({ name: record.session, cwd: record.dir, env: SESSION_ENV(record, files), argv: supervisorArgv(files, resume), remainOnExit: true });
  if (!created.ok) {
    if (created.missing) throw new OpError('tmux is not installed (not found on PATH); install tmux 3.0 or newer');
    if (/duplicate session/i.test(created.error)) throw new OpError(`a tmux session named "${record.session}" already exists on ${ctx.tmux.label}`);
    throw new OpError(`tmux could not start the session: ${created.error}`);
  }
  const next = { ...record, paneId: created.value.paneId };
  writeTaskRecord(files, next);
  return next;
}

/** Run the supervisor again in the task's existing (dead) pane. */
export async function respawnInPane(ctx: OpsContext, record: TaskRecord, paneId: string, resume: boolean): Promise<TaskRecord> {
  const files = taskFiles(taskDirOf(ctx, record));
  const outcome = await ctx.tmux.respawnPane(paneId, record.dir, supervisorArgv(files, resume), SESSION_ENV(record, files));
  if (!outcome.ok) throw new OpError(`tmux could not restart the pane ${paneId}: ${outcome.error}`);
  const next = { ...record, paneId };
  writeTaskRecord(files, next);
  return next;
}

export function taskDirOf(ctx: Pick<OpsContext, 'stateDir'>, record: TaskRecord): string {
  return join(tasksDir(ctx.stateDir), record.name);
}
