// Temporary directories and an environment that keeps every write inside them.
import { mkdtempSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempArea {
  root: string;
  path(...parts: string[]): string;
  /** HOME, XDG dirs and the oneshot state dir, all under root. */
  env: Record<string, string>;
  cleanup(): void;
}

export function makeTempArea(prefix = 'oneshot-test-'): TempArea {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    XDG_STATE_HOME: join(root, 'xdg-state'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_CACHE_HOME: join(root, 'xdg-cache'),
    ONESHOT_STATE_DIR: join(root, 'state'),
  };
  return {
    root,
    path: (...parts) => join(root, ...parts),
    env,
    // Agents killed with their tmux server may still be writing their last lines: retry.
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}
