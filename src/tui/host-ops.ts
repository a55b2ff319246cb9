// The dashboard's operations on other machines' agents: the same verbs, sent to the agent's
// own host as requests over its connection (the host runs them with its own oneshot and
// says how it went). Attach hands the terminal to `ssh -t <host> tmux attach`.
import type { Config } from '../config/config.js';
import type { AgentView } from '../fleet/agent.js';
import { OpError } from '../ops/context.js';
import { runInteractive } from '../proc/exec.js';
import type { HostConnection } from '../remote/host.js';
import { attachArgv, resolveHost } from '../remote/hosts.js';
import type { Op } from '../remote/protocol.js';
import { describeAgent, NO_EXTRA } from '../fleet/describe.js';
import { plainText } from '../text/sanitize.js';
import type { DashboardOps } from './actions.js';
import type { DashboardHooks } from './dashboard-ops.js';

export interface HostOpsDeps {
  connections: ReadonlyMap<string, HostConnection>;
  config: Config;
  env: Record<string, string | undefined>;
  suspend: DashboardHooks['suspend'];
}

/** `local` for this machine's agents, the host's operations for the others'. */
export function routeToHosts(local: DashboardOps, deps: HostOpsDeps): DashboardOps {
  const connection = (host: string): HostConnection => {
    const c = deps.connections.get(host);
    if (!c) throw new OpError(`${host} is not one of the dashboard's hosts`);
    return c;
  };
  const ask = async (agent: AgentView, op: Op, args: Record<string, unknown> = {}): Promise<{ message: string; data: unknown }> => {
    const host = agent.host as string;
    let result;
    try {
      result = await connection(host).request(op, agent.remoteId ?? agent.name, args);
    } catch (error) {
      throw new OpError(plainText((error as Error).message));
    }
    if (!result.ok) throw new OpError(`${host}: ${plainText(result.error ?? `${op} failed`)}`);
    return { message: `${host}: ${plainText(result.message ?? op)}`, data: result.data };
  };
  const remote = (agent: AgentView) => agent.host !== undefined;
  return {
    ...local,
    resume: (agent, again) => (remote(agent) ? ask(agent, 'resume', { again: again === true }).then((r) => r.message) : local.resume(agent, again)),
    checkpoint: (agent) => (remote(agent) ? ask(agent, 'checkpoint').then((r) => r.message) : local.checkpoint(agent)),
    stop: (agent) => (remote(agent) ? ask(agent, 'stop').then((r) => r.message) : local.stop(agent)),
    kill: (agent) => (remote(agent) ? ask(agent, 'kill').then((r) => r.message) : local.kill(agent)),
    answer: (agent, answer, expected) =>
      remote(agent) ? ask(agent, 'answer', { ...('text' in answer ? { text: answer.text } : { decision: answer.decision }), expected }).then((r) => r.message) : local.answer(agent, answer, expected),
    async readLog(agent) {
      if (!remote(agent)) return local.readLog(agent);
      const { data } = await ask(agent, 'log', { lines: 5_000 });
      const d = (data ?? {}) as { title?: unknown; lines?: unknown };
      const lines = Array.isArray(d.lines) ? d.lines.filter((l): l is string => typeof l === 'string') : [];
      return { title: `${agent.host}:${typeof d.title === 'string' ? plainText(d.title) : agent.name}`, lines };
    },
    async describe(agent) {
      if (!remote(agent)) return local.describe(agent);
      let why = 'it sent no description';
      try {
        const { data } = await ask(agent, 'describe');
        const d = (data ?? {}) as { lines?: unknown };
        if (Array.isArray(d.lines)) return d.lines.filter((l): l is string => typeof l === 'string').map((l) => plainText(l));
      } catch (error) {
        why = plainText((error as Error).message);
      }
      // A host with an older oneshot does not describe: what this machine knows, said so.
      return describeAgent(agent, { ...NO_EXTRA, note: `${agent.host} did not describe it (${why}); what this dashboard knows:` }, Date.now());
    },
    async attach(agent, readonly) {
      if (!remote(agent)) return local.attach(agent, readonly);
      const host = agent.host as string;
      const session = agent.session?.name;
      if (!session) throw new OpError(`attach: ${plainText(agent.name)} on ${host} has no session`);
      const hello = connection(host).snapshot().view.hello;
      const argv = attachArgv(deps.config, deps.env, resolveHost(deps.config, host), hello?.tmux.args ?? [], session, readonly);
      const exit = await deps.suspend(() => runInteractive(argv[0] as string, argv.slice(1), { TMUX: undefined }));
      if (exit.notFound) throw new OpError(`attach: ${argv[0]} is not installed`);
      if (exit.exitCode !== 0) throw new OpError(`attach: ssh to ${host} exited with status ${exit.exitCode}`);
      return `back from ${plainText(session)} on ${host}`;
    },
    async run(request, host) {
      if (!host || host === 'local') return local.run(request);
      let result;
      try {
        result = await connection(host).request('run', undefined, { ...request });
      } catch (error) {
        throw new OpError(plainText((error as Error).message));
      }
      if (!result.ok) throw new OpError(`${host}: ${plainText(result.error ?? 'run failed')}`);
      const data = (result.data ?? {}) as { name?: unknown; agentId?: unknown };
      const name = typeof data.name === 'string' ? data.name : request.name ?? '?';
      return { name, agentId: `${host}/${typeof data.agentId === 'string' ? data.agentId : `task:${name}`}`, message: `${host}: ${plainText(result.message ?? 'started')}` };
    },
  };
}
