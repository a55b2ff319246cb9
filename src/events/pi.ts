// Pi `--mode json` lines (and the session file's entries, which share the header and the
// message shape) → events. Pure.
import { formatTokens, isRecord, num, oneLine, str, toolSummary, type AgentEvent, type TokenUsage } from './model.js';

export const PI_TYPES = new Set([
  'session',
  'agent_start',
  'agent_end',
  'turn_start',
  'turn_end',
  'message_start',
  'message_update',
  'message_end',
  'tool_execution_start',
  'tool_execution_update',
  'tool_execution_end',
  'auto_compaction_start',
  'auto_compaction_end',
  'auto_retry_start',
  'auto_retry_end',
  // Session file entries.
  'model_change',
  'thinking_level_change',
  'compaction',
  'branch_summary',
]);

export function isPiLine(obj: Record<string, unknown>): boolean {
  const type = str(obj.type);
  if (type === undefined) return false;
  // A bare `message` is too common a word to claim on its own: the session file's
  // entries always wrap a message object.
  if (type === 'message') return isRecord(obj.message);
  return PI_TYPES.has(type);
}

/** Prompt tokens, cached or not, as for Claude and Codex; cost is `cost.total` in USD. */
export function piUsage(value: unknown): { usage: TokenUsage; costUsd?: number } | undefined {
  if (!isRecord(value)) return undefined;
  if (value.input === undefined && value.output === undefined) return undefined;
  const cost = isRecord(value.cost) ? num(value.cost.total) : undefined;
  const usage = {
    inputTokens: (num(value.input) ?? 0) + (num(value.cacheRead) ?? 0) + (num(value.cacheWrite) ?? 0),
    outputTokens: num(value.output) ?? 0,
  };
  return { usage, ...(cost !== undefined ? { costUsd: cost } : {}) };
}

export interface PiParsed {
  events: AgentEvent[];
  sessionId?: string;
  /** One finished assistant message's usage: counted once, on its end (or its entry). */
  usage?: TokenUsage;
  costUsd?: number;
  /** Tools started: remember their labels, because the end does not repeat the arguments. */
  toolsStarted?: { id: string; label: string }[];
  toolEnded?: string;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((c) => str(c.text) ?? (str(c.type) === 'image' ? '[image]' : ''))
    .join(' ');
}

function toolLabel(name: string, args: unknown): string {
  const input = isRecord(args) ? args : {};
  return name === 'bash' ? `$ ${oneLine(input.command, 160)}` : toolSummary(name, input);
}

function toolKind(name: string): AgentEvent['kind'] {
  return name === 'bash' ? 'command' : name === 'edit' || name === 'write' ? 'file-change' : 'tool';
}

// Pi's bash tool reports a non-zero exit only as an error whose text ends
// "Command exited with code N"; a result that is not an error exited 0.
const EXIT = /Command exited with code (-?\d+)\s*$/;

function toolEnd(type: string, name: string, label: string, content: unknown, isError: boolean, at: number | null): AgentEvent {
  const output = contentText(content);
  const exitCode = name !== 'bash' ? null : isError ? Number(EXIT.exec(output)?.[1] ?? Number.NaN) : 0;
  const known = exitCode !== null && Number.isFinite(exitCode);
  const suffix = known ? ` → exit ${exitCode}` : isError ? ` → failed: ${oneLine(output, 120)}` : '';
  return {
    kind: toolKind(name),
    type: `${type}/${name}`,
    phase: isError ? 'failed' : 'completed',
    text: `${label}${suffix}`,
    at,
    isError,
    ...(name === 'bash' ? { exitCode: known ? exitCode : null } : {}),
  };
}

/**
 * A finished message. `entry` is a session-file line: there no tool_execution lines
 * follow, so tool calls and their results come from the messages themselves.
 */
function messageEvents(message: Record<string, unknown>, type: string, at: number | null, entry: boolean, tools: Readonly<Record<string, string>>): PiParsed {
  const role = str(message.role) ?? 'unknown';
  switch (role) {
    case 'assistant': {
      const events: AgentEvent[] = [];
      const started: { id: string; label: string }[] = [];
      const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
      for (const block of blocks) {
        const blockType = str(block.type);
        if (blockType === 'text') {
          const text = oneLine(block.text);
          if (text) events.push({ kind: 'message', type: `${type}/text`, phase: 'completed', text, at });
        } else if (blockType === 'thinking') {
          events.push({ kind: 'reasoning', type: `${type}/thinking`, phase: 'completed', text: oneLine(block.thinking) || 'thinking', at });
        } else if (blockType === 'toolCall' && entry) {
          const name = str(block.name) ?? 'tool';
          const label = toolLabel(name, block.arguments);
          const id = str(block.id);
          if (id) started.push({ id, label });
          events.push({ kind: toolKind(name), type: `${type}/toolCall`, phase: 'started', text: label, at });
        }
      }
      const stop = str(message.stopReason);
      if (stop === 'error' || stop === 'aborted') {
        const why = oneLine(str(message.errorMessage) ?? '', 160);
        events.push({ kind: 'error', type: `${type}/${stop}`, phase: 'failed', text: `${stop === 'aborted' ? 'aborted' : 'error'}${why ? `: ${why}` : ''}`, at, isError: true });
      }
      const used = piUsage(message.usage);
      return {
        events,
        ...(used ? { usage: used.usage, ...(used.costUsd !== undefined ? { costUsd: used.costUsd } : {}) } : {}),
        ...(started.length > 0 ? { toolsStarted: started } : {}),
      };
    }
    case 'toolResult': {
      // In --mode json, tool_execution_end already said this.
      if (!entry) return { events: [] };
      const name = str(message.toolName) ?? 'tool';
      const id = str(message.toolCallId);
      const label = (id ? tools[id] : undefined) ?? name;
      return { events: [toolEnd(type, name, label, message.content, message.isError === true, at)], ...(id ? { toolEnded: id } : {}) };
    }
    case 'bashExecution': {
      // A command the user ran with `!`.
      const exitCode = num(message.exitCode) ?? null;
      const failed = message.cancelled === true || (exitCode !== null && exitCode !== 0);
      const suffix = exitCode !== null ? ` → exit ${exitCode}` : message.cancelled === true ? ' → cancelled' : '';
      const text = `$ ${oneLine(message.command, 160)}${suffix}`;
      return { events: [{ kind: 'command', type: `${type}/bashExecution`, phase: failed ? 'failed' : 'completed', text, at, exitCode, isError: failed }] };
    }
    case 'user':
      // The prompt: the operator wrote it and already knows it.
      return { events: [] };
    default:
      return { events: [{ kind: 'other', type: `${type}/${role}`, phase: null, text: role, at }] };
  }
}

/** The final assistant message's verdict on the whole run. */
function lastStop(messages: unknown): { stop?: string; error?: string } {
  if (!Array.isArray(messages)) return {};
  const last = messages.filter(isRecord).findLast((m) => str(m.role) === 'assistant');
  if (!last) return {};
  const error = str(last.errorMessage);
  return { ...(str(last.stopReason) ? { stop: str(last.stopReason) } : {}), ...(error ? { error } : {}) };
}

/** One parsed Pi object → its events. `tools` maps open tool call ids to their labels. */
export function piEvents(obj: Record<string, unknown>, at: number | null, tools: Readonly<Record<string, string>>): PiParsed {
  const type = str(obj.type) ?? '';
  switch (type) {
    case 'session': {
      const id = str(obj.id);
      const text = `session ${id ?? '?'}${str(obj.cwd) ? ` · ${oneLine(obj.cwd, 120)}` : ''}`;
      return { events: [{ kind: 'session', type, phase: 'started', text, at, ...(id ? { sessionId: id } : {}) }], ...(id ? { sessionId: id } : {}) };
    }
    case 'agent_start':
      return { events: [{ kind: 'system', type, phase: 'started', text: 'agent started', at }] };
    case 'agent_end': {
      const { stop, error } = lastStop(obj.messages);
      const failed = stop === 'error' || stop === 'aborted';
      const text = failed ? `agent stopped: ${stop}${error ? ` · ${oneLine(error, 160)}` : ''}` : 'agent done';
      return { events: [{ kind: 'result', type, phase: failed ? 'failed' : 'completed', text, at, isError: failed }] };
    }
    case 'turn_start':
      return { events: [{ kind: 'turn', type, phase: 'started', text: 'turn started', at }] };
    case 'turn_end': {
      // The turn's message was already counted at its message_end: show, do not add.
      const message = isRecord(obj.message) ? obj.message : {};
      const used = piUsage(message.usage);
      const text = used ? `turn done · ${formatTokens(used.usage.inputTokens)} in / ${formatTokens(used.usage.outputTokens)} out` : 'turn done';
      return { events: [{ kind: 'turn', type, phase: 'completed', text, at, ...(used ? { usage: used.usage } : {}) }] };
    }
    case 'message_start':
    case 'message_update':
    case 'tool_execution_update':
      // A start is an empty shell and every update repeats the whole partial message
      // (twice): hundreds of lines per reply. The end line carries the finished content.
      return { events: [] };
    case 'message_end':
    case 'message': {
      const message = isRecord(obj.message) ? obj.message : {};
      return messageEvents(message, type, at, type === 'message', tools);
    }
    case 'tool_execution_start': {
      const name = str(obj.toolName) ?? 'tool';
      const id = str(obj.toolCallId);
      const label = toolLabel(name, obj.args);
      return { events: [{ kind: toolKind(name), type: `${type}/${name}`, phase: 'started', text: label, at }], ...(id ? { toolsStarted: [{ id, label }] } : {}) };
    }
    case 'tool_execution_end': {
      const name = str(obj.toolName) ?? 'tool';
      const id = str(obj.toolCallId);
      const label = (id ? tools[id] : undefined) ?? name;
      const result = isRecord(obj.result) ? obj.result : {};
      return { events: [toolEnd(type, name, label, result.content, obj.isError === true, at)], ...(id ? { toolEnded: id } : {}) };
    }
    case 'auto_retry_start': {
      const attempt = num(obj.attempt);
      const max = num(obj.maxAttempts);
      const why = oneLine(str(obj.errorMessage) ?? '', 140);
      const text = `retry${attempt !== undefined ? ` ${attempt}${max !== undefined ? `/${max}` : ''}` : ''}${why ? `: ${why}` : ''}`;
      return { events: [{ kind: 'system', type, phase: 'started', text, at }] };
    }
    case 'auto_retry_end': {
      if (obj.success === true) return { events: [{ kind: 'system', type, phase: 'completed', text: 'retry succeeded', at }] };
      const why = oneLine(str(obj.finalError) ?? '', 160);
      return { events: [{ kind: 'error', type, phase: 'failed', text: `retries failed${why ? `: ${why}` : ''}`, at, isError: true }] };
    }
    case 'auto_compaction_start':
      return { events: [{ kind: 'system', type, phase: 'started', text: `compacting${str(obj.reason) ? ` (${str(obj.reason)})` : ''}`, at }] };
    case 'auto_compaction_end': {
      const why = str(obj.errorMessage);
      if (why) return { events: [{ kind: 'error', type, phase: 'failed', text: `compaction failed: ${oneLine(why, 160)}`, at, isError: true }] };
      return { events: [{ kind: 'system', type, phase: 'completed', text: obj.aborted === true ? 'compaction aborted' : 'compacted', at }] };
    }
    case 'model_change':
      return { events: [{ kind: 'system', type, phase: null, text: `model ${[str(obj.provider), str(obj.modelId)].filter(Boolean).join('/') || '?'}`, at }] };
    case 'thinking_level_change':
      return { events: [{ kind: 'system', type, phase: null, text: `thinking ${str(obj.thinkingLevel) ?? '?'}`, at }] };
    case 'compaction':
      return { events: [{ kind: 'system', type, phase: null, text: 'compacted', at }] };
    default:
      return { events: [{ kind: 'other', type, phase: null, text: type || '(no type)', at }] };
  }
}
