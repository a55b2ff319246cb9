// The only place that runs tmux. Targets are ids ($3, @5, %12), never names that tmux
// would pattern-match; several queries share one tmux process where tmux allows it.
import type { Runner } from '../proc/exec.js';
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
  /** The ttys of the clients attached to the server. */
  listClients(): Promise<string[]>;
}

const MARK = '\x1e';
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
      const outcome = await run(['list-panes', '-a', '-F', LIST_PANES_FORMAT]);
      if (!outcome.ok) {
        if (outcome.missing) return { status: 'missing', panes: [], error: outcome.error, badLines: 0, raw: '' };
        if (outcome.noServer) return { status: 'no-server', panes: [], error: null, badLines: 0, raw: '' };
        return { status: 'error', panes: [], error: outcome.error, badLines: 0, raw: '' };
      }
      const parsed = parseListPanes(outcome.stdout, paneCache);
      return { status: 'ok', panes: parsed.panes, error: null, badLines: parsed.badLines, raw: outcome.stdout };
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
      const outcome = await run(args);
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
      const outcome = await run(['list-clients', '-F', '#{client_tty}']);
      return outcome.ok ? outcome.stdout.split('\n').filter((l) => l.trim() !== '') : [];
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
