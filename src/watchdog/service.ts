// The watchdog at work: every second it steps the policy for each watched agent, resumes
// through the same operation as `oneshot resume`, and writes every decision, with its
// reason, to the actions log.
import type { WatchdogConfig } from '../config/config.js';
import type { AgentView } from '../fleet/agent.js';
import type { ActionRecord } from '../ops/actions-log.js';
import type { AppStore } from '../store/store.js';
import { plainText } from '../text/sanitize.js';
import { formatClock } from '../util/format.js';
import { initialWatch, resumeFailed, step, type Decision, type WatchState } from './policy.js';

export interface WatchdogDeps {
  store: AppStore;
  config: WatchdogConfig;
  resume(agent: AgentView): Promise<string>;
  log(record: ActionRecord): void;
  /** Each decision as it is taken (the headless watchdog prints them). */
  onDecision?(agent: AgentView, decision: Decision, text: string): void;
  clock?: () => number;
  tickMs?: number;
}

export interface Watchdog {
  start(): void;
  /** No more decisions; resolves when resumes already under way have ended. */
  stop(): Promise<void>;
  /** One evaluation now (the timer calls this every tick). */
  evaluate(): void;
}

export function isWatched(state: { watchdog: { all: boolean; enabled: string[] } }, agentId: string): boolean {
  return state.watchdog.all || state.watchdog.enabled.includes(agentId);
}

export function createWatchdog(deps: WatchdogDeps): Watchdog {
  const { store, config } = deps;
  const clock = deps.clock ?? Date.now;
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;
  const inFlight = new Map<string, Promise<void>>();

  function record(agent: AgentView, decision: Decision, text: string, result: ActionRecord['result'] = 'ok'): void {
    deps.log({ action: `watchdog ${decision.kind}`, agent: agent.name, result, detail: text });
    deps.onDecision?.(agent, decision, text);
  }

  function resume(agent: AgentView, reason: string): void {
    store.getState().busyChanged(agent.id, 'auto-resuming…');
    const work = deps
      .resume(agent)
      .then(
        (message) => record(agent, { kind: 'resume', reason }, `${reason}: ${message}`),
        (error: unknown) => {
          const s = store.getState();
          const ws = s.watchdog.agents[agent.id];
          if (ws) s.watchdogStepped({ ...s.watchdog.agents, [agent.id]: resumeFailed(ws) });
          record(agent, { kind: 'resume', reason }, `${reason}: resume failed: ${error instanceof Error ? error.message : String(error)}`, 'failed');
        },
      )
      .finally(() => {
        inFlight.delete(agent.id);
        store.getState().busyChanged(agent.id, null);
      });
    inFlight.set(agent.id, work);
  }

  function evaluate(): void {
    const s = store.getState();
    if (stopped || s.watchdog.blocked) return;
    const now = clock();
    const next: Record<string, WatchState> = {};
    let changed = false;
    for (const id of s.order) {
      const agent = s.agents[id];
      // Another machine's agents are its own watchdog's (`oneshot watch --auto-resume` there).
      if (!agent || agent.host !== undefined || !isWatched(s, id)) continue;
      const before = s.watchdog.agents[id] ?? initialWatch();
      if (inFlight.has(id)) {
        next[id] = before;
        continue;
      }
      const { ws, decision } = step(before, agent.state, now, config, agent.until ?? null);
      next[id] = ws;
      if (ws !== before) changed = true;
      const name = plainText(agent.name);
      switch (decision.kind) {
        case 'resume':
          resume(agent, `auto-resume ${name} (${decision.reason}; restart ${ws.restarts})`);
          break;
        case 'give-up':
          record(agent, decision, `${name}: ${decision.reason}`, 'skipped');
          break;
        case 'recovered':
          record(agent, decision, `${name}: ${decision.reason}`);
          break;
        case 'wait':
          if (before.nextAttemptAt === null && ws.nextAttemptAt !== null) record(agent, decision, `${name} is ${agent.state}: resume at ${formatClock(decision.until)}`);
          break;
        case 'none':
          break;
      }
    }
    if (changed || Object.keys(next).length !== Object.keys(s.watchdog.agents).length) store.getState().watchdogStepped(next);
  }

  return {
    evaluate,
    start() {
      if (timer || stopped) return;
      timer = setInterval(evaluate, deps.tickMs ?? 1000);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all(inFlight.values());
    },
  };
}
