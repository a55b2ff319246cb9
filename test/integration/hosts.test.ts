// Agents on other machines, through a real OpenSSH server on 127.0.0.1: two "hosts" (two
// sshd instances, each reaching its own tmux server and state directory), the command line
// across them, and hosts that break the protocol on purpose.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { ONESHOT_BIN, ONESHOT_TUI_BIN, runCli } from '../helpers/cli.js';
import { settleAgents } from '../helpers/settle.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

const HOSTILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hosts', 'hostile-serve.mjs');

interface Host {
  name: string;
  sshd: TestSshd;
  server: TestServer;
  env: Record<string, string>;
  /** oneshot on that machine, as its own user would run it there. */
  oneshot(args: string[]): ReturnType<typeof runCli>;
  runs(task: string): { event: string; how?: string }[];
}

let area: TempArea;
const hosts: Record<string, Host> = {};
let localServer: TestServer;

/** The dashboard side's environment: its own state, config naming the hosts, ssh -F the test's config. */
function localEnv(): Record<string, string> {
  return { ...area.env, ONESHOT_TMUX_CONF: '/dev/null', ONESHOT_SSH_COMMAND: `ssh -F ${join(area.root, 'ssh_config')}` };
}
const here = (args: string[]) => runCli(['-L', localServer.name, ...args], localEnv());

async function makeHost(name: string): Promise<Host> {
  const root = area.path('hosts', name);
  const env = { HOME: join(root, 'home'), ONESHOT_STATE_DIR: join(root, 'state'), ONESHOT_TMUX_CONF: '/dev/null', XDG_CONFIG_HOME: join(root, 'xdg-config') };
  for (const dir of Object.values(env)) if (dir.startsWith(root)) mkdirSync(dir, { recursive: true });
  const server = createTestServer(env);
  const sshd = await startSshd(join(root, 'sshd'), `test-${name}`);
  return {
    name,
    sshd,
    server,
    env,
    oneshot: (args) => runCli(['-L', server.name, ...args], env),
    runs(task) {
      const path = join(env.ONESHOT_STATE_DIR, 'tasks', task, 'runs.jsonl');
      return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; how?: string });
    },
  };
}

/** The remote command line of a host: its own environment, this build of oneshot. */
function remoteCommand(h: Host): string {
  const vars = Object.entries(h.env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `env ${vars} ${process.execPath} ${ONESHOT_BIN}`;
}

beforeAll(async () => {
  area = makeTempArea('oneshot-hosts-');
  localServer = createTestServer(area.env);
  hosts.a = await makeHost('a');
  hosts.b = await makeHost('b');
  const sshConfig = [hosts.a, hosts.b].map((h) => readFileSync(h.sshd.sshConfig, 'utf8')).join('\n');
  writeFileSync(join(area.root, 'ssh_config'), sshConfig);
  const config = {
    hosts: {
      a: { ssh: hosts.a.sshd.alias, command: remoteCommand(hosts.a), args: ['-L', hosts.a.server.name] },
      b: { ssh: hosts.b.sshd.alias, command: remoteCommand(hosts.b), args: ['-L', hosts.b.server.name] },
      noisy: { ssh: hosts.a.sshd.alias, command: `${process.execPath} ${HOSTILE} noisy` },
      hangs: { ssh: hosts.a.sshd.alias, command: `${process.execPath} ${HOSTILE} hang` },
      bare: { ssh: hosts.a.sshd.alias, command: 'oneshot-not-installed-here' },
      future: { ssh: hosts.a.sshd.alias, command: `${process.execPath} ${HOSTILE} future` },
    },
  };
  mkdirSync(join(area.env.XDG_CONFIG_HOME!, 'oneshot'), { recursive: true });
  writeFileSync(join(area.env.XDG_CONFIG_HOME!, 'oneshot', 'config.json'), JSON.stringify(config));

  // Host a: one agent working. Host b: one that crashed, one working.
  for (const [h, name, argv] of [
    [hosts.a, 'a-worker', ['sleep', '300']],
    [hosts.b, 'b-crash', ['sh', '-c', 'exit 3']],
    [hosts.b, 'b-worker', ['sleep', '300']],
  ] as const) {
    const dir = join(area.root, 'work', name);
    mkdirSync(dir, { recursive: true });
    const r = h.oneshot(['run', '--agent', 'shell', '-n', name, '-d', dir, '--', ...argv]);
    expect(r.status, r.stderr).toBe(0);
  }
  await waitFor(() => JSON.parse(hosts.b!.oneshot(['status', '--json']).stdout).some((a: AgentStatusJson) => a.name === 'b-crash' && a.state === 'crashed'), { timeoutMs: 20_000, message: 'b-crash crashed' });
}, 120_000);

afterAll(async () => {
  for (const h of Object.values(hosts)) {
    await h.sshd.kill();
    h.server.kill();
    await settleAgents(h.env.ONESHOT_STATE_DIR as string);
  }
  localServer?.kill();
  area?.cleanup();
}, 60_000);

describe('the command line across hosts, over ssh', () => {
  it('status --all-hosts --json: one array, a host field per agent', () => {
    const r = here(['status', '--all-hosts', '--json']);
    // The hostile hosts of the config fail (and say so); a and b answer.
    const rows = JSON.parse(r.stdout) as (AgentStatusJson & { host: string })[];
    const byName = Object.fromEntries(rows.map((a) => [a.name, a]));
    expect(byName['a-worker']).toMatchObject({ host: 'a', state: 'running' });
    expect(byName['b-worker']).toMatchObject({ host: 'b', state: 'running' });
    expect(byName['b-crash']).toMatchObject({ host: 'b', state: 'crashed' });
    expect(r.stderr).toMatch(/oneshot: bare: oneshot is not installed on bare .*npm install -g oneshot/);
    expect(r.stderr).toMatch(/oneshot: future: future speaks protocol 99/);
    expect(r.status).toBe(1);
  });

  it('status --host a --host b: a table with a HOST column', () => {
    const r = here(['status', '--host', 'a', '--host', 'b']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^HOST\s+STATE\s+NAME/m);
    expect(r.stdout).toMatch(/^b\s+✗ crashed\s+b-crash/m);
    expect(r.stdout).toMatch(/^a\s+. running\s+a-worker/m);
    expect(r.stdout).toMatch(/3 agents on 2 hosts/);
  });

  it('resume on host b runs on host b, and nowhere else', async () => {
    const r = here(['resume', 'b-crash', '--host', 'b']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^b: resumed b-crash/);
    await waitFor(() => hosts.b!.runs('b-crash').filter((e) => e.event === 'agent').length === 2, { timeoutMs: 20_000, message: 'a second run on b' });
    expect(here(['status', '--json']).stdout.trim()).toBe('[]');
    expect(hosts.a!.oneshot(['status', '--json']).stdout).not.toContain('b-crash');
  });

  it('explain and log come from the host; a name it does not have is a one-line error', () => {
    const explain = here(['explain', 'a-worker', '--host', 'a']);
    expect(explain.status, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/^a: a-worker \(shell\)\nstate\s+running/);
    // describe: the host reads the agent's own files (task record, runs, the environment).
    const described = here(['describe', 'a-worker', '--host', 'a']);
    expect(described.status, described.stderr).toBe(0);
    expect(described.stdout).toMatch(/^a-worker · running · shell$/m);
    for (const heading of ['State and its evidence', 'Task record (task.json)', 'Files']) expect(described.stdout).toMatch(new RegExp(`^${heading.replace(/[().]/g, '\\$&')}$`, 'm'));
    expect(described.stdout).toMatch(/^Runs \(runs\.jsonl, \d+ entries\)$/m);
    expect(described.stdout).toMatch(/^Environment it was started with \(\d+ variables; secrets hidden\)$/m);
    expect(described.stdout).not.toMatch(/\x1b/);
    const missing = here(['stop', 'no-such-agent', '--host', 'a']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual(['oneshot: no agent named no-such-agent on a']);
  });

  it('wait --host returns when the agent on that host reaches the state, and gives up at --timeout', () => {
    const running = here(['wait', 'a-worker', '--host', 'a', '--until', 'running', '--timeout', '10']);
    expect(running.status, running.stderr).toBe(0);
    expect(running.stdout).toMatch(/^a-worker on a is running: /);
    const never = here(['wait', 'a-worker', '--host', 'a', '--until', 'done', '--timeout', '1']);
    expect(never.status).toBe(1);
    expect(never.stderr.trim()).toBe('oneshot: a-worker on a is still running after 1 s');
    expect(here(['wait', 'a-worker', '--host', 'a', '--until', 'sleepy']).status).toBe(2);
  });

  it('kill over --host asks first, and needs --yes without a terminal', () => {
    const refused = here(['kill', 'a-worker', '--host', 'a']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/needs --yes/);
    expect(hosts.a!.oneshot(['status', '--json']).stdout).toContain('"running"');
  });

  it('a host with an old or missing oneshot, or one that is down, gets a one-line reason', async () => {
    const bare = here(['status', '--host', 'bare']);
    expect(bare.status).toBe(1);
    expect(bare.stderr.trim()).toMatch(/^oneshot: bare: oneshot is not installed on bare \(.*\); install it there with: npm install -g oneshot$/);
    const future = here(['status', '--host', 'future']);
    expect(future.status).toBe(1);
    expect(future.stderr.trim()).toBe('oneshot: future: future speaks protocol 99 (oneshot 9.0.0), this oneshot speaks 1; install the same version on both: npm install -g oneshot@0.1.0');
    const unknown = here(['status', '--host', '-oProxyCommand=evil']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/not a host name/);
  });

  it('hostile hosts: bad lines, a 10 MB line, unknown types, escapes in names, a cut-off message: no crash, no hang, clean text', () => {
    const noisy = here(['status', '--host', 'noisy', '--json']);
    expect(noisy.status, noisy.stderr).toBe(0);
    const rows = JSON.parse(noisy.stdout) as (AgentStatusJson & { host: string })[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('evil]0;pwned[31mname');
    expect(noisy.stdout).not.toMatch(/\u001b|\u0007/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const started = Date.now();
    const hangs = here(['status', '--host', 'hangs']);
    expect(hangs.status).toBe(1);
    expect(hangs.stderr.trim()).toMatch(/^oneshot: hangs: hangs stopped answering/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

/** oneshot-tui in a session of its own on the test's local server, read with capture-pane. */
function openDashboard(session: string, args: string[]) {
  const envArgs = Object.entries(localEnv()).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  localServer.tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '40', ...envArgs, process.execPath, ONESHOT_TUI_BIN, '-L', localServer.name, '--interval', '300', ...args);
  const capture = () => localServer.tmux('capture-pane', '-p', '-t', `=${session}:`);
  return {
    keys: (...k: string[]) => localServer.tmux('send-keys', '-t', `=${session}:`, ...k),
    async screen(predicate: (s: string) => boolean, message: string, timeoutMs = 20_000): Promise<string> {
      let last = '';
      try {
        return await waitFor(() => ((last = capture()), predicate(last) ? last : null), { timeoutMs, intervalMs: 100, message });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${last}`);
      }
    },
    close: () => localServer.tryTmux('kill-session', '-t', `=${session}`),
  };
}

describe('the dashboard across hosts', () => {
  it('shows both hosts; a host whose sshd dies turns unreachable within 5 s, rows kept, and comes back live', async () => {
    const dash = openDashboard('dash-hosts', ['--host', 'a', '--host', 'b']);
    try {
      const both = await dash.screen((s) => /\ba-worker\b/.test(s) && /\bb-worker\b/.test(s), 'agents of both hosts');
      expect(both).toMatch(/HOST\s+NAME/);
      expect(both).toMatch(/ a 1 /);
      expect(both).toMatch(/ b 2 /);

      const killedAt = Date.now();
      await hosts.b!.sshd.kill();
      const down = await dash.screen((s) => /b unreachable since \d\d:\d\d/.test(s), 'b unreachable in the header', 10_000);
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      // Its rows stay, as last known, saying so; a's stay live.
      expect(down).toMatch(/b-worker.*b unreachable since/);
      expect(down).toMatch(/ a 1 /);

      await hosts.b!.sshd.restart();
      await dash.screen((s) => / b 2 /.test(s) && !/unreachable/.test(s), 'b live again', 45_000);

      // The filter takes host: — only b's agents.
      dash.keys('/');
      for (const ch of 'host:b') dash.keys('-l', ch);
      dash.keys('Enter');
      const filtered = await dash.screen((s) => /b-worker/.test(s) && !/a-worker/.test(s), 'host:b filter');
      expect(filtered).toMatch(/2 of 3 match/);

      // Keys act on the agent's own host: r on b's crashed agent resumes it on b.
      const runsBefore = hosts.b!.runs('b-crash').filter((e) => e.event === 'agent').length;
      await dash.screen((s) => /b-crash/.test(s), 'b-crash listed');
      dash.keys('g');
      dash.keys('r');
      await dash.screen((s) => /b: resumed b-crash/.test(s), 'the resume reported from b');
      await waitFor(() => hosts.b!.runs('b-crash').filter((e) => e.event === 'agent').length === runsBefore + 1, { timeoutMs: 20_000, message: 'one more run on b' });

      // a attaches over ssh -t to the session on b's own tmux server; detaching comes back.
      dash.keys('G');
      await dash.screen((s) => /›?.*b-worker/.test(s), 'b-worker selectable');
      dash.keys('a');
      const attached = await waitFor(() => hosts.b!.server.tmux('list-clients', '-F', '#{session_name}').includes('shell-b-worker'), { timeoutMs: 20_000, message: "a client attached to b's session" });
      expect(attached).toBe(true);
      dash.keys('C-b', 'd');
      await dash.screen((s) => /back from shell-b-worker on b/.test(s), 'back in the dashboard');
    } finally {
      dash.close();
    }
  }, 120_000);

  it('hostile hosts cannot crash or hang the dashboard, nor write escapes to the screen', async () => {
    const dash = openDashboard('dash-hostile', ['--host', 'noisy', '--host', 'hangs']);
    try {
      const shown = await dash.screen((s) => /evil.*pwned.*name/.test(s), "the noisy host's agent, cleaned");
      expect(shown).not.toMatch(/\u001b/);
      await dash.screen((s) => /hangs unreachable since/.test(s), 'the host that hangs, unreachable', 20_000);
      // Still answering keys.
      dash.keys('?');
      await dash.screen((s) => /help · every key/.test(s), 'the help view');
      dash.keys('Escape');
    } finally {
      dash.close();
    }
  }, 60_000);
});
