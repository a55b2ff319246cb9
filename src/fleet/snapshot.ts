// The stable JSON shape of `oneshot status --json` (and `oneshot-tui --once --json`).
import type { AgentView, Evidence } from './agent.js';
import { problemsOf } from './derive.js';

export interface AgentStatusJson {
  name: string;
  agent: string;
  state: string;
  reason: string;
  dir: string | null;
  /** What the agent may do without asking (oneshot's own tasks; null for others). */
  autonomy: string | null;
  session: {
    id: string | null;
    name: string;
    alive: boolean;
    paneDead: boolean;
    exitStatus: number | null;
    command: string | null;
  } | null;
  heartbeat: { at: string; ageSeconds: number; source: 'content' | 'mtime' } | null;
  progress: { done: number; total: number; source: 'tasks' | 'todo' } | null;
  sessionId: string | null;
  lastEvent: { type: string; text: string; at: string | null } | null;
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null } | null;
  checkpoints: { count: number; last: string | null } | null;
  lock: { pid: number; alive: boolean } | null;
  unreadableLines: number;
  problems: string[];
  /** What decided the state, and what disagrees with it. */
  evidence: EvidenceJson;
  /** rate-limited: when the limit resets. */
  until: string | null;
}

export interface SignalJson {
  signal: string;
  at: string | null;
  detail: string;
}

export interface EvidenceJson extends SignalJson {
  disagreeing: SignalJson[];
}

const iso = (at: number | null): string | null => (at !== null && Number.isFinite(at) ? new Date(at).toISOString() : null);

export function evidenceJson(e: Evidence): EvidenceJson {
  return { signal: e.signal, at: iso(e.at), detail: e.detail, disagreeing: e.disagreeing.map((d) => ({ signal: d.signal, at: iso(d.at), detail: d.detail })) };
}

export function sessionIdOf(agent: AgentView): string | null {
  return agent.task?.sessionIdFile ?? agent.events.stream.sessionId ?? agent.task?.hooks?.sessionId ?? null;
}

export function toStatusJson(agent: AgentView, now: number): AgentStatusJson {
  const pane = agent.session?.pane ?? null;
  const hb = agent.dotAgent?.heartbeat ?? null;
  const last = agent.events.stream.lastEvent;
  const lock = agent.autonomous?.lock ?? agent.task?.lock ?? null;
  let session: AgentStatusJson['session'] = null;
  if (agent.session && pane) {
    session = {
      id: agent.session.id,
      name: agent.session.name,
      alive: true,
      paneDead: pane.dead,
      // tmux can mark a pane dead before (or without) learning its status; the supervisor's
      // own record says it too.
      exitStatus: pane.dead ? (pane.deadStatus ?? (pane.deadSignal !== null ? 128 + pane.deadSignal : null) ?? agent.task?.exit?.code ?? null) : null,
      command: pane.currentCommand || null,
    };
  } else if (agent.expectedSession) {
    session = { id: null, name: agent.expectedSession, alive: false, paneDead: false, exitStatus: agent.task?.exit?.code ?? null, command: null };
  }
  return {
    name: agent.name,
    agent: agent.kind,
    state: agent.state,
    reason: agent.reason,
    dir: agent.dir,
    autonomy: agent.task?.record ? (agent.task.record.autonomy ?? (agent.kind === 'shell' ? null : 'workspace')) : null,
    session,
    heartbeat: hb ? { at: new Date(hb.at).toISOString(), ageSeconds: Math.max(0, Math.floor((now - hb.at) / 1000)), source: hb.source } : null,
    progress: agent.progress,
    sessionId: sessionIdOf(agent),
    lastEvent: last ? { type: last.type, text: last.text, at: last.at !== null ? new Date(last.at).toISOString() : null } : null,
    usage: agent.events.stream.usage,
    checkpoints: agent.dotAgent?.checkpoints ?? null,
    lock: lock ? { pid: lock.pid, alive: lock.alive } : null,
    unreadableLines: agent.events.stream.badLines,
    problems: problemsOf(agent, agent.events),
    evidence: evidenceJson(agent.evidence),
    until: iso(agent.until ?? null),
  };
}
