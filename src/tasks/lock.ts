// One live task per working directory: `.agent/oneshot.lock` holds the supervisor's pid
// and the task's name. A lock whose pid is gone is stale and may be taken over.
import { mkdirSync, rmSync } from 'node:fs';
import { readRegularSync, writeAtomic } from './files.js';
import { dirname } from 'node:path';
import { isPidAlive } from '../sources/pid.js';
import { dotAgentFiles } from '../state/paths.js';

export interface LockInfo {
  pid: number;
  task: string;
  at: string;
}

export type LockCheck =
  | { kind: 'free' }
  | { kind: 'mine'; lock: LockInfo }
  | { kind: 'stale'; lock: LockInfo }
  | { kind: 'held'; lock: LockInfo };

export function readLock(workDir: string): LockInfo | null {
  try {
    const obj = JSON.parse(readRegularSync(dotAgentFiles(workDir).lock) ?? '') as Partial<LockInfo>;
    if (typeof obj.pid !== 'number' || typeof obj.task !== 'string') return null;
    return { pid: obj.pid, task: obj.task, at: typeof obj.at === 'string' ? obj.at : '' };
  } catch {
    return null;
  }
}

export function checkLock(workDir: string, task: string): LockCheck {
  const lock = readLock(workDir);
  if (!lock) return { kind: 'free' };
  if (!isPidAlive(lock.pid)) return { kind: 'stale', lock };
  if (lock.task === task) return { kind: 'mine', lock };
  return { kind: 'held', lock };
}

/** Take the lock for `task` with `pid`. Refuses a live lock of another task. */
export function acquireLock(workDir: string, task: string, pid: number): LockCheck {
  const check = checkLock(workDir, task);
  if (check.kind === 'held') return check;
  const path = dotAgentFiles(workDir).lock;
  mkdirSync(dirname(path), { recursive: true });
  // Written whole, by rename: whatever odd file was there is replaced, never waited on.
  writeAtomic(path, `${JSON.stringify({ pid, task, at: new Date().toISOString() })}\n`, 0o644);
  return check;
}

export function releaseLock(workDir: string, task: string, pid: number): void {
  const lock = readLock(workDir);
  if (lock && lock.task === task && lock.pid === pid) rmSync(dotAgentFiles(workDir).lock, { force: true });
}
