// The oneshot task behind an agent in the fleet, or one made for a session oneshot did not
// start (so resume and stop work on the seeds' sessions too).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adapterFor } from '../agents/index.js';
import type { AgentView, TaskRecord } from '../fleet/agent.js';
import { sessionIdOf } from '../fleet/snapshot.js';
import { taskFiles, tasksDir, type TaskFiles } from '../state/paths.js';
import { ensurePrivateDir, readTaskRecord, taskExists, writeAtomic, writeTaskRecord } from '../tasks/files.js';
import { uniqueName } from '../tasks/names.js';
import { OpError, type OpsContext } from './context.js';
import { saveEnv } from './launch.js';

export interface TaskHandle {
  files: TaskFiles;
  record: TaskRecord;
}

export function taskOf(agent: AgentView): TaskHandle | null {
  if (agent.task?.origin !== 'oneshot') return null;
  const files = taskFiles(agent.task.dir);
  const record = readTaskRecord(files);
  // With the checkpoint mode it was started with, so a resume writes it back.
  return record ? { files, record } : null;
}

/** A task record for an agent oneshot did not launch: its session, directory and session id. */
export function adopt(ctx: OpsContext, agent: AgentView): TaskHandle {
  const existing = taskOf(agent);
  if (existing) return existing;
  const adapter = adapterFor(agent.kind);
  if (!adapter || agent.kind === 'shell') throw new OpError(`${agent.name}: oneshot does not know how to run a ${agent.kind} agent`);
  if (!agent.dir || !existsSync(agent.dir)) throw new OpError(`${agent.name}: its working directory is unknown`);
  const sessionId = sessionIdOf(agent);
  const sessionName = agent.session?.name ?? agent.expectedSession ?? `${agent.kind}-${agent.name}`;
  const base = sessionName.replace(/^(codex|claude|opencode|pi|oneshot)-/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'adopted';
  const name = uniqueName(base.slice(0, 40), (n) => taskExists(ctx.stateDir, n));
  const files = taskFiles(join(tasksDir(ctx.stateDir), name));
  ensurePrivateDir(tasksDir(ctx.stateDir));
  ensurePrivateDir(files.dir);
  writeAtomic(files.prompt, adapter.continuePrompt);
  saveEnv(files, ctx.env);
  if (sessionId) writeAtomic(files.sessionId, `${sessionId}\n`);
  const autonomy = ctx.config.agents[adapter.kind].autonomy ?? ctx.config.autonomy;
  const record: TaskRecord = {
    name,
    agent: adapter.kind,
    autonomy,
    dir: agent.dir,
    argv: adapter.launch({ bin: adapter.defaultBin, prompt: '{prompt}', extraArgs: [], promptOnStdin: false, autonomy }),
    created: new Date().toISOString(),
    session: sessionName,
    socketPath: ctx.tmux.socketPath,
    bin: ctx.config.agents[adapter.kind].bin ?? adapter.defaultBin,
    extraArgs: ctx.config.agents[adapter.kind].args,
    ...(agent.session ? { paneId: agent.session.pane.paneId } : {}),
  };
  writeTaskRecord(files, record);
  return { files, record };
}
