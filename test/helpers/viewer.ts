// A terminal for end-to-end tests: a private tmux server with one pane running a plain
// shell, where the built binaries are typed and the screen is read back.
import { createTestServer, type TestServer } from './tmux-server.js';
import { waitFor } from './wait.js';

export interface Viewer {
  server: TestServer;
  target: string;
  screen(): string;
  type(text: string): void;
  keys(...keys: string[]): void;
  waitForScreen(predicate: (screen: string) => boolean, message: string, timeoutMs?: number): Promise<string>;
  paneFlag(format: string): string;
  kill(): void;
}

export function createViewer(env: Record<string, string>, columns = 120, rows = 40): Viewer {
  const server = createTestServer(env);
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  server.tmux('new-session', '-d', '-s', 'viewer', '-x', String(columns), '-y', String(rows), ...envArgs, '-e', 'PS1=viewer$ ', 'bash', '--norc', '--noprofile');
  const target = 'viewer:0.0';
  const viewer: Viewer = {
    server,
    target,
    screen: () => server.tmux('capture-pane', '-p', '-t', target),
    type: (text) => {
      server.tmux('send-keys', '-t', target, '-l', text);
      server.tmux('send-keys', '-t', target, 'Enter');
    },
    keys: (...keys) => {
      for (const key of keys) server.tmux('send-keys', '-t', target, key);
    },
    waitForScreen: async (predicate, message, timeoutMs = 15_000) => {
      let last = '';
      try {
        return await waitFor(
          () => {
            last = viewer.screen();
            return predicate(last) ? last : null;
          },
          { timeoutMs, intervalMs: 50, message },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
      }
    },
    paneFlag: (format) => server.tmux('display-message', '-p', '-t', target, format).trim(),
    kill: () => server.kill(),
  };
  return viewer;
}
