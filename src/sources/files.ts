// Small-file reads that never throw, and a cache that re-reads a file only when its
// size, mtime or inode changed (the poll loop stats; it does not re-read). Only regular
// files are ever opened: a named pipe or a device found where a state file should be is
// a problem on that agent, never a read that waits forever. Reads and directory scans go
// through the file guard, so a hung one costs its agent, not the fleet.
import { statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, basename } from 'node:path';
import { describe, isMissingError, notRegular, withReadFd } from './fd.js';
import { fileGuard, latenessText, type IoGuard } from './guard.js';

export type FileStatus = 'ok' | 'missing' | 'error';

export interface FileText {
  status: FileStatus;
  /** The end of the file when it is bigger than the limit. */
  text: string;
  truncated: boolean;
  error: string | null;
  mtimeMs: number;
  size: number;
  /** The read did not finish in time: try again next time even if the file looks the same. */
  transient?: boolean;
}

const MISSING: FileText = { status: 'missing', text: '', truncated: false, error: null, mtimeMs: 0, size: 0 };

/**
 * Read a text file, or its last `maxBytes`. Invalid UTF-8 and NUL bytes are tolerated.
 * Only a regular file is opened (a symlink only when it leads to one).
 */
export async function readText(path: string, maxBytes = 256 * 1024, guard: IoGuard = fileGuard): Promise<FileText> {
  return readStatted(path, quietStat(path), maxBytes, guard);
}

/** readText for a path the caller has just stat'ed (the poll's cache does): no second stat. */
async function readStatted(path: string, pre: Stats | null, maxBytes: number, guard: IoGuard = fileGuard): Promise<FileText> {
  if (!pre) return MISSING;
  const refused = notRegular(pre);
  if (refused) return { ...MISSING, status: 'error', error: refused, mtimeMs: pre.mtimeMs };
  return guard.run(dirname(path), basename(path), () => readRegular(path, pre, maxBytes), (_problem, why) => ({
    ...MISSING,
    status: 'error',
    transient: true,
    error: latenessText(why),
  }));
}

/**
 * Read what `st` (a stat of the path just before, saying it is a regular file) found there.
 * Opened without blocking and read no further than that size: a path that turned into a
 * named pipe or a device since reads nothing or that much at most, never waits, and is
 * refused by the next poll's stat.
 */
async function readRegular(path: string, st: Stats, maxBytes: number): Promise<FileText> {
  try {
    return await withReadFd(path, async (file) => {
      const length = Math.min(st.size, maxBytes);
      const start = st.size - length;
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const bytesRead = await file.read(buffer, got, length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      let text = new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, got));
      if (text.includes('\0')) text = text.replace(/\0/g, '');
      if (start > 0) {
        const nl = text.indexOf('\n');
        text = nl === -1 ? '' : text.slice(nl + 1);
      }
      return { status: 'ok', text, truncated: start > 0, error: null, mtimeMs: st.mtimeMs, size: st.size } satisfies FileText;
    });
  } catch (error) {
    if (isMissingError(error)) return MISSING;
    return { ...MISSING, status: 'error', error: describe(error) };
  }
}

export interface Signature {
  mtimeMs: number;
  size: number;
  ino: number;
}

// The poll loop stats every watched file each tick. Synchronous stat without an
// exception for missing files costs microseconds; the promise API with ENOENT
// exceptions costs tens of them per file, which dominates a poll of 100 agents.
function quietStat(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function signatureFrom(st: Stats | null): Signature | null {
  return st ? { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino } : null;
}

export async function signatureOf(path: string): Promise<Signature | null> {
  return signatureFrom(quietStat(path));
}

export async function exists(path: string): Promise<boolean> {
  return quietStat(path) !== null;
}

export async function isDirectory(path: string): Promise<boolean> {
  return quietStat(path)?.isDirectory() ?? false;
}

/** Directory entries, or [] when the directory is missing, unreadable or does not answer in time. */
export async function listDir(path: string, guard: IoGuard = fileGuard): Promise<{ name: string; isDir: boolean }[]> {
  return guard.run(
    path,
    `${basename(path)}/`,
    async () => {
      try {
        const entries = await readdir(path, { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, isDir: e.isDirectory() }));
      } catch {
        return [];
      }
    },
    () => [],
  );
}

function sameSignature(a: Signature | null, b: Signature | null): boolean {
  if (a === null || b === null) return a === b;
  return a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
}

/**
 * Parsed contents of small files, recomputed only when the file changed. `parse`
 * receives the text (or the missing/error status) and must not throw.
 */
export class ParsedFileCache<T> {
  private readonly entries = new Map<string, { sig: Signature | null; value: T }>();

  constructor(
    private readonly parse: (file: FileText) => T,
    private readonly maxBytes = 256 * 1024,
  ) {}

  async get(path: string): Promise<T> {
    const st = quietStat(path);
    const sig = signatureFrom(st);
    const cached = this.entries.get(path);
    if (cached && sameSignature(cached.sig, sig)) return cached.value;
    const file = await readStatted(path, st, this.maxBytes);
    const value = this.parse(file);
    if (file.transient) this.entries.delete(path);
    else this.entries.set(path, { sig, value });
    return value;
  }

  forget(path: string): void {
    this.entries.delete(path);
  }

  /** Drop entries of files no longer watched, so the cache follows the fleet. */
  retainWhere(keep: (path: string) => boolean): void {
    for (const key of this.entries.keys()) if (!keep(key)) this.entries.delete(key);
  }
}
