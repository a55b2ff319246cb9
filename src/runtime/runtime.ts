// Feeds the store: polls tmux (one list-panes per tick for the whole server), reads the
// agents' files (only what changed), tails event logs, and re-polls early when a watched
// directory changes. All IO of watching a fleet happens here or below.
import { dirname, join } from 'node:path';
import type { AgentObservation, SessionObservation } from '../fleet/agent.js';
import { SHELLS } from '../fleet/classify.js';
import { groupSessions, planFleet, type AgentPlan } from '../fleet/plan.js';
import { probeDir, scanTree, type DirProbe } from '../sources/discover.js';
import { ParsedFileCache } from '../sources/files.js';
import { childCount } from '../sources/proc.js';
import { SourceReaders } from '../sources/readers.js';
import { TaskRegistry } from '../sources/registry.js';
import { createTailer, type Tailer } from '../sources/tail.js';
import type { DirWatcher, WatcherFactory } from '../sources/watch.js';
import { dotAgentFiles, taskFiles } from '../state/paths.js';
import type { EventsRead } from '../store/fleet.js';
import type { AppStore } from '../store/store.js';
import type { TmuxClient } from '../tmux/client.js';
import { FocusedOutput } from './focus.js';
import { PaneTails } from './panes.js';

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

const PROBE_TTL_MS = 5_000;
const SCAN_TTL_MS = 15_000;
/** With a watcher, files are still re-checked this often in case a notification was lost. */
const SWEEP_MS = 30_000;
const WATCH_SETTLE_MS = 3_000;
const KEEP_ENV = /^(TASK_TMPDIR|ONESHOT_[A-Z_]+)$/;
const NO_ENV: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function createRuntime(options: RuntimeOptions): Runtime {
  const { tmux, store } = options;
  const clock = options.clock ?? Date.now;
  const intervalMs = Math.max(100, options.intervalMs ?? 1000);
  const readers = new SourceReaders();
  const registry = new TaskRegistry(options.stateDir);
  const paneTails = new PaneTails(tmux);
  const focused = new FocusedOutput(tmux, store);
  const envCache = new Map<string, Record<string, string>>();
  const probes = new Map<string, { at: number; probe: DirProbe }>();
  const tailers = new Map<string, Tailer>();
  const jsonSniff = new ParsedFileCache((f) => f.status === 'ok' && f.text.trimStart().startsWith('{'), 4096);
  let scanned: { at: number; probes: DirProbe[] } | null = null;
  let watcher: DirWatcher | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let running = false;
  let polling: Promise<void> | null = null;
  let pollAgain = false;
  let lastWatchedKey = '';
  let lastEventSweep = 0;
  let lastRaw = '';
  const settling = new Map<string, number>();
  let lastFullPoll = 0;
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

  async function sessionEnvs(sessionKeys: { id: string; key: string }[]): Promise<Map<string, Record<string, string>>> {
    const missing = sessionKeys.filter((s) => !envCache.has(s.key));
    if (missing.length > 0) {
      const envs = await tmux.sessionEnvironments(missing.map((s) => s.id));
      for (const s of missing) {
        const env = envs.get(s.id);
        if (!env) continue;
        envCache.set(s.key, Object.fromEntries(Object.entries(env).filter(([k]) => KEEP_ENV.test(k))));
      }
    }
    const live = new Set(sessionKeys.map((s) => s.key));
    for (const key of envCache.keys()) if (!live.has(key)) envCache.delete(key);
    return new Map(sessionKeys.map((s) => [s.id, envCache.get(s.key) ?? NO_ENV]));
  }

  async function probeAll(paths: Iterable<string>, now: number): Promise<Map<string, DirProbe>> {
    const out = new Map<string, DirProbe>();
    for (const path of new Set(paths)) {
      if (!path) continue;
      let entry = probes.get(path);
      if (!entry || now - entry.at > PROBE_TTL_MS) {
        entry = { at: now, probe: await probeDir(path) };
        probes.set(path, entry);
      }
      out.set(path, entry.probe);
    }
    for (const key of probes.keys()) if (!out.has(key)) probes.delete(key);
    return out;
  }

  async function scanDirs(now: number): Promise<DirProbe[]> {
    const dirs = options.dirs ?? [];
    if (dirs.length === 0) return [];
    if (!scanned || now - scanned.at > SCAN_TTL_MS) {
      const found = (await Promise.all(dirs.map((d) => scanTree(d)))).flat();
      scanned = { at: now, probes: found };
    }
    return scanned.probes;
  }

  interface Sources {
    at: number;
    dirs: string[];
    task: AgentObservation['task'];
    dotAgent: AgentObservation['dotAgent'];
    autonomous: AgentObservation['autonomous'];
    eventsPath: string | null;
    logPath: string | null;
  }
  const sourcesCache = new Map<string, Sources>();
  const dirty = new Set<string>();

  /**
   * An agent's files. With a healthy watcher, files are re-read only when their directory
   * changed, plus a sweep every few seconds in case a change notification was missed;
   * without one, every poll re-checks them (unchanged files are still not re-read).
   */
  async function readSources(plan: AgentPlan, now: number, changed: ReadonlySet<string>): Promise<Sources> {
    const dirs = [plan.taskDir?.dir, plan.dotAgentDir ? dotAgentFiles(plan.dotAgentDir).dir : undefined, plan.autonomousDir].filter((d): d is string => Boolean(d));
    const key = dirs.join('\n');
    const cached = sourcesCache.get(key);
    const trusted = watcher?.healthy === true && cached !== undefined && now - cached.at < SWEEP_MS && !dirs.some((d) => changed.has(d));
    if (cached && trusted) return cached;
    const [task, dotAgent, autonomous] = await Promise.all([
      plan.taskDir ? readers.taskDir(plan.taskDir.dir, plan.taskDir.origin) : Promise.resolve(null),
      plan.dotAgentDir ? readers.dotAgent(plan.dotAgentDir, now) : Promise.resolve(null),
      plan.autonomousDir ? readers.autonomous(plan.autonomousDir) : Promise.resolve(null),
    ]);
    let eventsPath: string | null = null;
    if (task?.hasEvents) eventsPath = taskFiles(task.dir).events;
    else if (autonomous?.latestSessionLog && (await jsonSniff.get(autonomous.latestSessionLog))) eventsPath = autonomous.latestSessionLog;
    let logPath: string | null = null;
    if (dotAgent?.hasSessionLog && plan.dotAgentDir) logPath = dotAgentFiles(plan.dotAgentDir).sessionLog;
    else if (autonomous?.latestSessionLog && autonomous.latestSessionLog !== eventsPath) logPath = autonomous.latestSessionLog;
    const sources: Sources = { at: now, dirs, task, dotAgent, autonomous, eventsPath, logPath };
    sourcesCache.set(key, sources);
    return sources;
  }

  async function observe(plan: AgentPlan, paneLines: Map<string, string[]>, serverChecked: boolean, now: number, changed: ReadonlySet<string>): Promise<AgentObservation> {
    const { task, dotAgent, autonomous, eventsPath, logPath } = await readSources(plan, now, changed);
    let session: SessionObservation | null = null;
    if (plan.session && plan.pane) {
      const s = plan.session;
      const shell = SHELLS.has(plan.pane.currentCommand.replace(/^-/, ''));
      const shellChildren = shell && !plan.pane.dead ? await childCount(plan.pane.panePid) : null;
      session = { id: s.id, name: s.name, created: s.created, attached: s.attached, path: s.path, pane: plan.pane, paneCount: s.panes.length, env: s.env, shellChildren };
    }
    return {
      id: plan.id,
      name: plan.name,
      dir: plan.dir,
      expectedSession: plan.expectedSession,
      session,
      sessionMatch: plan.sessionMatch,
      paneTail: plan.pane ? (paneLines.get(plan.pane.paneId) ?? null) : null,
      task,
      dotAgent,
      autonomous,
      eventsPath,
      logPath,
      serverChecked,
    };
  }

  async function readEvents(observations: AgentObservation[], now: number, changed: ReadonlySet<string>): Promise<void> {
    const wanted = new Map<string, AgentObservation>();
    for (const o of observations) if (o.eventsPath) wanted.set(`${o.id}\n${o.eventsPath}`, o);
    for (const key of tailers.keys()) if (!wanted.has(key)) tailers.delete(key);
    const reads: { agentId: string; read: EventsRead }[] = [];
    const sweep = watcher?.healthy !== true || now - lastEventSweep >= SWEEP_MS;
    if (sweep) lastEventSweep = now;
    await Promise.all(
      [...wanted].map(async ([key, o]) => {
        const path = o.eventsPath as string;
        let tailer = tailers.get(key);
        const first = !tailer;
        // With a healthy watcher, a log is read when its directory changed (and on the sweep).
        if (!first && !sweep && !changed.has(path) && !changed.has(dirname(path))) return;
        if (!tailer) {
          tailer = createTailer(path);
          tailers.set(key, tailer);
        }
        const chunk = await tailer.read();
        const problem = chunk.status === 'error' ? `${path}: ${chunk.error ?? 'unreadable'}` : null;
        const backlog = first || chunk.reset;
        reads.push({
          agentId: o.id,
          read: { source: path, lines: chunk.lines, reset: chunk.reset, at: backlog ? null : now, lastLineAt: backlog ? chunk.mtimeMs || null : null, problem },
        });
      }),
    );
    if (reads.length > 0) store.getState().eventsRead(reads);
  }

  async function pollBody(): Promise<void> {
    const now = clock();
    const snapshot = await tmux.listPanes();
    // An idle fleet: the server looks exactly as before and no watched file changed. Skip the
    // rest (a full pass still runs every sweep in case a notification was missed).
    // A watch takes a moment to start: until then its directory is read on every poll.
    for (const [dir, since] of settling) if (now - since > WATCH_SETTLE_MS) settling.delete(dir);
    const quiet =
      watcher?.healthy === true && snapshot.status === 'ok' && snapshot.raw === lastRaw && dirty.size === 0 && settling.size === 0 && now - lastFullPoll < SWEEP_MS;
    if (quiet) return;
    lastRaw = snapshot.raw;
    lastFullPoll = now;
    // Changes noticed from here on belong to the next poll.
    const changed = new Set([...dirty, ...settling.keys()]);
    dirty.clear();
    const keys = [...new Map(snapshot.panes.map((p) => [p.sessionId, { id: p.sessionId, key: `${p.sessionId}@${p.sessionCreated}` }])).values()];
    const envs = await sessionEnvs(keys);
    const sessions = groupSessions(snapshot.panes, envs);
    const tasks = await registry.list(tmux.socketPath);
    const paths: string[] = [];
    for (const s of sessions) {
      paths.push(s.path);
      for (const p of s.panes) if (p.currentPath) paths.push(p.currentPath);
    }
    for (const t of tasks) paths.push(t.record.dir);
    const probeMap = await probeAll(paths, now);
    const plans = planFleet({ sessions, tasks, probes: probeMap, scanned: await scanDirs(now) });
    const panes = plans.flatMap((p) => (p.pane ? [p.pane] : []));
    const paneLines = await paneTails.refresh(panes, now);
    const serverChecked = snapshot.status === 'ok';
    const observations = await Promise.all(plans.map((plan) => observe(plan, paneLines, serverChecked, now, changed)));
    store.getState().fleetObserved({ at: now, server: { status: snapshot.status, error: snapshot.error }, agents: observations });
    await readEvents(observations, now, changed);
    await focused.refresh(now);
    const watched = new Set<string>();
    for (const o of observations) {
      if (o.task) watched.add(o.task.dir);
      if (o.dotAgent) watched.add(o.dotAgent.dir);
      if (o.autonomous) watched.add(o.autonomous.dir);
    }
    watched.add(join(options.stateDir, 'tasks'));
    for (const dir of watcher?.set([...watched]) ?? []) settling.set(dir, now);
    const watchedKey = [...watched].sort().join('\n');
    if (watchedKey !== lastWatchedKey) {
      lastWatchedKey = watchedKey;
      readers.prune(watched);
      const liveKeys = new Set(observations.map((o) => [o.task?.dir, o.dotAgent?.dir, o.autonomous?.dir].filter(Boolean).join('\n')));
      for (const key of sourcesCache.keys()) if (!liveKeys.has(key)) sourcesCache.delete(key);
    }
  }

  async function pollOnce(): Promise<void> {
    if (polling) {
      pollAgain = true;
      return polling;
    }
    polling = pollBody().finally(() => {
      polling = null;
    });
    await polling;
    if (pollAgain) {
      pollAgain = false;
      await pollOnce();
    }
  }

  function schedule(delay: number): void {
    if (!running) return;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void pollOnce()
        .catch(() => undefined)
        .finally(() => schedule(intervalMs));
    }, delay);
  }

  return {
    pollOnce,
    async settled() {
      while (polling) await polling.catch(() => undefined);
    },
    start() {
      if (running) return;
      running = true;
      if (options.watcherFactory) {
        watcher = options.watcherFactory((path) => {
          dirty.add(path);
          dirty.add(dirname(path));
          // A burst of writes becomes one early poll (or one more, right after the current one).
          if (pollTimer) schedule(50);
          else if (polling) pollAgain = true;
        });
      }
      tickTimer = setInterval(() => store.getState().clockTicked(clock()), 1000);
      unsubscribe = store.subscribe((next, previous) => {
        if (next.selectedId !== previous.selectedId || next.mode !== previous.mode) refocus();
      });
      schedule(0);
    },
    async stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      if (pollTimer) clearTimeout(pollTimer);
      if (tickTimer) clearInterval(tickTimer);
      pollTimer = null;
      tickTimer = null;
      await watcher?.close();
      watcher = null;
      await polling?.catch(() => undefined);
      await focusing;
    },
  };
}
