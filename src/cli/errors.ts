import { OpError, OpUsageError } from '../ops/context.js';

// Bad input ends in one clear line on stderr and a non-zero exit, never a stack trace.

/** An error whose message is already the one line to show. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** tmux is not installed. */
  missingTmux: 2,
} as const;

export function tmuxMissingMessage(program: string): string {
  return `${program}: tmux is not installed (not found on PATH); install tmux 3.0 or newer`;
}

/** Print the one line for any error and return the exit code to use. */
export function reportError(program: string, error: unknown, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  if (error instanceof CliError) {
    write(`${program}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof OpError) {
    write(`${program}: ${error.message}`);
    return error instanceof OpUsageError ? EXIT.usage : EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`${program}: unexpected error: ${message.split('\n')[0]}`);
  return EXIT.failure;
}
