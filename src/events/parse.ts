// JSONL lines → events, with the running totals an agent's row shows. Pure: the state
// goes in and comes out; bad lines are counted, never thrown.
import { claudeEvents, isClaudeLine } from './claude.js';
import { codexEvent, isCodexLine } from './codex.js';
import { parseResetTime, saysLimited } from '../text/limits.js';
import { isRecord, num, shapeEvent, str, type AgentEvent, type EventFormat, type TokenUsage } from './model.js';
import { isOpenCodeLine, openCodeEvent } from './opencode.js';
import { isPiLine, piEvents } from './pi.js';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** Formats that report each step's or message's own usage: the totals are plain sums. */
export interface SummedUsage {
  usage: TokenUsage;
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
  /** Tool calls the agent was refused (permission rejected or a deny rule). */
  denials: number;
  codex: { threadId: string | null; base: TokenUsage; current: TokenUsage | null };
  claude: { base: TokenUsage; costUsd: number | null; run: Record<string, TokenUsage>; runOrder: string[] };
  opencode: SummedUsage;
  /** `tools`: labels of Pi tool calls still running, by call id. */
  pi: SummedUsage & { tools: Record<string, string> };
  /** The last word on a usage or rate limit: held (until when) or free again. */
  rateLimit: { limited: boolean; resetsAt: number | null; text: string; at: number | null } | null;
}

const ZERO: TokenUsage = { inputTokens: 0, outputTokens: 0 };
const MAX_RUN_MESSAGES = 2000;
// A tool that never ends (killed mid-call) must not keep its label forever.
const MAX_OPEN_TOOLS = 64;

export function initialEventStream(): EventStreamState {
  return {
    format: null,
    sessionId: null,
    badLines: 0,
    events: 0,
    usage: null,
    todo: null,
    lastEvent: null,
    denials: 0,
    codex: { threadId: null, base: ZERO, current: null },
    claude: { base: ZERO, costUsd: null, run: {}, runOrder: [] },
    opencode: { usage: ZERO, costUsd: null },
    pi: { usage: ZERO, costUsd: null, tools: {} },
    rateLimit: null,
  };
}

/**
 * What an event says about limits: its own structured word (Claude's rate_limit_event),
 * else an error or message in the agents' wording ("usage limit reached … try again at
 * 3:45 PM"); a turn that completes means the agent is free again.
 */
function limitOf(event: AgentEvent): { limited: boolean; resetsAt: number | null } | null {
  if (event.rateLimit) return event.rateLimit;
  if ((event.isError || event.kind === 'message' || event.kind === 'error' || event.kind === 'result') && saysLimited(event.text)) {
    // Clock times ("try again at 3:45 PM") count from the event's own time; without one only an epoch is read.
    const resetsAt = parseResetTime(event.text, event.at ?? Number.NaN);
    return { limited: true, resetsAt: Number.isFinite(resetsAt) ? resetsAt : null };
  }
  if ((event.kind === 'turn' || event.kind === 'result') && event.phase === 'completed' && !event.isError) return { limited: false, resetsAt: null };
  return null;
}

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

function addSummed<T extends SummedUsage>(into: T, usage: TokenUsage | undefined, costUsd: number | undefined): T {
  if (usage === undefined && costUsd === undefined) return into;
  return { ...into, usage: usage ? add(into.usage, usage) : into.usage, costUsd: costUsd !== undefined ? (into.costUsd ?? 0) + costUsd : into.costUsd };
}

function summedTotals(summed: SummedUsage): UsageTotals | null {
  if (summed.usage.inputTokens === 0 && summed.usage.outputTokens === 0 && summed.costUsd === null) return null;
  return { ...summed.usage, costUsd: summed.costUsd };
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
  if (state.format === 'opencode') return summedTotals(state.opencode);
  if (state.format === 'pi') return summedTotals(state.pi);
  return null;
}

function lineTime(obj: Record<string, unknown>): number | null {
  // OpenCode stamps lines in epoch ms; a smaller number would be seconds or a counter.
  const ms = num(obj.timestamp);
  if (ms !== undefined) return ms >= 1e12 ? ms : null;
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
    opencode: { ...previous.opencode },
    pi: { ...previous.pi, tools: { ...previous.pi.tools } },
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

    // Before Codex: both have an `error` type, told apart by OpenCode's sessionID.
    if (isOpenCodeLine(obj)) {
      state.format ??= 'opencode';
      const parsed = openCodeEvent(obj, when);
      if (parsed.sessionId) state.sessionId ??= parsed.sessionId;
      state.opencode = addSummed(state.opencode, parsed.usage, parsed.costUsd);
      if (parsed.event.todo) state.todo = parsed.event.todo;
      if (parsed.event.denied) state.denials++;
      events.push(parsed.event);
      continue;
    }

    if (isPiLine(obj)) {
      state.format ??= 'pi';
      const parsed = piEvents(obj, when, state.pi.tools);
      if (parsed.sessionId) state.sessionId ??= parsed.sessionId;
      state.pi = addSummed(state.pi, parsed.usage, parsed.costUsd);
      if (parsed.toolEnded !== undefined) delete state.pi.tools[parsed.toolEnded];
      for (const { id, label } of parsed.toolsStarted ?? []) state.pi.tools[id] = label;
      const open = Object.keys(state.pi.tools);
      for (const id of open.slice(0, Math.max(0, open.length - MAX_OPEN_TOOLS))) delete state.pi.tools[id];
      events.push(...parsed.events);
      continue;
    }

    if (isCodexLine(obj) && (state.format === null || state.format === 'codex')) {
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
        state.denials += parsed.result.denials ?? 0;
      }
      events.push(...parsed.events);
      continue;
    }

    const type = str(obj.type) ?? '(no type)';
    events.push({ kind: 'other', type, phase: null, text: type, at: when });
  }

  // One hidden class for the events kept (see shapeEvent).
  for (let i = 0; i < events.length; i++) events[i] = shapeEvent(events[i] as AgentEvent);
  for (const event of events) {
    const limit = limitOf(event);
    if (limit) state.rateLimit = { limited: limit.limited, resetsAt: limit.resetsAt, text: event.text, at: event.at };
  }
  state.events += events.length;
  if (events.length > 0) state.lastEvent = events[events.length - 1] ?? state.lastEvent;
  state.usage = totals(state);
  return { state, events };
}
