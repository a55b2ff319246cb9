// The one module that watches files (chokidar). It only says "something changed here";
// the poll loop does the reading. If watching fails (no inotify slots, a directory
// deleted under it), polling alone carries on.
import { watch, type FSWatcher } from 'chokidar';

export interface DirWatcher {
  /** Watch exactly these directories (added and removed as needed); returns the added ones. */
  set(dirs: readonly string[]): string[];
  close(): Promise<void>;
  /** False once watching failed and only polling remains. */
  readonly healthy: boolean;
}

export type WatcherFactory = (onChange: (path: string) => void) => DirWatcher;

export const createDirWatcher: WatcherFactory = (onChange) => {
  let watcher: FSWatcher | null = null;
  let healthy = true;
  let current = new Set<string>();

  const ensure = (): FSWatcher | null => {
    if (!healthy) return null;
    if (!watcher) {
      watcher = watch([], { ignoreInitial: true, depth: 0, persistent: false, ignorePermissionErrors: true });
      watcher.on('all', (_event, path) => onChange(path));
      watcher.on('error', () => {
        healthy = false;
        void watcher?.close().catch(() => undefined);
        watcher = null;
      });
    }
    return watcher;
  };

  return {
    get healthy() {
      return healthy;
    },
    set(dirs) {
      const next = new Set(dirs);
      const w = ensure();
      if (!w) return [];
      const added = [...next].filter((d) => !current.has(d));
      const removed = [...current].filter((d) => !next.has(d));
      try {
        if (removed.length) w.unwatch(removed);
        if (added.length) w.add(added);
        current = next;
      } catch {
        healthy = false;
      }
      return added;
    },
    async close() {
      const w = watcher;
      watcher = null;
      current = new Set();
      await w?.close().catch(() => undefined);
    },
  };
};
