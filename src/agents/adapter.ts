// What oneshot needs to know about an agent CLI: how to launch it, how to resume it,
// where its session id comes from and which event parser reads its output.
import type { AgentKind } from '../fleet/agent.js';

export type LaunchableKind = Exclude<AgentKind, 'unknown'>;

export interface LaunchInput {
  bin: string;
  prompt: string;
  /** Extra arguments from the config file or after `--`. */
  extraArgs: readonly string[];
  /** The prompt goes to stdin instead of argv (too big for one argument). */
  promptOnStdin: boolean;
}

export interface ResumeInput extends LaunchInput {
  sessionId: string;
}

export interface AgentAdapter {
  kind: LaunchableKind;
  /** Program looked up on PATH unless configured. */
  defaultBin: string;
  /** Lines on stdout are JSON events in this format. */
  eventFormat: 'codex' | 'claude' | null;
  /** Reads its prompt from stdin when asked (so a huge prompt need not be an argument). */
  promptFromStdin: boolean;
  launch(input: LaunchInput): string[];
  /** The native resume command, or null when the CLI cannot resume a session. */
  resume(input: ResumeInput): string[] | null;
  /** What to say when resuming without a new instruction. */
  continuePrompt: string;
}

/** Linux refuses a single argument over 128 KiB; stay well below. */
export const MAX_PROMPT_ARG_BYTES = 100 * 1024;
