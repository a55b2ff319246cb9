// Observation + events → the agent as shown: kind, progress, state and reason. Pure.
import { initialEventStream } from '../events/parse.js';
import type { AgentObservation, AgentView, EventsView, Progress } from './agent.js';
import { classify } from './classify.js';
import { detectKind } from './kind.js';
import { Moment } from './moment.js';

export interface DeriveSettings {
  heartbeatIntervalSec: number;
  serverLabel: string;
  /** The options that reach this server in a printed command (-L x, -S path); none for the default. */
  serverArgs?: readonly string[];
}

export function emptyEvents(source: string | null): EventsView {
  return { stream: initialEventStream(), recent: [], source, problem: null };
}

export function progressOf(obs: AgentObservation, events: EventsView): Progress | null {
  const tasks = obs.autonomous?.progress;
  if (tasks && tasks.total > 0) return { done: tasks.done, total: tasks.total, source: 'tasks' };
  const todo = events.stream.todo;
  if (todo && todo.total > 0) return { done: todo.done, total: todo.total, source: 'todo' };
  return null;
}

export function deriveAgent(obs: AgentObservation, events: EventsView, now: number, settings: DeriveSettings): AgentView {
  const kind = detectKind({
    recorded: obs.task?.record?.agent ?? null,
    sessionName: obs.session?.name ?? obs.expectedSession,
    command: obs.session?.pane.currentCommand ?? null,
    format: events.stream.format,
  });
  const progress = progressOf(obs, events);
  const heartbeatIntervalSec = obs.task?.record?.heartbeatIntervalSec ?? settings.heartbeatIntervalSec;
  const clock = new Moment(now);
  const classified = classify({ obs, kind, heartbeatIntervalSec, now, clock, serverLabel: settings.serverLabel, limit: events.stream.rateLimit });
  const problems = problemsOf(obs, events);
  // What could not be read is part of the evidence: say so next to the reason.
  const reason = problems.length === 0 ? classified.reason : `${classified.reason} (${problems[0]}${problems.length > 1 ? `, +${problems.length - 1} more` : ''})`;
  const view: AgentView = { ...obs, kind, state: classified.state, reason, evidence: classified.evidence, ...(classified.until !== undefined ? { until: classified.until } : {}), progress, heartbeatIntervalSec, events };
  expiries.set(view, clock.expires);
  return view;
}

/** When each derived view may stop being true with no new evidence (see Moment). */
const expiries = new WeakMap<AgentView, number>();

/**
 * Whether `view` may read differently at `now` with the same evidence: true for a view
 * this module did not derive (it is derived again to find out).
 */
export function mayHaveChanged(view: AgentView, now: number): boolean {
  return now >= (expiries.get(view) ?? Number.NEGATIVE_INFINITY);
}

/** `kept` stands for `derived` (the same view): it holds as long as `derived` does. */
export function keepFor(kept: AgentView, derived: AgentView): AgentView {
  if (kept !== derived) expiries.set(kept, expiries.get(derived) ?? Number.NEGATIVE_INFINITY);
  return kept;
}

export function problemsOf(obs: AgentObservation, events: EventsView): string[] {
  const out = [...(obs.problems ?? []), ...(obs.dotAgent?.problems ?? []), ...(obs.autonomous?.problems ?? []), ...(obs.task?.problems ?? [])];
  if (events.problem) out.push(events.problem);
  const bad = events.stream.badLines;
  if (bad > 0) out.push(`${bad} unreadable event line${bad === 1 ? '' : 's'}`);
  return out;
}
