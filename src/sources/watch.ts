// The one module that watches files. It only says "something changed here"; the poll
// loop does the reading. Each directory gets one inotify watch through fs.watch: an event
// costs a callback, nothing more (chokidar, by contrast, stats the file and re-reads the
// whole directory on every event, which at 15 changes a second was most of the poll's
// cost). When the system runs out of inotify watches, chokidar's polling mode takes those
// directories over; if even that fails, polling alone carries on.
import { watch as fsWatch, type FSWatcher as NodeWatcher } from 'node:fs';
import { join } from 'node:path';
import { watch as chokidarWatch, type FSWatcher as PollingWatcher } from 'chokidar';

export interface DirWatcher {
  /**
   * Watch exactly these directories (added and removed as needed). Returns the ones whose
   * watch is new — and the ones that could not be watched because they are gone already:
   * no event will ever come for those, so the caller reads them again itself.
   */
  set(dirs: readonly string[]): string[];
  close(): Promise<void>;
  /** False once watching failed and only polling remains. */
  readonly healthy: boolean;
}

export type WatcherFactory = (onChange: (path: string) => void) => DirWatcher;

/** How often the fallback re-checks directories it cannot watch natively. */
const FALLBACK_POLL_MS = 2_000;

export const createDirWatcher: WatcherFactory = (onChange) => {
  const native = new Map<string, NodeWatcher>();
  let fallback: PollingWatcher | null = null;
  const polled = new Set<string>();
  let healthy = true;

  const pollingFallback = (): PollingWatcher => {
    if (!fallback) {
      fallback = chokidarWatch([], { ignoreInitial: true, depth: 0, persistent: false, ignorePermissionErrors: true, usePolling: true, interval: FALLBACK_POLL_MS });
      fallback.on('all', (_event, path) => onChange(path));
      fallback.on('error', () => {
        healthy = false;
      });
    }
    return fallback;
  };

  /** Wanted but not there when last tried: reported once, tried again on every set(). */
  const gone = new Set<string>();

  /** 'watched' (natively or by polling), 'gone', or 'failed'. */
  const add = (dir: string): 'watched' | 'gone' | 'failed' => {
    try {
      const w = fsWatch(dir, { persistent: false }, (_event, name) => onChange(name ? join(dir, String(name)) : dir));
      // The directory went away or the watch broke: say so once; the poll finds out the rest.
      w.on('error', () => {
        w.close();
        if (native.get(dir) === w) native.delete(dir);
        onChange(dir);
      });
      native.set(dir, w);
      return 'watched';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return 'gone';
      // ENOSPC (no inotify watches left), EMFILE: poll this directory instead.
      try {
        pollingFallback().add(dir);
        polled.add(dir);
        return 'watched';
      } catch {
        healthy = false;
        return 'failed';
      }
    }
  };

  const remove = (dir: string): void => {
    native.get(dir)?.close();
    native.delete(dir);
    if (polled.delete(dir)) fallback?.unwatch(dir);
  };

  return {
    get healthy() {
      return healthy;
    },
    set(dirs) {
      if (!healthy) return [];
      const next = new Set(dirs);
      for (const dir of [...native.keys(), ...polled]) if (!next.has(dir)) remove(dir);
      for (const dir of gone) if (!next.has(dir)) gone.delete(dir);
      const added: string[] = [];
      for (const dir of next) {
        if (native.has(dir) || polled.has(dir)) continue;
        const outcome = add(dir);
        if (outcome === 'watched') {
          gone.delete(dir);
          added.push(dir);
        } else if (outcome === 'gone' && !gone.has(dir)) {
          // Gone between the read that found it and now: no event will ever say so.
          gone.add(dir);
          added.push(dir);
        }
      }
      return added;
    },
    async close() {
      for (const w of native.values()) w.close();
      native.clear();
      polled.clear();
      gone.clear();
      const f = fallback;
      fallback = null;
      await f?.close().catch(() => undefined);
    },
  };
};
