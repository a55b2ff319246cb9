// oneshot resume: native resume with the recorded session id, in the live session (its
// dead pane restarted) or in a new one; the supervisor falls back to running the prompt
// again with the task's notes when native resume fails.
import { adapterFor } from '../agents/index.js';
import { ENTER_AFTER_TEXT_MS } from './answer.js';
import { isPidAlive } from '../sources/pid.js';
import { processesWithEnv, TREE_MARK } from '../sources/proc.js';
import { lastAgentPid } from './stop.js';
import { isAlive, type AgentView } from '../fleet/agent.js';
import { limitMenuShown } from '../fleet/screens.js';
import { clearOutcome } from '../tasks/files.js';
import { existsSync, readFileSync } from 'node:fs';
import { logAction } from './actions-log.js';
import { OpError, OpUsageError, type OpsContext } from './context.js';
import { oneshotCommand } from './hints.js';
import { respawnInPane, saveEnv, startSession } from './launch.js';
import { adopt } from './task-of.js';

export interface ResumeResult {
  name: string;
  session: string;
  how: 'respawned' | 'new-session' | 'prompted';
}

/** Where the agent went on, for people: "in its session", "in a new session S". */
export function resumedWhere(r: ResumeResult): string {
  switch (r.how) {
    case 'respawned':
      return 'in its session';
    case 'new-session':
      return `in a new session ${r.session}`;
    case 'prompted':
      return 'at its prompt (the continue prompt typed in)';
  }
}

export interface ResumeOptions {
  /** A finished (done) task runs again only when asked for: it costs a whole run. */
  again?: boolean;
}

export async function resumeAgent(ctx: OpsContext, agent: AgentView, options: ResumeOptions = {}): Promise<ResumeResult> {
  try {
    if (isAlive(agent.state)) {
      throw new OpError(`${agent.name} is ${agent.state}; nothing to resume${agent.state === 'stale' ? ' (stop it first if it is stuck)' : ''}`);
    }
    if (agent.state === 'done' && !options.again) {
      throw new OpUsageError(`${agent.name} is done; resuming would run the task again (${oneshotCommand(ctx.tmux.serverArgs, 'resume', '--again', agent.name)} does that)`);
    }
    const { files, record } = adopt(ctx, agent);
    const supervisor = readPid(files.supervisorPid);
    const pane = agent.session?.pane ?? null;
    if (agent.state === 'rate-limited' && record.interactive && pane && !pane.dead) {
      // Held at its prompt by the limit, alive: the way on is the next prompt, typed there
      // (text and Enter apart, as a person would).
      const adapter = adapterFor(record.agent);
      // Claude Code's own menu after the limit takes the input box: Esc closes it first.
      if (limitMenuShown(agent.paneTail ?? [])) {
        const closed = await ctx.tmux.sendKeys(pane.paneId, ['Escape']);
        if (!closed.ok) throw new OpError(`tmux could not type into ${pane.paneId}: ${closed.error}`);
        await new Promise((r) => setTimeout(r, ENTER_AFTER_TEXT_MS));
      }
      const typed = await ctx.tmux.sendKeys(pane.paneId, ['-l', '--', adapter?.continuePrompt ?? 'Continue.']);
      if (!typed.ok) throw new OpError(`tmux could not type into ${pane.paneId}: ${typed.error}`);
      await new Promise((r) => setTimeout(r, ENTER_AFTER_TEXT_MS));
      const entered = await ctx.tmux.sendKeys(pane.paneId, ['Enter']);
      if (!entered.ok) throw new OpError(`tmux could not type into ${pane.paneId}: ${entered.error}`);
      logAction(ctx, { action: 'resume', agent: record.name, result: 'ok', detail: 'typed the continue prompt after the rate limit' });
      return { name: record.name, session: agent.session?.name ?? record.session, how: 'prompted' };
    }
    if (supervisor !== null && isPidAlive(supervisor) && pane && !pane.dead) {
      // The agent ended and its supervisor is finishing up (final checkpoint): give it a moment.
      const finishing = existsSync(files.exit) && (await waitGone(supervisor, 5000));
      if (!finishing) throw new OpError(`${agent.name} is already running (supervisor pid ${supervisor}); nothing to resume`);
    }
    // One live copy of a conversation: nothing of the last run may still be working.
    const agentPid = lastAgentPid({ files, record });
    if (agentPid !== null && isPidAlive(agentPid)) throw new OpError(`${agent.name}'s agent (pid ${agentPid}) is still running; stop or kill it before resuming`);
    const leftovers = processesWithEnv(TREE_MARK, files.dir);
    if (leftovers.length > 0) {
      throw new OpError(`${leftovers.length} process${leftovers.length === 1 ? '' : 'es'} of ${agent.name}'s last run still run (pid ${leftovers.slice(0, 5).join(', ')}); stop or kill it before resuming`);
    }
    clearOutcome(files);
    // The task keeps the environment it was started with (API keys, PATH): a watchdog or a
    // dashboard started elsewhere must not swap it for theirs.
    if (!existsSync(files.env)) saveEnv(files, ctx.env);
    let result: ResumeResult;
    if (agent.session && pane) {
      await respawnInPane(ctx, record, pane.paneId, true);
      result = { name: record.name, session: agent.session.name, how: 'respawned' };
    } else {
      const next = await startSession(ctx, record, true);
      result = { name: record.name, session: next.session, how: 'new-session' };
    }
    logAction(ctx, { action: 'resume', agent: record.name, result: 'ok', detail: resumedWhere(result) });
    return result;
  } catch (error) {
    logAction(ctx, { action: 'resume', agent: agent.name, result: 'failed', detail: (error as Error).message });
    throw error;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms && isPidAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  return !isPidAlive(pid);
}

export function readPid(path: string): number | null {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
