// Which state changes are worth telling a person about. Pure.
import type { AgentState, AgentView } from '../fleet/agent.js';

export const NOTIFY_STATES = ['crashed', 'done', 'stale', 'lost', 'needs-approval', 'needs-input', 'rate-limited', 'unknown'] as const;
export type NotifyKind = (typeof NOTIFY_STATES)[number];

export interface NotifyEvent {
  event: NotifyKind;
  agent: string;
  /** Another machine's agent: its host (null: this machine). */
  host: string | null;
  kind: string;
  state: AgentState;
  reason: string;
  /** For needs-approval and needs-input: what the agent asks (the command, the question). */
  prompt: string | null;
  session: string | null;
  dir: string | null;
  at: string;
}

/**
 * What a notification is about: the state, and for a prompt the prompt itself — a second
 * prompt is news, the same prompt seen on the next poll is not.
 */
export function noticeKey(agent: Pick<AgentView, 'state' | 'evidence'>): string {
  return agent.state === 'needs-approval' || agent.state === 'needs-input' ? `${agent.state}\n${agent.evidence.detail}` : agent.state;
}

/**
 * Agents that entered a notable state since `previous` (agent id → noticeKey). Agents seen
 * for the first time are not news: a dashboard opening on a crashed fleet is not a crash.
 */
export function transitions(previous: ReadonlyMap<string, string>, agents: readonly AgentView[], now: number): NotifyEvent[] {
  const out: NotifyEvent[] = [];
  for (const agent of agents) {
    const before = previous.get(agent.id);
    if (before === undefined || before === noticeKey(agent)) continue;
    if (!(NOTIFY_STATES as readonly string[]).includes(agent.state)) continue;
    out.push({
      event: agent.state as NotifyKind,
      agent: agent.name,
      host: agent.host ?? null,
      kind: agent.kind,
      state: agent.state,
      reason: agent.reason,
      prompt: agent.state === 'needs-approval' || agent.state === 'needs-input' ? agent.evidence.detail : null,
      session: agent.session?.name ?? agent.expectedSession,
      dir: agent.dir,
      at: new Date(now).toISOString(),
    });
  }
  return out;
}

export function describeEvent(event: NotifyEvent): string {
  // Another machine's agent is named with its host: "auth on build-1 crashed".
  const e = event.host ? { ...event, agent: `${event.agent} on ${event.host}` } : event;
  switch (e.event) {
    case 'crashed':
      return `${e.agent} crashed: ${e.reason}`;
    case 'done':
      // "finished, but 2 tool calls were denied" must reach the person, not only the list.
      return /denied/.test(e.reason) ? `${e.agent} is done, but ${e.reason.replace(/^finished, but /, '')}` : `${e.agent} is done`;
    case 'stale':
      return `${e.agent} went stale: ${e.reason}`;
    case 'lost':
      return `${e.agent} is lost: ${e.reason}`;
    case 'needs-approval':
      return `${e.agent} needs your approval: ${e.reason}`;
    case 'needs-input':
      return `${e.agent} needs your answer: ${e.reason}`;
    case 'rate-limited':
      return `${e.agent} is ${e.reason}`;
    case 'unknown':
      return `${e.agent} shows something oneshot does not recognize: ${e.reason}`;
  }
}
