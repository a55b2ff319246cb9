// One other machine's fleet, live: an `ssh -T <host> oneshot serve --stdio` connection kept
// open (reconnected with backoff when it drops), its messages folded into agent views, and
// the operations sent to it as requests. Nothing the host sends is run here, and nothing
// from it is put into a command line without quoting for the remote shell.
import { spawn, type ChildProcess } from 'node:child_process';
import type { AgentView } from '../fleet/agent.js';
import { safeAgentView } from './shape.js';
import { encode, LineSplitter, parseServerLine, PROTOCOL_VERSION, type FromServer, type HelloMessage, type Op, type ResultMessage } from './protocol.js';

export type HostStatus = 'connecting' | 'live' | 'unreachable' | 'incompatible' | 'stopped';

export interface HostView {
  name: string;
  status: HostStatus;
  /** Unreachable or incompatible: why, in one line. */
  error: string | null;
  /** Since when it has been unreachable (the first failure of this outage). */
  since: number | null;
  /** When the next connection attempt starts. */
  retryAt: number | null;
  /** When the host last said anything. */
  seenAt: number | null;
  hello: HelloMessage | null;
  /** Lines it sent that were not messages, lines over the limit, unknown message types. */
  problems: number;
}

export interface HostSnapshot {
  view: HostView;
  agents: Record<string, AgentView>;
  order: string[];
}

export interface HostConnectionOptions {
  name: string;
  /** The whole command: ssh, its options, the destination and the remote command line. */
  argv: string[];
  env?: Record<string, string | undefined>;
  /** Called (coalesced) when the host's agents or connection state changed. */
  onChange(snapshot: HostSnapshot): void;
  clock?: () => number;
  /** A host silent this long (no ping either) is taken as gone. */
  stallMs?: number;
  /** This oneshot's version, for the install hint of a mismatch. */
  localVersion?: string;
  /** How a process is started (tests may run the server without ssh). */
  spawnProcess?: (argv: string[], env: Record<string, string | undefined>) => ChildProcess;
}

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
const STALL_MS = 3_500;
// Coalesced: a busy host (dozens of changes a second) costs the store a few updates a second;
// the screen shows background changes once a second anyway.
const NOTIFY_MS = 250;
/** A host listing more agents than this is cut (a fleet is hundreds, not millions). */
const MAX_AGENTS = 5_000;
/** Events held per remote agent (the view shows the newest). */
const MAX_RECENT = 200;

/** What to tell a person when a host's connection ended before it said hello. */
export function whyNoHello(name: string, stderr: string, code: number | null): string {
  const lines = stderr.split('\n').map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()).filter((l) => l !== '');
  const last = lines.at(-1) ?? '';
  if (code === 127 || /command not found|No such file or directory|not found/i.test(last)) {
    return `oneshot is not installed on ${name} (${last.slice(0, 120)}); install it there with: npm install -g oneshot`;
  }
  if (/Permission denied|Host key verification failed|Could not resolve|Connection refused|timed out|No route/i.test(last)) return /^ssh:/.test(last) ? last.slice(0, 160) : `ssh: ${last.slice(0, 160)}`;
  if (last) return last.slice(0, 160);
  return code === null ? 'the connection ended' : `the connection ended with status ${code}`;
}

export class HostConnection {
  private child: ChildProcess | null = null;
  private splitter = new LineSplitter();
  private stderr = '';
  private agents: Record<string, AgentView> = {};
  /** What the host sent per agent, merged: the safe views are made from it. */
  private raw: Record<string, Record<string, unknown>> = {};
  private order: string[] = [];
  private view: HostView;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setInterval> | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ResultMessage) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private stopped = false;
  private readonly clock: () => number;
  private seenAt: number | null = null;

  constructor(private readonly options: HostConnectionOptions) {
    this.clock = options.clock ?? Date.now;
    this.view = { name: options.name, status: 'connecting', error: null, since: null, retryAt: null, seenAt: null, hello: null, problems: 0 };
  }

  get name(): string {
    return this.options.name;
  }

  snapshot(): HostSnapshot {
    if (this.view.seenAt !== this.seenAt) this.view = { ...this.view, seenAt: this.seenAt };
    return { view: this.view, agents: this.agents, order: this.order };
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Ends the connection for good (no reconnect); pending requests fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.stallTimer) clearInterval(this.stallTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.retryTimer = this.stallTimer = this.notifyTimer = null;
    const child = this.child;
    this.child = null;
    this.failPending(`${this.name}: the connection was closed`);
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await gone;
      clearTimeout(timer);
    }
    this.setView({ status: 'stopped', retryAt: null });
  }

  /** Sends an operation to the host; resolves with its result (ok or not), rejects when the connection fails. */
  request(op: Op, agent: string | undefined, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<ResultMessage> {
    const child = this.child;
    if (!child || this.view.status !== 'live' || !child.stdin || child.stdin.destroyed) {
      return Promise.reject(new Error(`${this.name} is ${this.view.status}${this.view.error ? ` (${this.view.error})` : ''}`));
    }
    const id = this.nextId++;
    return new Promise<ResultMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${op} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.stdin?.write(encode({ type: 'request', id, op, ...(agent !== undefined ? { agent } : {}), args }));
    });
  }

  private connect(): void {
    if (this.stopped) return;
    this.retryTimer = null;
    this.splitter = new LineSplitter();
    this.stderr = '';
    this.setView({ status: this.view.status === 'unreachable' ? 'unreachable' : 'connecting', retryAt: null });
    const [file, ...args] = this.options.argv;
    const env = { ...process.env, ...(this.options.env ?? {}) };
    let child: ChildProcess;
    try {
      child = this.options.spawnProcess ? this.options.spawnProcess(this.options.argv, env) : spawn(file as string, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      this.lost(`could not start ${file}: ${(error as Error).message}`);
      return;
    }
    this.child = child;
    let helloSeen = false;
    let lastData = this.clock();
    child.stdin?.on('error', () => undefined);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      lastData = this.clock();
      let changed = false;
      for (const line of this.splitter.push(chunk)) {
        if (!helloSeen && line.trim() === '') continue;
        const parsed = parseServerLine(line);
        if ('problem' in parsed || 'unknown' in parsed) {
          this.view = { ...this.view, problems: this.view.problems + 1 };
          if (!helloSeen && 'problem' in parsed) {
            // Something that is not oneshot answered (a login banner, a shell's noise):
            // hold on for a hello a little longer, it may follow.
            continue;
          }
          continue;
        }
        const message = parsed.message;
        if (message.type === 'hello') {
          helloSeen = true;
          if (message.protocol !== PROTOCOL_VERSION) {
            this.incompatible(`${this.name} speaks protocol ${message.protocol} (oneshot ${message.oneshot}), this oneshot speaks ${PROTOCOL_VERSION}; install the same version on both: npm install -g oneshot@${this.options.localVersion ?? 'latest'}`);
            return;
          }
          this.view = { ...this.view, hello: message };
          continue;
        }
        if (!helloSeen) continue;
        if (this.apply(message)) changed = true;
      }
      if (this.splitter.dropped > 0) {
        this.view = { ...this.view, problems: this.view.problems + this.splitter.dropped };
        this.splitter.dropped = 0;
      }
      // When it was last heard of is kept, not told: a ping changes nothing on screen (the
      // next change, or the host going away, carries it).
      this.seenAt = lastData;
      if (changed) this.scheduleNotify();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4096);
    });
    child.once('error', (error) => {
      if (this.child === child) this.lost(`could not start ${file}: ${error.message}`);
    });
    child.once('exit', (code) => {
      if (this.child !== child) return;
      this.lost(helloSeen ? `the connection ended${code !== null && code !== 0 ? ` (status ${code})` : ''}${this.stderr.trim() ? `: ${whyNoHello(this.name, this.stderr, code)}` : ''}` : whyNoHello(this.name, this.stderr, code));
    });
    if (this.stallTimer) clearInterval(this.stallTimer);
    const stallMs = this.options.stallMs ?? STALL_MS;
    this.stallTimer = setInterval(() => {
      if (this.child !== child) return;
      // Before the hello, ssh may still be connecting (its own timeouts apply); after it,
      // the server pings every second.
      const limit = helloSeen ? stallMs : Math.max(stallMs, 20_000);
      if (this.clock() - lastData > limit) {
        this.child = null;
        child.kill('SIGKILL');
        this.lost(`${this.name} stopped answering (nothing for ${Math.round((this.clock() - lastData) / 1000)} s)`);
      }
    }, 500);
  }

  /** Folds one message in; true when it changed what the dashboard shows. */
  private apply(message: FromServer): boolean {
    switch (message.type) {
      case 'agent': {
        const prev = this.raw[message.id];
        if (!prev && this.order.length >= MAX_AGENTS) {
          this.view = { ...this.view, problems: this.view.problems + 1 };
          return false;
        }
        const merged: Record<string, unknown> = message.full || !prev ? { ...message.set } : { ...prev, ...message.set };
        const events = message.set.events as Record<string, unknown> | undefined;
        if (prev && events && Array.isArray(events.recentAdd)) {
          // New events only: appended to the ones held, the dropped ones cut from the front,
          // and the stream's changed fields over the ones held.
          const before = (typeof prev.events === 'object' && prev.events !== null ? prev.events : {}) as Record<string, unknown>;
          const held = Array.isArray(before.recent) ? (before.recent as unknown[]) : [];
          const drop = typeof events.recentDrop === 'number' && events.recentDrop >= 0 ? events.recentDrop : 0;
          const { recentAdd, recentDrop: _drop, streamSet, ...rest } = events;
          const stream = { ...(typeof before.stream === 'object' && before.stream !== null ? before.stream : {}), ...(typeof streamSet === 'object' && streamSet !== null ? streamSet : {}) };
          merged.events = { ...before, ...rest, stream, recent: held.slice(drop).concat(recentAdd as unknown[]).slice(-MAX_RECENT) };
        }
        this.raw[message.id] = merged;
        this.agents = { ...this.agents, [message.id]: safeAgentView(merged, this.name, message.id) };
        if (!this.order.includes(message.id)) this.order = [...this.order, message.id].slice(-MAX_AGENTS);
        return true;
      }
      case 'order': {
        this.order = message.ids.slice(0, MAX_AGENTS);
        const keep = new Set(this.order);
        const agents: Record<string, AgentView> = {};
        for (const [id, a] of Object.entries(this.agents)) if (keep.has(id)) agents[id] = a;
        for (const id of Object.keys(this.raw)) if (!keep.has(id)) delete this.raw[id];
        this.agents = agents;
        return true;
      }
      case 'synced':
        this.attempt = 0;
        this.setView({ status: 'live', error: null, since: null, retryAt: null });
        return true;
      case 'result': {
        const waiting = this.pending.get(message.id);
        if (waiting) {
          this.pending.delete(message.id);
          clearTimeout(waiting.timer);
          waiting.resolve(message);
        }
        return false;
      }
      case 'error':
        this.view = { ...this.view, error: message.message };
        return true;
      case 'server':
      case 'ping':
      case 'hello':
        return false;
    }
  }

  private incompatible(why: string): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGTERM');
    this.failPending(why);
    this.setView({ status: 'incompatible', error: why, since: this.view.since ?? this.clock(), retryAt: null });
  }

  private lost(why: string): void {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
    this.failPending(`${this.name}: ${why}`);
    if (this.stopped) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] as number;
    this.attempt++;
    const now = this.clock();
    this.setView({ status: 'unreachable', error: why, since: this.view.since ?? now, retryAt: now + delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private failPending(why: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(why));
      this.pending.delete(id);
    }
  }

  private setView(patch: Partial<HostView>): void {
    this.view = { ...this.view, ...patch };
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.options.onChange(this.snapshot());
    }, NOTIFY_MS);
  }
}
