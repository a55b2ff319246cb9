// `oneshot serve --stdio`: this machine's fleet as a stream of JSON lines — a hello, the
// whole fleet once, then only what changes, from the same runtime the dashboard uses — and
// the dashboard's operations as requests. What a dashboard on another machine reads
// through `ssh -T host oneshot serve --stdio`. No daemon: it lives as long as its stdin.
import { hostname } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { AgentView } from '../fleet/agent.js';
import { renderExplain } from '../fleet/explain.js';
import type { Answer } from '../ops/answer.js';
import { OpError } from '../ops/context.js';
import type { RunRequest } from '../ops/run.js';
import type { AppState } from '../store/store.js';
import type { DashboardOps } from '../tui/actions.js';
import { createDashboardOps } from '../tui/dashboard-ops.js';
import type { Context } from '../cli/context.js';
import { encode, LineSplitter, parseRequestLine, PING_MS, PROTOCOL_VERSION, type FromServer, type RequestMessage } from './protocol.js';

/** Changes are sent at most this often (a busy fleet's updates coalesce). */
const FLUSH_MS = 100;
/** A client that reads nothing while this much waits to be written is dropped. */
const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;
/** Lines of a log sent for one `log` request, at most. */
const MAX_LOG_LINES = 5_000;

export interface ServeOptions {
  context: Context;
  input: Readable;
  output: Writable;
  version: string;
  clock?: () => number;
}

/** What the dashboard reads of an event stream's state (the parser's per-agent bookkeeping stays here). */
const STREAM_FIELDS = ['format', 'sessionId', 'badLines', 'events', 'usage', 'todo', 'lastEvent', 'denials', 'rateLimit'] as const;

function slimStream(stream: AgentView['events']['stream']): Record<string, unknown> {
  return Object.fromEntries(STREAM_FIELDS.map((k) => [k, stream[k]]));
}

/** The agent as it crosses the wire: the view, without the event parser's bookkeeping. */
export function wireValue(key: keyof AgentView, value: unknown): unknown {
  if (key !== 'events' || value === null || typeof value !== 'object') return value;
  const events = value as AgentView['events'];
  return { ...events, stream: slimStream(events.stream) };
}

/** A reason that differs only in its numbers (ages) is sent again at most this often. */
const REASON_AGE_MS = 15_000;

function agesOnly(sentJson: string | undefined, reason: string): boolean {
  if (sentJson === undefined) return false;
  const before = JSON.parse(sentJson) as unknown;
  return typeof before === 'string' && before !== reason && before.replace(/\d+/g, '#') === reason.replace(/\d+/g, '#');
}

/**
 * The events view as a change: the new events only (`recentAdd`) and how many of the
 * earlier ones fell off the front (`recentDrop`); the whole list when they are not a
 * continuation of the earlier ones (a new log).
 */
export function eventsDelta(prev: AgentView['events'], next: AgentView['events']): Record<string, unknown> {
  const first = next.recent[0];
  const drop = first === undefined ? prev.recent.length : prev.recent.indexOf(first);
  const kept = prev.recent.length - drop;
  const continues = drop >= 0 && prev.source === next.source && kept <= next.recent.length && next.recent.slice(0, kept).every((e, i) => e === prev.recent[drop + i]);
  if (!continues) return wireValue('events', next) as Record<string, unknown>;
  // The stream's fields that changed (`streamSet`), merged over the ones held.
  const before = slimStream(prev.stream);
  const after = slimStream(next.stream);
  const streamSet = Object.fromEntries(Object.entries(after).filter(([k, v]) => v !== before[k] && JSON.stringify(v) !== JSON.stringify(before[k])));
  return { ...(next.problem !== prev.problem ? { problem: next.problem } : {}), streamSet, recentDrop: drop, recentAdd: next.recent.slice(kept) };
}

/**
 * The fields of `next` that changed since they were last sent: a field that is the same
 * object is skipped at once (the store keeps unchanged parts identical); one rebuilt with
 * the same content is skipped by its JSON, kept per field in `sent`.
 */
export function changedFields(prev: AgentView | undefined, next: AgentView, sent: Map<string, string>, now = Date.now()): Partial<AgentView> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof AgentView)[]) {
    if (prev && prev[key] === next[key]) continue;
    if (key === 'events' && prev) {
      // Only the events that are new (the store keeps the earlier ones as the same objects).
      set.events = eventsDelta(prev.events, next.events);
      continue;
    }
    if (key === 'reason' && prev && agesOnly(sent.get('reason'), next.reason) && now - Number(sent.get('reason-at') ?? 0) < REASON_AGE_MS) {
      // "heartbeat 3s ago" → "4s ago" every second: the client's own columns show ages.
      continue;
    }
    if (key === 'reason') sent.set('reason-at', String(now));
    const value = wireValue(key, next[key]);
    const json = JSON.stringify(value) ?? 'null';
    if (sent.get(key) === json) continue;
    sent.set(key, json);
    set[key] = value;
  }
  if (prev) {
    for (const key of Object.keys(prev) as (keyof AgentView)[]) {
      if (key in next) continue;
      sent.delete(key);
      set[key] = null;
    }
  }
  return set as Partial<AgentView>;
}

export async function serveStdio(options: ServeOptions): Promise<number> {
  const { context, input, output } = options;
  const clock = options.clock ?? Date.now;
  const store = context.store;
  let closed = false;
  let lastWrite = clock();

  const send = (message: FromServer): void => {
    if (closed) return;
    output.write(encode(message));
    lastWrite = clock();
    if ((output as Writable & { writableLength?: number }).writableLength !== undefined && output.writableLength > MAX_BACKLOG_BYTES) {
      // The reader stopped reading: better gone than holding the whole fleet's history.
      void finish();
    }
  };

  const ops: DashboardOps = createDashboardOps(context.ops('remote'), {
    suspend: () => Promise.reject(new OpError('attach runs on the dashboard side (ssh -t)')),
    refresh: () => void context.runtime.pollOnce().catch(() => undefined),
    look: async (agentId) => {
      await context.runtime.pollOnce().catch(() => undefined);
      return store.getState().agents[agentId];
    },
  });

  send({ type: 'hello', protocol: PROTOCOL_VERSION, oneshot: options.version, host: hostname(), tmux: { label: context.tmux.label, args: [...context.tmux.serverArgs] }, now: clock() });

  // The fleet once, whole; then what changed.
  await context.runtime.pollOnce().catch(() => undefined);
  let sent: Record<string, AgentView> = {};
  const sentJson = new Map<string, Map<string, string>>();
  let sentOrder: string[] = [];
  let sentServer = '';
  const flush = (state: AppState): void => {
    const serverKey = `${state.server.status}\n${state.server.error ?? ''}`;
    if (serverKey !== sentServer) {
      sentServer = serverKey;
      send({ type: 'server', status: state.server.status, error: state.server.error });
    }
    const sameOrder = state.order.length === sentOrder.length && state.order.every((id, i) => id === sentOrder[i]);
    if (!sameOrder) {
      sentOrder = state.order;
      send({ type: 'order', ids: state.order });
      for (const id of sentJson.keys()) if (!state.agents[id]) sentJson.delete(id);
    }
    if (state.agents === sent) return;
    for (const id of state.order) {
      const next = state.agents[id];
      const prev = sent[id];
      if (!next || prev === next) continue;
      let fields = sentJson.get(id);
      if (!fields) sentJson.set(id, (fields = new Map()));
      const set = changedFields(prev, next, fields);
      if (Object.keys(set).length > 0) send({ type: 'agent', id, ...(prev ? {} : { full: true }), set });
    }
    sent = state.agents;
  };
  flush(store.getState());
  send({ type: 'synced', now: clock() });

  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.agents === previous.agents && state.order === previous.order && state.server === previous.server) return;
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      flush(store.getState());
    }, FLUSH_MS);
  });
  context.runtime.start();
  const pinger = setInterval(() => {
    if (clock() - lastWrite >= PING_MS - 50) send({ type: 'ping', now: clock() });
  }, PING_MS);

  const splitter = new LineSplitter();
  const pending = new Set<Promise<void>>();
  const onData = (chunk: Buffer): void => {
    for (const line of splitter.push(chunk)) {
      if (line.trim() === '') continue;
      const parsed = parseRequestLine(line);
      if ('problem' in parsed) {
        send({ type: 'result', id: parsed.id ?? -1, ok: false, error: parsed.problem });
        continue;
      }
      const job = handle(parsed.request).then(
        (result) => send(result),
        (error: unknown) => send({ type: 'result', id: parsed.request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
      pending.add(job);
      void job.finally(() => pending.delete(job));
    }
  };

  async function handle(request: RequestMessage): Promise<FromServer> {
    const ok = (message: string, data?: unknown): FromServer => ({ type: 'result', id: request.id, ok: true, message, ...(data !== undefined ? { data } : {}) });
    const args = request.args ?? {};
    if (request.op === 'run') return runRequest(request.id, args);
    const agent = findAgent(store.getState(), request.agent);
    switch (request.op) {
      case 'resume':
        return ok(await ops.resume(agent, args.again === true));
      case 'checkpoint':
        return ok(await ops.checkpoint(agent));
      case 'stop':
        return ok(await ops.stop(agent));
      case 'kill':
        return ok(await ops.kill(agent));
      case 'answer': {
        const answer = answerOf(args);
        return ok(await ops.answer(agent, answer, typeof args.expected === 'string' ? args.expected : ''));
      }
      case 'log': {
        // A range: `from` (a line number, 0 = the first) and `lines` (how many); without
        // `from`, the last `lines`. `total` says how long the log is now.
        const log = await ops.readLog(agent);
        const max = typeof args.lines === 'number' && args.lines > 0 ? Math.min(Math.floor(args.lines), MAX_LOG_LINES) : MAX_LOG_LINES;
        const from = typeof args.from === 'number' && args.from >= 0 ? Math.floor(args.from) : Math.max(0, log.lines.length - max);
        return ok(log.title, { title: log.title, from, lines: log.lines.slice(from, from + max), total: log.lines.length });
      }
      case 'explain':
        return ok(renderExplain(agent, clock()));
      case 'describe':
        return ok(agent.name, { lines: await ops.describe(agent) });
    }
    throw new OpError(`unknown op ${String(request.op)}`);
  }

  async function runRequest(id: number, args: Record<string, unknown>): Promise<FromServer> {
    if (typeof args.agent !== 'string' || typeof args.dir !== 'string') throw new OpError('run needs agent and dir');
    const request: RunRequest = {
      agent: args.agent as RunRequest['agent'],
      dir: args.dir,
      ...(typeof args.name === 'string' ? { name: args.name } : {}),
      ...(typeof args.prompt === 'string' ? { prompt: args.prompt } : {}),
      ...(Array.isArray(args.args) && args.args.every((a) => typeof a === 'string') ? { args: args.args as string[] } : {}),
      ...(args.worktree === true ? { worktree: true } : {}),
      ...(typeof args.autonomy === 'string' ? { autonomy: args.autonomy as RunRequest['autonomy'] } : {}),
      ...(args.interactive === true ? { interactive: true } : {}),
    };
    const started = await ops.run(request);
    return { type: 'result', id, ok: true, message: started.message, data: { name: started.name, agentId: started.agentId } };
  }

  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  async function finish(): Promise<void> {
    if (closed) return;
    closed = true;
    input.off('data', onData);
    clearInterval(pinger);
    if (flushTimer) clearTimeout(flushTimer);
    unsubscribe();
    await Promise.allSettled([...pending]);
    await context.runtime.stop().catch(() => undefined);
    await context.tmux.close().catch(() => undefined);
    resolveDone(0);
  }
  input.on('data', onData);
  input.on('end', () => void finish());
  input.on('close', () => void finish());
  input.on('error', () => void finish());
  output.on('error', () => void finish());
  return done;
}

function findAgent(state: AppState, ref: string | undefined): AgentView {
  if (!ref) throw new OpError('this op needs an agent');
  const byId = state.agents[ref];
  if (byId) return byId;
  const byName = state.order.map((id) => state.agents[id]).filter((a): a is AgentView => a?.name === ref);
  if (byName.length === 1) return byName[0] as AgentView;
  throw new OpError(byName.length > 1 ? `${ref} names ${byName.length} agents; use its id` : `no agent ${ref} on this host`);
}

function answerOf(args: Record<string, unknown>): Answer {
  if (typeof args.text === 'string') return { text: args.text };
  if (args.decision === 'yes' || args.decision === 'no' || args.decision === 'always') return { decision: args.decision };
  throw new OpError('answer needs decision (yes, no, always) or text');
}
