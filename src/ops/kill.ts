// oneshot kill: end the agent now — every process below its pane, its process group —
// and its tmux session. The task stays on record as stopped (killed), so it is not "lost".
import type { AgentView } from '../fleet/agent.js';
import { signalGroup } from '../proc/exec.js';
import { descendants, processesWithEnv, TREE_MARK } from '../sources/proc.js';
import { markStopped } from '../tasks/files.js';
import { logAction } from './actions-log.js';
import { OpError, type OpsContext } from './context.js';
import { readPid } from './resume.js';
import { lastAgentPid } from './stop.js';
import { taskOf } from './task-of.js';

export async function killAgent(ctx: OpsContext, agent: AgentView): Promise<{ name: string; detail: string }> {
  try {
    const handle = taskOf(agent);
    if (!agent.session && !handle) throw new OpError(`${agent.name} has no tmux session and no task to kill`);
    if (handle) markStopped(handle.files, 'killed through oneshot');
    // The pane's process and everything below it and below the supervisor.
    const panePid = agent.session?.pane.panePid ?? null;
    const roots: number[] = [];
    if (panePid) roots.push(panePid);
    if (handle) {
      const agentPid = lastAgentPid(handle);
      if (agentPid) signalGroup(agentPid, 'SIGKILL');
      const supervisor = readPid(handle.files.supervisorPid);
      if (supervisor) roots.push(supervisor);
    }
    // Tools in their own sessions are not descendants any more once the agent died: the
    // mark in their environment finds them.
    const pids = new Set<number>([...(panePid ? [panePid] : []), ...descendants(...roots), ...(handle ? processesWithEnv(TREE_MARK, handle.files.dir) : [])]);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    let detail = `${pids.size} process${pids.size === 1 ? '' : 'es'} killed`;
    if (agent.session) {
      const outcome = await ctx.tmux.killSession(agent.session.id);
      // Gone already (it ended between the poll and now, or with its server) is what was asked for.
      const gone = !outcome.ok && (outcome.noServer || /can't find session|no such session|session not found/i.test(outcome.error));
      if (!outcome.ok && !gone) throw new OpError(`tmux could not kill session ${agent.session.name}: ${outcome.error}`);
      detail += gone ? `, session ${agent.session.name} was already gone` : `, session ${agent.session.name} killed`;
    }
    logAction(ctx, { action: 'kill', agent: agent.name, result: 'ok', detail });
    return { name: agent.name, detail };
  } catch (error) {
    logAction(ctx, { action: 'kill', agent: agent.name, result: 'failed', detail: (error as Error).message });
    throw error;
  }
}
