// One real-agent test file's world: the pinned CLIs, a temp area, a private tmux server and
// the mock LLM, set up before its tests and torn down after (agents settled first), with
// the figures the file collected printed at the end.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { agentEnv, installAgents, startMock, type AgentKind, type MockLlm } from './setup.js';

export interface RealAgentSuite {
  readonly area: TempArea;
  readonly server: TestServer;
  readonly mock: MockLlm;
  /** Lines printed after the file's tests: figures, not assertions. */
  readonly figures: string[];
  /** The environment a CLI of this kind runs in: private HOME and settings, the mock, the CLIs on PATH. */
  envFor(kind: AgentKind): Record<string, string>;
  oneshot(kind: AgentKind, args: string[], options?: { timeoutMs?: number }): CliResult;
  statusOf(kind: AgentKind, name: string): AgentStatusJson | undefined;
}

export function realAgentSuite(areaPrefix: string, title: string): RealAgentSuite {
  let area: TempArea | undefined;
  let server: TestServer | undefined;
  let mock: MockLlm | undefined;
  let binDir = '';
  const figures: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not set up yet (used outside a test?)`);
    return value;
  };

  beforeAll(async () => {
    ({ binDir } = await installAgents());
    area = makeTempArea(areaPrefix);
    server = createTestServer(area.env);
    mock = await startMock(area.path('mock'));
  }, 15 * 60_000);

  afterAll(async () => {
    server?.kill();
    await mock?.stop();
    if (area) {
      await settleAgents(area.env.ONESHOT_STATE_DIR!);
      area.cleanup();
    }
    // eslint-disable-next-line no-console
    console.log(`\n${title}, figures:\n${figures.map((f) => `  ${f}`).join('\n')}`);
  }, 60_000);

  const suite: RealAgentSuite = {
    get area() {
      return ready(area, 'the temp area');
    },
    get server() {
      return ready(server, 'the tmux server');
    },
    get mock() {
      return ready(mock, 'the mock LLM');
    },
    figures,
    envFor(kind) {
      const root = suite.area.path('agents', kind);
      mkdirSync(root, { recursive: true });
      return {
        ...suite.area.env,
        ...agentEnv(kind, root, suite.mock.port),
        // oneshot's state stays in the test's area, whatever the agent's HOME is.
        ONESHOT_STATE_DIR: suite.area.env.ONESHOT_STATE_DIR!,
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        ONESHOT_TMUX_CONF: '/dev/null',
      };
    },
    oneshot: (kind, args, options = {}) => runCli(['-L', suite.server.name, ...args], suite.envFor(kind), options),
    statusOf(kind, name) {
      const r = suite.oneshot(kind, ['status', '--json']);
      if (r.status !== 0) throw new Error(r.stderr);
      return (JSON.parse(r.stdout) as AgentStatusJson[]).find((a) => a.name === name);
    },
  };
  return suite;
}
