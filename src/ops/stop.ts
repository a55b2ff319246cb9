// oneshot stop: mark the task stopped, interrupt the agent (its whole process group),
// wait for it to end, and checkpoint what it did.
import { readFileSync } from 'node:fs';
import type { AgentView } from '../fleet/agent.js';
import { signalGroup } from '../proc/exec.js';
import { isPidAlive } from '../sources/pid.js';
import { markStopped } from '../tasks/files.js';
import { logAction } from './actions-log.js';
import { checkpointDir, describeCheckpoint } from './checkpoint.js';
import { OpError, type OpsContext } from './context.js';
import { readPid } from './resume.js';
import { adopt, type TaskHandle } from './task-of.js';

export interface StopOptions {
  reason?: string;
  /** How long the agent gets to end after the interrupt (then SIGTERM, then SIGKILL). */
  graceMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface StopResult {
  name: string;
  ended: boolean;
  checkpoint: string;
}

/** The agent's pid from the last run recorded in runs.jsonl. */
export function lastAgentPid(handle: TaskHandle): number | null {
  try {
    const lines = readFileSync(handle.files.runs, 'utf8').trim().split('\n').reverse();
    for (const line of lines) {
      const obj = JSON.parse(line) as { event?: string; pid?: number };
      if (obj.event === 'agent' && typeof obj.pid === 'number') return obj.pid;
    }
  } catch {
    // no runs yet
  }
  return null;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number, sleep: (ms: number) => Promise<void>): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!isPidAlive(pid)) return true;
    await sleep(100);
  }
  return !isPidAlive(pid);
}

export async function stopAgent(ctx: OpsContext, agent: AgentView, options: StopOptions = {}): Promise<StopResult> {
  const sleep = options.sleep ?? defaultSleep;
  const grace = options.graceMs ?? ctx.config.stopGraceSec * 1000;
  try {
    if (agent.state === 'stopped') throw new OpError(`${agent.name} is already stopped`);
    const handle = adopt(ctx, agent);
    markStopped(handle.files, options.reason ?? `stopped by ${ctx.source === 'dashboard' ? 'the dashboard' : 'oneshot stop'}`);
    const supervisor = readPid(handle.files.supervisorPid);
    const agentPid = lastAgentPid(handle);
    let ended = true;
    if (supervisor !== null && isPidAlive(supervisor)) {
      // The supervisor forwards the interrupt to the agent's group and escalates after its grace.
      process.kill(supervisor, 'SIGINT');
      ended = await waitGone(supervisor, grace + 6000, sleep);
      if (!ended && agentPid) signalGroup(agentPid, 'SIGKILL');
    } else if (agent.session && !agent.session.pane.dead) {
      // Not ours: interrupt whatever runs in the pane, as a person would.
      await ctx.tmux.sendKeys(agent.session.pane.paneId, ['C-c']);
    }
    const outcome = await checkpointDir(ctx.runner, handle.record.dir, `oneshot checkpoint: ${handle.record.name} (stopped) ${new Date().toISOString()}`, ctx.env);
    const checkpoint = describeCheckpoint(outcome);
    logAction(ctx, { action: 'stop', agent: handle.record.name, result: 'ok', detail: `${ended ? 'agent ended' : 'agent killed after the grace period'}; ${checkpoint}` });
    return { name: handle.record.name, ended, checkpoint };
  } catch (error) {
    logAction(ctx, { action: 'stop', agent: agent.name, result: 'failed', detail: (error as Error).message });
    throw error;
  }
}
