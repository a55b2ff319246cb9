// Command lines printed or written for a person to copy: they carry the server options
// (-L/-S) and the quoting that make them work exactly as printed.
import type { TaskRecord } from '../fleet/agent.js';
import { shellCommand } from '../text/argv.js';
import { defaultSocketPath, serverArgsFor } from '../tmux/socket.js';

/** `oneshot <server options> <args…>`, quoted for a POSIX shell. */
export function oneshotCommand(serverArgs: readonly string[], ...args: string[]): string {
  return shellCommand(['oneshot', ...serverArgs, ...args]);
}

/** The server options of the tmux server a task was started on. */
export function recordServerArgs(record: Pick<TaskRecord, 'socket' | 'socketPath'>, env: Record<string, string | undefined>, uid: number = process.getuid?.() ?? 0): string[] {
  const socket = record.socket ?? {};
  if (socket.path || socket.name) return serverArgsFor(socket, env, uid);
  if (!record.socketPath || record.socketPath === defaultSocketPath(env, uid)) return [];
  return ['-S', record.socketPath];
}
