// Writing task directories: private (700), the prompt and environment 600, records written
// whole (write to a temp file, rename), so a reader never sees half a file.
import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TaskRecord } from '../fleet/agent.js';
import { parseExitRecord, parseTaskRecord } from '../sources/readers.js';
import { taskFiles, tasksDir, type TaskFiles } from '../state/paths.js';

export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

export function writeAtomic(path: string, text: string, mode = 0o600): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

// Appends never wait: opening a named pipe for writing would block until a reader came
// (O_NONBLOCK makes it fail at once instead), and only a regular file is written to.
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

/**
 * The text of a regular file, or null (missing, unreadable, or not a regular file: a named
 * pipe there is never opened in a way that waits).
 */
export function readRegularSync(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    return readFileSync(fd, 'utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Append one line to a regular file (created when missing); throws for anything else. */
export function appendLine(path: string, line: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, APPEND_FLAGS, mode);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
}

export function readTaskRecord(files: TaskFiles): TaskRecord | null {
  try {
    return parseTaskRecord(readFileSync(files.record, 'utf8'));
  } catch {
    return null;
  }
}

export function writeTaskRecord(files: TaskFiles, record: TaskRecord): void {
  writeAtomic(files.record, `${JSON.stringify(record, null, 2)}\n`);
}

export function taskFilesFor(stateDir: string, name: string): TaskFiles {
  return taskFiles(`${tasksDir(stateDir)}/${name}`);
}

export function taskExists(stateDir: string, name: string): boolean {
  return existsSync(taskFilesFor(stateDir, name).dir);
}

export function readExit(files: TaskFiles): ReturnType<typeof parseExitRecord> {
  try {
    return parseExitRecord(readFileSync(files.exit, 'utf8'));
  } catch {
    return null;
  }
}

export function readFirstLine(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

/** The session id the agent reported (ours, or the seed's codex-session-id). */
export function readSessionId(files: TaskFiles): string | null {
  return readFirstLine(files.sessionId) ?? readFirstLine(files.codexSessionId);
}

export function markStopped(files: TaskFiles, reason: string): void {
  writeAtomic(files.stopped, `${JSON.stringify({ at: new Date().toISOString(), reason })}\n`);
}

/** A new run starts: earlier outcomes no longer describe the task. */
export function clearOutcome(files: TaskFiles): void {
  for (const path of [files.stopped, files.done, files.exit]) rmSync(path, { force: true });
}
