// Small-file reads that never throw, and a cache that re-reads a file only when its
// size, mtime or inode changed (the poll loop stats; it does not re-read).
import { statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { describe } from './tail.js';

export type FileStatus = 'ok' | 'missing' | 'error';

export interface FileText {
  status: FileStatus;
  /** The end of the file when it is bigger than the limit. */
  text: string;
  truncated: boolean;
  error: string | null;
  mtimeMs: number;
  size: number;
}

const MISSING: FileText = { status: 'missing', text: '', truncated: false, error: null, mtimeMs: 0, size: 0 };

export function isMissingError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Read a text file, or its last `maxBytes`. Invalid UTF-8 and NUL bytes are tolerated. */
export async function readText(path: string, maxBytes = 256 * 1024): Promise<FileText> {
  let handle;
  try {
    handle = await open(path, 'r');
    const st = await handle.stat();
    if (!st.isFile()) return { ...MISSING, status: 'error', error: 'not a regular file', mtimeMs: st.mtimeMs };
    const length = Math.min(st.size, maxBytes);
    const start = st.size - length;
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(buffer, got, length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    let text = new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, got));
    if (text.includes('\0')) text = text.replace(/\0/g, '');
    if (start > 0) {
      const nl = text.indexOf('\n');
      text = nl === -1 ? '' : text.slice(nl + 1);
    }
    return { status: 'ok', text, truncated: start > 0, error: null, mtimeMs: st.mtimeMs, size: st.size };
  } catch (error) {
    if (isMissingError(error)) return MISSING;
    return { ...MISSING, status: 'error', error: describe(error) };
  } finally {
    await handle?.close().catch(() => undefined);
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

export async function signatureOf(path: string): Promise<Signature | null> {
  const st = quietStat(path);
  return st ? { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino } : null;
}

export async function exists(path: string): Promise<boolean> {
  return quietStat(path) !== null;
}

export async function isDirectory(path: string): Promise<boolean> {
  return quietStat(path)?.isDirectory() ?? false;
}

/** Directory entries, or [] when the directory is missing or unreadable. */
export async function listDir(path: string): Promise<{ name: string; isDir: boolean }[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDir: e.isDirectory() }));
  } catch {
    return [];
  }
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
    const sig = await signatureOf(path);
    const cached = this.entries.get(path);
    if (cached && sameSignature(cached.sig, sig)) return cached.value;
    const file = sig === null ? MISSING : await readText(path, this.maxBytes);
    const value = this.parse(file);
    this.entries.set(path, { sig, value });
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
