// Telling a person: the terminal bell, a desktop notification by OSC 9 or OSC 777 where
// the terminal understands one (wrapped for tmux), tmux display-message on the agent's
// server, and an optional hook command that gets the event as JSON on stdin. Rate-limited
// so a crash loop does not flood anyone.
import type { Runner } from '../proc/exec.js';
import type { TmuxClient } from '../tmux/client.js';
import { describeEvent, type NotifyEvent } from './events.js';

export type OscFlavor = '9' | '777' | 'off';

export interface NotifierOptions {
  /** Writes raw bytes to the user's terminal (bell, OSC); null when there is none. */
  terminal: ((bytes: string) => void) | null;
  env: Record<string, string | undefined>;
  tmux: TmuxClient | null;
  runner: Runner;
  /** The --on-event command line; split into argv, never given to a shell. */
  hook: string | null;
  bell?: boolean;
  osc?: OscFlavor | 'auto';
  clock?: () => number;
  /** The same agent and event at most once in this long. */
  perAgentMs?: number;
  /** At most this many notifications a minute across all agents. */
  perMinute?: number;
  /** Problems running the hook or tmux (shown, never thrown). */
  onError?: (message: string) => void;
}

export interface Notifier {
  notify(events: readonly NotifyEvent[]): Promise<NotifyEvent[]>;
}

/** Terminals known to show OSC 9 or OSC 777 as desktop notifications. */
export function detectOsc(env: Record<string, string | undefined>): OscFlavor {
  const forced = env.ONESHOT_NOTIFY_OSC;
  if (forced === '9' || forced === '777' || forced === 'off') return forced;
  const program = env.TERM_PROGRAM ?? '';
  const term = env.TERM ?? '';
  if (env.LC_TERMINAL === 'iTerm2' || ['iTerm.app', 'WezTerm', 'ghostty'].includes(program) || env.WT_SESSION || env.KITTY_WINDOW_ID) return '9';
  if (term.startsWith('foot') || term.startsWith('rxvt')) return '777';
  return 'off';
}

function clean(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f;]/g, ' ').slice(0, max);
}

/** The escape sequence, wrapped so tmux passes it to the outer terminal. */
export function oscSequence(flavor: OscFlavor, title: string, body: string, insideTmux: boolean): string {
  if (flavor === 'off') return '';
  const seq = flavor === '9' ? `\x1b]9;${clean(`${title}: ${body}`)}\x07` : `\x1b]777;notify;${clean(title, 60)};${clean(body)}\x07`;
  return insideTmux ? throughTmux(seq) : seq;
}

/** An escape sequence wrapped so tmux hands it to the outer terminal (allow-passthrough on). */
export function throughTmux(seq: string): string {
  return `\x1bPtmux;${seq.replace(/\x1b/g, '\x1b\x1b')}\x1b\\`;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const clock = options.clock ?? Date.now;
  const perAgentMs = options.perAgentMs ?? 5 * 60_000;
  const perMinute = options.perMinute ?? 6;
  const lastSent = new Map<string, number>();
  let window: number[] = [];
  let suppressed = 0;
  const osc = options.osc === undefined || options.osc === 'auto' ? detectOsc(options.env) : options.osc;
  const hook = options.hook && options.hook.trim() !== '' ? options.hook : null;

  async function tmuxMessage(text: string): Promise<void> {
    if (!options.tmux) return;
    for (const tty of await options.tmux.listClients()) await options.tmux.displayMessage(`oneshot: ${text}`, tty);
  }

  /**
   * The hook is the user's own command line, so a shell runs it (pipes, redirections).
   * The event reaches it only as data: JSON on stdin and ONESHOT_EVENT_* variables,
   * never spliced into the command text.
   */
  async function runHook(event: NotifyEvent): Promise<void> {
    if (!hook) return;
    const env = {
      ...options.env,
      ONESHOT_EVENT: event.event,
      ONESHOT_EVENT_AGENT: event.agent,
      ONESHOT_EVENT_KIND: event.kind,
      ONESHOT_EVENT_STATE: event.state,
      ONESHOT_EVENT_REASON: event.reason,
      ONESHOT_EVENT_SESSION: event.session ?? '',
      ONESHOT_EVENT_DIR: event.dir ?? '',
      ONESHOT_EVENT_AT: event.at,
    };
    const result = await options.runner('/bin/sh', ['-c', hook], { input: `${JSON.stringify(event)}\n`, timeoutMs: 30_000, env });
    if (result.notFound) options.onError?.('--on-event: /bin/sh not found');
    else if (result.timedOut) options.onError?.('--on-event took longer than 30 s and was stopped');
    else if (result.exitCode !== 0) options.onError?.(`--on-event exited with status ${result.exitCode}${result.stderr ? `: ${result.stderr.trim().split('\n')[0]}` : ''}`);
  }

  return {
    async notify(events) {
      const now = clock();
      window = window.filter((t) => now - t < 60_000);
      const sent: NotifyEvent[] = [];
      for (const event of events) {
        // A crash loop is held back; a new prompt of the same agent is news all the same.
        const key = `${event.agent}\n${event.event}\n${event.prompt ?? ''}`;
        const last = lastSent.get(key);
        if ((last !== undefined && now - last < perAgentMs) || window.length >= perMinute) {
          suppressed++;
          continue;
        }
        lastSent.set(key, now);
        window.push(now);
        sent.push(event);
        const more = suppressed > 0 ? ` (+${suppressed} not shown)` : '';
        suppressed = 0;
        const text = `${describeEvent(event)}${more}`;
        if (options.terminal) {
          if (options.bell !== false) options.terminal('\x07');
          const seq = oscSequence(osc, 'oneshot', text, Boolean(options.env.TMUX));
          if (seq) options.terminal(seq);
        }
        await Promise.all([tmuxMessage(text), runHook(event)]).catch((error: unknown) => options.onError?.(String(error)));
      }
      return sent;
    },
  };
}
