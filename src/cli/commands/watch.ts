// oneshot watch: the watchdog and notifications without a dashboard, for machines where
// nobody keeps one open (it can itself run in a tmux session).
import { logAction } from '../../ops/actions-log.js';
import { resumeAgent, resumedWhere } from '../../ops/resume.js';
import { createNotifier } from '../../notify/notifier.js';
import { watchForNotifications } from '../../notify/service.js';
import { describeEvent } from '../../notify/events.js';
import { createDirWatcher } from '../../sources/watch.js';
import { plainText } from '../../text/sanitize.js';
import { formatClock } from '../../util/format.js';
import { releaseWatchdogLock, takeWatchdogLock } from '../../watchdog/lock.js';
import { createWatchdog } from '../../watchdog/service.js';
import { createContext, type ServerOptions } from '../context.js';
import { CliError, EXIT, tmuxMissingMessage } from '../errors.js';
import type { Io } from '../io.js';

export interface WatchOptions extends ServerOptions {
  autoResume?: boolean;
  onEvent?: string;
  interval?: number;
}

export async function watchCommand(dirs: string[], options: WatchOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const context = createContext({ ...options, dirs, env: io.env, watcherFactory: createDirWatcher, intervalMs: options.interval, control: true });
  if ((await context.tmux.version()) === null) throw new CliError(tmuxMissingMessage('oneshot').replace(/^oneshot: /, ''), EXIT.missingTmux);
  const ops = context.ops('watchdog');
  const say = (text: string) => io.out(`${formatClock(Date.now())} ${text}`);
  if (options.autoResume) {
    const blocked = takeWatchdogLock(context.stateDir);
    if (blocked) throw new CliError(blocked);
    context.store.getState().watchdogAllSet(true);
  }
  const watchdog = createWatchdog({
    store: context.store,
    config: context.config.watchdog,
    resume: async (agent) => {
      const r = await resumeAgent(ops, agent);
      return `restarted ${resumedWhere(r)}`;
    },
    log: (record) => logAction(ops, record),
    onDecision: (_agent, _decision, text) => say(plainText(text)),
  });
  const notifier = createNotifier({
    terminal: null,
    env: io.env,
    tmux: context.tmux,
    runner: context.runner,
    hook: options.onEvent ?? null,
    onError: (message) => io.err(`oneshot: ${message}`),
  });
  const unsubscribe = watchForNotifications(context.store, notifier, (events) => {
    for (const e of events) say(plainText(describeEvent(e)));
  });
  context.runtime.start();
  if (options.autoResume) watchdog.start();
  say(`watching tmux ${context.tmux.label}${options.autoResume ? ' with auto-resume' : ' (notifications only; --auto-resume to restart crashed agents)'}; Ctrl-C stops`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  unsubscribe();
  await watchdog.stop();
  await context.runtime.stop();
  await context.tmux.close();
  if (options.autoResume) releaseWatchdogLock(context.stateDir);
  say('stopped watching');
  return EXIT.ok;
}
