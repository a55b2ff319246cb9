// The one module in src/ that renders: it puts the App on the alternate screen and
// guarantees the terminal comes back on every way out (q, Ctrl-C, SIGTERM, SIGHUP,
// an uncaught error), and around `tmux attach`, which borrows the terminal.
import { ReadStream } from 'node:tty';
import { render, type Instance } from 'ink';
import { App } from '../../components/App.js';
import { ControllerContext, StoreContext } from '../../components/context.js';
import { createDashboardActions } from '../tui/actions.js';
import { createController, type Controller } from '../tui/controller.js';
import { createDashboardOps, type DashboardHooks } from '../tui/dashboard-ops.js';
import { createScreen } from '../tui/screen.js';
import { pacedStore } from '../store/paced.js';
import { shareInkCaches } from '../tui/ink-caches.js';
import { osc52 } from '../tui/copy.js';
import { describeEvent } from '../notify/events.js';
import { createNotifier } from '../notify/notifier.js';
import { watchForNotifications } from '../notify/service.js';
import { logAction } from '../ops/actions-log.js';
import { resumeAgent, resumedWhere } from '../ops/resume.js';
import { releaseWatchdogLock, takeWatchdogLock } from '../watchdog/lock.js';
import { createWatchdog } from '../watchdog/service.js';
import type { Context } from './context.js';
import { HostConnection } from '../remote/host.js';
import { serveArgv, type HostTarget } from '../remote/hosts.js';
import { routeToHosts } from '../tui/host-ops.js';
import { VERSION } from './version.js';
import { onTerminalGone } from './io.js';

export interface DashboardOptions {
  context: Context;
  /** Resume crashed and lost agents (all of them) from the start. */
  autoResume?: boolean;
  /** --on-event: a command run with each notification's JSON on stdin. */
  onEvent?: string | null;
  /** Agents to watch with auto-resume from the start (the demo's flaky one). */
  watch?: string[];
  /** Runs after the terminal is restored, on every way out. */
  onExit?: () => Promise<void> | void;
  /** Other machines whose agents the dashboard shows too (over ssh). */
  hosts?: HostTarget[];
  /** Clicks and the wheel (on unless --no-mouse or the config's "mouse": false). */
  mouse?: boolean;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
const SIGNAL_CODES: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export async function runDashboard(options: DashboardOptions): Promise<number> {
  const { context } = options;
  await shareInkCaches();
  // https://no-color.org: set and not empty.
  const screen = createScreen(process.stdout, { monochrome: Boolean(context.env.NO_COLOR), mouse: options.mouse !== false });
  // The components read a paced view of the store: background changes come in one frame a second.
  const view = pacedStore(context.store);
  let instance: Instance | null = null;
  let controller: Controller | null = null;
  // The keyboard. Replaced after an attach: a paused stream still reads ahead and would
  // steal the keys meant for tmux, so the old one is destroyed (fd 0 itself stays open).
  let input: NodeJS.ReadStream = process.stdin;
  let finished = false;
  let exitCode = 0;
  let resolveDone: () => void = () => undefined;
  // The watchdog and notifications, stopped before anything else on the way out: a
  // resume started during the exit would bring sessions back that the exit removes.
  let stopServices: () => Promise<void> = async () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));

  const restoreInput = () => {
    if (input.isTTY) {
      try {
        input.setRawMode(false);
      } catch {
        // stdin may already be closed
      }
    }
  };

  function mount(): void {
    if (!controller) return;
    instance = render(
      <StoreContext.Provider value={view}>
        <ControllerContext.Provider value={controller}>
          <App home={context.env.HOME} />
        </ControllerContext.Provider>
      </StoreContext.Provider>,
      { stdout: screen.stream, stdin: input, stderr: process.stderr, debug: true, exitOnCtrlC: false, patchConsole: false },
    );
    const mine = instance;
    mine.waitUntilExit().then(
      () => {
        // Unmounted for an attach: not an exit.
        if (instance === mine) void finish(exitCode);
      },
      (error: unknown) => onCrash(error),
    );
  }

  async function finish(code: number): Promise<void> {
    if (finished) return;
    finished = true;
    exitCode = code;
    const current = instance;
    instance = null;
    try {
      current?.unmount();
    } catch {
      // unmounting a broken tree must not keep the terminal broken
    }
    try {
      screen.restore();
      restoreInput();
      input.pause();
      if (input !== process.stdin) input.destroy();
    } catch {
      // a terminal that is gone cannot be restored; the exit work below still runs
    }
    await stopServices().catch(() => undefined);
    await context.runtime.stop().catch(() => undefined);
    view.close();
    await context.tmux.close().catch(() => undefined);
    await Promise.resolve(options.onExit?.()).catch(() => undefined);
    // Only now: Ink's signal-exit re-raises a signal as soon as it sees no other listener,
    // which would end the process before the cleanup above is done.
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    onTerminalGone(null);
    resolveDone();
  }

  function onSignal(signal: NodeJS.Signals): void {
    void finish(128 + (SIGNAL_CODES[signal] ?? 1));
  }

  let crashed = false;
  function onCrash(error: unknown): void {
    // Once is enough: reporting an error must not become a loop of errors.
    if (crashed) return;
    crashed = true;
    try {
      screen.restore();
      restoreInput();
      process.stderr.write(`oneshot-tui: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    } catch {
      // the terminal may be gone
    }
    void finish(1);
  }

  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  // The terminal went away (its tmux server or SSH connection ended): leave as on SIGHUP.
  onTerminalGone(() => void finish(129));

  const hooks: DashboardHooks = {
    // The dashboard steps aside completely (Ink unmounted, main screen, cooked mode) so
    // `tmux attach` owns the terminal, then comes back with a full repaint.
    async suspend(fn) {
      const current = instance;
      instance = null;
      current?.unmount();
      screen.restore();
      restoreInput();
      input.destroy();
      try {
        return await fn();
      } finally {
        if (!finished) {
          input = process.stdin.isTTY ? new ReadStream(0) : process.stdin;
          screen.enter();
          mount();
          context.store.getState().clockTicked(Date.now());
        }
      }
    },
    refresh: () => void context.runtime.pollOnce().catch(() => undefined),
    look: async (agentId) => {
      await context.runtime.pollOnce().catch(() => undefined);
      return context.store.getState().agents[agentId];
    },
  };
  const opsContext = context.ops('dashboard');
  // One connection per host, each on its own: a slow host delays nobody.
  const connections = new Map<string, HostConnection>();
  for (const target of options.hosts ?? []) {
    const connection = new HostConnection({
      name: target.name,
      argv: serveArgv(context.config, context.env, target),
      env: context.env,
      localVersion: VERSION,
      onChange: (snapshot) => context.store.getState().hostUpdated(snapshot),
    });
    connections.set(target.name, connection);
    context.store.getState().hostUpdated(connection.snapshot());
  }
  const ops = routeToHosts(createDashboardOps(opsContext, hooks), { connections, config: context.config, env: context.env, suspend: hooks.suspend });
  controller = createController({
    store: context.store,
    quit: () => void finish(0),
    actions: createDashboardActions(context.store, ops),
    copy: (text) => screen.raw(osc52(text, Boolean(context.env.TMUX))),
  });

  // The watchdog acts on the agents it watches (--auto-resume: all; W: chosen ones).
  const watchdog = createWatchdog({
    store: context.store,
    config: context.config.watchdog,
    resume: async (agent) => {
      const r = await resumeAgent(context.ops('watchdog'), agent);
      return `restarted ${resumedWhere(r)}`;
    },
    log: (record) => logAction(context.ops('watchdog'), record),
    onDecision: (_agent, decision, text) => {
      if (decision.kind !== 'wait') context.store.getState().messageShown(text, decision.kind === 'give-up' ? 'error' : 'info');
    },
  });
  if (options.autoResume || options.watch?.length) {
    const blocked = takeWatchdogLock(context.stateDir);
    if (blocked) context.store.getState().watchdogBlocked(blocked);
    else if (options.autoResume) context.store.getState().watchdogAllSet(true);
    else context.store.getState().watchdogToggled(options.watch ?? []);
  }
  const notifier = createNotifier({
    terminal: (bytes) => screen.raw(bytes),
    env: context.env,
    tmux: context.tmux,
    runner: context.runner,
    hook: options.onEvent ?? null,
    onError: (message) => context.store.getState().messageShown(message, 'error'),
  });
  const unsubscribe = watchForNotifications(context.store, notifier, (events) => {
    const first = events[0];
    if (first) context.store.getState().messageShown(describeEvent(first), first.event === 'done' ? 'success' : 'warn');
  });

  stopServices = async () => {
    unsubscribe();
    await Promise.all([...connections.values()].map((c) => c.stop()));
    await watchdog.stop();
    releaseWatchdogLock(context.stateDir);
  };

  screen.enter();
  context.runtime.start();
  for (const c of connections.values()) c.start();
  watchdog.start();
  mount();
  await done;
  return exitCode;
}
