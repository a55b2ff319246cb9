import { plainText } from '../text/sanitize.js';

// One event model for every agent's JSONL stream.

export type EventKind =
  | 'session'
  | 'turn'
  | 'message'
  | 'reasoning'
  | 'command'
  | 'file-change'
  | 'tool'
  | 'tool-result'
  | 'web-search'
  | 'todo'
  | 'error'
  | 'result'
  | 'system'
  | 'other';

export type EventPhase = 'started' | 'updated' | 'completed' | 'failed';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface AgentEvent {
  kind: EventKind;
  /** The source's own name for it, e.g. `item.completed/command_execution`, `assistant/tool_use`. */
  type: string;
  phase: EventPhase | null;
  /** One line for people: what happened. */
  text: string;
  /** Epoch ms, when known. */
  at: number | null;
  exitCode?: number | null;
  isError?: boolean;
  usage?: TokenUsage;
  costUsd?: number;
  todo?: { done: number; total: number };
  sessionId?: string;
  /** A tool call the agent was not allowed to make (permission rejected or a deny rule). */
  denied?: boolean;
  /** The agent is held by a usage or rate limit (or no longer is), and when it resets (epoch ms). */
  rateLimit?: { limited: boolean; resetsAt: number | null };
}

/** Texts this short repeat across events ("turn started", a tool's name): kept once. */
const SHARED_TEXT = 80;
const SHARED_LIMIT = 2_000;
let sharedStrings = new Map<string, string>();

/** One copy of a string that many events carry (bounded: starts over when full). */
function shared(text: string): string {
  const hit = sharedStrings.get(text);
  if (hit !== undefined) return hit;
  if (sharedStrings.size >= SHARED_LIMIT) sharedStrings = new Map();
  sharedStrings.set(text, text);
  return text;
}

/**
 * The event rebuilt with its fields in one order, each optional one assigned only when
 * present. The parsers build events with object spread (`{ ...base, kind, text }`), and
 * V8 gives every object made that way a hidden class of its own (~100 bytes each, for
 * as long as the event is kept); events made here share a handful of classes.
 */
export function shapeEvent(e: AgentEvent): AgentEvent {
  const out: AgentEvent = { kind: e.kind, type: shared(e.type), phase: e.phase, text: e.text.length <= SHARED_TEXT ? shared(e.text) : e.text, at: e.at };
  if (e.exitCode !== undefined) out.exitCode = e.exitCode;
  if (e.isError !== undefined) out.isError = e.isError;
  if (e.usage !== undefined) out.usage = { inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens };
  if (e.costUsd !== undefined) out.costUsd = e.costUsd;
  if (e.todo !== undefined) out.todo = { done: e.todo.done, total: e.todo.total };
  if (e.sessionId !== undefined) out.sessionId = e.sessionId;
  if (e.denied !== undefined) out.denied = e.denied;
  if (e.rateLimit !== undefined) out.rateLimit = { limited: e.rateLimit.limited, resetsAt: e.rateLimit.resetsAt };
  return out;
}

/** The values double as agent kinds in the fleet: keep them equal to the CLI names. */
export type EventFormat = 'codex' | 'claude' | 'opencode' | 'pi';

/** Collapse whitespace, drop escape sequences and cut to one display line. */
export function oneLine(text: unknown, max = 200): string {
  if (typeof text !== 'string') return '';
  // Only the head is shown: do not sanitize megabytes of a huge message.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = plainText(head.replace(/\s+/g, ' ')).trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** `Name detail` for a tool call: the first argument that says what it works on. */
export function toolSummary(name: string, input: Record<string, unknown>): string {
  const pick =
    str(input.command) ??
    str(input.file_path) ??
    str(input.filePath) ??
    str(input.path) ??
    str(input.pattern) ??
    str(input.url) ??
    str(input.query) ??
    str(input.description) ??
    str(input.prompt);
  return pick ? `${name} ${oneLine(pick, 140)}` : name;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
