// What every operation needs; the command line and the dashboard both build one.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.js';
import type { Runner } from '../proc/exec.js';
import type { TmuxClient } from '../tmux/client.js';

export interface OpsContext {
  tmux: TmuxClient;
  runner: Runner;
  config: Config;
  stateDir: string;
  /** The caller's environment: what the agent inherits. */
  env: Record<string, string | undefined>;
  /** Who asked, for the actions log. */
  source: 'cli' | 'dashboard' | 'watchdog' | 'remote';
}

/** An operation that cannot be done; the message is the one line to show. */
export class OpError extends Error {}

/** The request itself is wrong (a name that is not exact, a missing directory): exit status 2. */
export class OpUsageError extends OpError {}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The supervisor program (built output; tests run from source and use the build). `here`
 * is dist/src/ops, or dist/src/cli for the bundled `oneshot` and its chunks: both one
 * level below dist/src.
 */
export function supervisorScript(): string {
  const beside = join(here, '..', 'supervisor', 'main.js');
  if (existsSync(beside)) return beside;
  return join(here, '..', '..', 'dist', 'src', 'supervisor', 'main.js');
}
