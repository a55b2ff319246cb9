// A Runner that expects exact argv, the way lazygit's fake command runner does.
import type { RunOptions, RunResult, Runner } from '../../src/proc/exec.js';

export interface Expectation {
  file: string;
  args: readonly string[];
  result?: Partial<RunResult>;
}

export interface FakeRunner {
  runner: Runner;
  calls: { file: string; args: string[]; options: RunOptions | undefined }[];
  /** Fails when an expectation was not used. */
  assertDone(): void;
}

export function fakeRunner(expectations: Expectation[]): FakeRunner {
  const queue = [...expectations];
  const calls: FakeRunner['calls'] = [];
  const runner: Runner = async (file, args, options) => {
    calls.push({ file, args: [...args], options });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected command: ${file} ${JSON.stringify(args)}`);
    const expected = JSON.stringify([next.file, next.args]);
    const actual = JSON.stringify([file, args]);
    if (expected !== actual) throw new Error(`command mismatch\n expected ${expected}\n   actual ${actual}`);
    return { stdout: '', stderr: '', exitCode: 0, notFound: false, timedOut: false, ...next.result };
  };
  return {
    runner,
    calls,
    assertDone() {
      if (queue.length > 0) throw new Error(`expected commands not run: ${JSON.stringify(queue.map((q) => [q.file, q.args]))}`);
    },
  };
}
