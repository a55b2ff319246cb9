// Process facts from /proc (Linux), read as files: no process is started per agent.
import { readFile } from 'node:fs/promises';

/** How many child processes `pid` has, or null where /proc cannot tell. */
export async function childCount(pid: number | null): Promise<number | null> {
  if (!pid || pid <= 0) return null;
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter((s) => s !== '').length;
  } catch {
    return null;
  }
}
