// JSONL lines → events, with the running totals an agent's row shows. Pure: the state
// goes in and comes out; bad lines are counted, never thrown.
import { claudeEvents, isClaudeLine } from './claude.js';
import { codexEvent, isCodexLine } from './codex.js';
import { isRecord, str, type AgentEvent, type EventFormat, type TokenUsage } from './model.js';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface EventStreamState {
  format: EventFormat | null;
  sessionId: string | null;
  /** Lines that were not JSON objects (shown as "N unreadable lines"). */
  badLines: number;
  events: number;
  usage: UsageTotals | null;
  todo: { done: number; total: number } | null;
  lastEvent: AgentEvent | null;
  codex: { threadId: string | null; base: TokenUsage; current: TokenUsage | null };
  claude: { base: TokenUsage; costUsd: number | null; run: Record<string, TokenUsage>; runOrder: string[] };
}

const ZERO: TokenUsage = { inputTokens: 0, outputTokens: 0 };
const MAX_RUN_MESSAGES = 2000;

export function initialEventStream(): EventStreamState {
  return {
    format: null,
    sessionId: null,
    badLines: 0,
    events: 0,
    usage: null,
    todo: null,
    lastEvent: null,
    codex: { threadId: null, base: ZERO, current: null },
    claude: { base: ZERO, costUsd: null, run: {}, runOrder: [] },
  };
}

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

function claudeRunTotal(run: Record<string, TokenUsage>): TokenUsage {
  return Object.values(run).reduce(add, ZERO);
}

function totals(state: EventStreamState): UsageTotals | null {
  if (state.format === 'codex') {
    const sum = add(state.codex.base, state.codex.current ?? ZERO);
    if (state.codex.current === null && sum.inputTokens === 0 && sum.outputTokens === 0) return null;
    return { ...sum, costUsd: null };
  }
  if (state.format === 'claude') {
    const sum = add(state.claude.base, claudeRunTotal(state.claude.run));
    if (sum.inputTokens === 0 && sum.outputTokens === 0 && state.claude.costUsd === null) return null;
    return { ...sum, costUsd: state.claude.costUsd };
  }
  return null;
}

function lineTime(obj: Record<string, unknown>): number | null {
  const ts = str(obj.timestamp);
  if (!ts) return null;
  const t = Date.parse(ts);
  return Number.isFinite(t) ? t : null;
}

export interface ParseOutcome {
  state: EventStreamState;
  events: AgentEvent[];
}

/**
 * Parse appended lines. `at` stamps events whose line has no time of its own; the
 * caller passes when the lines were read (null for an old backlog).
 */
export function parseEventLines(previous: EventStreamState, lines: readonly string[], at: number | null): ParseOutcome {
  const state: EventStreamState = {
    ...previous,
    codex: { ...previous.codex },
    claude: { ...previous.claude, run: { ...previous.claude.run }, runOrder: [...previous.claude.runOrder] },
  };
  const events: AgentEvent[] = [];

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      state.badLines++;
      continue;
    }
    if (!isRecord(obj)) {
      state.badLines++;
      continue;
    }
    const when = lineTime(obj) ?? at;

    if (isCodexLine(obj) && state.format !== 'claude') {
      state.format = 'codex';
      const event = codexEvent(obj, when);
      if (event?.sessionId) {
        if (state.codex.threadId !== null && state.codex.threadId !== event.sessionId && state.codex.current) {
          state.codex.base = add(state.codex.base, state.codex.current);
          state.codex.current = null;
        }
        state.codex.threadId = event.sessionId;
        state.sessionId ??= event.sessionId;
      }
      if (event?.type === 'turn.completed' && event.usage) state.codex.current = event.usage;
      if (event?.todo) state.todo = event.todo;
      if (event) events.push(event);
      continue;
    }

    if (isClaudeLine(obj)) {
      state.format ??= 'claude';
      const parsed = claudeEvents(obj, when);
      for (const event of parsed.events) if (event.sessionId) state.sessionId ??= event.sessionId;
      if (parsed.init && state.claude.runOrder.length > 0) {
        // A run that ended without a result still used its tokens.
        state.claude.base = add(state.claude.base, claudeRunTotal(state.claude.run));
        state.claude.run = {};
        state.claude.runOrder = [];
      }
      if (parsed.messageUsage) {
        const { id, usage } = parsed.messageUsage;
        const seen = state.claude.run[id];
        // The same message repeats its usage once per content block: count it once.
        state.claude.run[id] = seen
          ? { inputTokens: Math.max(seen.inputTokens, usage.inputTokens), outputTokens: Math.max(seen.outputTokens, usage.outputTokens) }
          : usage;
        if (!seen) state.claude.runOrder.push(id);
        if (state.claude.runOrder.length > MAX_RUN_MESSAGES) {
          const oldest = state.claude.runOrder.shift();
          if (oldest !== undefined) {
            state.claude.base = add(state.claude.base, state.claude.run[oldest] ?? ZERO);
            delete state.claude.run[oldest];
          }
        }
      }
      if (parsed.result) {
        const runTotal = parsed.result.usage ?? claudeRunTotal(state.claude.run);
        state.claude.base = add(state.claude.base, runTotal);
        state.claude.run = {};
        state.claude.runOrder = [];
        if (parsed.result.costUsd !== undefined) state.claude.costUsd = (state.claude.costUsd ?? 0) + parsed.result.costUsd;
      }
      events.push(...parsed.events);
      continue;
    }

    const type = str(obj.type) ?? '(no type)';
    events.push({ kind: 'other', type, phase: null, text: type, at: when });
  }

  state.events += events.length;
  if (events.length > 0) state.lastEvent = events[events.length - 1] ?? state.lastEvent;
  state.usage = totals(state);
  return { state, events };
}
