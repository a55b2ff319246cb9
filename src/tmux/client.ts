// The only place that runs tmux. Targets are ids ($3, @5, %12), never names that tmux
// would pattern-match; several queries share one tmux process where tmux allows it.
import type { PipedProcess, Runner } from '../proc/exec.js';
import { controlConnection, type ControlConnection } from './control.js';
import { LIST_PANES_FORMAT, parseEnvironment, parseListPanes, type PaneInfo } from './format.js';
import { removeSocketFile, resolveSocketPath, serverArgsFor, socketArgs, socketLabel, type TmuxSocket } from './socket.js';

export type ServerStatus = 'ok' | 'no-server' | 'missing' | 'error';

export interface ServerSnapshot {
  status: ServerStatus;
  panes: PaneInfo[];
  error: string | null;
  badLines: number;
  /** tmux's own output: equal text means nothing changed on the server. */
  raw: string;
  /** How it was read: over the control-mode connection, or by a tmux process. */
  via?: 'control' | 'exec';
}

/** How this client reaches the server, for the header. */
export interface Transport {
  mode: 'control' | 'exec';
  /** Why control mode is not in use when it was asked for (null when it is, or was not asked for). */
  note: string | null;
}

export type TmuxOutcome =
  | { ok: true; stdout: string }
  | { ok: false; error: string; missing: boolean; noServer: boolean };

export interface CaptureRequest {
  paneId: string;
  /** How many lines of history above the visible screen to include. */
  lines: number;
  /** Keep SGR colors (-e); the caller sanitizes before display. */
  escapes?: boolean;
}

export interface NewSessionSpec {
  name: string;
  cwd: string;
  argv: readonly string[];
  env?: Record<string, string>;
  width?: number;
  height?: number;
  /** Keep the pane after its program exits so the exit status stays readable. */
  remainOnExit?: boolean;
}

export interface NewSessionResult {
  sessionId: string;
  paneId: string;
}

export interface TmuxClientOptions {
  runner: Runner;
  socket?: TmuxSocket;
  env?: Record<string, string | undefined>;
  /** `-f` config file, used only when this client starts the server. */
  configFile?: string;
  /**
   * Read the server over one long-lived control-mode client (no process per poll), falling
   * back to a tmux process per query while it is unavailable. Omit for one-shot commands.
   */
  control?: { spawn: (file: string, args: readonly string[], env?: Record<string, string | undefined>) => PipedProcess } | null;
  bin?: string;
  timeoutMs?: number;
  uid?: number;
}

export interface TmuxClient {
  readonly socket: TmuxSocket;
  /** `-L name`, `-S path` or `default`. */
  readonly label: string;
  /** The socket file, to tell servers apart in task records. */
  readonly socketPath: string;
  /** The server options a person needs in a printed command (`oneshot -L x …`); empty for the default server. */
  readonly serverArgs: string[];
  /** The argv prefix (tmux binary and socket options) for a command run on a terminal. */
  commandPrefix(): string[];
  listPanes(): Promise<ServerSnapshot>;
  /**
   * Which panes exist and whether they are dead, as one line each, over the control
   * connection only (null without one): a check cheap enough to run between polls.
   */
  paneLiveness(): Promise<string | null>;
  sessionEnvironments(sessionIds: readonly string[]): Promise<Map<string, Record<string, string>>>;
  capturePanes(requests: readonly CaptureRequest[]): Promise<Map<string, string>>;
  newSession(spec: NewSessionSpec): Promise<{ ok: true; value: NewSessionResult } | { ok: false; error: string; missing: boolean }>;
  respawnPane(paneId: string, cwd: string, argv: readonly string[], env?: Record<string, string>): Promise<TmuxOutcome>;
  killSession(sessionId: string): Promise<TmuxOutcome>;
  killServer(): Promise<TmuxOutcome>;
  sendKeys(target: string, keys: readonly string[]): Promise<TmuxOutcome>;
  switchClient(target: string, clientTty?: string): Promise<TmuxOutcome>;
  displayMessage(message: string, clientTty?: string): Promise<TmuxOutcome>;
  /** `tmux -V`, or null when tmux is not installed. */
  version(): Promise<string | null>;
  /** The ttys of the clients attached to the server (people's, not control-mode clients). */
  listClients(): Promise<string[]>;
  /** The tty of the person's client showing the session of `paneId` (the one to switch), if one. */
  clientOf(paneId: string): Promise<string | null>;
  readonly transport: Transport;
  /** End the control-mode client, if any. Safe to call twice. */
  close(): Promise<void>;
}

const MARK = '\x1e';
const EXITING = /server exited unexpectedly/i;
const NO_SERVER = /no server running|error connecting to|server exited unexpectedly|failed to connect to server/i;

export function createTmuxClient(options: TmuxClientOptions): TmuxClient {
  const runner = options.runner;
  const env = options.env ?? process.env;
  const socket = options.socket ?? {};
  const bin = options.bin ?? 'tmux';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const uid = options.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0);
  const prefix = [...(options.configFile ? ['-f', options.configFile] : []), ...socketArgs(socket, env)];
  const socketPath = resolveSocketPath(socket, env, uid);
  // An unchanged pane keeps the same object from poll to poll, so consumers compare by identity.
  const paneCache = new Map<string, PaneInfo>();
  const unattached = new WeakMap<PaneInfo, PaneInfo>();

  // Control mode: one connection, opened when there is a session to attach to, reopened
  // with backoff when the server drops it.
  let control: ControlConnection | null = null;
  let opening: Promise<void> | null = null;
  let retryAt = 0;
  let backoffMs = 1000;
  const transport: Transport = { mode: 'exec', note: options.control ? 'control mode not connected yet' : null };
  const CONTROL_FLAGS = 'no-output,ignore-size,read-only';

  function controlDown(why: string): void {
    control = null;
    transport.mode = 'exec';
    transport.note = `polling: ${why}; retrying control mode in ${Math.round(backoffMs / 1000)} s`;
    retryAt = Date.now() + backoffMs;
    backoffMs = Math.min(backoffMs * 2, 30_000);
  }

  async function openControl(sessionId: string): Promise<void> {
    if (!options.control || control?.alive || Date.now() < retryAt) return;
    const proc = options.control.spawn(bin, ['-u', ...prefix, '-C', 'attach-session', '-t', sessionId, '-f', CONTROL_FLAGS], env);
    const conn = controlConnection(proc, sessionId);
    // The server answers the attach, then this probe; no answer in time: no control mode.
    const probe = await conn.run(['display-message', '-p', 'oneshot'], 5000);
    if (!probe?.ok) {
      await conn.close();
      controlDown(probe ? `tmux refused control mode (${probe.lines[0] ?? 'error'})` : 'the control-mode client did not answer');
      return;
    }
    control = conn;
    backoffMs = 1000;
    transport.mode = 'control';
    transport.note = null;
    void conn.exited.then(() => {
      if (control === conn) controlDown('the server closed the control-mode client');
    });
  }

  /** A read over the control connection; null when it is not there (then a process runs it). */
  async function viaControl(args: readonly string[]): Promise<TmuxOutcome | null> {
    const conn = control;
    if (!conn?.alive) return null;
    const reply = await conn.run(args, timeoutMs);
    if (!reply) {
      if (control === conn) controlDown('the control-mode client stopped answering');
      return null;
    }
    return reply.ok ? { ok: true, stdout: reply.lines.length ? `${reply.lines.join('\n')}\n` : '' } : { ok: false, error: reply.lines[0] ?? 'tmux error', missing: false, noServer: false };
  }

  /** Our own control client is attached to one session: it is not the user's attach. */
  function withoutOurClient(panes: PaneInfo[]): PaneInfo[] {
    const ours = control?.sessionId;
    if (!ours) return panes;
    return panes.map((p) => {
      if (p.sessionId !== ours || p.sessionAttached === 0) return p;
      let fixed = unattached.get(p);
      if (!fixed) {
        fixed = { ...p, sessionAttached: p.sessionAttached - 1 };
        unattached.set(p, fixed);
      }
      return fixed;
    });
  }

  async function run(args: readonly string[]): Promise<TmuxOutcome> {
    // -u: in a C or POSIX locale (or none) tmux would print the field separator and every
    // non-ASCII byte as "_"; with -u it prints UTF-8 and escapes control bytes as \ooo.
    const result = await runner(bin, ['-u', ...prefix, ...args], { timeoutMs });
    if (result.notFound) {
      return { ok: false, error: `${bin} not found on PATH`, missing: true, noServer: false };
    }
    if (result.timedOut) {
      return { ok: false, error: `tmux ${args[0] ?? ''} timed out after ${timeoutMs} ms`, missing: false, noServer: false };
    }
    if (result.exitCode !== 0) {
      const error = firstLine(result.stderr) || `tmux ${args[0] ?? ''} exited with status ${result.exitCode}`;
      return { ok: false, error, missing: false, noServer: NO_SERVER.test(result.stderr) };
    }
    return { ok: true, stdout: result.stdout };
  }

  /**
   * Several commands in one tmux process, each followed by a marker line. Markers carry
   * the command's index, not its key: display-message expands strftime escapes such as
   * %1, which pane ids would trigger.
   */
  async function batch(keys: readonly string[], command: (key: string) => string[]): Promise<Map<string, string> | null> {
    const args: string[] = [];
    keys.forEach((key, i) => {
      if (i > 0) args.push(';');
      args.push(...command(key), ';', 'display-message', '-p', `${MARK}${i}`);
    });
    const outcome = await run(args);
    if (!outcome.ok) return null;
    const out = new Map<string, string>();
    let buffer: string[] = [];
    for (const line of outcome.stdout.split('\n')) {
      if (line.startsWith(MARK)) {
        const key = keys[Number(line.slice(MARK.length))];
        if (key !== undefined) out.set(key, buffer.join('\n'));
        buffer = [];
      } else {
        buffer.push(line);
      }
    }
    return out;
  }

  /** One batch; when tmux stops at a vanished target, fall back to one process per key. */
  async function batchOrEach(keys: readonly string[], command: (key: string) => string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    if (control?.alive) {
      // Over the connection each command is its own round trip, and a vanished target fails alone.
      const out = new Map<string, string>();
      let lost = false;
      for (const key of keys) {
        const outcome = await viaControl(command(key));
        if (!outcome) {
          lost = true;
          break;
        }
        if (outcome.ok) out.set(key, outcome.stdout.replace(/\n$/, ''));
      }
      if (!lost) return out;
    }
    const all = await batch(keys, command);
    if (all) return all;
    const out = new Map<string, string>();
    if (keys.length === 1) return out;
    for (const key of keys) {
      const one = await batch([key], command);
      const value = one?.get(key);
      if (value !== undefined) out.set(key, value);
    }
    return out;
  }

  return {
    socket,
    label: socketLabel(socket, env),
    socketPath,
    serverArgs: serverArgsFor(socket, env, uid),

    commandPrefix: () => [bin, ...prefix],

    async listPanes() {
      const args = ['list-panes', '-a', '-F', LIST_PANES_FORMAT];
      const viaCtl = await viaControl(args);
      if (viaCtl?.ok) {
        const parsed = parseListPanes(viaCtl.stdout, paneCache);
        return { status: 'ok', panes: withoutOurClient(parsed.panes), error: null, badLines: parsed.badLines, raw: viaCtl.stdout, via: 'control' };
      }
      const outcome = await run(args);
      if (!outcome.ok) {
        if (outcome.missing) return { status: 'missing', panes: [], error: outcome.error, badLines: 0, raw: '' };
        if (outcome.noServer) return { status: 'no-server', panes: [], error: null, badLines: 0, raw: '' };
        return { status: 'error', panes: [], error: outcome.error, badLines: 0, raw: '' };
      }
      const parsed = parseListPanes(outcome.stdout, paneCache);
      const first = parsed.panes[0];
      if (options.control && first && !control?.alive) {
        // Attach for the next poll; this one is already answered.
        opening ??= openControl(first.sessionId).finally(() => {
          opening = null;
        });
        await opening;
      }
      return { status: 'ok', panes: withoutOurClient(parsed.panes), error: null, badLines: parsed.badLines, raw: outcome.stdout, via: 'exec' };
    },

    async paneLiveness() {
      if (!control?.alive) return null;
      const reply = await viaControl(['list-panes', '-a', '-F', '#{pane_id} #{pane_dead} #{pane_pid}']);
      return reply?.ok ? reply.stdout : null;
    },

    transport,
    async close() {
      const conn = control;
      control = null;
      retryAt = Number.POSITIVE_INFINITY;
      await opening?.catch(() => undefined);
      await conn?.close();
      // An attach that was under way when close() came.
      const late = control as ControlConnection | null;
      control = null;
      await late?.close();
    },

    async sessionEnvironments(sessionIds) {
      const raw = await batchOrEach(sessionIds, (id) => ['show-environment', '-t', id]);
      const out = new Map<string, Record<string, string>>();
      for (const [id, text] of raw) out.set(id, parseEnvironment(text));
      return out;
    },

    async capturePanes(requests) {
      const byId = new Map(requests.map((r) => [r.paneId, r]));
      return batchOrEach([...byId.keys()], (paneId) => {
        const r = byId.get(paneId);
        const lines = Math.max(0, Math.floor(r?.lines ?? 0));
        return ['capture-pane', '-p', '-J', ...(r?.escapes ? ['-e'] : []), '-t', paneId, '-S', `-${lines}`];
      });
    },

    async newSession(spec) {
      const args = ['new-session', '-d', '-P', '-F', '#{session_id} #{pane_id}', '-s', spec.name, '-c', spec.cwd];
      if (spec.width) args.push('-x', String(spec.width));
      if (spec.height) args.push('-y', String(spec.height));
      for (const [key, value] of Object.entries(spec.env ?? {})) args.push('-e', `${key}=${value}`);
      args.push('--', ...spec.argv);
      // In the same tmux command, so the option is set before the program can exit.
      if (spec.remainOnExit) args.push(';', 'set-option', '-p', 'remain-on-exit', 'on');
      let outcome = await run(args);
      // A server whose last session just ended is still exiting for a moment: a client
      // that connects then is dropped ("server exited unexpectedly") before anything was
      // created. Once it is gone, the next try starts a fresh server.
      for (let i = 0; i < 3 && !outcome.ok && EXITING.test(outcome.error); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50 * (i + 1)));
        outcome = await run(args);
      }
      if (!outcome.ok) return { ok: false, error: outcome.error, missing: outcome.missing };
      const [sessionId = '', paneId = ''] = outcome.stdout.trim().split(' ');
      if (!sessionId.startsWith('$') || !paneId.startsWith('%')) {
        return { ok: false, error: `unexpected new-session output: ${firstLine(outcome.stdout)}`, missing: false };
      }
      return { ok: true, value: { sessionId, paneId } };
    },

    respawnPane(paneId, cwd, argv, paneEnv) {
      const args = ['respawn-pane', '-k', '-t', paneId, '-c', cwd];
      for (const [key, value] of Object.entries(paneEnv ?? {})) args.push('-e', `${key}=${value}`);
      return run([...args, '--', ...argv]);
    },

    killSession: (sessionId) => run(['kill-session', '-t', sessionId]),
    async killServer() {
      const outcome = await run(['kill-server']);
      if (outcome.ok || outcome.noServer) removeSocketFile(socketPath);
      return outcome;
    },
    // Key names such as C-c; data never goes through here (that would be typing into a shell).
    sendKeys: (target, keys) => run(['send-keys', '-t', target, ...keys]),
    switchClient: (target, clientTty) => run(['switch-client', ...(clientTty ? ['-c', clientTty] : []), '-t', target]),
    displayMessage: (message, clientTty) =>
      run(['display-message', ...(clientTty ? ['-c', clientTty] : []), '-d', '4000', message.replace(/#/g, '##').replace(/%/g, '%%')]),

    async listClients() {
      const outcome = await run(['list-clients', '-F', '#{client_control_mode} #{client_tty}']);
      if (!outcome.ok) return [];
      return outcome.stdout
        .split('\n')
        .filter((l) => l.startsWith('0 '))
        .map((l) => l.slice(2));
    },

    async clientOf(paneId) {
      const session = await run(['display-message', '-p', '-t', paneId, '#{session_id}']);
      if (!session.ok) return null;
      const id = session.stdout.trim();
      const clients = await run(['list-clients', '-F', '#{client_control_mode} #{session_id} #{client_tty}']);
      if (!clients.ok) return null;
      const mine = clients.stdout.split('\n').filter((l) => l.startsWith(`0 ${id} `));
      return mine.length === 1 ? (mine[0] as string).slice(`0 ${id} `.length) : null;
    },

    async version() {
      const result = await runner(bin, ['-V'], { timeoutMs });
      if (result.notFound) return null;
      return result.stdout.trim() || null;
    },
  };
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
}
