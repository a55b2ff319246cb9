// The protocol of `oneshot serve --stdio`: JSON lines, one message per line, both ways.
//
//   server → client   hello · agent (full or changed fields) · order · server · synced · ping · result · error
//   client → server   request {id, op, agent?, args?}
//
// The client trusts nothing it is sent: a line is at most MAX_LINE_BYTES (longer ones are
// dropped whole, never buffered), every message is checked for its shape, unknown types
// are counted and skipped, and every string that reaches the screen has its control
// characters removed. Names, paths and prompts travel as JSON values only.
import type { AgentView } from '../fleet/agent.js';

export const PROTOCOL_VERSION = 1;
/** A longer line is dropped (and counted), never buffered whole. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
/** The server says it is there this often when nothing else is sent. */
export const PING_MS = 1_000;

export const OPS = ['resume', 'checkpoint', 'stop', 'kill', 'answer', 'run', 'log', 'explain', 'describe'] as const;
export type Op = (typeof OPS)[number];

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  oneshot: string;
  host: string;
  /** The tmux server the remote oneshot watches: how to name it on the command line. */
  tmux: { label: string; args: string[] };
  /** The server's clock (epoch ms), to tell a skewed clock. */
  now: number;
}

/** An agent: the whole view (`full`), or the fields that changed since the last message. */
export interface AgentMessage {
  type: 'agent';
  id: string;
  full?: boolean;
  set: Partial<AgentView>;
}

export interface OrderMessage {
  type: 'order';
  /** Every agent id, in the server's order; ids not listed are gone. */
  ids: string[];
}

export interface ServerMessage {
  type: 'server';
  status: string;
  error: string | null;
}

/** The snapshot is complete: everything before this line is the fleet as it is. */
export interface SyncedMessage {
  type: 'synced';
  now: number;
}

export interface PingMessage {
  type: 'ping';
  now: number;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  ok: boolean;
  message?: string;
  /** For ops that return data (log: lines; run: the task's name). */
  data?: unknown;
  error?: string;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type FromServer = HelloMessage | AgentMessage | OrderMessage | ServerMessage | SyncedMessage | PingMessage | ResultMessage | ErrorMessage;

export interface RequestMessage {
  type: 'request';
  id: number;
  op: Op;
  /** The agent's id on that host. */
  agent?: string;
  args?: Record<string, unknown>;
}

export function encode(message: FromServer | RequestMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Splits a byte stream into lines, at most `maxBytes` each: the rest of a longer line is
 * skipped as it arrives (memory stays bounded whatever the sender does).
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  /** Lines dropped for their length. */
  dropped = 0;

  constructor(private readonly maxBytes: number = MAX_LINE_BYTES) {}

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!this.skipping) {
        if (this.size + piece.length > this.maxBytes) {
          this.skipping = true;
          this.parts = [];
          this.size = 0;
          this.dropped++;
        } else if (piece.length > 0) {
          this.parts.push(piece);
          this.size += piece.length;
        }
      }
      if (nl === -1) break;
      if (!this.skipping) lines.push(Buffer.concat(this.parts).toString('utf8'));
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      start = nl + 1;
    }
    return lines;
  }

  /** Bytes of an unfinished line held now. */
  get pending(): number {
    return this.size;
  }
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Every string in a value with its control characters (escape sequences' ESC included) removed. */
export function cleanStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(CONTROL, '') as T;
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = cleanStrings(v, depth + 1);
  }
  return out as T;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** One line from a server: the message, or why it is not one. */
export function parseServerLine(line: string): { message: FromServer } | { problem: string } | { unknown: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'a line that is not JSON' };
  }
  if (!isObject(value) || !isString(value.type)) return { problem: 'a line that is not a message' };
  const v = value;
  switch (v.type) {
    case 'hello':
      if (typeof v.protocol !== 'number' || !isString(v.oneshot) || !isString(v.host)) return { problem: 'a hello without protocol, oneshot and host' };
      return {
        message: cleanStrings({
          type: 'hello',
          protocol: v.protocol,
          oneshot: v.oneshot.slice(0, 40),
          host: v.host.slice(0, 100),
          tmux: isObject(v.tmux) && isString(v.tmux.label) && Array.isArray(v.tmux.args) && v.tmux.args.every(isString) ? { label: v.tmux.label, args: v.tmux.args as string[] } : { label: 'default server', args: [] },
          now: typeof v.now === 'number' ? v.now : Date.now(),
        }),
      };
    case 'agent':
      if (!isString(v.id) || v.id === '' || !isObject(v.set)) return { problem: 'an agent message without id and fields' };
      return { message: { type: 'agent', id: cleanStrings(v.id), full: v.full === true, set: cleanStrings(v.set) as Partial<AgentView> } };
    case 'order':
      if (!Array.isArray(v.ids) || !v.ids.every(isString)) return { problem: 'an order message without ids' };
      return { message: { type: 'order', ids: cleanStrings(v.ids as string[]) } };
    case 'server':
      return { message: { type: 'server', status: isString(v.status) ? cleanStrings(v.status) : 'unknown', error: isString(v.error) ? cleanStrings(v.error) : null } };
    case 'synced':
      return { message: { type: 'synced', now: typeof v.now === 'number' ? v.now : Date.now() } };
    case 'ping':
      return { message: { type: 'ping', now: typeof v.now === 'number' ? v.now : Date.now() } };
    case 'result':
      if (typeof v.id !== 'number') return { problem: 'a result without id' };
      return {
        message: cleanStrings({
          type: 'result',
          id: v.id,
          ok: v.ok === true,
          ...(isString(v.message) ? { message: v.message } : {}),
          ...(isString(v.error) ? { error: v.error } : {}),
          ...(v.data !== undefined ? { data: v.data } : {}),
        }),
      };
    case 'error':
      return { message: { type: 'error', message: isString(v.message) ? cleanStrings(v.message).slice(0, 500) : 'the server gave up' } };
    default:
      return { unknown: String(v.type).replace(CONTROL, '').slice(0, 40) };
  }
}

/** One line from a client: the request, or why it is not one. */
export function parseRequestLine(line: string): { request: RequestMessage } | { problem: string; id?: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!isObject(value) || value.type !== 'request') return { problem: 'not a request' };
  const id = value.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { problem: 'a request needs a whole-number id' };
  if (!isString(value.op) || !(OPS as readonly string[]).includes(value.op)) return { problem: `unknown op ${JSON.stringify(String(value.op)).slice(0, 40)} (one of ${OPS.join(', ')})`, id };
  if (value.agent !== undefined && !isString(value.agent)) return { problem: 'agent must be a string', id };
  if (value.args !== undefined && !isObject(value.args)) return { problem: 'args must be an object', id };
  return { request: { type: 'request', id, op: value.op as Op, ...(isString(value.agent) ? { agent: value.agent } : {}), ...(isObject(value.args) ? { args: value.args } : {}) } };
}
