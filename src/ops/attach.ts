// Attach to an agent's session: inside tmux on the same server, switch the client to it
// (the usual tmux keys come back); otherwise run `tmux attach` on this terminal.
import type { AgentView } from '../fleet/agent.js';
import { runInteractive } from '../proc/exec.js';
import { socketFromTmuxEnv } from '../tmux/socket.js';
import { logAction } from './actions-log.js';
import { OpError, type OpsContext } from './context.js';

export type AttachPlan = { kind: 'switch'; target: string } | { kind: 'attach'; argv: string[] };

/** How to reach the agent from here. Pure given the context. */
export function attachPlan(ctx: Pick<OpsContext, 'tmux' | 'env'>, agent: AgentView, readonly: boolean): AttachPlan {
  if (!agent.session) throw new OpError(`${agent.name} has no tmux session${agent.state === 'lost' || agent.state === 'crashed' ? ' (resume it first)' : ''}`);
  const inside = socketFromTmuxEnv(ctx.env);
  if (inside && inside === ctx.tmux.socketPath && !readonly) return { kind: 'switch', target: agent.session.id };
  const [bin, ...prefix] = ctx.tmux.commandPrefix();
  return { kind: 'attach', argv: [bin as string, ...prefix, 'attach-session', ...(readonly ? ['-r'] : []), '-t', agent.session.id] };
}

export async function attachAgent(ctx: OpsContext, agent: AgentView, options: { readonly?: boolean } = {}): Promise<string> {
  const plan = attachPlan(ctx, agent, options.readonly ?? false);
  if (plan.kind === 'switch') {
    // Name the person's own client: left to choose, tmux may pick oneshot's control-mode client.
    const tty = ctx.env.TMUX_PANE ? await ctx.tmux.clientOf(ctx.env.TMUX_PANE) : null;
    const outcome = await ctx.tmux.switchClient(plan.target, tty ?? undefined);
    if (!outcome.ok) throw new OpError(`tmux could not switch to ${agent.name}: ${outcome.error}`);
    logAction(ctx, { action: 'attach', agent: agent.name, result: 'ok', detail: 'switched client' });
    return `switched to ${agent.session?.name ?? agent.name}`;
  }
  // A nested tmux client refuses to start while $TMUX points elsewhere; it is another server.
  const result = await runInteractive(plan.argv[0] as string, plan.argv.slice(1), { TMUX: undefined });
  if (result.notFound) throw new OpError('tmux is not installed (not found on PATH)');
  logAction(ctx, { action: options.readonly ? 'watch' : 'attach', agent: agent.name, result: result.exitCode === 0 ? 'ok' : 'failed', detail: `tmux attach exited ${result.exitCode}` });
  if (result.exitCode !== 0) throw new OpError(`tmux attach exited with status ${result.exitCode}`);
  return `detached from ${agent.session?.name ?? agent.name}`;
}
