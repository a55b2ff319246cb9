// When to resume a crashed or lost agent, and when to stop trying. Pure: the state and
// the time go in, the decision comes out. Retries back off (3, 6, 12… minutes), the
// count starts over once the agent has been healthy for a while, and a crash loop is
// given up on (N failed resumes in a row, or hours since the streak began), the way
// pm2 treats max_restarts and min_uptime.
import type { WatchdogConfig } from '../config/config.js';
import type { AgentState } from '../fleet/agent.js';
import { formatClock, formatDuration } from '../util/format.js';

export interface WatchState {
  /** Resumes done by the watchdog, ever. */
  restarts: number;
  /** Resumes in a row that did not stay up for minUptime. */
  failures: number;
  /** How many retries into the current streak (drives the backoff). */
  attempt: number;
  /** When the current crash streak began. */
  streakSince: number | null;
  nextAttemptAt: number | null;
  lastResumeAt: number | null;
  /** Healthy (running) since, after the last resume. */
  healthySince: number | null;
  /** A resume was done and its outcome is not known yet. */
  pending: boolean;
  gaveUp: string | null;
}


export type Decision =
  | { kind: 'none' }
  | { kind: 'wait'; until: number }
  | { kind: 'resume'; reason: string }
  | { kind: 'give-up'; reason: string }
  | { kind: 'recovered'; reason: string };

export function initialWatch(): WatchState {
  return { restarts: 0, failures: 0, attempt: 0, streakSince: null, nextAttemptAt: null, lastResumeAt: null, healthySince: null, pending: false, gaveUp: null };
}

export function backoffMs(attempt: number, config: WatchdogConfig): number {
  return Math.min(config.backoffBaseSec * 2 ** attempt, config.backoffMaxSec) * 1000;
}

const NEEDS_HELP: ReadonlySet<AgentState> = new Set(['crashed', 'lost', 'rate-limited']);

/** A limit's reset is not to the second: resume this long after it. */
export const RESET_MARGIN_MS = 30_000;

/**
 * `until`: when a rate-limited agent's limit resets, if known. It is resumed then, once,
 * instead of being retried on the backoff (which would only hit the limit again).
 */
export function step(ws: WatchState, state: AgentState, now: number, config: WatchdogConfig, until: number | null = null): { ws: WatchState; decision: Decision } {
  if (state === 'rate-limited' && until !== null && !ws.gaveUp) {
    const at = until + RESET_MARGIN_MS;
    const resumedForThisReset = ws.lastResumeAt !== null && ws.lastResumeAt >= at;
    if (!resumedForThisReset) {
      if (now < at) return { ws: { ...ws, nextAttemptAt: at }, decision: { kind: 'wait', until: at } };
      const reason = `rate limit reset at ${formatClock(until)}`;
      return { ws: { ...ws, restarts: ws.restarts + 1, lastResumeAt: now, nextAttemptAt: null, pending: true, healthySince: null }, decision: { kind: 'resume', reason } };
    }
    // Resumed after the reset and limited again: the ordinary retries and their limits apply.
  }
  if (state === 'done' || state === 'stopped') {
    // Finished or stopped on purpose: nothing to watch; a new streak starts from zero.
    if (ws.streakSince === null && ws.nextAttemptAt === null && ws.gaveUp === null) return { ws, decision: { kind: 'none' } };
    return { ws: { ...initialWatch(), restarts: ws.restarts }, decision: { kind: 'none' } };
  }

  if (!NEEDS_HELP.has(state)) {
    // Alive. A resume that stayed up past minUptime was not a failure; one that stayed up
    // past healthyResetSec ends the streak and the backoff.
    let next = ws;
    if (ws.pending) next = { ...next, pending: false, healthySince: now };
    const up = next.healthySince !== null ? now - next.healthySince : 0;
    if (next.failures > 0 && up >= config.minUptimeSec * 1000) next = { ...next, failures: 0 };
    if (next.streakSince !== null && next.healthySince !== null && up >= config.healthyResetSec * 1000) {
      return { ws: { ...initialWatch(), restarts: next.restarts }, decision: { kind: 'recovered', reason: `healthy for ${formatDuration(up)}: retry schedule reset` } };
    }
    return { ws: next, decision: { kind: 'none' } };
  }

  if (ws.gaveUp) return { ws, decision: { kind: 'none' } };

  let next = ws;
  if (next.pending) {
    // Just resumed: the old state may still show. Past the settle time, it did not take.
    const settle = config.settleSec * 1000;
    if (next.lastResumeAt !== null && now - next.lastResumeAt < settle) return { ws, decision: { kind: 'wait', until: next.lastResumeAt + settle } };
    next = { ...next, pending: false, failures: next.failures + 1 };
  } else if (next.healthySince !== null) {
    // It crashed again after a resume: count the resume as failed if it did not last.
    const uptime = now - next.healthySince;
    next = { ...next, healthySince: null, failures: uptime < config.minUptimeSec * 1000 ? next.failures + 1 : 0 };
  }
  const since = next.streakSince ?? now;
  if (next.streakSince === null) next = { ...next, streakSince: since };
  if (next.failures >= config.maxFailures) {
    const reason = `gave up: ${next.failures} resumes in a row failed within ${formatDuration(config.minUptimeSec * 1000)} (crash loop)`;
    return { ws: { ...next, gaveUp: reason, nextAttemptAt: null }, decision: { kind: 'give-up', reason } };
  }
  if (now - since >= config.giveUpAfterSec * 1000) {
    const reason = `gave up: still ${state} ${formatDuration(now - since)} after the first crash`;
    return { ws: { ...next, gaveUp: reason, nextAttemptAt: null }, decision: { kind: 'give-up', reason } };
  }
  if (next.nextAttemptAt === null) {
    const until = now + backoffMs(next.attempt, config);
    return { ws: { ...next, nextAttemptAt: until }, decision: { kind: 'wait', until } };
  }
  if (now < next.nextAttemptAt) return { ws: next, decision: { kind: 'wait', until: next.nextAttemptAt } };
  const reason = `${state}; retry ${next.attempt + 1} after waiting ${formatDuration(backoffMs(next.attempt, config))}`;
  return {
    ws: { ...next, attempt: next.attempt + 1, restarts: next.restarts + 1, lastResumeAt: now, nextAttemptAt: null, pending: true, healthySince: null },
    decision: { kind: 'resume', reason },
  };
}

/** The resume itself failed (the operation threw): it counts as a failed resume. */
export function resumeFailed(ws: WatchState): WatchState {
  return { ...ws, failures: ws.failures + 1, healthySince: null, pending: false };
}
