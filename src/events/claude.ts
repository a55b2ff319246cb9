// Claude Code `--output-format stream-json --verbose` lines → events. Pure.
import { formatTokens, isRecord, num, oneLine, str, toolSummary, type AgentEvent, type TokenUsage } from './model.js';

export const CLAUDE_TYPES = new Set(['system', 'assistant', 'user', 'result', 'rate_limit_event', 'stream_event']);

export function isClaudeLine(obj: Record<string, unknown>): boolean {
  const type = str(obj.type);
  return type !== undefined && CLAUDE_TYPES.has(type);
}

/** Prompt tokens, cached or not, so Claude and Codex totals mean the same thing. */
export function claudeUsage(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const input = (num(value.input_tokens) ?? 0) + (num(value.cache_creation_input_tokens) ?? 0) + (num(value.cache_read_input_tokens) ?? 0);
  const output = num(value.output_tokens) ?? 0;
  if (value.input_tokens === undefined && value.output_tokens === undefined) return undefined;
  return { inputTokens: input, outputTokens: output };
}

export interface ClaudeParsed {
  events: AgentEvent[];
  /** Usage of one assistant message; the same id repeats once per content block. */
  messageUsage?: { id: string; usage: TokenUsage };
  /** A `result` line closes one run: its usage and cost are the run's totals. */
  result?: { usage?: TokenUsage; costUsd?: number; denials?: number };
  /** A `system`/`init` line starts a run. */
  init?: boolean;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .filter(isRecord)
      .map((c) => str(c.text) ?? (str(c.type) === 'image' ? '[image]' : ''))
      .join(' ');
  }
  return '';
}

export function claudeEvents(obj: Record<string, unknown>, at: number | null): ClaudeParsed {
  const type = str(obj.type) ?? '';
  switch (type) {
    case 'system': {
      const subtype = str(obj.subtype) ?? 'system';
      if (subtype === 'init') {
        const id = str(obj.session_id);
        const model = str(obj.model);
        const text = `session ${id ?? '?'}${model ? ` · ${model}` : ''}`;
        return { init: true, events: [{ kind: 'session', type: 'system/init', phase: 'started', text, at, ...(id ? { sessionId: id } : {}) }] };
      }
      const detail = oneLine(str(obj.description) ?? str(obj.summary) ?? str(obj.status) ?? '', 140);
      return { events: [{ kind: 'system', type: `system/${subtype}`, phase: null, text: detail ? `${subtype}: ${detail}` : subtype, at }] };
    }
    case 'assistant': {
      const message = isRecord(obj.message) ? obj.message : {};
      const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
      const events: AgentEvent[] = [];
      for (const block of blocks) {
        const blockType = str(block.type) ?? 'unknown';
        if (blockType === 'text') {
          const text = oneLine(block.text);
          if (text) events.push({ kind: 'message', type: 'assistant/text', phase: 'completed', text, at });
        } else if (blockType === 'thinking') {
          events.push({ kind: 'reasoning', type: 'assistant/thinking', phase: 'completed', text: oneLine(block.thinking) || 'thinking', at });
        } else if (blockType === 'tool_use') {
          const name = str(block.name) ?? 'tool';
          const input = isRecord(block.input) ? block.input : {};
          const isCommand = name === 'Bash';
          events.push({
            kind: isCommand ? 'command' : name === 'WebSearch' ? 'web-search' : name === 'TodoWrite' ? 'todo' : isFileTool(name) ? 'file-change' : 'tool',
            type: 'assistant/tool_use',
            phase: 'started',
            text: isCommand ? `$ ${oneLine(input.command, 160)}` : toolSummary(name, input),
            at,
          });
        } else {
          events.push({ kind: 'other', type: `assistant/${blockType}`, phase: null, text: blockType, at });
        }
      }
      const id = str(message.id);
      const usage = claudeUsage(message.usage);
      return { events, ...(id && usage ? { messageUsage: { id, usage } } : {}) };
    }
    case 'user': {
      const message = isRecord(obj.message) ? obj.message : {};
      const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
      const events: AgentEvent[] = [];
      for (const block of blocks) {
        if (str(block.type) !== 'tool_result') continue;
        const isError = block.is_error === true;
        const text = oneLine(contentText(block.content).replace(/<\/?tool_use_error>/g, ''), 160);
        events.push({ kind: 'tool-result', type: 'user/tool_result', phase: isError ? 'failed' : 'completed', text: isError ? `tool error: ${text}` : text || 'tool result', at, isError });
      }
      return { events };
    }
    case 'result': {
      const subtype = str(obj.subtype) ?? 'result';
      const isError = obj.is_error === true || subtype.startsWith('error');
      const usage = claudeUsage(obj.usage);
      const costUsd = num(obj.total_cost_usd);
      const turns = num(obj.num_turns);
      const errors = Array.isArray(obj.errors) ? obj.errors.filter((e): e is string => typeof e === 'string') : [];
      // Counted from the run's own list, not from the error tool results, so each counts once.
      const denials = Array.isArray(obj.permission_denials) ? obj.permission_denials.length : 0;
      const parts = [isError ? `result: ${subtype}` : 'result: success'];
      if (turns !== undefined) parts.push(`${turns} turn${turns === 1 ? '' : 's'}`);
      if (usage) parts.push(`${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out`);
      if (costUsd !== undefined) parts.push(`$${costUsd.toFixed(2)}`);
      if (denials > 0) parts.push(`${denials} tool call${denials === 1 ? ' was' : 's were'} denied`);
      if (isError && errors[0]) parts.push(oneLine(errors[0], 160));
      const event: AgentEvent = {
        kind: 'result',
        type: `result/${subtype}`,
        phase: isError ? 'failed' : 'completed',
        text: parts.join(' · '),
        at,
        isError,
        ...(usage ? { usage } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
      };
      return {
        events: [event],
        result: { ...(usage ? { usage } : {}), ...(costUsd !== undefined ? { costUsd } : {}), ...(denials > 0 ? { denials } : {}) },
      };
    }
    case 'rate_limit_event': {
      const info = isRecord(obj.rate_limit_info) ? obj.rate_limit_info : {};
      const status = str(info.status);
      const resetsAt = num(info.resetsAt);
      // "allowed" and "allowed_warning" let the agent go on; anything else holds it.
      const rateLimit = status ? { limited: !status.startsWith('allowed'), resetsAt: resetsAt !== undefined ? resetsAt * 1000 : null } : undefined;
      return { events: [{ kind: 'system', type, phase: null, text: `rate limit: ${status ?? '?'}${str(info.rateLimitType) ? ` (${str(info.rateLimitType)})` : ''}`, at, ...(rateLimit ? { rateLimit } : {}) }] };
    }
    case 'stream_event':
      // Partial-message deltas; the complete assistant line that follows carries the content.
      return { events: [] };
    default:
      return { events: [{ kind: 'other', type, phase: null, text: type, at }] };
  }
}

function isFileTool(name: string): boolean {
  return name === 'Edit' || name === 'Write' || name === 'MultiEdit' || name === 'NotebookEdit';
}
