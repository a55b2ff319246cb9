// Feeds the store: the scheduler over the tmux source (one list-panes per tick for the
// whole server), the file sources (only what changed) and the event-log tails, with an
// early poll when a watched directory changes. All IO of watching a fleet happens here
// or below.
import { dirname, join } from 'node:path';
import type { AgentObservation } from '../fleet/agent.js';
import { planFleet, type AgentPlan } from '../fleet/plan.js';
import { dotAgentFiles } from '../state/paths.js';
import type { DirWatcher, WatcherFactory } from '../sources/watch.js';
import type { AppStore } from '../store/store.js';
import type { TmuxClient } from '../tmux/client.js';
import { FileSources, SWEEP_MS } from './file-sources.js';
import { FocusedOutput } from './focus.js';
import { LivenessCheck } from './liveness.js';
import { PaneTails } from './panes.js';
import { budgetedReads, DEFAULT_TMUX_BUDGET_MS } from './tmux-reads.js';
import { TmuxSource } from './tmux-source.js';

export interface RuntimeOptions {
  tmux: TmuxClient;
  store: AppStore;
  stateDir: string;
  /** Trees to search for `.agent/` and `.autonomous/` (DIR arguments). */
  dirs?: readonly string[];
  intervalMs?: number;
  /** Re-poll early when watched directories change; omit to rely on polling alone. */
  watcherFactory?: WatcherFactory | null;
  clock?: () => number;
  /** How long a tmux read may take before the poll goes on without it. */
  tmuxBudgetMs?: number;
  /**
   * Capture the selected agent's output for the output panel (a viewer). One-shot
   * commands (status, list) show no output panel and skip that capture.
   */
  focus?: boolean;
}

export interface Runtime {
  /** One full poll: tmux, files, events. */
  pollOnce(): Promise<void>;
  /** Poll every interval and tick the clock every second until stop(). */
  start(): void;
  /** Resolves once no poll is in flight (tests drive the loop with fake timers). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const WATCH_SETTLE_MS = 3_000;
/** A full poll reads tmux and the files; one started by file changes, the files that changed. */
type PollKind = 'full' | 'files';
/** Polls started by file changes are at least this far apart. */
const CHANGE_POLL_MS = 250;

export function createRuntime(options: RuntimeOptions): Runtime {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  // Every read of the watch loop is on a budget; commands (send-keys, kill) are not.
  const tmux = budgetedReads(options.tmux, options.tmuxBudgetMs ?? DEFAULT_TMUX_BUDGET_MS, clock);
  const intervalMs = Math.max(100, options.intervalMs ?? 1000);
  const source = new TmuxSource(tmux);
  const paneTails = new PaneTails(tmux);
  const focused = new FocusedOutput(tmux, store);
  let watcher: DirWatcher | null = null;
  const files = new FileSources({ stateDir: options.stateDir, dirs: options.dirs, watched: () => watcher?.healthy === true });
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending poll is due, and when the last one started (wall clock, for the timers). */
  let pollDueAt = 0;
  let lastPollAt = 0;
  let changedDuringPoll = false;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  // A pane that died, came or went starts the next poll now rather than at the interval.
  const liveness = new LivenessCheck(
    tmux,
    () => {
      if (pollTimer) schedule(0);
    },
    () => polling !== null,
  );
  let running = false;
  let polling: Promise<void> | null = null;
  /** A poll asked for while one ran: what it must read (tmux too wins over files only). */
  let again: PollKind | null = null;
  /** When tmux was last read by a poll (the snapshot a files-only poll stands on). */
  let lastSnapshotAt = Number.NEGATIVE_INFINITY;
  let lastRaw = '';
  const settling = new Map<string, number>();
  let lastFullPoll = 0;
  const dirty = new Set<string>();
  /** Paths exactly as the watcher reported them (a file, or a directory that changed as a whole). */
  const reported = new Set<string>();
  let unsubscribe: (() => void) | null = null;
  let focusing: Promise<void> | null = null;
  let refocusAgain = false;

  /** Selection or zoom changed: show that agent's output now, not at the next poll. */
  function refocus(): void {
    if (focusing) {
      refocusAgain = true;
      return;
    }
    focusing = focused
      .refresh(clock())
      .catch(() => undefined)
      .finally(() => {
        focusing = null;
        if (refocusAgain && running) {
          refocusAgain = false;
          refocus();
        }
      });
  }

  /** The last full poll, for polls where only files changed. */
  let last: { plans: AgentPlan[]; observations: AgentObservation[]; paneLines: Map<string, string[]>; transportNote: string | null } | null = null;

  /** The directories of an agent's files, as the watcher reports them. */
  function dirsOf(plan: AgentPlan): string[] {
    return [plan.taskDir?.dir, plan.dotAgentDir ? dotAgentFiles(plan.dotAgentDir).dir : undefined, plan.autonomousDir].filter((d): d is string => Boolean(d));
  }

  /**
   * Re-observe only the agents whose directories changed. False when the change may
   * change the fleet itself (a task directory appeared or went): then a full poll runs.
   */
  async function pollChanged(now: number): Promise<boolean> {
    const prev = last;
    if (!prev) return false;
    const changed = new Set(dirty);
    const paths = [...reported];
    const tasksDir = join(options.stateDir, 'tasks');
    if (changed.has(tasksDir)) return false;
    dirty.clear();
    reported.clear();
    const observations = await Promise.all(
      prev.plans.map((plan, i) => (dirsOf(plan).some((d) => changed.has(d)) ? files.observe(plan, prev.paneLines, true, now, changed, paths) : Promise.resolve(prev.observations[i] as AgentObservation))),
    );
    last = { ...prev, observations };
    const events = await files.readEvents(observations, now, changed);
    store.getState().fleetObserved({ at: now, server: { status: 'ok', error: null, transportNote: prev.transportNote }, agents: observations, events });
    return true;
  }

  /**
   * The watcher's reports can stand in for reading every file: it is healthy, no watch is
   * still starting, and the last full read is less than a sweep ago.
   */
  function watchTrusted(now: number): boolean {
    return watcher?.healthy === true && settling.size === 0 && now - lastFullPoll < SWEEP_MS;
  }

  async function pollBody(kind: PollKind): Promise<void> {
    const now = clock();
    // Started by file changes only, with tmux read less than an interval ago: read the files
    // that changed and nothing of tmux (a pane that dies meanwhile is the liveness check's,
    // and tmux is read again at the interval however many files change).
    if (kind === 'files' && dirty.size > 0 && watchTrusted(now) && now - lastSnapshotAt < intervalMs && (await pollChanged(now))) return;
    const snapshot = await source.snapshot();
    lastSnapshotAt = now;
    if (snapshot.status === 'ok' && !snapshot.hung) liveness.baseline(snapshot.panes);
    // An idle fleet: the server looks exactly as before and no watched file changed. Skip the
    // rest (a full pass still runs every sweep in case a notification was missed).
    // A watch takes a moment to start: until then its directory is read on every poll.
    for (const [dir, since] of settling) if (now - since > WATCH_SETTLE_MS) settling.delete(dir);
    const sameServer = snapshot.status === 'ok' && snapshot.raw === lastRaw && watchTrusted(now);
    if (sameServer && dirty.size === 0) return;
    // Only some agents' files changed (a heartbeat, an event): read those agents again and
    // keep every other observation as it is.
    if (sameServer && (await pollChanged(now))) return;
    lastRaw = snapshot.raw;
    lastFullPoll = now;
    // Changes noticed from here on belong to the next poll.
    const changed = new Set([...dirty, ...settling.keys()]);
    const reportedPaths = [...reported];
    dirty.clear();
    reported.clear();
    // The sessions' environment (tmux) and the task registry (files) do not depend on
    // each other: ask both at once.
    const [sessions, tasks] = await Promise.all([source.sessions(snapshot), files.registry.list(tmux.socketPath)]);
    const paths: string[] = [];
    for (const s of sessions) {
      paths.push(s.path);
      for (const p of s.panes) if (p.currentPath) paths.push(p.currentPath);
    }
    for (const t of tasks) paths.push(t.record.dir);
    const [probeMap, scanned] = await Promise.all([files.probeAll(paths, now), files.scanDirs(now)]);
    const plans = planFleet({ sessions, tasks, probes: probeMap, scanned });
    const panes = plans.flatMap((p) => (p.pane ? [p.pane] : []));
    const paneLines = await paneTails.refresh(panes, now);
    const serverChecked = snapshot.status === 'ok';
    const hungNote = snapshot.hung ? `tmux ${options.tmux.label} is ${snapshot.error ?? 'not answering'}; the session is shown as tmux last reported it` : null;
    const observations = (await Promise.all(plans.map((plan) => files.observe(plan, paneLines, serverChecked, now, changed, reportedPaths)))).map((o) =>
      snapshot.hung ? { ...o, serverHung: true, ...(o.session && hungNote ? { problems: [hungNote] } : {}) } : o,
    );
    // A server that is not running needs no control client: no note about one.
    const transportNote = snapshot.status === 'ok' ? tmux.transport.note : null;
    last = { plans, observations, paneLines, transportNote };
    // The event logs are read before the store hears of the poll: observations and events
    // go in together, and each agent is derived once.
    const events = await files.readEvents(observations, now, changed);
    store.getState().fleetObserved({ at: now, server: { status: snapshot.status, error: snapshot.error, transportNote, hung: snapshot.hung === true }, agents: observations, events });
    // A capture the selection started (this poll may have made the first selection) serves.
    if (!snapshot.hung && options.focus !== false) await (focusing ?? focused.refresh(now));
    const watched = new Set<string>();
    for (const o of observations) {
      if (o.task) watched.add(o.task.dir);
      if (o.dotAgent) watched.add(o.dotAgent.dir);
      if (o.autonomous) watched.add(o.autonomous.dir);
    }
    watched.add(join(options.stateDir, 'tasks'));
    for (const dir of watcher?.set([...watched]) ?? []) settling.set(dir, now);
    files.prune(watched, observations);
  }

  async function pollOnce(kind: PollKind = 'full'): Promise<void> {
    if (polling) {
      if (again !== 'full') again = kind;
      return polling;
    }
    polling = pollBody(kind).finally(() => {
      polling = null;
    });
    await polling;
    if (again) {
      const next = again;
      again = null;
      await pollOnce(next);
    }
  }

  /** The next poll, `delay` from now; `files` when only file changes call for it. */
  function schedule(delay: number, kind: PollKind = 'full'): void {
    if (!running) return;
    if (pollTimer) clearTimeout(pollTimer);
    pollDueAt = Date.now() + delay;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      lastPollAt = Date.now();
      void pollOnce(kind)
        .catch(() => undefined)
        .finally(() => {
          // Files changed while it ran: the next poll comes as soon as the spacing allows.
          const soon = changedDuringPoll;
          changedDuringPoll = false;
          if (soon) schedule(Math.max(0, lastPollAt + CHANGE_POLL_MS - Date.now()), 'files');
          else schedule(intervalMs);
        });
    }, delay);
  }

  return {
    pollOnce: () => pollOnce('full'),
    async settled() {
      while (polling) await polling.catch(() => undefined);
    },
    start() {
      if (running) return;
      running = true;
      if (options.watcherFactory) {
        watcher = options.watcherFactory((path) => {
          reported.add(path);
          dirty.add(path);
          dirty.add(dirname(path));
          // A burst of writes becomes one early poll (or one more, right after the current one).
          // Never later than already due (a steady stream of writes must not starve the poll),
          // and at most one every CHANGE_POLL_MS: busy agents cost polls, not one per write.
          if (pollTimer) {
            const due = Math.max(Date.now() + 50, lastPollAt + CHANGE_POLL_MS);
            if (due < pollDueAt) schedule(due - Date.now(), 'files');
          } else if (polling) changedDuringPoll = true;
        });
      }
      tickTimer = setInterval(() => store.getState().clockTicked(clock()), 1000);
      liveness.start();
      unsubscribe = store.subscribe((next, previous) => {
        if (next.selectedId !== previous.selectedId || next.mode !== previous.mode || next.scroll.output > 0 !== previous.scroll.output > 0) refocus();
      });
      schedule(0);
    },
    async stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      if (pollTimer) clearTimeout(pollTimer);
      if (tickTimer) clearInterval(tickTimer);
      liveness.stop();
      pollTimer = null;
      tickTimer = null;
      await watcher?.close();
      watcher = null;
      await polling?.catch(() => undefined);
      await focusing;
    },
  };
}
