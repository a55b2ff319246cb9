// A time budget for file-system work that can hang: a file on a stuck network mount, a
// device. Node runs such calls on a small pool of threads; one call that never returns
// holds a thread for good, and a handful of them would stall every read of the fleet.
//
// So each call belongs to a group (the directory it reads in). A group runs one call at a
// time, which bounds a hung group to one thread. A call that outlives the budget answers
// with a problem ("read timed out after 2 s") and leaves the group overdue: later calls
// in that group are refused at once, without touching the disk, until the stuck one
// returns. Every other group keeps its normal pace.

export const DEFAULT_IO_BUDGET_MS = 2_000;

/** Why an answer came from the guard rather than from the call. */
export interface Lateness {
  /** This call ran out of time (false: it was refused because an earlier one had). */
  timedOut: boolean;
  /** The call that is stuck, and how long it has been waiting. */
  stuck: string;
  waitedMs: number;
}

interface Group {
  busy: boolean;
  queue: (() => void)[];
  overdue: { what: string; since: number } | null;
}

export interface IoGuardOptions {
  budgetMs?: number;
  clock?: () => number;
}

export class IoGuard {
  readonly budgetMs: number;
  private readonly clock: () => number;
  private readonly groups = new Map<string, Group>();

  constructor(options: IoGuardOptions = {}) {
    this.budgetMs = Math.max(1, options.budgetMs ?? DEFAULT_IO_BUDGET_MS);
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Run `op` within the budget; `late(problem)` is the answer when it does not finish in
   * time or its group is stuck. `op` must not throw (a rejection is passed on as is).
   */
  run<T>(group: string, what: string, op: () => Promise<T>, late: (problem: string, why: Lateness) => T): Promise<T> {
    let g = this.groups.get(group);
    if (g?.overdue) return Promise.resolve(late(this.refusal(g), this.lateness(g)));
    if (!g) {
      g = { busy: false, queue: [], overdue: null };
      this.groups.set(group, g);
    }
    const owner = g;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        if (owner.overdue) {
          resolve(late(this.refusal(owner), this.lateness(owner)));
          this.next(group, owner);
          return;
        }
        owner.busy = true;
        let answered = false;
        const timer = setTimeout(() => {
          if (answered) return;
          answered = true;
          owner.overdue = { what, since: this.clock() - this.budgetMs };
          const why: Lateness = { timedOut: true, stuck: what, waitedMs: this.budgetMs };
          resolve(late(`${what}: ${latenessText(why)}`, why));
          // Whatever waited behind it is refused now rather than after another budget each.
          for (const waiting of owner.queue.splice(0)) waiting();
        }, this.budgetMs);
        timer.unref?.();
        op().then(
          (value) => {
            clearTimeout(timer);
            if (!answered) {
              answered = true;
              resolve(value);
            }
            this.finished(group, owner);
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (!answered) {
              answered = true;
              reject(error);
            }
            this.finished(group, owner);
          },
        );
      };
      if (owner.busy) owner.queue.push(start);
      else start();
    });
  }

  /** Groups whose call has outlived the budget and not returned yet. */
  stuck(): { group: string; what: string; since: number }[] {
    const out: { group: string; what: string; since: number }[] = [];
    for (const [group, g] of this.groups) if (g.overdue) out.push({ group, ...g.overdue });
    return out;
  }

  private lateness(g: Group): Lateness {
    return { timedOut: false, stuck: g.overdue?.what ?? 'a read', waitedMs: this.clock() - (g.overdue?.since ?? this.clock()) };
  }

  private refusal(g: Group): string {
    return latenessText(this.lateness(g));
  }

  private finished(group: string, g: Group): void {
    g.overdue = null;
    g.busy = false;
    this.next(group, g);
  }

  private next(group: string, g: Group): void {
    const following = g.queue.shift();
    if (following) following();
    else if (!g.busy && !g.overdue) this.groups.delete(group);
  }
}

/** The problem in words, without naming the file (its reader names it). */
export function latenessText(why: Lateness): string {
  return why.timedOut ? `read timed out after ${formatBudget(why.waitedMs)}` : `not read: ${why.stuck} in the same directory has not answered for ${Math.max(1, Math.round(why.waitedMs / 1000))} s`;
}

export function formatBudget(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function budgetFromEnv(): number | undefined {
  const raw = Number(process.env.ONESHOT_IO_BUDGET_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : undefined;
}

/** The process's guard: every reader of agents' files shares it. */
export const fileGuard = new IoGuard({ budgetMs: budgetFromEnv() });
