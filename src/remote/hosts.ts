// Which machines a command reaches, and the one command line that reaches each: the user's
// ssh (or ONESHOT_SSH_COMMAND / sshCommand, split into argv and never given to a local
// shell), never asking for a password, then the host's own oneshot command line as the
// user wrote it, with `serve --stdio` and its extra arguments quoted for the remote shell.
import { HOST_NAME, splitArgv, type Config, type HostConfig } from '../config/config.js';
import { shellQuote } from '../text/argv.js';

/** The machine oneshot runs on: its agents come from this process, not over ssh. */
export const LOCAL_HOST = 'local';

export class HostError extends Error {}

export interface HostTarget {
  name: string;
  config: HostConfig;
}

/** ssh and its options for every connection (ControlMaster and the rest come from the user's ssh config). */
export function sshBase(config: Config, env: Record<string, string | undefined>): string[] {
  const fromEnv = env.ONESHOT_SSH_COMMAND?.trim();
  if (fromEnv) {
    let argv: string[];
    try {
      argv = splitArgv(fromEnv, 'ONESHOT_SSH_COMMAND');
    } catch (error) {
      throw new HostError((error as Error).message);
    }
    if (argv.length === 0) throw new HostError('ONESHOT_SSH_COMMAND names no program');
    return argv;
  }
  return config.sshCommand ?? ['ssh'];
}

/** The argv that runs `oneshot serve --stdio` on the host. */
export function serveArgv(config: Config, env: Record<string, string | undefined>, target: HostTarget): string[] {
  const remote = [target.config.command, 'serve', '--stdio', ...target.config.args.map(shellQuote)].join(' ');
  return [...sshBase(config, env), '-T', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=2', '--', target.config.ssh, remote];
}

/** The argv that attaches a terminal to a session on the host (`ssh -t host tmux … attach -t S`). */
export function attachArgv(config: Config, env: Record<string, string | undefined>, target: HostTarget, tmuxArgs: readonly string[], session: string, readonly: boolean): string[] {
  const remote = ['tmux', ...tmuxArgs, 'attach-session', ...(readonly ? ['-r'] : []), '-t', `=${session}`].map(shellQuote).join(' ');
  return [...sshBase(config, env), '-t', '--', target.config.ssh, remote];
}

/** A name from --host: a configured host, else any destination the user's ssh config knows. */
export function resolveHost(config: Config, name: string): HostTarget {
  const known = config.hosts[name];
  if (known) return { name, config: known };
  if (!HOST_NAME.test(name.replace(/^[A-Za-z0-9._-]+@/, ''))) throw new HostError(`--host ${JSON.stringify(name)}: not a host name (hosts in the config: ${Object.keys(config.hosts).join(', ') || 'none'})`);
  return { name, config: { ssh: name, command: 'oneshot', args: [] } };
}

/** The hosts a command covers: --host (repeatable; `local` is this machine) or --all-hosts. */
export function selectHosts(config: Config, names: readonly string[], all: boolean): { local: boolean; remote: HostTarget[] } {
  if (all) return { local: true, remote: Object.keys(config.hosts).map((n) => resolveHost(config, n)) };
  if (names.length === 0) return { local: true, remote: [] };
  const unique = [...new Set(names)];
  return { local: unique.includes(LOCAL_HOST), remote: unique.filter((n) => n !== LOCAL_HOST).map((n) => resolveHost(config, n)) };
}
