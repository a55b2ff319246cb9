// The one module in src/ that renders: it puts the App on the alternate screen and
// guarantees the terminal comes back on every way out (q, Ctrl-C, SIGTERM, SIGHUP,
// an uncaught error).
import { render, type Instance } from 'ink';
import { App } from '../../components/App.js';
import { ControllerContext, StoreContext } from '../../components/context.js';
import type { ActionPort } from '../tui/controller.js';
import { createController } from '../tui/controller.js';
import { createScreen } from '../tui/screen.js';
import type { Context } from './context.js';

export interface DashboardOptions {
  context: Context;
  /** Wired agent actions; when absent, action keys say why they are unavailable. */
  actions?: (hooks: DashboardHooks) => ActionPort;
  /** Runs after the terminal is restored, on every way out. */
  onExit?: () => Promise<void> | void;
}

export interface DashboardHooks {
  /** Leave the alternate screen and raw mode while `fn` uses the terminal (tmux attach). */
  suspend<T>(fn: () => Promise<T>): Promise<T>;
  quit(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
const SIGNAL_CODES: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export async function runDashboard(options: DashboardOptions): Promise<number> {
  const { context } = options;
  const stdout = process.stdout;
  const screen = createScreen(stdout);
  let instance: Instance | null = null;
  let finished = false;
  let exitCode = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));

  const restoreInput = () => {
    if (process.stdin.isTTY) {
      try {
        process.stdin.setRawMode(false);
      } catch {
        // stdin may already be closed
      }
    }
  };

  async function finish(code: number): Promise<void> {
    if (finished) return;
    finished = true;
    exitCode = code;
    try {
      instance?.unmount();
    } catch {
      // unmounting a broken tree must not keep the terminal broken
    }
    screen.restore();
    restoreInput();
    process.stdin.pause();
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await context.runtime.stop().catch(() => undefined);
    await Promise.resolve(options.onExit?.()).catch(() => undefined);
    resolveDone();
  }

  function onSignal(signal: NodeJS.Signals): void {
    void finish(128 + (SIGNAL_CODES[signal] ?? 1));
  }

  function onCrash(error: unknown): void {
    screen.restore();
    restoreInput();
    process.stderr.write(`oneshot-tui: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    void finish(1);
  }

  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const hooks: DashboardHooks = {
    async suspend(fn) {
      screen.restore();
      restoreInput();
      try {
        return await fn();
      } finally {
        screen.enter();
        if (process.stdin.isTTY) process.stdin.setRawMode(true);
        process.stdin.resume();
        context.store.getState().clockTicked(Date.now());
      }
    },
    quit: () => void finish(0),
  };
  const controller = createController({ store: context.store, quit: hooks.quit, actions: options.actions?.(hooks) ?? null });

  screen.enter();
  context.runtime.start();
  instance = render(
    <StoreContext.Provider value={context.store}>
      <ControllerContext.Provider value={controller}>
        <App home={context.env.HOME} />
      </ControllerContext.Provider>
    </StoreContext.Provider>,
    { stdout: screen.stream, stdin: process.stdin, stderr: process.stderr, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  instance.waitUntilExit().then(
    () => void finish(exitCode),
    (error: unknown) => onCrash(error),
  );
  await done;
  return exitCode;
}
