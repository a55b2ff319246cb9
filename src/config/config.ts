// Settings from the config file and the environment (the environment wins).
import { readFileSync } from 'node:fs';
import { AUTONOMY_LEVELS, DEFAULT_AUTONOMY, isAutonomy, type Autonomy } from '../agents/autonomy.js';
import { resolveConfigPath } from '../state/paths.js';

type Env = Record<string, string | undefined>;

export const CONFIGURABLE_AGENTS = ['codex', 'claude', 'opencode', 'pi', 'shell'] as const;
export type ConfigurableAgent = (typeof CONFIGURABLE_AGENTS)[number];

export interface AgentConfig {
  /** Program to run; found on PATH when not a path. */
  bin?: string;
  /** Extra arguments passed on every launch and resume. */
  args: string[];
  /** This agent's autonomy level, when it differs from the global one. */
  autonomy?: Autonomy;
}

export interface WatchdogConfig {
  /** First retry delay; doubles after each failed resume. */
  backoffBaseSec: number;
  backoffMaxSec: number;
  /** Healthy this long after a resume: the failure count starts over. */
  healthyResetSec: number;
  /** Stop retrying this long after the first crash of a streak. */
  giveUpAfterSec: number;
  /** Give up after this many failed resumes in a row. */
  maxFailures: number;
  /** A run shorter than this counts as a failed resume (crash loop). */
  minUptimeSec: number;
  /** After a resume, the old state may still show this long before it counts as failed. */
  settleSec: number;
}

/** Where checkpoints go outside a task's own worktree branch: a private ref, or a commit on the current branch. */
export const CHECKPOINT_MODES = ['ref', 'commit'] as const;
export type CheckpointMode = (typeof CHECKPOINT_MODES)[number];

export function isCheckpointMode(value: unknown): value is CheckpointMode {
  return typeof value === 'string' && (CHECKPOINT_MODES as readonly string[]).includes(value);
}

export interface Config {
  path: string;
  /** The agent `oneshot run` uses without --agent. */
  defaultAgent: ConfigurableAgent;
  /** What agents may do without asking, unless --autonomy or agents.<agent>.autonomy says otherwise. */
  autonomy: Autonomy;
  heartbeatIntervalSec: number;
  checkpointIntervalSec: number;
  /** `ref`: refs/oneshot/<task>, your branch untouched; `commit`: a commit on the current branch, hooks included. */
  checkpointMode: CheckpointMode;
  /** An untracked file bigger than this is left out of checkpoints. */
  checkpointMaxFileMB: number;
  /** Untracked paths checkpoints take even when they look secret or are too big. */
  checkpointAllow: string[];
  /** Whether oneshot's own logs keep the first words of a prompt (always marked, never the whole). */
  logPromptExcerpt: boolean;
  /** Whether the dashboard asks the terminal for clicks and the wheel (`--no-mouse` turns it off). */
  mouse: boolean;
  pollIntervalMs: number;
  /** How long a stopped agent gets after the interrupt before SIGTERM (then SIGKILL 5 s later). */
  stopGraceSec: number;
  /** `-f` for a tmux server oneshot itself starts (tmux's own default when unset). */
  tmuxConfig: string | null;
  agents: Record<ConfigurableAgent, AgentConfig>;
  watchdog: WatchdogConfig;
  /** Other machines whose agents the dashboard and `--host` reach over SSH. */
  hosts: Record<string, HostConfig>;
  /** Replaces `ssh` and its options (argv; ONESHOT_SSH_COMMAND wins). */
  sshCommand: string[] | null;
}

export interface HostConfig {
  /** The ssh destination (an alias of the user's ssh config, user@host, ssh://…). */
  ssh: string;
  /** The remote oneshot command line, sent as written (it may set variables or name a path). */
  command: string;
  /** Extra arguments of the remote `serve --stdio`, each quoted for the remote shell. */
  args: string[];
}

/** A host name: what `--host` and the `host:` filter take. */
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export class ConfigError extends Error {}

export const DEFAULT_WATCHDOG: WatchdogConfig = {
  backoffBaseSec: 180,
  backoffMaxSec: 3600,
  healthyResetSec: 600,
  giveUpAfterSec: 5 * 3600,
  maxFailures: 5,
  minUptimeSec: 60,
  settleSec: 15,
};

function positive(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${where} must be a positive number`);
  return value;
}

function envNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name}=${raw} is not a positive number of seconds`);
  return n;
}

function stringArray(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(`${where} must be an array of strings`);
  return value as string[];
}

/** Read the config file (missing is fine) and apply environment overrides. */
export function loadConfig(env: Env = process.env): Config {
  const path = resolveConfigPath(env);
  let raw: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ConfigError(`cannot read config ${path}: ${code ?? String(error)}`);
  }
  if (text !== null) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      raw = parsed as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`config ${path} is not valid JSON (${(error as Error).message})`);
    }
  }
  const where = (key: string): string => `config ${path}: ${key}`;
  const agentsRaw = (raw.agents ?? {}) as Record<string, unknown>;
  if (typeof agentsRaw !== 'object' || agentsRaw === null) throw new ConfigError(`${where('agents')} must be an object`);
  const agents = {} as Record<ConfigurableAgent, AgentConfig>;
  for (const name of CONFIGURABLE_AGENTS) {
    const entry = (agentsRaw[name] ?? {}) as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(`${where(`agents.${name}`)} must be an object`);
    if (entry.bin !== undefined && typeof entry.bin !== 'string') throw new ConfigError(`${where(`agents.${name}.bin`)} must be a string`);
    const bin = env[`ONESHOT_${name.toUpperCase()}_BIN`] || (entry.bin as string | undefined);
    if (entry.autonomy !== undefined && !isAutonomy(entry.autonomy)) throw new ConfigError(`${where(`agents.${name}.autonomy`)} must be one of ${AUTONOMY_LEVELS.join(', ')}`);
    agents[name] = { ...(bin ? { bin } : {}), args: stringArray(entry.args, where(`agents.${name}.args`)), ...(isAutonomy(entry.autonomy) ? { autonomy: entry.autonomy } : {}) };
  }
  const wd = (raw.watchdog ?? {}) as Record<string, unknown>;
  const watchdog: WatchdogConfig = {
    backoffBaseSec: positive(wd.backoffBaseSec, where('watchdog.backoffBaseSec')) ?? DEFAULT_WATCHDOG.backoffBaseSec,
    backoffMaxSec: positive(wd.backoffMaxSec, where('watchdog.backoffMaxSec')) ?? DEFAULT_WATCHDOG.backoffMaxSec,
    healthyResetSec: positive(wd.healthyResetSec, where('watchdog.healthyResetSec')) ?? DEFAULT_WATCHDOG.healthyResetSec,
    giveUpAfterSec: positive(wd.giveUpAfterSec, where('watchdog.giveUpAfterSec')) ?? DEFAULT_WATCHDOG.giveUpAfterSec,
    maxFailures: positive(wd.maxFailures, where('watchdog.maxFailures')) ?? DEFAULT_WATCHDOG.maxFailures,
    minUptimeSec: positive(wd.minUptimeSec, where('watchdog.minUptimeSec')) ?? DEFAULT_WATCHDOG.minUptimeSec,
    settleSec: positive(wd.settleSec, where('watchdog.settleSec')) ?? DEFAULT_WATCHDOG.settleSec,
  };
  const fromEnv = env.ONESHOT_DEFAULT_AGENT || undefined;
  const defaultAgent = fromEnv ?? (raw.defaultAgent ?? 'claude');
  if (typeof defaultAgent !== 'string' || !(CONFIGURABLE_AGENTS as readonly string[]).includes(defaultAgent)) {
    // Blame where the value came from: the variable, else the file.
    const source = fromEnv !== undefined ? `ONESHOT_DEFAULT_AGENT=${fromEnv}` : where('defaultAgent');
    throw new ConfigError(`${source}: the default agent must be one of ${CONFIGURABLE_AGENTS.join(', ')}`);
  }
  const autonomyEnv = env.ONESHOT_AUTONOMY || undefined;
  const autonomy = autonomyEnv ?? raw.autonomy ?? DEFAULT_AUTONOMY;
  if (!isAutonomy(autonomy)) {
    const source = autonomyEnv !== undefined ? `ONESHOT_AUTONOMY=${autonomyEnv}` : where('autonomy');
    throw new ConfigError(`${source}: the autonomy level must be one of ${AUTONOMY_LEVELS.join(', ')}`);
  }
  const modeEnv = env.ONESHOT_CHECKPOINT_MODE || undefined;
  const checkpointMode = modeEnv ?? raw.checkpoint ?? 'ref';
  if (!isCheckpointMode(checkpointMode)) {
    const source = modeEnv !== undefined ? `ONESHOT_CHECKPOINT_MODE=${modeEnv}` : where('checkpoint');
    throw new ConfigError(`${source}: the checkpoint mode must be one of ${CHECKPOINT_MODES.join(', ')}`);
  }
  const checkpointAllow = stringArray(raw.checkpointAllow, where('checkpointAllow'));
  // An empty pattern allows nothing and is surely a slip: say so rather than ignore it.
  if (checkpointAllow.some((p) => p.trim() === '')) throw new ConfigError(`${where('checkpointAllow')} must not contain an empty pattern`);
  if (raw.logPromptExcerpt !== undefined && typeof raw.logPromptExcerpt !== 'boolean') throw new ConfigError(`${where('logPromptExcerpt')} must be true or false`);
  if (raw.mouse !== undefined && typeof raw.mouse !== 'boolean') throw new ConfigError(`${where('mouse')} must be true or false`);
  const hosts = parseHosts(raw.hosts, where);
  let sshCommand: string[] | null = null;
  if (raw.sshCommand !== undefined) {
    if (typeof raw.sshCommand === 'string') sshCommand = splitArgv(raw.sshCommand, where('sshCommand'));
    else sshCommand = stringArray(raw.sshCommand, where('sshCommand'));
    if (sshCommand.length === 0) throw new ConfigError(`${where('sshCommand')} must name a program`);
  }
  return {
    path,
    defaultAgent: defaultAgent as ConfigurableAgent,
    autonomy,
    heartbeatIntervalSec: envNumber(env, 'ONESHOT_HEARTBEAT_INTERVAL') ?? positive(raw.heartbeatInterval, where('heartbeatInterval')) ?? 30,
    checkpointIntervalSec: envNumber(env, 'ONESHOT_CHECKPOINT_INTERVAL') ?? positive(raw.checkpointInterval, where('checkpointInterval')) ?? 300,
    checkpointMode,
    checkpointMaxFileMB: positive(raw.checkpointMaxFileMB, where('checkpointMaxFileMB')) ?? 10,
    checkpointAllow,
    logPromptExcerpt: raw.logPromptExcerpt !== false,
    mouse: raw.mouse !== false,
    pollIntervalMs: positive(raw.pollInterval, where('pollInterval')) ?? 1000,
    stopGraceSec: envNumber(env, 'ONESHOT_STOP_GRACE') ?? positive(raw.stopGrace, where('stopGrace')) ?? 10,
    tmuxConfig: env.ONESHOT_TMUX_CONF || (typeof raw.tmuxConfig === 'string' ? raw.tmuxConfig : null),
    agents,
    watchdog,
    hosts,
    sshCommand,
  };
}

function parseHosts(value: unknown, where: (key: string) => string): Record<string, HostConfig> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where('hosts')} must be an object of NAME: { ssh, command?, args? }`);
  const hosts: Record<string, HostConfig> = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const at = (key: string) => where(`hosts.${name}${key ? `.${key}` : ''}`);
    if (!HOST_NAME.test(name) || name === 'local') throw new ConfigError(`${at('')}: a host name is letters, digits, '.', '_' and '-' (and not "local")`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigError(`${at('')} must be an object`);
    const e = entry as Record<string, unknown>;
    const ssh = e.ssh ?? name;
    if (typeof ssh !== 'string' || ssh.trim() === '' || ssh.startsWith('-')) throw new ConfigError(`${at('ssh')} must be an ssh destination (not an option)`);
    if (e.command !== undefined && (typeof e.command !== 'string' || e.command.trim() === '')) throw new ConfigError(`${at('command')} must be a command line`);
    hosts[name] = { ssh, command: (e.command as string | undefined) ?? 'oneshot', args: stringArray(e.args, at('args')) };
  }
  return hosts;
}

/**
 * An argv from one line the way a shell would split it into words — quotes and backslashes
 * honoured, nothing expanded — for `ONESHOT_SSH_COMMAND` and `sshCommand`: never run by a shell.
 */
export function splitArgv(line: string, where: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) word = (word ?? '') + (line[++i] as string);
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + (line[++i] as string);
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new ConfigError(`${where}: unbalanced ${quote} quote`);
  if (word !== null) out.push(word);
  return out;
}
