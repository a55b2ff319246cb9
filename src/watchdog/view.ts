// The watchdog's state in words, for the list and the detail panel. Pure.
import type { AgentState } from '../fleet/agent.js';
import { formatClock, formatDuration } from '../util/format.js';
import type { WatchState } from './policy.js';

export function watchSummary(ws: WatchState | undefined, watched: boolean, state: AgentState, now: number): string | null {
  if (ws?.gaveUp) return ws.gaveUp;
  if (!watched) return ws && ws.restarts > 0 ? `${ws.restarts} auto-resume${ws.restarts === 1 ? '' : 's'} (auto-resume off)` : null;
  const restarts = ws && ws.restarts > 0 ? ` · ${ws.restarts} restart${ws.restarts === 1 ? '' : 's'}` : '';
  if (ws?.nextAttemptAt) return `auto-resume in ${formatDuration(Math.max(0, ws.nextAttemptAt - now))} at ${formatClock(ws.nextAttemptAt)}${restarts}`;
  if (ws?.pending) return `auto-resumed, waiting to see it run${restarts}`;
  return `auto-resume on${restarts}${state === 'crashed' || state === 'lost' ? ' · deciding' : ''}`;
}

/** Whether the list should show the watchdog instead of the agent's reason. */
export function watchOwnsRow(ws: WatchState | undefined, watched: boolean, state: AgentState): boolean {
  return Boolean(ws?.gaveUp) || (watched && (state === 'crashed' || state === 'lost'));
}
