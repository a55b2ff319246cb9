// The one module that starts processes. Everything else receives a Runner (or the
// spawn helpers below) so tests can substitute a fake that asserts the exact argv.
//
// Short queries (tmux, git) go through node's execFile: argv only, a timeout, output
// captured. execa drives the long-lived and interactive processes (agents, attach); it is
// imported on first use because loading it costs ~200 ms here, which alone would blow the
// budget of a command like `oneshot status`.
import { execFile, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';

export interface RunOptions {
  /** Kill the process after this long; every call has a limit. */
  timeoutMs?: number;
  cwd?: string;
  /** Merged over the current environment; undefined removes a variable. */
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

export function mergeEnv(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  if (!extra) return process.env;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

// Short commands still running. A program that has its answer does not wait for one that
// never comes (a tmux client of a stopped server): it ends them as it exits.
const pendingQueries = new Set<ReturnType<typeof execFile>>();

/** SIGKILL every short command still running (for a process about to exit). */
export function killPendingQueries(): void {
  for (const child of pendingQueries) child.kill('SIGKILL');
  pendingQueries.clear();
}

/** A Runner for short commands: argv only, no shell, a timeout, never rejects. */
export function createRunner(defaults: { timeoutMs?: number } = {}): Runner {
  return (file, args, options = {}) =>
    new Promise<RunResult>((resolve) => {
      const timeout = options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let child: ReturnType<typeof execFile> | undefined;
      try {
        child = execFile(
          file,
          [...args],
          { cwd: options.cwd, env: mergeEnv(options.env), timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
          (error, stdout, stderr) => {
            if (child) pendingQueries.delete(child);
            if (!error) return resolve({ stdout, stderr, exitCode: 0, notFound: false, timedOut: false });
            const err = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
            const notFound = err.code === 'ENOENT' || err.code === 'EACCES';
            const timedOut = err.killed === true && err.signal === 'SIGKILL';
            const exitCode = typeof err.code === 'number' ? err.code : notFound ? 127 : 1;
            resolve({ stdout: stdout ?? '', stderr: stderr || (notFound ? `${file}: not found` : err.message), exitCode, notFound, timedOut });
          },
        );
      } catch (error) {
        resolve({ stdout: '', stderr: error instanceof Error ? error.message : String(error), exitCode: 1, notFound: false, timedOut: false });
        return;
      }
      pendingQueries.add(child);
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
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
  const { execa } = await import('execa');
  const result = await execa(file, [...args], { stdio: 'inherit', reject: false, env: mergeEnv(env), extendEnv: false });
  const notFound = result.code === 'ENOENT';
  return { exitCode: result.exitCode ?? (notFound ? 127 : 1), notFound };
}

export interface AgentExit {
  /** Exit code, or 128 + signal number when killed by a signal. */
  code: number;
  signal: string | null;
  /** The program could not be started (not found, not executable). */
  startError: string | null;
}

export interface AgentProcess {
  pid: number | null;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  done: Promise<AgentExit>;
  /** Signal the agent's whole process group (its tool subprocesses too). */
  signalGroup(signal: NodeJS.Signals): boolean;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

/**
 * Start an agent in its own process group (so stop and kill reach everything it spawned),
 * stdin from a file or /dev/null, output piped to the caller.
 */
export async function spawnAgent(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stdinFile?: string | null }): Promise<AgentProcess> {
  const [file, ...args] = argv;
  if (!file) return { pid: null, stdout: null, stderr: null, done: Promise.resolve({ code: 127, signal: null, startError: 'no command given' }), signalGroup: () => false };
  const { execa } = await import('execa');
  // A prompt file is the agent's stdin as a plain file (not a pipe we would have to feed).
  const stdinFd = options.stdinFile ? openSync(options.stdinFile, 'r') : null;
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    // execa takes a file descriptor here at run time; its types only list it for stdio arrays.
    stdin: (stdinFd ?? 'ignore') as 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    encoding: 'buffer',
  });
  if (stdinFd !== null) closeSync(stdinFd);
  const pid = child.pid ?? null;
  // The agent is done when its process exits — not when its output pipes close, which a
  // process it left behind (a tool, a native helper) can hold open for as long as it lives.
  const exited = new Promise<AgentExit>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code: signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : (code ?? 1), signal: signal ?? null, startError: null });
    });
  });
  const finished = child.then(
    (result): AgentExit => {
      const signal = result.signal ?? null;
      const startError = result.failed && result.exitCode === undefined && !signal ? result.shortMessage ?? 'could not start' : null;
      const code = signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : (result.exitCode ?? (startError ? 127 : 1));
      return { code, signal, startError };
    },
    (error: unknown): AgentExit => ({ code: 127, signal: null, startError: error instanceof Error ? error.message : String(error) }),
  );
  // A program that cannot start never exits: execa's result says why.
  const done = Promise.race([exited, finished]);
  return {
    pid,
    stdout: child.stdout ?? null,
    stderr: child.stderr ?? null,
    done,
    signalGroup: (signal) => (pid ? signalGroup(pid, signal) : false),
  };
}

/**
 * An agent's own interface on this process's terminal (the tmux pane): stdin, stdout and
 * stderr are the terminal, and it stays in the terminal's foreground process group so it
 * gets the keys, Ctrl-C and window resizes. Signals from oneshot go to its pid.
 */
export function spawnInteractive(argv: readonly string[], options: { cwd: string; env: Record<string, string> }): AgentProcess {
  const [file, ...args] = argv;
  if (!file) return { pid: null, stdout: null, stderr: null, done: Promise.resolve({ code: 127, signal: null, startError: 'no command given' }), signalGroup: () => false };
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: 'inherit' });
  const done = new Promise<AgentExit>((resolve) => {
    child.once('error', (error) => resolve({ code: 127, signal: null, startError: error.message }));
    child.once('exit', (code, signal) => resolve({ code: signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : (code ?? 1), signal: signal ?? null, startError: null }));
  });
  const pid = child.pid ?? null;
  return {
    pid,
    stdout: null,
    stderr: null,
    done,
    signalGroup: (signal) => {
      if (!pid) return false;
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Signal a process group led by `pid` (or the process alone if it leads none). */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Full path of a program on PATH (or the path itself when it has a slash), or null. */
export function findOnPath(program: string, env: Record<string, string | undefined> = process.env): string | null {
  // Synchronous and tiny: a handful of stat calls, once per launch.
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return executable(program) ? program : null;
  for (const dir of (env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const candidate = `${dir.replace(/\/+$/, '')}/${program}`;
    if (executable(candidate)) return candidate;
  }
  return null;
}

/**
 * End every process of an agent's tree: each one's own process group first (a tool in
 * its own session leads one), then the process. Returns how many were signalled.
 */
export function killProcesses(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL'): number {
  let count = 0;
  for (const pid of pids) {
    let hit = false;
    try {
      process.kill(-pid, signal);
      hit = true;
    } catch {
      // not a group leader
    }
    try {
      process.kill(pid, signal);
      hit = true;
    } catch {
      // already gone
    }
    if (hit) count++;
  }
  return count;
}

export interface PipedProcess {
  pid: number | null;
  /** Write one line to its stdin; false when it is gone. */
  write(text: string): boolean;
  /** Lines it prints on stdout, as they arrive. */
  onLine(listener: (line: string) => void): void;
  /** Resolves when it exited (or could not start). */
  exited: Promise<void>;
  /** Close its stdin (a polite end), then kill it if it lingers. */
  close(): Promise<void>;
}

/**
 * A long-lived helper (tmux's control-mode client) on pipes. It ends when we do: its
 * stdin is our pipe, so our exit — even a SIGKILL — is its end of input.
 */
export function spawnPiped(file: string, args: readonly string[], env?: Record<string, string | undefined>): PipedProcess {
  const child = spawn(file, [...args], { env: mergeEnv(env), stdio: ['pipe', 'pipe', 'ignore'] });
  const listeners: ((line: string) => void)[] = [];
  let carry = '';
  let gone = false;
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const text = carry + chunk;
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line.replace(/\r$/, ''));
  });
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    child.once('error', () => {
      gone = true;
      resolve();
    });
    child.once('exit', () => {
      gone = true;
      resolve();
    });
  });
  return {
    pid: child.pid ?? null,
    write(text) {
      if (gone || !child.stdin || child.stdin.destroyed) return false;
      return child.stdin.write(text) || true;
    },
    onLine(listener) {
      listeners.push(listener);
    },
    exited,
    async close() {
      if (gone) return;
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(timer);
    },
  };
}
