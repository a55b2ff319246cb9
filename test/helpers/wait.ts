// Tests wait for conditions, never for a fixed time.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said when the deadline passes, with the last value seen. */
  message?: string;
}

export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<Exclude<T, false | null | undefined | 0 | "">> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last as Exclude<T, false | null | undefined | 0 | "">;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError instanceof Error ? lastError.message : JSON.stringify(last)?.slice(0, 2000);
      throw new Error(`${options.message ?? 'condition not met'} within ${timeoutMs} ms (last: ${seen})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
