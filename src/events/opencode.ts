// `opencode run --format json` lines → events. Pure.
import { formatTokens, isRecord, num, oneLine, str, toolSummary, type AgentEvent, type EventPhase, type TokenUsage } from './model.js';

export const OPENCODE_TYPES = new Set(['step_start', 'step_finish', 'tool_use', 'text', 'reasoning', 'error']);

/**
 * Codex also has a top-level `error` type; only OpenCode puts `sessionID` on every
 * line, so the pair tells them apart.
 */
export function isOpenCodeLine(obj: Record<string, unknown>): boolean {
  const type = str(obj.type);
  return type !== undefined && OPENCODE_TYPES.has(type) && typeof obj.sessionID === 'string';
}

/**
 * Prompt tokens, cached or not, as for Claude and Codex. OpenCode counts reasoning apart
 * from output; both are generated tokens, so they are added.
 */
export function openCodeUsage(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  if (value.input === undefined && value.output === undefined) return undefined;
  const cache = isRecord(value.cache) ? value.cache : {};
  return {
    inputTokens: (num(value.input) ?? 0) + (num(cache.read) ?? 0) + (num(cache.write) ?? 0),
    outputTokens: (num(value.output) ?? 0) + (num(value.reasoning) ?? 0),
  };
}

export interface OpenCodeParsed {
  event: AgentEvent;
  sessionId?: string;
  /** One step's usage and cost: steps never repeat, so callers add them up. */
  usage?: TokenUsage;
  costUsd?: number;
}

// The wording of OpenCode's RejectedError/CorrectedError ("The user rejected permission
// to use this specific tool call…") and DeniedError (a deny rule in the config).
const DENIAL = /rejected permission|rule which prevents you from using/i;

export function isDenialMessage(text: string | undefined): boolean {
  return text !== undefined && DENIAL.test(text);
}

function todoCounts(input: Record<string, unknown>): { done: number; total: number } | undefined {
  if (!Array.isArray(input.todos)) return undefined;
  const todos = input.todos.filter(isRecord);
  return { done: todos.filter((t) => str(t.status) === 'completed').length, total: todos.length };
}

function toolEvent(part: Record<string, unknown>, type: string, at: number | null): AgentEvent {
  const tool = str(part.tool) ?? 'tool';
  const state = isRecord(part.state) ? part.state : {};
  const input = isRecord(state.input) ? state.input : {};
  const metadata = isRecord(state.metadata) ? state.metadata : {};
  const status = str(state.status) ?? 'unknown';
  const error = str(state.error);
  const denied = status === 'error' && (isDenialMessage(error) || isDenialMessage(str(state.output)));
  const exitCode = num(metadata.exit) ?? null;
  const isCommand = tool === 'bash';
  const failed = status === 'error' || (exitCode !== null && exitCode !== 0);
  const phase: EventPhase = status === 'completed' || status === 'error' ? (failed ? 'failed' : 'completed') : 'started';
  const todo = tool === 'todowrite' ? todoCounts(input) : undefined;
  const label = isCommand ? `$ ${oneLine(input.command, 160)}` : todo ? `todo ${todo.done}/${todo.total}` : toolSummary(tool, input);
  let suffix = '';
  if (denied) suffix = ' → denied (permission rejected)';
  else if (status === 'error') suffix = ` → failed${error ? `: ${oneLine(error, 120)}` : ''}`;
  else if (exitCode !== null) suffix = ` → exit ${exitCode}`;
  return {
    kind: isCommand ? 'command' : todo ? 'todo' : isFileTool(tool) ? 'file-change' : tool === 'websearch' ? 'web-search' : 'tool',
    type: `${type}/${tool}`,
    phase,
    text: `${label}${suffix}`,
    at,
    isError: failed,
    ...(isCommand ? { exitCode } : {}),
    ...(todo ? { todo } : {}),
    ...(denied ? { denied } : {}),
  };
}

function errorText(value: unknown): string {
  if (typeof value === 'string') return oneLine(value, 160) || 'error';
  if (!isRecord(value)) return 'error';
  const data = isRecord(value.data) ? value.data : {};
  const name = str(value.name);
  const status = num(data.statusCode);
  const message = str(data.message) ?? str(value.message);
  const head = [name, status].filter((p) => p !== undefined).join(' ');
  return oneLine([head, message].filter(Boolean).join(': '), 200) || 'error';
}

/** One parsed OpenCode object → its event, plus the step's usage when it closes one. */
export function openCodeEvent(obj: Record<string, unknown>, at: number | null): OpenCodeParsed {
  const type = str(obj.type) ?? '';
  const sessionId = str(obj.sessionID);
  const part = isRecord(obj.part) ? obj.part : {};
  const withSession = (event: AgentEvent, extra: Omit<OpenCodeParsed, 'event' | 'sessionId'> = {}): OpenCodeParsed => ({
    event,
    ...(sessionId ? { sessionId } : {}),
    ...extra,
  });
  switch (type) {
    case 'step_start':
      return withSession({ kind: 'turn', type, phase: 'started', text: 'step started', at });
    case 'step_finish': {
      const usage = openCodeUsage(part.tokens);
      const costUsd = num(part.cost);
      const reason = str(part.reason);
      const parts = ['step done'];
      // stop and tool-calls are the ordinary ends; anything else (length, error…) is news.
      if (reason && reason !== 'stop' && reason !== 'tool-calls') parts.push(reason);
      if (usage) parts.push(`${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out`);
      if (costUsd !== undefined && costUsd > 0) parts.push(`$${costUsd.toFixed(2)}`);
      const event: AgentEvent = {
        kind: 'turn',
        type,
        phase: 'completed',
        text: parts.join(' · '),
        at,
        ...(usage ? { usage } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
      };
      return withSession(event, { ...(usage ? { usage } : {}), ...(costUsd !== undefined ? { costUsd } : {}) });
    }
    case 'tool_use':
      return withSession(toolEvent(part, type, at));
    case 'text':
      return withSession({ kind: 'message', type, phase: 'completed', text: oneLine(part.text) || 'message', at });
    case 'reasoning':
      return withSession({ kind: 'reasoning', type, phase: 'completed', text: oneLine(part.text) || 'thinking', at });
    case 'error':
      return withSession({ kind: 'error', type, phase: 'failed', text: errorText(obj.error), at, isError: true });
    default:
      return withSession({ kind: 'other', type, phase: null, text: type || '(no type)', at });
  }
}

function isFileTool(name: string): boolean {
  return name === 'edit' || name === 'write' || name === 'patch' || name === 'multiedit' || name === 'apply_patch';
}
