// The one module that starts processes. Everything else receives a Runner (or the
// spawn helpers below) so tests can substitute a fake that asserts the exact argv.
import { execa } from 'execa';

export interface RunOptions {
  /** Kill the process after this long; every call has a limit. */
  timeoutMs?: number;
  cwd?: string;
  /** Replaces nothing: merged over the current environment. */
  env?: Record<string, string | undefined>;
  input?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The program could not be found or started. */
  notFound: boolean;
  timedOut: boolean;
}

export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const DEFAULT_TIMEOUT_MS = 10_000;

/** A Runner backed by execa: argv only, no shell, never rejects. */
export function createRunner(defaults: { timeoutMs?: number } = {}): Runner {
  return async (file, args, options = {}) => {
    try {
      const result = await execa(file, [...args], {
        reject: false,
        stripFinalNewline: false,
        timeout: options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        cwd: options.cwd,
        env: options.env,
        extendEnv: true,
        input: options.input,
        stdin: options.input === undefined ? 'ignore' : 'pipe',
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const code = result.code ?? '';
      const notFound = code === 'ENOENT' || code === 'EACCES';
      return {
        stdout: typeof result.stdout === 'string' ? result.stdout : '',
        stderr: typeof result.stderr === 'string' ? result.stderr : String(result.shortMessage ?? ''),
        exitCode: result.exitCode ?? (notFound ? 127 : 1),
        notFound,
        timedOut: result.timedOut === true,
      };
    } catch (error) {
      return {
        stdout: '',
        stderr: error instanceof Error ? error.message : String(error),
        exitCode: 1,
        notFound: false,
        timedOut: false,
      };
    }
  };
}

export interface InteractiveResult {
  exitCode: number;
  notFound: boolean;
}

/**
 * Run a program on the caller's terminal (stdio inherited) and wait for it: used for
 * `tmux attach`, which needs the real TTY.
 */
export async function runInteractive(file: string, args: readonly string[], env?: Record<string, string | undefined>): Promise<InteractiveResult> {
  const result = await execa(file, [...args], { stdio: 'inherit', reject: false, env, extendEnv: true });
  const notFound = result.code === 'ENOENT';
  return { exitCode: result.exitCode ?? (notFound ? 127 : 1), notFound };
}
