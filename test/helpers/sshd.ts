// A real OpenSSH server of the test's own, on 127.0.0.1 and a free port: its own host key,
// its own authorized key and config, and an ssh_config for the client that knows only it.
// Never the machine's sshd, never the user's keys or known_hosts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait.js';

export const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p)) ?? null;

export interface TestSshd {
  port: number;
  /** The alias the client's ssh_config knows this server by. */
  alias: string;
  /** `ssh -F <this>` reaches it (and nothing else). */
  sshConfig: string;
  /** The pid of the listening sshd. */
  pid: number;
  /** Ends the server and every connection it serves (their sshd processes), by pid. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same keys. */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** The pids of `pid` and everything under it (from /proc). */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as number;
    try {
      for (const tid of spawnSync('ls', [`/proc/${p}/task`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').split(' ').filter((s) => s.trim() !== '');
        out.push(...children.map(Number));
      }
    } catch {
      // gone
    }
  }
  return out;
}

export async function startSshd(dir: string, alias: string): Promise<TestSshd> {
  if (!SSHD) throw new Error('sshd is not installed (apt-get install openssh-server; .ci/run installs it)');
  mkdirSync(dir, { recursive: true });
  const hostKey = join(dir, 'host_key');
  const clientKey = join(dir, 'client_key');
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`, 'utf8'), { mode: 0o600 });
  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AllowUsers ${user}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PrintMotd no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  LogLevel ERROR',
      '  ConnectTimeout 5',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    // -D: stays in the foreground (a child of the test), -e: errors on stderr.
    const c = spawn(SSHD as string, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    c.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child = c;
    await waitFor(
      () => {
        if (c.exitCode !== null || c.signalCode !== null) throw new Error(`sshd exited with ${c.exitCode ?? c.signalCode}: ${log}`);
        const r = spawnSync('ssh', ['-F', sshConfig, alias, 'true'], { encoding: 'utf8', timeout: 10_000 });
        return r.status === 0;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: `sshd on 127.0.0.1:${port} accepting the test's key` },
    );
  };
  await start();

  const server: TestSshd = {
    port,
    alias,
    sshConfig,
    get pid() {
      return child?.pid ?? 0;
    },
    async kill() {
      const c = child;
      // Ended by a signal, a process has a signalCode and no exitCode.
      if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
      const pids = tree(c.pid);
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await gone;
    },
    async restart() {
      await server.kill();
      await start();
    },
  };
  return server;
}
