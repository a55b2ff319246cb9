// A private tmux server per test file: `tmux -f /dev/null -L <unique>`, killed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { removeSocketFile, resolveSocketPath } from '../../src/tmux/socket.js';

export interface TestServer {
  name: string;
  /** Run tmux on this server; returns stdout (throws on failure). */
  tmux(...args: string[]): string;
  /** Like tmux() but returns the exit status instead of throwing. */
  tryTmux(...args: string[]): { status: number; stdout: string; stderr: string };
  kill(): void;
}

let counter = 0;

/** Kill the private server `name` and remove the socket file tmux leaves behind. */
export function killServer(name: string, env: NodeJS.ProcessEnv = process.env): void {
  spawnSync('tmux', ['-f', '/dev/null', '-L', name, 'kill-server'], { env, timeout: 10_000 });
  removeSocketFile(resolveSocketPath({ name }, env, process.getuid?.() ?? 0));
}

export function createTestServer(env: Record<string, string | undefined> = {}): TestServer {
  const name = `oneshot-test-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const base = ['-f', '/dev/null', '-L', name];
  const fullEnv = { ...process.env, ...env, TMUX: undefined } as NodeJS.ProcessEnv;
  delete fullEnv.TMUX;
  return {
    name,
    tmux: (...args) => {
      // A server whose last session was just killed is still exiting: a client connecting
      // then is dropped with "server exited unexpectedly". Try again once it is gone.
      for (let attempt = 0; ; attempt++) {
        try {
          return execFileSync('tmux', [...base, ...args], { encoding: 'utf8', env: fullEnv, timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (error) {
          const stderr = String((error as { stderr?: unknown }).stderr ?? '');
          if (attempt >= 3 || !/server exited unexpectedly/.test(stderr)) throw error;
          spawnSync('sleep', ['0.1']);
        }
      }
    },
    tryTmux: (...args) => {
      const r = spawnSync('tmux', [...base, ...args], { encoding: 'utf8', env: fullEnv, timeout: 10_000 });
      return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    kill: () => killServer(name, fullEnv),
  };
}
