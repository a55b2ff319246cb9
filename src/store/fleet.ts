// Pure transitions of the fleet part of the store. Each takes the state and what
// happened, and returns the next state, reusing unchanged agent objects so that
// selectors (and the components reading them) see no change where there was none.
import type { HostSnapshot, HostView } from '../remote/host.js';
import type { AgentEvent } from '../events/model.js';
import { parseEventLines } from '../events/parse.js';
import type { AgentObservation, AgentView, EventsView } from '../fleet/agent.js';
import { deriveAgent, emptyEvents, keepFor, mayHaveChanged, type DeriveSettings } from '../fleet/derive.js';
import type { ServerStatus } from '../tmux/client.js';

// Six pages of the events panel. The whole log stays in its file (`oneshot log`); kept
// here for every agent, this is what a busy fleet's memory grows to: ~0.5 KB an event.
export const RECENT_EVENTS = 120;

export interface ServerInfo {
  label: string;
  /** -L/-S for printed commands; empty for the default server. */
  args: readonly string[];
  status: ServerStatus | 'unknown';
  error: string | null;
  polledAt: number | null;
  /** Why the server is polled by processes although control mode was asked for; null otherwise. */
  transportNote?: string | null;
  /** The server did not answer in time: what is shown is its last answer. */
  hung?: boolean;
}

export interface FleetData {
  server: ServerInfo;
  agents: Record<string, AgentView>;
  /** Agent ids in discovery order: this machine's, then each host's. */
  order: string[];
  now: number;
  settings: DeriveSettings;
  /** Other machines the dashboard reaches (none: this machine only), by name, in the order given. */
  hosts: Record<string, HostView>;
}

export interface FleetObservation {
  at: number;
  server: { status: ServerStatus; error: string | null; transportNote?: string | null; hung?: boolean };
  agents: AgentObservation[];
  /** What the same poll read from the agents' event logs: applied with the rest, each agent derived once. */
  events?: readonly { agentId: string; read: EventsRead }[];
}

export interface EventsRead {
  source: string | null;
  lines: string[];
  /** Earlier lines no longer apply (file replaced or truncated). */
  reset: boolean;
  /** When the lines were read; null for an old backlog. */
  at: number | null;
  /** Time of the last line of a backlog: the file's mtime. */
  lastLineAt?: number | null;
  problem?: string | null;
}

export function initialFleet(settings: DeriveSettings, now: number): FleetData {
  return {
    server: { label: settings.serverLabel, args: settings.serverArgs ?? [], status: 'unknown', error: null, polledAt: null },
    agents: {},
    order: [],
    now,
    settings,
    hosts: {},
  };
}

const isRemote = (id: string, agents: Record<string, AgentView>) => agents[id]?.host !== undefined;

/**
 * A host's agents as its connection last saw them: they replace that host's rows (kept,
 * as last known, while it is unreachable). Classified on the host: taken as they are.
 */
export function applyHostUpdated(data: FleetData, snapshot: HostSnapshot): FleetData {
  const name = snapshot.view.name;
  const hosts = data.hosts[name] === snapshot.view ? data.hosts : { ...data.hosts, [name]: snapshot.view };
  const agents: Record<string, AgentView> = {};
  const order: string[] = [];
  let same = true;
  for (const id of data.order) {
    const a = data.agents[id];
    if (!a) continue;
    if (a.host === name) {
      const fresh = snapshot.agents[a.remoteId ?? ''];
      if (!fresh) {
        same = false;
        continue;
      }
      if (fresh !== a) same = false;
      agents[id] = fresh;
      order.push(id);
    } else {
      agents[id] = a;
      order.push(id);
    }
  }
  for (const remoteId of snapshot.order) {
    const a = snapshot.agents[remoteId];
    if (a && !(a.id in agents)) {
      agents[a.id] = a;
      order.push(a.id);
      same = false;
    }
  }
  if (same && order.length === data.order.length) return hosts === data.hosts ? data : { ...data, hosts };
  return { ...data, hosts, agents, order };
}

/**
 * The runtime hands back the same objects for what did not change (panes, files read,
 * pane tails), so comparing fields by identity finds an unchanged agent cheaply.
 */
export function sameObservation(a: AgentObservation, b: AgentObservation): boolean {
  for (const key of Object.keys(b) as (keyof AgentObservation)[]) {
    if (key === 'session') continue;
    if (a[key] !== b[key]) return false;
  }
  const x = a.session;
  const y = b.session;
  if (x === null || y === null) return x === y;
  return x.id === y.id && x.name === y.name && x.pane === y.pane && x.paneCount === y.paneCount && x.env === y.env && x.shellChildren === y.shellChildren && x.tools === y.tools && x.attached === y.attached && x.created === y.created && x.path === y.path;
}

function sameView(a: AgentView, b: AgentView): boolean {
  return a.state === b.state && a.reason === b.reason && a.kind === b.kind;
}

export function applyFleetObserved(data: FleetData, obs: FleetObservation): FleetData {
  const agents: Record<string, AgentView> = {};
  const reads = obs.events?.length ? new Map(obs.events.map((r) => [r.agentId, r.read])) : null;
  for (const o of obs.agents) {
    const previous = data.agents[o.id];
    let events = previous?.events ?? emptyEvents(o.eventsPath);
    if (events.source !== o.eventsPath) events = emptyEvents(o.eventsPath);
    const read = reads?.get(o.id);
    if (read) events = eventsAfter(events, read);
    if (previous && previous.events === events && sameObservation(previous, o)) {
      // Same evidence: only the time can change the verdict (a heartbeat going stale).
      if (!mayHaveChanged(previous, obs.at)) {
        agents[o.id] = previous;
        continue;
      }
      const next = deriveAgent(previous, events, obs.at, data.settings);
      agents[o.id] = sameView(previous, next) ? keepFor(previous, next) : next;
      continue;
    }
    agents[o.id] = deriveAgent(o, events, obs.at, data.settings);
  }
  const remoteIds = data.order.filter((id) => isRemote(id, data.agents));
  for (const id of remoteIds) agents[id] = data.agents[id] as AgentView;
  const order = remoteIds.length ? [...obs.agents.map((o) => o.id), ...remoteIds] : obs.agents.map((o) => o.id);
  // An idle poll changes nothing: keep the same objects so nothing re-renders.
  const sameOrder = order.length === data.order.length && order.every((id, i) => id === data.order[i]);
  const sameAgents = sameOrder && order.every((id) => agents[id] === data.agents[id]);
  const sameServer =
    data.server.status === obs.server.status &&
    data.server.error === obs.server.error &&
    (data.server.transportNote ?? null) === (obs.server.transportNote ?? null) &&
    (data.server.hung ?? false) === (obs.server.hung ?? false);
  return {
    ...data,
    server: sameServer ? data.server : { ...data.server, status: obs.server.status, error: obs.server.error, transportNote: obs.server.transportNote ?? null, hung: obs.server.hung ?? false, polledAt: obs.at },
    agents: sameAgents ? data.agents : agents,
    order: sameOrder ? data.order : order,
    now: obs.at,
  };
}

function pushRecent(recent: AgentEvent[], added: AgentEvent[]): AgentEvent[] {
  if (added.length === 0) return recent;
  const all = recent.concat(added);
  return all.length > RECENT_EVENTS ? all.slice(all.length - RECENT_EVENTS) : all;
}

/** An agent's events with what was read appended (the same object when the read adds nothing). */
function eventsAfter(current: EventsView, read: EventsRead): EventsView {
  const base: EventsView = read.reset || current.source !== read.source ? emptyEvents(read.source) : current;
  if (read.lines.length === 0 && !read.reset && (read.problem ?? null) === base.problem) return current;
  const outcome = parseEventLines(base.stream, read.lines, read.at);
  const added = outcome.events;
  if (read.at === null && read.lastLineAt && added.length > 0) {
    const last = added[added.length - 1];
    if (last && last.at === null) added[added.length - 1] = { ...last, at: read.lastLineAt };
    if (outcome.state.lastEvent && outcome.state.lastEvent.at === null) outcome.state.lastEvent = added[added.length - 1] ?? null;
  }
  return { stream: outcome.state, recent: pushRecent(base.recent, added), source: read.source, problem: read.problem ?? null };
}

/** Time passed: only the agents whose verdict has expired (see Moment) are derived again. */
export function applyClockTicked(data: FleetData, now: number): FleetData {
  let changed = false;
  const agents: Record<string, AgentView> = {};
  for (const [id, agent] of Object.entries(data.agents)) {
    if (agent.host !== undefined) {
      agents[id] = agent;
      continue;
    }
    if (!mayHaveChanged(agent, now)) {
      agents[id] = agent;
      continue;
    }
    const next = deriveAgent(agent, agent.events, now, data.settings);
    if (sameView(agent, next)) agents[id] = keepFor(agent, next);
    else {
      agents[id] = next;
      changed = true;
    }
  }
  return { ...data, now, agents: changed ? agents : data.agents };
}
