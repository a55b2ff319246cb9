// `codex exec --json` lines → events. Pure.
import { formatTokens, isRecord, num, oneLine, str, type AgentEvent, type EventPhase, type TokenUsage } from './model.js';

export const CODEX_TYPES = new Set([
  'thread.started',
  'turn.started',
  'turn.completed',
  'turn.failed',
  'item.started',
  'item.updated',
  'item.completed',
  'error',
]);

export function isCodexLine(obj: Record<string, unknown>): boolean {
  const type = str(obj.type);
  return type !== undefined && (CODEX_TYPES.has(type) || /^(thread|turn|item)\./.test(type));
}

/** Codex reports usage cumulatively for the thread: callers replace, never add. */
export function codexUsage(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const input = num(value.input_tokens);
  const output = num(value.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  return { inputTokens: input ?? 0, outputTokens: output ?? 0 };
}

function phaseOf(type: string): EventPhase {
  if (type.endsWith('.started')) return 'started';
  if (type.endsWith('.updated')) return 'updated';
  return 'completed';
}

function item(obj: Record<string, unknown>, type: string, at: number | null): AgentEvent {
  const it = isRecord(obj.item) ? obj.item : {};
  const itemType = str(it.type) ?? 'unknown';
  const status = str(it.status);
  let phase = phaseOf(type);
  if (status === 'failed') phase = 'failed';
  const base = { type: `${type}/${itemType}`, phase, at };
  switch (itemType) {
    case 'agent_message':
      return { ...base, kind: 'message', text: oneLine(it.text) };
    case 'reasoning':
      return { ...base, kind: 'reasoning', text: oneLine(str(it.text)?.replace(/\*\*/g, '')) };
    case 'command_execution': {
      const exitCode = num(it.exit_code) ?? null;
      const command = oneLine(it.command, 160);
      const failed = phase === 'failed' || (exitCode !== null && exitCode !== 0);
      const suffix = phase === 'started' ? '' : exitCode !== null ? ` → exit ${exitCode}` : phase === 'failed' ? ' → failed' : '';
      return { ...base, kind: 'command', text: `$ ${command}${suffix}`, exitCode, isError: failed, phase: failed && phase !== 'started' ? 'failed' : phase };
    }
    case 'file_change': {
      const changes = Array.isArray(it.changes) ? it.changes.filter(isRecord) : [];
      const parts = changes.map((c) => `${str(c.kind) ?? 'change'} ${basename(str(c.path) ?? '?')}`);
      return { ...base, kind: 'file-change', text: parts.length ? parts.join(', ') : 'file change', isError: phase === 'failed' };
    }
    case 'mcp_tool_call': {
      const error = isRecord(it.error) ? str(it.error.message) : undefined;
      const name = `${str(it.server) ?? '?'}/${str(it.tool) ?? '?'}`;
      return { ...base, kind: 'tool', text: error ? `${name}: ${oneLine(error, 120)}` : name, isError: phase === 'failed' || error !== undefined };
    }
    case 'web_search':
      return { ...base, kind: 'web-search', text: `search: ${oneLine(it.query, 160)}` };
    case 'todo_list': {
      const items = Array.isArray(it.items) ? it.items.filter(isRecord) : [];
      const done = items.filter((i) => i.completed === true).length;
      const next = items.find((i) => i.completed !== true);
      const text = `todo ${done}/${items.length}${next ? ` · next: ${oneLine(next.text, 100)}` : ''}`;
      return { ...base, kind: 'todo', text, todo: { done, total: items.length } };
    }
    case 'error':
      return { ...base, kind: 'error', text: oneLine(it.message) || 'error', isError: true };
    default:
      return { ...base, kind: 'other', text: itemType };
  }
}

/** One parsed Codex object → its event (null when it carries nothing to show). */
export function codexEvent(obj: Record<string, unknown>, at: number | null): AgentEvent | null {
  const type = str(obj.type) ?? '';
  switch (type) {
    case 'thread.started': {
      const id = str(obj.thread_id);
      return { kind: 'session', type, phase: 'started', text: id ? `session ${id}` : 'session started', at, ...(id ? { sessionId: id } : {}) };
    }
    case 'turn.started':
      return { kind: 'turn', type, phase: 'started', text: 'turn started', at };
    case 'turn.completed': {
      const usage = codexUsage(obj.usage);
      const text = usage ? `turn done · ${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out` : 'turn done';
      return { kind: 'turn', type, phase: 'completed', text, at, ...(usage ? { usage } : {}) };
    }
    case 'turn.failed': {
      const message = isRecord(obj.error) ? str(obj.error.message) : undefined;
      return { kind: 'error', type, phase: 'failed', text: `turn failed${message ? `: ${oneLine(message, 160)}` : ''}`, at, isError: true };
    }
    case 'error':
      return { kind: 'error', type, phase: null, text: oneLine(str(obj.message) ?? 'error'), at, isError: true };
    default:
      if (type.startsWith('item.')) return item(obj, type, at);
      return { kind: 'other', type, phase: null, text: type, at };
  }
}

function basename(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] || path;
}
