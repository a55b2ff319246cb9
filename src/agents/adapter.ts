// What oneshot needs to know about an agent CLI: how to launch it, how to resume it,
// where its session id comes from and which event parser reads its output.
import type { EventFormat } from '../events/model.js';
import type { AgentKind } from '../fleet/agent.js';
import type { Runner } from '../proc/exec.js';
import type { Autonomy } from './autonomy.js';

export type LaunchableKind = Exclude<AgentKind, 'unknown'>;

export interface LaunchInput {
  bin: string;
  prompt: string;
  /** Extra arguments from the config file or after `--`. */
  extraArgs: readonly string[];
  /** The prompt goes to stdin instead of argv (too big for one argument). */
  promptOnStdin: boolean;
  autonomy: Autonomy;
  /** A session id chosen before the launch (CLIs that accept one: Claude's --session-id). */
  sessionId?: string | null;
}

export interface ResumeInput extends LaunchInput {
  sessionId: string;
}

/** A launch of the agent's own interface, with its signals wired to `oneshot hook`. */
export interface InteractiveInput {
  bin: string;
  /** The first prompt (empty: none, the agent waits for one). */
  prompt: string;
  extraArgs: readonly string[];
  autonomy: Autonomy;
  sessionId?: string | null;
  /** The argv that records one hook call (`oneshot hook --task-dir … --source … EVENT`). */
  hookArgv(event: string): string[];
  /** A file in the task directory the adapter may write its per-run settings to. */
  settingsFile: string;
  /** The task directory (the adapter may keep the CLI's session files there). */
  taskDir: string;
}

/** Where to look for the conversation an interactive run started (CLIs that do not say it). */
export interface SessionSearch {
  taskDir: string;
  /** The agent's working directory. */
  cwd: string;
  /** Conversations started before this (epoch ms) are another run's. */
  since: number;
  bin: string;
  env: Record<string, string | undefined>;
  runner: Runner;
}

export interface InteractiveAdapter {
  /** The argv, and the per-run settings file's content when the CLI takes one. */
  launch(input: InteractiveInput): { argv: string[]; settings: string | null };
  resume(input: InteractiveInput & { sessionId: string }): { argv: string[]; settings: string | null };
  /** Variables for an interactive run, over the headless ones (a person is there to answer). */
  env?(autonomy: Autonomy, taskDir: string): Record<string, string>;
  /** The session id of the conversation, for CLIs whose interface reports it to no hook. */
  findSession?(search: SessionSearch): Promise<string | null>;
}

/** Where a CLI keeps a conversation, to check it is there before a native resume. */
export interface SessionLookup {
  sessionId: string;
  /** The agent program. */
  bin: string;
  /** The working directory the conversation was started in. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** For CLIs that are asked (OpenCode's export). */
  runner: Runner;
}

/** Whether the conversation can be resumed: null when yes, else why not (one line). */
export type SessionCheck = (lookup: SessionLookup) => Promise<string | null>;

export interface AgentAdapter {
  kind: LaunchableKind;
  /** Program looked up on PATH unless configured. */
  defaultBin: string;
  /** Lines on stdout are JSON events in this format. */
  eventFormat: EventFormat | null;
  /** Reads its prompt from stdin when asked (so a huge prompt need not be an argument). */
  promptFromStdin: boolean;
  launch(input: LaunchInput): string[];
  /** The native resume command, or null when the CLI cannot resume a session. */
  resume(input: ResumeInput): string[] | null;
  /** What to say when resuming without a new instruction. */
  continuePrompt: string;
  /** Variables for this run only (per-run permission settings; never the user's files). */
  env?(autonomy: Autonomy): Record<string, string>;
  /** Chooses the session id before launch (so it is on record before the first event). */
  presetSessionId?(): string;
  /** A well-formed session id for this CLI (an empty, truncated or prefix id is not). */
  validSessionId?(id: string): boolean;
  /** Is the conversation there to resume? */
  checkSession?: SessionCheck;
  /** The version oneshot was proven against; another major version may have other flags. */
  testedVersion?: string;
  /** Its own interactive interface in the pane (`run --interactive`), when oneshot can read its signals. */
  interactive?: InteractiveAdapter;
}

/** The first x.y.z in a `--version` answer (Pi prints it on stderr). */
export function parseVersion(text: string): { major: number; version: string } | null {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), version: m[0] } : null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Linux refuses a single argument over 128 KiB; stay well below. */
export const MAX_PROMPT_ARG_BYTES = 100 * 1024;
