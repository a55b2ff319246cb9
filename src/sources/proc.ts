// Process facts from /proc (Linux), read as files: no process is started per agent.
import { readFileSync } from 'node:fs';

/**
 * How many child processes `pid` has, or null where /proc cannot tell. Synchronous: a
 * tiny procfs read, done for every shell pane on every poll.
 */
export async function childCount(pid: number | null): Promise<number | null> {
  if (!pid || pid <= 0) return null;
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter((s) => s !== '').length;
  } catch {
    return null;
  }
}
