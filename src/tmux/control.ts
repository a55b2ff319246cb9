// tmux control mode (-C): one long-lived client per server answers commands on the same
// connection, so a poll costs no process at all. Its output: `%begin T N F`, the
// command's lines, then `%end T N F` or `%error T N F`; anything else starting with `%`
// outside a block is a notification. The client attaches read-only, ignores sizes and
// receives no pane output, so it neither changes windows nor streams a busy pane.
import type { PipedProcess } from '../proc/exec.js';

export interface ControlReply {
  ok: boolean;
  lines: string[];
}

/** Reads the control client's lines into replies (in command order) and notifications. Pure state. */
export class ControlParser {
  private block: { id: string; lines: string[] } | null = null;

  constructor(
    private readonly onReply: (reply: ControlReply) => void,
    private readonly onNotice: (line: string) => void = () => undefined,
  ) {}

  line(text: string): void {
    if (this.block) {
      // The guard lines carry the block's own time and number: pane text cannot end it early.
      const end = /^%(end|error) (\S+ \S+) \S+$/.exec(text);
      if (end && end[2] === this.block.id) {
        const done = this.block;
        this.block = null;
        this.onReply({ ok: end[1] === 'end', lines: done.lines });
        return;
      }
      this.block.lines.push(text);
      return;
    }
    const begin = /^%begin (\S+ \S+) \S+$/.exec(text);
    if (begin) {
      this.block = { id: begin[1] as string, lines: [] };
      return;
    }
    if (text.startsWith('%')) this.onNotice(text);
  }
}

/** One argument in tmux's command syntax: single-quoted, a quote spelled '\''. */
export function tmuxQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface ControlConnection {
  /** Run one command; null when the connection is gone (the caller falls back). */
  run(args: readonly string[], timeoutMs: number): Promise<ControlReply | null>;
  /** The session the client is attached to (it counts as attached there). */
  readonly sessionId: string | null;
  readonly alive: boolean;
  readonly exited: Promise<void>;
  close(): Promise<void>;
}

/**
 * Wrap a started `tmux -C attach …` process. The first reply is the empty one tmux sends
 * for the attach itself; it is consumed here.
 */
export function controlConnection(proc: PipedProcess, sessionId: string): ControlConnection {
  interface Pending {
    resolve: (reply: ControlReply | null) => void;
    timer: ReturnType<typeof setTimeout> | null;
  }
  const queue: Pending[] = [];
  let alive = true;
  let attached = sessionId;
  let greeting = true;
  const parser = new ControlParser(
    (reply) => {
      if (greeting) {
        greeting = false;
        return;
      }
      const next = queue.shift();
      if (!next) return;
      if (next.timer) clearTimeout(next.timer);
      next.resolve(reply);
    },
    (notice) => {
      const moved = /^%session-changed (\$\d+) /.exec(notice);
      if (moved) attached = moved[1] as string;
      if (notice.startsWith('%exit')) alive = false;
    },
  );
  proc.onLine((line) => parser.line(line));
  const exited = proc.exited.then(() => {
    alive = false;
    for (const p of queue.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.resolve(null);
    }
  });
  return {
    get sessionId() {
      return alive ? attached : null;
    },
    get alive() {
      return alive;
    },
    exited,
    run(args, timeoutMs) {
      // A newline would end the command early: such a command goes another way.
      if (!alive || args.some((a) => a.includes('\n') || a.includes('\r'))) return Promise.resolve(null);
      return new Promise((resolve) => {
        const pending: Pending = { resolve, timer: null };
        pending.timer = setTimeout(() => {
          // A reply that never comes: this connection cannot be trusted any more.
          alive = false;
          void proc.close();
          resolve(null);
        }, timeoutMs);
        queue.push(pending);
        if (!proc.write(`${args.map(tmuxQuote).join(' ')}\n`)) {
          queue.pop();
          if (pending.timer) clearTimeout(pending.timer);
          alive = false;
          resolve(null);
        }
      });
    },
    async close() {
      alive = false;
      await proc.close();
    },
  };
}
