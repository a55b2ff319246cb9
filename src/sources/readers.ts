// Readers of the agents' state files. Each file is re-read only when it changed; a file
// that cannot be read becomes a "problem" line on the agent, never an exception.
import { isAutonomy } from '../agents/autonomy.js';
import { basename, dirname, join } from 'node:path';
import type {
  AutonomousObservation,
  BuildProgress,
  DotAgentObservation,
  ExitRecord,
  LockObservation,
  TaskDirObservation,
  TaskRecord,
} from '../fleet/agent.js';
import { AGENT_KINDS } from '../fleet/agent.js';
import { autonomousFiles, dotAgentFiles, taskFiles } from '../state/paths.js';
import { exists, isDirectory, listDir, ParsedFileCache, signatureOf, type FileText } from './files.js';
import { readHeartbeat, type HeartbeatReading } from './heartbeat.js';
import { isPidAlive } from './pid.js';
import { summarizeHooks } from '../hooks/signals.js';
import { hasPromiseDone, lastLines, parseCheckpoints, parsePid, parseTaskList, type CheckpointSummary, type TaskList } from './text.js';

type Parsed<T> = { value: T | null; problem: string | null; present: boolean };

function parsed<T>(parse: (text: string, file: FileText) => T): (file: FileText) => Parsed<T> {
  return (file) => {
    if (file.status === 'missing') return { value: null, problem: null, present: false };
    if (file.status === 'error') return { value: null, problem: file.error ?? 'unreadable', present: true };
    return { value: parse(file.text, file), problem: null, present: true };
  };
}

const NOT_READ: Parsed<never> = { value: null, problem: null, present: false };

function problem(name: string, p: Parsed<unknown>): string[] {
  return p.problem ? [`${name}: ${p.problem}`] : [];
}

export function parseTaskRecord(text: string): TaskRecord | null {
  try {
    const obj = JSON.parse(text) as Partial<TaskRecord>;
    if (typeof obj !== 'object' || obj === null) return null;
    if (typeof obj.name !== 'string' || typeof obj.dir !== 'string' || typeof obj.session !== 'string') return null;
    const agent = AGENT_KINDS.includes(obj.agent as never) ? (obj.agent as TaskRecord['agent']) : 'unknown';
    return {
      name: obj.name,
      agent,
      dir: obj.dir,
      argv: Array.isArray(obj.argv) ? obj.argv.filter((a): a is string => typeof a === 'string') : [],
      created: typeof obj.created === 'string' ? obj.created : '',
      session: obj.session,
      socketPath: typeof obj.socketPath === 'string' ? obj.socketPath : '',
      ...(typeof obj.heartbeatIntervalSec === 'number' ? { heartbeatIntervalSec: obj.heartbeatIntervalSec } : {}),
      ...(typeof obj.paneId === 'string' ? { paneId: obj.paneId } : {}),
      ...(typeof obj.bin === 'string' ? { bin: obj.bin } : {}),
      ...(Array.isArray(obj.extraArgs) ? { extraArgs: obj.extraArgs.filter((a): a is string => typeof a === 'string') } : {}),
      ...(obj.socket && typeof obj.socket === 'object' ? { socket: { ...(typeof obj.socket.name === 'string' ? { name: obj.socket.name } : {}), ...(typeof obj.socket.path === 'string' ? { path: obj.socket.path } : {}) } } : {}),
      worktree: obj.worktree ?? null,
      build: obj.build ?? null,
      ...(isAutonomy(obj.autonomy) ? { autonomy: obj.autonomy } : {}),
      ...(obj.checkpoint === 'ref' || obj.checkpoint === 'commit' ? { checkpoint: obj.checkpoint } : {}),
      ...(obj.interactive === true ? { interactive: true } : {}),
    };
  } catch {
    return null;
  }
}

export function parseExitRecord(text: string): ExitRecord | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^-?\d+$/.test(trimmed)) return { code: Number(trimmed), signal: null, at: null };
  try {
    const obj = JSON.parse(trimmed) as { code?: unknown; signal?: unknown; at?: unknown };
    const code = typeof obj.code === 'number' ? obj.code : null;
    const signal = typeof obj.signal === 'string' ? obj.signal : null;
    const at = typeof obj.at === 'string' ? Date.parse(obj.at) : typeof obj.at === 'number' ? obj.at : null;
    if (code === null && signal === null) return null;
    const reason = typeof (obj as { reason?: unknown }).reason === 'string' ? ((obj as { reason: string }).reason) : null;
    return { code, signal, at: at !== null && Number.isFinite(at) ? at : null, reason };
  } catch {
    return null;
  }
}

export function parseBuild(text: string): BuildProgress | null {
  try {
    const obj = JSON.parse(text) as { session?: unknown; maxSessions?: unknown };
    if (typeof obj.session !== 'number' || typeof obj.maxSessions !== 'number') return null;
    return { session: obj.session, maxSessions: obj.maxSessions };
  } catch {
    return null;
  }
}

function parseStopped(text: string): { at: number | null; reason: string | null } {
  try {
    const obj = JSON.parse(text) as { at?: unknown; reason?: unknown };
    const at = typeof obj.at === 'string' ? Date.parse(obj.at) : null;
    return { at: at !== null && Number.isFinite(at) ? at : null, reason: typeof obj.reason === 'string' ? obj.reason : null };
  } catch {
    return { at: null, reason: null };
  }
}

export class SourceReaders {
  private readonly status = new ParsedFileCache(parsed((t) => lastLines(t, 30)), 32 * 1024);
  private readonly heartbeat = new ParsedFileCache(parsed((t, f) => ({ text: t, mtimeMs: f.mtimeMs })), 4 * 1024);
  private readonly checkpoints = new ParsedFileCache<Parsed<CheckpointSummary>>(parsed((t) => parseCheckpoints(t)), 4 * 1024 * 1024);
  private readonly firstLine = new ParsedFileCache(parsed((t) => lastLines(t, 1)[0] ?? ''), 16 * 1024);
  private readonly taskList = new ParsedFileCache<Parsed<TaskList>>(parsed((t) => parseTaskList(t)), 1024 * 1024);
  private readonly notes = new ParsedFileCache(parsed((t) => ({ promise: hasPromiseDone(t), tail: lastLines(t, 10) })), 256 * 1024);
  private readonly pid = new ParsedFileCache(parsed((t) => parsePid(t)), 1024);
  private readonly record = new ParsedFileCache(parsed((t) => parseTaskRecord(t)), 256 * 1024);
  private readonly exit = new ParsedFileCache(parsed((t) => parseExitRecord(t)), 4 * 1024);
  private readonly stopped = new ParsedFileCache(parsed((t) => parseStopped(t)), 4 * 1024);
  private readonly sessionLogTail = new ParsedFileCache(parsed((t) => hasPromiseDone(t)), 64 * 1024);
  private readonly build = new ParsedFileCache(parsed((t) => parseBuild(t)), 4 * 1024);
  // The newest hook lines are enough to say what the agent is doing now.
  private readonly hooks = new ParsedFileCache(parsed((t) => summarizeHooks(t)), 64 * 1024);
  /** The last observation of each task directory, with what it was made of. */
  private readonly taskDirs = new Map<string, { parts: unknown[]; observation: TaskDirObservation }>();

  async dotAgent(workDir: string, now: number): Promise<DotAgentObservation | null> {
    const files = dotAgentFiles(workDir);
    if (!(await isDirectory(files.dir))) return null;
    const [status, hb, checkpoints, lastState, recovery, sessionLog] = await Promise.all([
      this.status.get(files.status),
      this.heartbeat.get(files.heartbeat),
      this.checkpoints.get(files.checkpoints),
      this.firstLine.get(files.lastState),
      exists(files.recovery),
      exists(files.sessionLog),
    ]);
    let heartbeat: HeartbeatReading | null = null;
    if (hb.value) heartbeat = readHeartbeat(hb.value.text, hb.value.mtimeMs, now);
    return {
      dir: files.dir,
      statusTail: status.value ?? [],
      heartbeat,
      checkpoints: checkpoints.value,
      lastState: lastState.value,
      recovery,
      hasSessionLog: sessionLog,
      problems: [
        ...problem('STATUS.md', status),
        ...problem('HEARTBEAT', hb),
        ...problem('CHECKPOINTS.md', checkpoints),
        ...problem('LAST_STATE.md', lastState),
      ],
    };
  }

  async lock(kind: LockObservation['kind'], pidFile: string): Promise<LockObservation | null> {
    const pid = await this.pid.get(pidFile);
    if (!pid.present) return null;
    const value = pid.value ?? null;
    return { pid: value ?? 0, alive: isPidAlive(value), kind };
  }

  async autonomous(taskDir: string): Promise<AutonomousObservation | null> {
    const files = autonomousFiles(taskDir);
    if (!(await isDirectory(taskDir))) return null;
    const [taskList, progress, lockDir, lockFile, sessions] = await Promise.all([
      this.taskList.get(files.taskList),
      this.notes.get(files.progress),
      this.lock('runner-lock-dir', files.lockDirPid),
      this.lock('run-lock-file', files.lockFile),
      this.sessionLogs(files.sessions),
    ]);
    let lock = lockDir ?? lockFile;
    if (!lock && (await isDirectory(files.lockDir))) lock = { pid: 0, alive: false, kind: 'runner-lock-dir' };
    let promiseDone = progress.value?.promise ?? false;
    if (!promiseDone && sessions.latest) promiseDone = (await this.sessionLogTail.get(sessions.latest)).value ?? false;
    return {
      dir: taskDir,
      task: basename(taskDir),
      progress: taskList.value,
      progressNotes: progress.value?.tail ?? [],
      promiseDone,
      lock,
      sessionLogs: sessions.count,
      latestSessionLog: sessions.latest,
      problems: [...problem('task_list.md', taskList), ...problem('progress.md', progress)],
    };
  }

  private async sessionLogs(dir: string): Promise<{ count: number; latest: string | null }> {
    const entries = (await listDir(dir)).filter((e) => !e.isDir && e.name.endsWith('.log'));
    let latest: string | null = null;
    let latestTime = -1;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const sig = await signatureOf(path);
      if (sig && sig.mtimeMs > latestTime) {
        latestTime = sig.mtimeMs;
        latest = path;
      }
    }
    return { count: entries.length, latest };
  }

  async taskDir(dir: string, origin: TaskDirObservation['origin']): Promise<TaskDirObservation | null> {
    const files = taskFiles(dir);
    if (!(await isDirectory(dir))) return null;
    const [record, sessionId, codexSessionId, done, exit, stopped, supervisor, events, build, hooks] = await Promise.all([
      origin === 'oneshot' ? this.record.get(files.record) : Promise.resolve(NOT_READ),
      this.firstLine.get(files.sessionId),
      this.firstLine.get(files.codexSessionId),
      exists(files.done),
      this.exit.get(files.exit),
      this.stopped.get(files.stopped),
      this.lock('oneshot', files.supervisorPid),
      exists(files.events),
      this.build.get(files.build),
      this.hooks.get(files.hooks),
    ]);
    // Read again but unchanged (a sweep, a directory still settling): the same observation,
    // so nothing downstream sees a change that did not happen.
    const parts = [origin, record, sessionId, codexSessionId, done, exit, stopped, supervisor?.pid, supervisor?.alive, events, build, hooks];
    const previous = this.taskDirs.get(dir);
    if (previous && previous.parts.every((p, i) => p === parts[i])) return previous.observation;
    const problems = [...problem('task.json', record), ...problem('exit-status', exit), ...problem('hooks.jsonl', hooks)];
    if (origin === 'oneshot' && record.present && !record.value && !record.problem) problems.push('task.json: not a task record');
    const observation: TaskDirObservation = {
      dir,
      origin,
      record: record.value,
      sessionIdFile: (sessionId.value || codexSessionId.value || '').trim() || null,
      doneMarker: done,
      exit: exit.value,
      stopped: stopped.present ? (stopped.value ?? { at: null, reason: null }) : null,
      lock: supervisor,
      hasEvents: events,
      build: build.value ?? null,
      hooks: hooks.value ?? null,
      problems,
    };
    this.taskDirs.set(dir, { parts, observation });
    return observation;
  }

  /** Forget cached files of directories no longer in the fleet. */
  prune(keepDirs: Set<string>): void {
    // Cached files sit at most two levels below a kept directory (.runner.lock/pid, sessions/x.log).
    const keep = (path: string): boolean => {
      const parent = dirname(path);
      return keepDirs.has(parent) || keepDirs.has(dirname(parent)) || keepDirs.has(dirname(dirname(parent)));
    };
    for (const dir of this.taskDirs.keys()) if (!keepDirs.has(dir)) this.taskDirs.delete(dir);
    for (const cache of [this.status, this.heartbeat, this.checkpoints, this.firstLine, this.taskList, this.notes, this.pid, this.record, this.exit, this.stopped, this.sessionLogTail, this.build, this.hooks]) {
      cache.retainWhere(keep);
    }
  }
}
