// A fleet driven through the built `oneshot` on a private tmux server, as the integration
// tests use it: run commands, read `status --json`, wait for a state.
import { mkdirSync } from 'node:fs';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { runCli, type CliResult } from './cli.js';
import { installFakeAgents } from './fake-agents.js';
import { settleAgents } from './settle.js';
import { makeTempArea, type TempArea } from './temp.js';
import { createTestServer, type TestServer } from './tmux-server.js';
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

/** A git that knows no identity: no system or global config, no EMAIL. */
export const NO_GIT_IDENTITY: Record<string, string> = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', EMAIL: '' };

export interface FakeAgentFleet {
  area: TempArea;
  server: TestServer;
  /** The temp area's environment, the fake agents first on PATH, tmux without a config. */
  env: Record<string, string>;
  /** Kill the server, let the agents' last writes land, remove the temp area. */
  close(): Promise<void>;
}

/** What the command-line integration tests start in beforeAll: a temp area, a private server, the fake agents. */
export function startFakeAgentFleet(extra: (area: TempArea) => Record<string, string> = () => ({})): FakeAgentFleet {
  const area = makeTempArea();
  const server = createTestServer(area.env);
  mkdirSync(area.env.HOME!, { recursive: true });
  const env = { ...area.env, PATH: installFakeAgents(area.path('bin')), ONESHOT_TMUX_CONF: '/dev/null', ...extra(area) };
  return {
    area,
    server,
    env,
    async close() {
      server.kill();
      await settleAgents(area.env.ONESHOT_STATE_DIR!);
      area.cleanup();
    },
  };
}
