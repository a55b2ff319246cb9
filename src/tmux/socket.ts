// Which tmux server we talk to, chosen the way tmux itself chooses: -S path, else
// -L name, else the server of the client we are running inside ($TMUX), else default.
import { lstatSync, unlinkSync } from 'node:fs';

export interface TmuxSocket {
  /** -L: a socket name under tmux's socket directory. */
  name?: string | undefined;
  /** -S: a full socket path. */
  path?: string | undefined;
}

type Env = Record<string, string | undefined>;

/** The server of the tmux client we run inside, from `$TMUX` (`path,pid,session`). */
export function socketFromTmuxEnv(env: Env): string | undefined {
  const value = env.TMUX;
  if (!value) return undefined;
  const path = value.split(',')[0];
  return path ? path : undefined;
}

export function socketArgs(socket: TmuxSocket, env: Env): string[] {
  if (socket.path) return ['-S', socket.path];
  if (socket.name) return ['-L', socket.name];
  const inherited = socketFromTmuxEnv(env);
  return inherited ? ['-S', inherited] : [];
}

function socketDir(env: Env, uid: number): string {
  const base = env.TMUX_TMPDIR && env.TMUX_TMPDIR.length > 0 ? env.TMUX_TMPDIR : '/tmp';
  return `${base.replace(/\/+$/, '')}/tmux-${uid}`;
}

/** The socket file the server listens on: used to tell servers apart in records. */
export function resolveSocketPath(socket: TmuxSocket, env: Env, uid: number): string {
  if (socket.path) return socket.path;
  if (socket.name) return `${socketDir(env, uid)}/${socket.name}`;
  return socketFromTmuxEnv(env) ?? `${socketDir(env, uid)}/default`;
}

/**
 * The options a person types to reach this server with oneshot or tmux: none for the
 * default server, else -L or -S. A server found through $TMUX is named by its path, so
 * the command works from outside tmux too.
 */
export function serverArgsFor(socket: TmuxSocket, env: Env, uid: number): string[] {
  if (socket.path) return ['-S', socket.path];
  if (socket.name) return ['-L', socket.name];
  const path = resolveSocketPath(socket, env, uid);
  return path === defaultSocketPath(env, uid) ? [] : ['-S', path];
}

export function defaultSocketPath(env: Env, uid: number): string {
  return `${socketDir(env, uid)}/default`;
}

/** A short human label for the header and messages. */
export function socketLabel(socket: TmuxSocket, env: Env): string {
  if (socket.path) return `-S ${socket.path}`;
  if (socket.name) return `-L ${socket.name}`;
  const inherited = socketFromTmuxEnv(env);
  if (inherited) {
    const name = inherited.split('/').pop() ?? inherited;
    return name === 'default' ? 'default' : `-S ${inherited}`;
  }
  return 'default';
}

/** tmux leaves its socket file behind when the server exits: remove it once the server is gone. */
export function removeSocketFile(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // already gone
  }
}
