// The terminal as commands see it, injectable so tests capture output.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly columns: number;
  readonly env: Record<string, string | undefined>;
  /** Ask a yes/no question on the terminal; only called when stdin is a TTY. */
  confirm(question: string): Promise<boolean>;
}

let pipeGuard = false;
let terminalGone: (() => void) | null = null;

/**
 * What to do when the terminal goes away under a running program (EIO: the pty closed,
 * as when its tmux server or SSH connection ends). The dashboard finishes its exit work;
 * without a handler the process ends.
 */
export function onTerminalGone(handler: (() => void) | null): void {
  terminalGone = handler;
}

/** `oneshot status | head` closes the pipe early: that is the reader's choice, not an error. */
function guardBrokenPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
      // Never write about it: the terminal is what is gone.
      if (terminalGone) terminalGone();
      else process.exit(process.exitCode ?? 0);
    });
  }
}

export function processIo(): Io {
  guardBrokenPipe();
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.columns || 120,
    env: process.env,
    async confirm(question) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
  };
}

export function useColor(io: Io): boolean {
  return io.stdoutIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
