// One auto-resuming watchdog per state directory, so two never resume the same agent.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPidAlive } from '../sources/pid.js';
import { ensurePrivateDir } from '../tasks/files.js';

export function watchdogLockPath(stateDir: string): string {
  return join(stateDir, 'watchdog.lock');
}

/** Null when taken, else why not. */
export function takeWatchdogLock(stateDir: string, pid: number = process.pid): string | null {
  const path = watchdogLockPath(stateDir);
  try {
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (holder && holder !== pid && isPidAlive(holder)) return `auto-resume already runs in another oneshot (pid ${holder})`;
  } catch {
    // free
  }
  ensurePrivateDir(stateDir);
  writeFileSync(path, `${pid}\n`);
  return null;
}

export function releaseWatchdogLock(stateDir: string, pid: number = process.pid): void {
  try {
    if (Number(readFileSync(watchdogLockPath(stateDir), 'utf8').trim()) === pid) rmSync(watchdogLockPath(stateDir), { force: true });
  } catch {
    // already gone
  }
}
