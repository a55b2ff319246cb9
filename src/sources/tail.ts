// Incremental reader of an append-only text file (logs, JSONL events). The first read
// takes only the end of the file; later reads take only what was appended. Bounded in
// memory whatever the file holds: one line never grows past maxLineBytes.
import { statSync, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, isMissingError, notRegular, withReadFd } from './fd.js';
import { fileGuard, latenessText, type IoGuard } from './guard.js';

export interface TailOptions {
  /** How much of an existing file the first read takes, from its end. */
  initialBytes?: number;
  /** Longer lines keep their start and a marker saying how much was dropped. */
  maxLineBytes?: number;
  /** More appended than this between two reads: skip ahead, keeping only the end. */
  maxReadBytes?: number;
  /** The time budget of each read (the process's file guard by default). */
  guard?: IoGuard;
}

export type TailStatus = 'ok' | 'missing' | 'error';

export interface TailResult {
  lines: string[];
  /** The file is new, was replaced or truncated: earlier lines no longer apply. */
  reset: boolean;
  /** Bytes passed over without reading (the start of a big file, or a burst). */
  skippedBytes: number;
  /** Lines cut at maxLineBytes. */
  cappedLines: number;
  status: TailStatus;
  error: string | null;
  size: number;
  mtimeMs: number;
}

export interface Tailer {
  readonly path: string;
  read(): Promise<TailResult>;
}

export const DEFAULT_INITIAL_BYTES = 64 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024;
const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

export function createTailer(path: string, options: TailOptions = {}): Tailer {
  const initialBytes = options.initialBytes ?? DEFAULT_INITIAL_BYTES;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxReadBytes = Math.max(options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES, initialBytes);
  const decoder = new TextDecoder('utf-8', { fatal: false });

  let started = false;
  let ino = -1;
  let offset = 0;
  let partial: Buffer[] = [];
  let partialLength = 0;
  let dropped = 0;
  let skipToNewline = false;
  /**
   * Reading starts mid-file at `offset`: whether a line starts there is told by the byte
   * before it, which the next read takes with the rest (one open, not two).
   */
  let checkBoundary = false;

  function resetLine(): void {
    partial = [];
    partialLength = 0;
    dropped = 0;
  }

  function finishLine(out: string[], counters: { capped: number }): void {
    let text = decoder.decode(Buffer.concat(partial, partialLength));
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.includes('\0')) text = text.replace(/\0/g, '');
    if (dropped > 0) {
      text += ` … [${dropped} bytes dropped]`;
      counters.capped++;
    }
    out.push(text);
    resetLine();
  }

  function addBytes(bytes: Buffer, out: string[], counters: { capped: number }): void {
    let start = 0;
    while (start < bytes.length) {
      const nl = bytes.indexOf(NEWLINE, start);
      const end = nl === -1 ? bytes.length : nl;
      if (skipToNewline) {
        if (nl === -1) return;
        skipToNewline = false;
        start = nl + 1;
        continue;
      }
      const piece = bytes.subarray(start, end);
      const room = maxLineBytes - partialLength;
      if (piece.length <= room) {
        if (piece.length > 0) {
          partial.push(Buffer.from(piece));
          partialLength += piece.length;
        }
      } else {
        if (room > 0) {
          partial.push(Buffer.from(piece.subarray(0, room)));
          partialLength += room;
        }
        dropped += piece.length - Math.max(room, 0);
      }
      if (nl === -1) return;
      finishLine(out, counters);
      start = nl + 1;
    }
  }

  const guard = options.guard ?? fileGuard;
  /** Lines a read that outlived its budget found after all: the next read hands them on. */
  let late: string[] = [];

  async function read(): Promise<TailResult> {
    let timedOut = false;
    return guard.run(
      dirname(path),
      basename(path),
      async () => {
        const result = await readNow();
        if (timedOut) {
          // Nobody is waiting for this answer any more: keep its lines for the next read.
          late = late.concat(result.lines).slice(-10_000);
          return result;
        }
        if (late.length > 0) {
          result.lines = late.concat(result.lines);
          late = [];
        }
        return result;
      },
      (_problem, why) => {
        timedOut = true;
        return { lines: [], reset: false, skippedBytes: 0, cappedLines: 0, status: 'error', error: latenessText(why), size: 0, mtimeMs: 0 };
      },
    );
  }

  async function readNow(): Promise<TailResult> {
    const lines: string[] = [];
    // Synchronous, as every stat of the poll loop: microseconds, where the promise API
    // costs a round trip to the thread pool for each appended line.
    let st: Stats | undefined;
    let failure: unknown = null;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      failure = error;
    }
    if (!st) {
      const error = failure;
      const missing = error === null || isMissingError(error);
      const wasStarted = started;
      started = false;
      resetLine();
      return {
        lines,
        reset: wasStarted,
        skippedBytes: 0,
        cappedLines: 0,
        status: missing ? 'missing' : 'error',
        error: missing ? null : describe(error),
        size: 0,
        mtimeMs: 0,
      };
    }
    const refused = notRegular(st);
    if (refused) {
      return { lines, reset: false, skippedBytes: 0, cappedLines: 0, status: 'error', error: refused, size: 0, mtimeMs: st.mtimeMs };
    }

    let reset = false;
    let skippedBytes = 0;
    if (!started || st.ino !== ino || st.size < offset) {
      reset = true;
      started = true;
      ino = st.ino;
      resetLine();
      offset = Math.max(0, st.size - initialBytes);
      skippedBytes = offset;
      skipToNewline = false;
      checkBoundary = offset > 0;
    }
    if (st.size - offset > maxReadBytes) {
      const next = st.size - initialBytes;
      skippedBytes += next - offset;
      offset = next;
      resetLine();
      skipToNewline = false;
      checkBoundary = offset > 0;
    }

    const counters = { capped: 0 };
    if (st.size > offset) {
      const size = st.size;
      try {
        await withReadFd(path, async (file) => {
          // The byte before `offset` comes first when it must say whether a line starts there.
          let from = checkBoundary ? offset - 1 : offset;
          // As big as what is to read (an appended line is a few hundred bytes), CHUNK at most.
          const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - from));
          while (from < size) {
            const bytesRead = await file.read(buffer, 0, Math.min(buffer.length, size - from), from);
            if (bytesRead === 0) break;
            let bytes = buffer.subarray(0, bytesRead);
            if (checkBoundary) {
              checkBoundary = false;
              skipToNewline = bytes[0] !== NEWLINE;
              bytes = bytes.subarray(1);
            }
            addBytes(bytes, lines, counters);
            from += bytesRead;
            offset = from;
          }
        });
      } catch (error) {
        return { lines, reset, skippedBytes, cappedLines: counters.capped, status: 'error', error: describe(error), size: st.size, mtimeMs: st.mtimeMs };
      }
    }
    return { lines, reset, skippedBytes, cappedLines: counters.capped, status: 'ok', error: null, size: st.size, mtimeMs: st.mtimeMs };
  }

  return { path, read };
}
