// The agents' files as observations: task directories, .agent/, .autonomous/ (read only
// when they changed, or on a sweep), the directories the fleet plan probes, and the
// JSONL event logs, tailed incrementally. No tmux here.
import { dirname } from 'node:path';
import type { AgentObservation, SessionObservation } from '../fleet/agent.js';
import { SHELLS } from '../fleet/classify.js';
import type { AgentPlan } from '../fleet/plan.js';
import { probeDir, scanTree, type DirProbe } from '../sources/discover.js';
import { ParsedFileCache } from '../sources/files.js';
import { agentTools, childCount, type ToolProcess } from '../sources/proc.js';
import { SourceReaders } from '../sources/readers.js';
import { TaskRegistry } from '../sources/registry.js';
import { createTailer, type Tailer } from '../sources/tail.js';
import { dotAgentFiles, taskFiles } from '../state/paths.js';
import type { EventsRead } from '../store/fleet.js';

const PROBE_TTL_MS = 5_000;
const SCAN_TTL_MS = 15_000;
/** With a watcher, files are still re-checked this often in case a notification was lost. */
export const SWEEP_MS = 30_000;

interface Sources {
  at: number;
  dirs: string[];
  task: AgentObservation['task'];
  dotAgent: AgentObservation['dotAgent'];
  autonomous: AgentObservation['autonomous'];
  eventsPath: string | null;
  logPath: string | null;
}

export interface FileSourcesOptions {
  stateDir: string;
  /** Trees to search for `.agent/` and `.autonomous/` (DIR arguments). */
  dirs?: readonly string[];
  /** Whether a healthy directory watcher reports changes (else every poll re-checks). */
  watched(): boolean;
}

export class FileSources {
  readonly registry: TaskRegistry;
  private readonly readers = new SourceReaders();
  private readonly probes = new Map<string, { at: number; probe: DirProbe }>();
  private readonly tailers = new Map<string, Tailer>();
  private readonly sourcesCache = new Map<string, Sources>();
  private readonly jsonSniff = new ParsedFileCache((f) => f.status === 'ok' && f.text.trimStart().startsWith('{'), 4096);
  private scanned: { at: number; probes: DirProbe[] } | null = null;
  private lastEventSweep = 0;
  private lastWatchedKey = '';
  /** The tool processes last seen per pane, handed back as the same array while unchanged. */
  private readonly toolsSeen = new Map<string, ToolProcess[]>();

  constructor(private readonly options: FileSourcesOptions) {
    this.registry = new TaskRegistry(options.stateDir);
  }

  async probeAll(paths: Iterable<string>, now: number): Promise<Map<string, DirProbe>> {
    const out = new Map<string, DirProbe>();
    // Every directory at once: a fleet's probes are independent stats, and one slow
    // directory must not hold the others behind it.
    await Promise.all(
      [...new Set(paths)].map(async (path) => {
        if (!path) return;
        let entry = this.probes.get(path);
        if (!entry || now - entry.at > PROBE_TTL_MS) {
          entry = { at: now, probe: await probeDir(path) };
          this.probes.set(path, entry);
        }
        out.set(path, entry.probe);
      }),
    );
    for (const key of this.probes.keys()) if (!out.has(key)) this.probes.delete(key);
    return out;
  }

  async scanDirs(now: number): Promise<DirProbe[]> {
    const dirs = this.options.dirs ?? [];
    if (dirs.length === 0) return [];
    if (!this.scanned || now - this.scanned.at > SCAN_TTL_MS) {
      const found = (await Promise.all(dirs.map((d) => scanTree(d)))).flat();
      this.scanned = { at: now, probes: found };
    }
    return this.scanned.probes;
  }

  /**
   * An agent's files. With a healthy watcher, files are re-read only when their directory
   * changed, plus a sweep every few seconds in case a change notification was missed;
   * without one, every poll re-checks them (unchanged files are still not re-read).
   */
  private async readSources(plan: AgentPlan, now: number, changed: ReadonlySet<string>, reported: readonly string[]): Promise<Sources> {
    const taskDir = plan.taskDir?.dir;
    const dotAgentDir = plan.dotAgentDir ? dotAgentFiles(plan.dotAgentDir).dir : undefined;
    const autonomousDir = plan.autonomousDir;
    const dirs = [taskDir, dotAgentDir, autonomousDir].filter((d): d is string => Boolean(d));
    const key = dirs.join('\n');
    const cached = this.sourcesCache.get(key);
    const fresh = this.options.watched() && cached !== undefined && now - cached.at < SWEEP_MS;
    if (cached && fresh && !dirs.some((d) => changed.has(d))) return cached;
    /**
     * A directory is read again when it changed, unless all that changed in it is the event
     * log or output log (an agent's most common change: the tail reads that). A heartbeat
     * reads .agent/ again, not the task directory beside it. A directory that changed as a
     * whole, or is still settling, is read again.
     */
    const stale = (dir: string | null | undefined): boolean => {
      if (!dir || !cached || !fresh) return true;
      if (!changed.has(dir)) return false;
      const touched = this.reportedIn(reported, dir);
      return touched.length === 0 || !touched.every((p) => p === cached.eventsPath || p === cached.logPath);
    };
    const [task, dotAgent, autonomous] = await Promise.all([
      !plan.taskDir ? Promise.resolve(null) : stale(taskDir) ? this.readers.taskDir(plan.taskDir.dir, plan.taskDir.origin) : Promise.resolve(cached?.task ?? null),
      !plan.dotAgentDir ? Promise.resolve(null) : stale(dotAgentDir) ? this.readers.dotAgent(plan.dotAgentDir, now) : Promise.resolve(cached?.dotAgent ?? null),
      !plan.autonomousDir ? Promise.resolve(null) : stale(autonomousDir) ? this.readers.autonomous(plan.autonomousDir) : Promise.resolve(cached?.autonomous ?? null),
    ]);
    if (cached && fresh && task === cached.task && dotAgent === cached.dotAgent && autonomous === cached.autonomous) return cached;
    let eventsPath: string | null = null;
    if (task?.hasEvents) eventsPath = taskFiles(task.dir).events;
    else if (autonomous?.latestSessionLog && (await this.jsonSniff.get(autonomous.latestSessionLog))) eventsPath = autonomous.latestSessionLog;
    let logPath: string | null = null;
    if (dotAgent?.hasSessionLog && plan.dotAgentDir) logPath = dotAgentFiles(plan.dotAgentDir).sessionLog;
    else if (autonomous?.latestSessionLog && autonomous.latestSessionLog !== eventsPath) logPath = autonomous.latestSessionLog;
    // Any read restarts the sweep's clock. Kept from the last full read instead, every busy
    // agent fell due at the same moment each 30 s and was read whole at once: a burst the
    // heap kept room for (soak of 100 busy agents: a floor 6 MB higher, for good).
    const sources: Sources = { at: now, dirs, task, dotAgent, autonomous, eventsPath, logPath };
    this.sourcesCache.set(key, sources);
    return sources;
  }

  private reportedBy: { reported: readonly string[]; byDir: Map<string, string[]> } | null = null;

  /** The reported paths in `dir` (or `dir` itself), grouped once per poll's list. */
  private reportedIn(reported: readonly string[], dir: string): readonly string[] {
    if (this.reportedBy?.reported !== reported) {
      const byDir = new Map<string, string[]>();
      const add = (key: string, path: string) => {
        const list = byDir.get(key);
        if (list) list.push(path);
        else byDir.set(key, [path]);
      };
      for (const path of reported) {
        add(path, path);
        add(dirname(path), path);
      }
      this.reportedBy = { reported, byDir };
    }
    return this.reportedBy.byDir.get(dir) ?? [];
  }

  async observe(plan: AgentPlan, paneLines: Map<string, string[]>, serverChecked: boolean, now: number, changed: ReadonlySet<string>, reported: readonly string[] = []): Promise<AgentObservation> {
    const { task, dotAgent, autonomous, eventsPath, logPath } = await this.readSources(plan, now, changed, reported);
    let session: SessionObservation | null = null;
    if (plan.session && plan.pane) {
      const s = plan.session;
      const shell = SHELLS.has(plan.pane.currentCommand.replace(/^-/, ''));
      const shellChildren = shell && !plan.pane.dead ? await childCount(plan.pane.panePid) : null;
      const tools = task?.record?.interactive === true && !plan.pane.dead ? this.toolsOf(plan.pane.paneId, plan.pane.panePid) : null;
      session = { id: s.id, name: s.name, created: s.created, attached: s.attached, path: s.path, pane: plan.pane, paneCount: s.panes.length, env: s.env, shellChildren, tools };
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

  private toolsOf(paneId: string, panePid: number | null): ToolProcess[] | null {
    const now = agentTools(panePid);
    if (now === null) {
      this.toolsSeen.delete(paneId);
      return null;
    }
    const before = this.toolsSeen.get(paneId);
    if (before && before.length === now.length && before.every((t, i) => t.pid === now[i]?.pid && t.command === now[i]?.command)) return before;
    this.toolsSeen.set(paneId, now);
    return now;
  }

  /** What was appended to each agent's event log since the last read. */
  async readEvents(observations: AgentObservation[], now: number, changed: ReadonlySet<string>): Promise<{ agentId: string; read: EventsRead }[]> {
    const wanted = new Map<string, AgentObservation>();
    for (const o of observations) if (o.eventsPath) wanted.set(`${o.id}\n${o.eventsPath}`, o);
    for (const key of this.tailers.keys()) if (!wanted.has(key)) this.tailers.delete(key);
    const reads: { agentId: string; read: EventsRead }[] = [];
    const sweep = !this.options.watched() || now - this.lastEventSweep >= SWEEP_MS;
    if (sweep) this.lastEventSweep = now;
    await Promise.all(
      [...wanted].map(async ([key, o]) => {
        const path = o.eventsPath as string;
        let tailer = this.tailers.get(key);
        const first = !tailer;
        // With a healthy watcher, a log is read when its directory changed (and on the sweep).
        if (!first && !sweep && !changed.has(path) && !changed.has(dirname(path))) return;
        if (!tailer) {
          tailer = createTailer(path);
          this.tailers.set(key, tailer);
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
    return reads;
  }

  /** The directories that matter now changed: drop what belonged to agents that left. */
  prune(watched: Set<string>, observations: readonly AgentObservation[]): void {
    const key = [...watched].sort().join('\n');
    if (key === this.lastWatchedKey) return;
    this.lastWatchedKey = key;
    this.readers.prune(watched);
    const liveKeys = new Set(observations.map((o) => [o.task?.dir, o.dotAgent?.dir, o.autonomous?.dir].filter(Boolean).join('\n')));
    for (const k of this.sourcesCache.keys()) if (!liveKeys.has(k)) this.sourcesCache.delete(k);
  }
}
