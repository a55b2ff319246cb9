// A fleet driven through the built `oneshot` on a private tmux server, as the integration
// tests use it: run commands, read `status --json`, wait for a state.
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { runCli, type CliResult } from './cli.js';
import { waitFor } from './wait.js';

export interface CliFleet {
  /** `oneshot -L <server> ARGS…` with the fleet's environment (plus `extra`). */
  oneshot(args: string[], extra?: Record<string, string | undefined>): CliResult;
  /** `status --json`, by name. */
  status(): Record<string, AgentStatusJson>;
  waitState(name: string, state: string, timeoutMs?: number): Promise<AgentStatusJson>;
}

/** Getters, because the server and environment are made in beforeAll. */
export function cliFleet(serverName: () => string, env: () => Record<string, string>): CliFleet {
  const oneshot = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(['-L', serverName(), ...args], { ...env(), ...extra });
  const status = () => {
    const r = oneshot(['status', '--json']);
    if (r.status !== 0) throw new Error(r.stderr);
    return Object.fromEntries((JSON.parse(r.stdout) as AgentStatusJson[]).map((a) => [a.name, a]));
  };
  const waitState = (name: string, state: string, timeoutMs = 20_000) =>
    waitFor(
      () => {
        const a = status()[name];
        return a?.state === state ? a : null;
      },
      { timeoutMs, intervalMs: 200, message: `${name} ${state}` },
    );
  return { oneshot, status, waitState };
}
