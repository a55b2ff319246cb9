import { readFileSync } from 'node:fs';

/**
 * Whether a process exists and has not exited (EPERM: it exists but belongs to someone
 * else). A zombie has exited: it only waits for its parent (often the tmux server) to
 * collect its status, so it counts as gone.
 */
export function isPidAlive(pid: number | null | undefined): boolean {
  if (!pid || pid <= 0 || !Number.isSafeInteger(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** Linux: the state letter in /proc/PID/stat is Z (zombie) or X (dead). Elsewhere: unknown, so no. */
export function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // The command name is in parentheses and may itself hold spaces or parentheses.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}
