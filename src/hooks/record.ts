// `oneshot hook`: what an agent's hook or notify program runs. It appends one JSON line
// to the task's hooks.jsonl and exits 0, fast, whatever it is given: an agent must never
// wait on oneshot or see it fail. Loaded without the rest of the program (no argument
// parser, no tmux), so a hook costs a Node start and one append.
import { closeSync, constants, fstatSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Hook payloads above this are cut (a tool input can be a whole file). */
export const HOOK_INPUT_MAX = 1024 * 1024;
/** hooks.jsonl is renamed to hooks.jsonl.1 past this size. */
export const HOOKS_FILE_MAX = 1024 * 1024;
const STRING_MAX = 2000;

/** The fields of a payload worth keeping: enough to explain a state, never a whole file. */
const KEEP = [
  // Claude Code hooks
  'hook_event_name', 'session_id', 'tool_name', 'tool_input', 'message', 'notification_type', 'title', 'prompt', 'source', 'reason', 'stop_hook_active', 'permission_suggestions', 'cwd', 'transcript_path', 'error', 'last_assistant_message',
  // Codex notify
  'type', 'thread-id', 'turn-id', 'last-assistant-message', 'input-messages',
] as const;
const TOOL_INPUT_KEEP = ['command', 'description', 'file_path', 'path', 'pattern', 'url', 'query', 'prompt', 'questions'];

export interface HookLine {
  v: 1;
  at: string;
  source: string;
  event: string;
  payload: Record<string, unknown> | null;
  /** Why the payload is missing or partial: empty, not JSON, cut at 1 MB. */
  problem?: string;
  bytes: number;
}

function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.length > STRING_MAX ? `${value.slice(0, STRING_MAX)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 10).map(clip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 20)) out[k] = typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, STRING_MAX) : clip(v);
    return out;
  }
  return value;
}

/** The kept part of a payload. */
export function trimPayload(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEEP) {
    if (!(key in raw)) continue;
    const value = raw[key];
    if (key === 'tool_input' && value && typeof value === 'object' && !Array.isArray(value)) {
      const input: Record<string, unknown> = {};
      for (const k of TOOL_INPUT_KEEP) if (k in value) input[k] = clip((value as Record<string, unknown>)[k]);
      out[key] = input;
    } else out[key] = clip(value);
  }
  return out;
}

/** One line from what the hook was given. Never throws. */
export function hookLine(source: string, event: string, input: string, cut: boolean, now = new Date()): HookLine {
  const base = { v: 1 as const, at: now.toISOString(), source: source.slice(0, 40), event: event.slice(0, 80), bytes: Buffer.byteLength(input) };
  if (cut) return { ...base, payload: null, problem: `payload over ${HOOK_INPUT_MAX / 1024 / 1024} MB, not read` };
  const text = input.trim();
  if (text === '') return { ...base, payload: null, problem: 'empty payload' };
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ...base, payload: null, problem: 'payload is not a JSON object' };
    return { ...base, payload: trimPayload(parsed as Record<string, unknown>) };
  } catch {
    return { ...base, payload: null, problem: 'payload is not JSON' };
  }
}

/**
 * Standard input, up to the limit. Gives up after `waitMs` on a stdin that never ends
 * (a stuck pipe) and reads nothing from a terminal (a person ran it by hand).
 */
function readInput(stdin: NodeJS.ReadStream, waitMs: number): Promise<{ text: string; cut: boolean }> {
  if (stdin.isTTY) return Promise.resolve({ text: '', cut: false });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (cut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stdin.pause();
      stdin.removeAllListeners('data');
      resolve({ text: cut ? '' : Buffer.concat(chunks).toString('utf8'), cut });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    stdin.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > HOOK_INPUT_MAX) finish(true);
      else chunks.push(chunk);
    });
    stdin.on('end', () => finish(false));
    stdin.on('error', () => finish(false));
  });
}

/** Append one line; the file is rotated once it passes HOOKS_FILE_MAX. Only ever a regular file. */
export function appendHookLine(taskDir: string, line: HookLine): void {
  const path = join(taskDir, 'hooks.jsonl');
  try {
    if (statSync(path).size > HOOKS_FILE_MAX) renameSync(path, `${path}.1`);
  } catch {
    // no file yet
  }
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o600);
  try {
    if (!fstatSync(fd).isFile()) return;
    writeSync(fd, `${JSON.stringify(line)}\n`);
  } finally {
    closeSync(fd);
  }
}

export interface HookArgs {
  taskDir: string | null;
  source: string;
  event: string;
  /** A payload given as an argument (Codex's notify passes it so). */
  argPayload: string | null;
}

/** `hook [--task-dir DIR] [--source NAME] EVENT [PAYLOAD]`; the task dir defaults to $ONESHOT_TASK_DIR. */
export function parseHookArgs(argv: readonly string[], env: Record<string, string | undefined>): HookArgs {
  let taskDir: string | null = env.ONESHOT_TASK_DIR ?? null;
  let source = 'agent';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--task-dir') taskDir = argv[++i] ?? taskDir;
    else if (a === '--source') source = argv[++i] ?? source;
    else rest.push(a);
  }
  return { taskDir, source, event: rest[0] ?? 'unknown', argPayload: rest[1] ?? null };
}

/** The whole command. Always 0: a hook must not change what the agent does. */
export async function runHook(argv: readonly string[], env: Record<string, string | undefined>, stdin: NodeJS.ReadStream = process.stdin): Promise<number> {
  try {
    const args = parseHookArgs(argv, env);
    if (!args.taskDir) {
      process.stderr.write('oneshot hook: no task directory (--task-dir or ONESHOT_TASK_DIR); nothing recorded\n');
      return 0;
    }
    const input = args.argPayload !== null ? { text: args.argPayload, cut: Buffer.byteLength(args.argPayload) > HOOK_INPUT_MAX } : await readInput(stdin, 2_000);
    appendHookLine(args.taskDir, hookLine(args.source, args.event, input.text, input.cut));
  } catch (error) {
    process.stderr.write(`oneshot hook: not recorded: ${(error as Error).message?.split('\n')[0] ?? 'error'}\n`);
  }
  return 0;
}
