// Run the built command-line programs the way a user does.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ONESHOT_BIN = join(root, 'dist', 'src', 'cli', 'oneshot.js');
export const ONESHOT_TUI_BIN = join(root, 'dist', 'src', 'cli', 'oneshot-tui.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.TMUX;
  delete env.TMUX_PANE;
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function runCli(args: string[], env: Record<string, string | undefined>, options: { input?: string; cwd?: string; bin?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [options.bin ?? ONESHOT_BIN, ...args], {
    encoding: 'utf8',
    env: cleanEnv(env),
    input: options.input ?? '',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 30_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
