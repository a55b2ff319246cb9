// oneshot stop: mark the task stopped, interrupt the agent (its whole process group),
// wait until its processes are gone — no longer, and a zombie is gone — and report what
// really happened: interrupted and exited, or killed after the grace, and the checkpoint
// the supervisor made on its way out.
import { readFileSync, statSync } from 'node:fs';
import type { AgentView } from '../fleet/agent.js';
import { killProcesses, signalGroup } from '../proc/exec.js';
import { processesWithEnv, TREE_MARK } from '../sources/proc.js';
import { isPidAlive } from '../sources/pid.js';
import { jsonObjects } from '../sources/text.js';
import { markStopped } from '../tasks/files.js';
import { logAction } from './actions-log.js';
import { checkpointDir, describeCheckpoint } from './checkpoint.js';
import { checkpointTarget } from './checkpoint-target.js';
import { OpError, type OpsContext } from './context.js';
import { readPid } from './resume.js';
import { adopt, type TaskHandle } from './task-of.js';

export interface StopOptions {
  reason?: string;
  /** How long the agent gets to end after the interrupt (then SIGTERM, then SIGKILL). */
  graceMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type StopHow = 'exited' | 'killed' | 'interrupted-pane' | 'not-running';

export interface StopResult {
  name: string;
  how: StopHow;
  /** How the agent ended, in words. */
  ended: string;
  checkpoint: string;
}

/** The agent's pid from the last run recorded in runs.jsonl. */
export function lastAgentPid(handle: TaskHandle): number | null {
  for (const obj of runEvents(handle.files.runs, 0).reverse()) {
    if (obj.event === 'agent' && typeof obj.pid === 'number') return obj.pid;
  }
  return null;
}

interface RunEvent {
  event?: string;
  pid?: number;
  signal?: string;
  result?: string;
  why?: string;
}

/** runs.jsonl from byte `from` on, parsed; unreadable lines are skipped. */
function runEvents(path: string, from: number): RunEvent[] {
  try {
    return jsonObjects(readFileSync(path).subarray(from).toString('utf8')) as RunEvent[];
  } catch {
    return [];
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait until none of `pids` is alive (zombies count as gone); false when time ran out. */
async function waitGone(pids: number[], ms: number, sleep: (ms: number) => Promise<void>): Promise<boolean> {
  const alive = () => pids.some((pid) => isPidAlive(pid));
  for (let waited = 0; waited < ms; waited += 50) {
    if (!alive()) return true;
    await sleep(50);
  }
  return !alive();
}

export async function stopAgent(ctx: OpsContext, agent: AgentView, options: StopOptions = {}): Promise<StopResult> {
  const sleep = options.sleep ?? defaultSleep;
  const grace = options.graceMs ?? ctx.config.stopGraceSec * 1000;
  try {
    if (agent.state === 'stopped') throw new OpError(`${agent.name} is already stopped`);
    const handle = adopt(ctx, agent);
    const supervisor = readPid(handle.files.supervisorPid);
    const agentPid = lastAgentPid(handle);
    const mark = sizeOf(handle.files.runs);
    markStopped(handle.files, options.reason ?? `stopped by ${ctx.source === 'dashboard' ? 'the dashboard' : 'oneshot stop'}`);
    let how: StopHow;
    let ended: string;
    let checkpoint: string | null = null;
    if (supervisor !== null && isPidAlive(supervisor)) {
      // The supervisor forwards the interrupt to the agent's group, escalates after its
      // grace, checkpoints, and exits: it being gone means all of that is done.
      // An interactive task's supervisor leaves SIGINT to the agent (Ctrl-C typed in its pane).
      process.kill(supervisor, agent.task?.record?.interactive ? 'SIGTERM' : 'SIGINT');
      const gone = await waitGone([supervisor], grace + 6000, sleep);
      if (!gone) {
        if (agentPid) signalGroup(agentPid, 'SIGKILL');
        signalGroup(supervisor, 'SIGKILL');
        await waitGone([supervisor], 2000, sleep);
      }
      const events = runEvents(handle.files.runs, mark);
      const escalated = events.filter((e) => e.event === 'escalate').map((e) => e.signal);
      checkpoint = events.filter((e) => e.event === 'checkpoint').pop()?.result ?? null;
      if (!gone) {
        how = 'killed';
        ended = 'the agent and its supervisor did not end after the interrupt and were killed';
      } else if (escalated.length > 0) {
        how = 'killed';
        ended = `the agent ignored the interrupt for ${Math.round(grace / 1000)} s and was ended with ${escalated.join(', then ')}`;
      } else {
        how = 'exited';
        ended = 'interrupted; the agent exited';
      }
    } else if (agent.session && !agent.session.pane.dead) {
      // Not ours: interrupt whatever runs in the pane, as a person would.
      await ctx.tmux.sendKeys(agent.session.pane.paneId, ['C-c']);
      how = 'interrupted-pane';
      ended = 'sent Ctrl-C to its pane (oneshot did not start it)';
    } else {
      how = 'not-running';
      ended = 'it was not running';
    }
    // Whatever the agent left behind in its own sessions ends with it.
    const leftovers = processesWithEnv(TREE_MARK, handle.files.dir);
    if (leftovers.length > 0) {
      if (supervisor !== null || agentPid !== null) {
        const killed = killProcesses(leftovers, 'SIGKILL');
        await waitGone(leftovers, 2000, sleep);
        ended += `; ended ${killed} process${killed === 1 ? '' : 'es'} it left behind`;
      }
    }
    if (checkpoint === null) {
      const target = checkpointTarget(handle.record.name, handle.record, ctx.config);
      const outcome = await checkpointDir(ctx.runner, { ...target, dir: handle.record.dir, message: `oneshot checkpoint: ${handle.record.name} (stopped) ${new Date().toISOString()}`, env: ctx.env });
      checkpoint = describeCheckpoint(outcome);
    }
    logAction(ctx, { action: 'stop', agent: handle.record.name, result: 'ok', detail: `${ended}; ${checkpoint}` });
    return { name: handle.record.name, how, ended, checkpoint };
  } catch (error) {
    logAction(ctx, { action: 'stop', agent: agent.name, result: 'failed', detail: (error as Error).message });
    throw error;
  }
}
