// After a test kills its tmux server, the supervisors it ran finish on their own (the
// hangup ends their agents). Wait for them before deleting their directories.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait.js';

function pidsOf(stateDir: string): number[] {
  const tasks = join(stateDir, 'tasks');
  if (!existsSync(tasks)) return [];
  const pids: number[] = [];
  for (const task of readdirSync(tasks)) {
    try {
      pids.push(Number(readFileSync(join(tasks, task, 'supervisor.pid'), 'utf8').trim()));
    } catch {
      // not running
    }
    try {
      for (const line of readFileSync(join(tasks, task, 'runs.jsonl'), 'utf8').trim().split('\n')) {
        const obj = JSON.parse(line) as { event?: string; pid?: number };
        if (typeof obj.pid === 'number') pids.push(obj.pid);
      }
    } catch {
      // no runs
    }
  }
  return pids.filter((p) => Number.isSafeInteger(p) && p > 1);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

export async function settleAgents(stateDir: string): Promise<void> {
  const pids = pidsOf(stateDir);
  try {
    await waitFor(() => pids.every((p) => !alive(p)), { timeoutMs: 10_000, intervalMs: 50, message: 'agents ended' });
  } catch {
    for (const pid of pids.filter(alive)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }
}
