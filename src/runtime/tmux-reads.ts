// The reads a watcher makes of tmux, within a time budget. A server that stops answering
// (stopped, swapped out, wedged on a pane) must not stop the poll: a read that outlives
// the budget answers "not answering" at once, and until it returns no further read is
// sent (so no pile of hung tmux clients either). The file sources go on at their pace.
import { formatBudget, IoGuard, type Lateness } from '../sources/guard.js';
import type { ServerSnapshot, TmuxClient } from '../tmux/client.js';

export const DEFAULT_TMUX_BUDGET_MS = 2_000;

export interface HungSnapshot extends ServerSnapshot {
  /** The server did not answer in time: the panes are its last answer, if any. */
  hung?: boolean;
}

/** The same client, with listPanes, capturePanes and sessionEnvironments on a budget. */
export function budgetedReads(tmux: TmuxClient, budgetMs = DEFAULT_TMUX_BUDGET_MS, clock: () => number = Date.now): TmuxClient {
  const guard = new IoGuard({ budgetMs, clock });
  const group = `tmux ${tmux.socketPath}`;
  // The caller names the server; this says what it failed to answer.
  const notAnswering = (_problem: string, why: Lateness) =>
    why.timedOut ? `not answering (no reply to ${why.stuck} in ${formatBudget(why.waitedMs)})` : `not answering (${why.stuck} has waited ${Math.round(why.waitedMs / 1000)} s for a reply)`;
  return Object.create(tmux, {
    listPanes: {
      value: (): Promise<HungSnapshot> =>
        guard.run(group, 'list-panes', () => tmux.listPanes(), (problem, why) => ({ status: 'error', panes: [], error: notAnswering(problem, why), badLines: 0, raw: '', hung: true })),
    },
    capturePanes: {
      value: (requests: Parameters<TmuxClient['capturePanes']>[0]) => guard.run(group, 'capture-pane', () => tmux.capturePanes(requests), () => new Map<string, string>()),
    },
    paneLiveness: {
      value: () => guard.run(group, 'list-panes', () => tmux.paneLiveness(), () => null),
    },
    sessionEnvironments: {
      value: (ids: readonly string[]) => guard.run(group, 'show-environment', () => tmux.sessionEnvironments(ids), () => new Map<string, Record<string, string>>()),
    },
  }) as TmuxClient;
}
