// The model: what one agent is, assembled from tmux and its files.
import type { AgentEvent } from '../events/model.js';
import type { EventStreamState } from '../events/parse.js';
import type { HeartbeatReading } from '../sources/heartbeat.js';
import type { CheckpointSummary, TaskList } from '../sources/text.js';
import type { PaneInfo } from '../tmux/format.js';
import type { CheckpointMode } from '../config/config.js';
import type { Autonomy } from '../agents/autonomy.js';
import type { HookSummary } from '../hooks/signals.js';
import type { ToolProcess } from '../sources/proc.js';

/** In attention order: what needs a person first. */
export const AGENT_STATES = ['needs-approval', 'needs-input', 'crashed', 'rate-limited', 'stale', 'lost', 'unknown', 'idle', 'running', 'done', 'stopped'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The states that need a person now (the inbox, `wait --until needs-me`). */
export const NEEDS_ME_STATES: readonly AgentState[] = ['needs-approval', 'needs-input'];

/**
 * States of an agent whose process is there (nothing to resume). A rate-limited agent may
 * be either: held at its prompt, or ended by the limit; resume itself refuses a live one.
 */
export function isAlive(state: AgentState): boolean {
  return state === 'running' || state === 'idle' || state === 'needs-approval' || state === 'needs-input' || state === 'unknown' || state === 'stale';
}

/** Where a state came from. */
export const SIGNALS = ['stopped', 'done-marker', 'exit', 'pane', 'hook', 'screen', 'title', 'bell', 'process', 'heartbeat', 'events', 'lock', 'tmux'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface SignalNote {
  signal: Signal;
  /** Epoch ms of what the signal reports, when known. */
  at: number | null;
  detail: string;
}

/** Why an agent is in its state: the deciding signal, and the signals that say otherwise. */
export interface Evidence extends SignalNote {
  disagreeing: SignalNote[];
}

export const AGENT_KINDS = ['codex', 'claude', 'opencode', 'pi', 'shell', 'unknown'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** The tmux side of an agent: its session and the pane the agent runs in. */
export interface SessionObservation {
  id: string;
  name: string;
  created: number;
  attached: number;
  path: string;
  /** The pane the agent runs in (recorded by oneshot, else the first pane). */
  pane: PaneInfo;
  paneCount: number;
  env: Record<string, string>;
  /** Child processes of the pane's shell when a shell is in the foreground (null: unknown). */
  shellChildren: number | null;
  /** An interactive agent's tool calls running now, from its process tree (null: not read). */
  tools?: readonly ToolProcess[] | null;
}

/** `.agent/` of the resilient-executor protocol. */
export interface DotAgentObservation {
  dir: string;
  statusTail: string[];
  heartbeat: HeartbeatReading | null;
  checkpoints: CheckpointSummary | null;
  lastState: string | null;
  recovery: boolean;
  hasSessionLog: boolean;
  /** Files that exist but could not be read, with why. */
  problems: string[];
}

export interface LockObservation {
  pid: number;
  alive: boolean;
  kind: 'runner-lock-dir' | 'run-lock-file' | 'oneshot';
}

/** `.autonomous/<task>/` of the autonomous-skill runner. */
export interface AutonomousObservation {
  dir: string;
  task: string;
  progress: TaskList | null;
  progressNotes: string[];
  promiseDone: boolean;
  lock: LockObservation | null;
  sessionLogs: number;
  latestSessionLog: string | null;
  problems: string[];
}

export interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: number | null;
  /** Why it ended, when oneshot knows better than the code (an autonomous build's budget). */
  reason?: string | null;
}

/** An autonomous build's session counter (build.json). */
export interface BuildProgress {
  session: number;
  maxSessions: number;
}

/** A task directory: one oneshot made, or one named by a session's TASK_TMPDIR. */
export interface TaskDirObservation {
  dir: string;
  origin: 'oneshot' | 'task-tmpdir';
  /** Present for oneshot's own tasks. */
  record: TaskRecord | null;
  sessionIdFile: string | null;
  doneMarker: boolean;
  exit: ExitRecord | null;
  stopped: { at: number | null; reason: string | null } | null;
  lock: LockObservation | null;
  hasEvents: boolean;
  build: BuildProgress | null;
  /** What the agent's hooks and notify calls said (interactive runs), newest first. */
  hooks: HookSummary | null;
  problems: string[];
}

/** task.json, written by `oneshot run`. */
export interface TaskRecord {
  name: string;
  agent: AgentKind;
  dir: string;
  /** The launch command, the prompt shown as {prompt}. */
  argv: string[];
  created: string;
  session: string;
  socketPath: string;
  /** The agent program (absolute path) and the extra arguments it always gets. */
  bin?: string;
  extraArgs?: string[];
  /** How to reach the tmux server again (-L name or -S path). */
  socket?: { name?: string; path?: string };
  heartbeatIntervalSec?: number;
  paneId?: string;
  worktree?: { path: string; branch: string } | null;
  build?: { idea: string; maxSessions: number } | null;
  /** What the agent may do without asking; absent in records from before levels existed (workspace). */
  autonomy?: Autonomy;
  /** `run --checkpoint`: where checkpoints go outside a worktree branch; absent: the config's mode. */
  checkpoint?: CheckpointMode;
  /** The agent's own interface runs in the pane (`run --interactive`), with hooks installed for the run. */
  interactive?: boolean;
}

export interface EventsView {
  stream: EventStreamState;
  /** The newest events, oldest first (a bounded ring). */
  recent: AgentEvent[];
  /** The file the events come from. */
  source: string | null;
  problem: string | null;
}

export interface Progress {
  done: number;
  total: number;
  source: 'tasks' | 'todo';
}

/** Everything observed about one agent in one poll, before any judgement. */
export interface AgentObservation {
  id: string;
  name: string;
  /** Where the agent works. */
  dir: string | null;
  /** The session we expect (recorded by oneshot) even when it is gone. */
  expectedSession: string | null;
  session: SessionObservation | null;
  /** How the session came to count as an agent (a shell prompt means "exited" only for agent sessions). */
  sessionMatch: 'task' | 'name' | 'env' | 'process' | 'dir' | null;
  /** The last lines of the agent's pane (plain text), when captured. */
  paneTail: string[] | null;
  task: TaskDirObservation | null;
  dotAgent: DotAgentObservation | null;
  autonomous: AutonomousObservation | null;
  /** The file to parse as JSONL events, if any. */
  eventsPath: string | null;
  /** Output log shown when there is no pane (session.log, a session log). */
  logPath: string | null;
  /** The tmux server answered: a missing session really is gone. */
  serverChecked: boolean;
  /** The server did not answer in time: the session is as it last said. */
  serverHung?: boolean;
  /** Problems of the agent's sources outside its state files (a server not answering). */
  problems?: string[];
}

export interface AgentView extends AgentObservation {
  kind: AgentKind;
  state: AgentState;
  reason: string;
  evidence: Evidence;
  /** For rate-limited: when the limit resets (epoch ms), when known. */
  until?: number | null;
  progress: Progress | null;
  heartbeatIntervalSec: number;
  events: EventsView;
  /** Another machine's agent: the host's name (config `hosts`); absent for this machine's. */
  host?: string;
  /** Its id on that host (`id` is `<host>/<remoteId>` here). */
  remoteId?: string;
}
