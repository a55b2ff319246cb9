// What every command needs: config, the tmux client for the chosen server, the store and
// the runtime that fills it. Built once per invocation from the global options.
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createRunner, spawnPiped, type Runner } from '../proc/exec.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import type { WatcherFactory } from '../sources/watch.js';
import { resolveStateDir } from '../state/paths.js';
import { createAppStore, type AppStore } from '../store/store.js';
import { createTmuxClient, type TmuxClient } from '../tmux/client.js';
import type { OpsContext } from '../ops/context.js';
import { CliError, EXIT } from './errors.js';

export interface ServerOptions {
  socketName?: string;
  socketPath?: string;
}

export interface Context {
  /** Operations (run, resume, kill…) as this caller. */
  ops(source: OpsContext['source']): OpsContext;
  env: Record<string, string | undefined>;
  config: Config;
  runner: Runner;
  tmux: TmuxClient;
  stateDir: string;
  store: AppStore;
  runtime: Runtime;
}

export interface ContextOptions extends ServerOptions {
  dirs?: string[];
  intervalMs?: number;
  watcherFactory?: WatcherFactory | null;
  env?: Record<string, string | undefined>;
  runner?: Runner;
  /** `-f` for a server this process starts (the demo's private server). */
  tmuxConfigFile?: string;
  /** Long-running watchers (dashboard, watch) read tmux over one control-mode client. */
  control?: boolean;
  /** Capture the selected agent's output (the dashboard's output panel). */
  focus?: boolean;
}

export function parseInterval(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isFinite(n) || n < 100) throw new CliError(`--interval must be a whole number of milliseconds, at least 100 (got "${value}")`, EXIT.usage);
  return n;
}

export function createContext(options: ContextOptions = {}): Context {
  const env = options.env ?? process.env;
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
  if (options.socketName && options.socketPath) throw new CliError('give -L/--socket-name or -S/--socket-path, not both', EXIT.usage);
  const runner = options.runner ?? createRunner();
  const tmux = createTmuxClient({
    runner,
    env,
    socket: { name: options.socketName, path: options.socketPath ? resolve(options.socketPath) : undefined },
    ...((options.tmuxConfigFile ?? config.tmuxConfig) ? { configFile: options.tmuxConfigFile ?? config.tmuxConfig ?? undefined } : {}),
    control: options.control && env.ONESHOT_TMUX_CONTROL !== '0' ? { spawn: spawnPiped } : null,
  });
  const stateDir = resolveStateDir(env);
  const store = createAppStore({ heartbeatIntervalSec: config.heartbeatIntervalSec, serverLabel: tmux.label, serverArgs: tmux.serverArgs });
  const runtime = createRuntime({
    tmux,
    store,
    stateDir,
    dirs: (options.dirs ?? []).map((d) => resolve(d)),
    intervalMs: options.intervalMs ?? config.pollIntervalMs,
    watcherFactory: options.watcherFactory ?? null,
    focus: options.focus === true,
  });
  return { env, config, runner, tmux, stateDir, store, runtime, ops: (source) => ({ tmux, runner, config, stateDir, env, source }) };
}
