// Dashboard figures: keypress to frame (in process, 100 agents, real Ink and frame
// writer), and idle CPU and memory of the real binary inside tmux.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink';
import { createElement } from 'react';
import { App } from '../../components/App.js';
import { ControllerContext, StoreContext } from '../../components/context.js';
import type { AgentObservation } from '../../src/fleet/agent.js';
import { createAppStore } from '../../src/store/store.js';
import { createController } from '../../src/tui/controller.js';
import { createScreen } from '../../src/tui/screen.js';
import { shareInkCaches } from '../../src/tui/ink-caches.js';
import { FakeStdin } from '../helpers/fake-stdin.js';
import { killServer } from '../helpers/tmux-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const TUI = join(here, '..', '..', 'src', 'cli', 'oneshot-tui.js');

class Terminal extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  onWrite: (() => void) | null = null;
  write(_chunk: string) {
    this.onWrite?.();
    return true;
  }
}

function observation(i: number, now: number): AgentObservation {
  const kind = ['codex', 'claude', 'opencode', 'pi'][i % 4]!;
  const name = `${kind}-bench-${i}`;
  return {
    id: `session:${name}`,
    name,
    dir: `/work/a${i}`,
    expectedSession: name,
    session: {
      id: `$${i}`, name, created: 0, attached: 0, path: `/work/a${i}`, paneCount: 1, env: {}, shellChildren: null,
      pane: { sessionId: `$${i}`, sessionName: name, sessionCreated: 0, sessionActivity: 0, sessionAttached: 0, sessionPath: '/w', windowId: `@${i}`, windowIndex: 0, windowName: kind, windowActivity: 0, windowActive: true, paneId: `%${i}`, paneIndex: 0, paneActive: true, panePid: 1, currentCommand: kind, currentPath: '/w', dead: false, deadStatus: null, deadSignal: null, deadTime: null, width: 120, height: 40, bell: false, title: 'host' },
    },
    sessionMatch: 'name',
    paneTail: ['working'],
    task: null,
    dotAgent: { dir: `/work/a${i}/.agent`, statusTail: ['working'], heartbeat: { at: now - (i % 50) * 1000, source: 'content', line: '' }, checkpoints: { count: i, last: 'checkpoint' }, lastState: null, recovery: false, hasSessionLog: false, problems: [] },
    autonomous: null,
    eventsPath: null,
    logPath: null,
    serverChecked: true,
  };
}

/** A fleet of `count` agents as the store sees them. */
export function benchObservations(count: number, now: number): AgentObservation[] {
  return Array.from({ length: count }, (_, i) => observation(i, now));
}

export async function keypressToFrame(count: number, report: (name: string, value: string, target: string) => void): Promise<void> {
  // As the dashboard draws: with Ink's frames sharing caches and building only changed rows.
  await shareInkCaches();
  const now = Date.now();
  const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: '-L bench' }, now);
  store.getState().fleetObserved({ at: now, server: { status: 'ok', error: null }, agents: Array.from({ length: count }, (_, i) => observation(i, now)) });
  store.getState().outputRead({ agentId: store.getState().visibleIds[0]!, source: 'pane', title: 'pane %0', lines: Array.from({ length: 400 }, (_, i) => `\x1b[32mline ${i}\x1b[0m output of the agent`), at: now });
  const terminal = new Terminal();
  const keyboard = new FakeStdin();
  const screen = createScreen(terminal as never);
  const controller = createController({ store, quit: () => undefined });
  screen.enter();
  const tree = createElement(StoreContext.Provider, { value: store }, createElement(ControllerContext.Provider, { value: controller }, createElement(App, { size: { columns: 120, rows: 40 } })));
  const instance = render(tree, { stdout: screen.stream, stdin: keyboard as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  await new Promise((r) => setTimeout(r, 300));
  const samples: number[] = [];
  for (let i = 0; i < 60; i++) {
    const key = i % 20 < 10 ? 'j' : 'k';
    const t0 = performance.now();
    const frame = new Promise<void>((resolve) => (terminal.onWrite = resolve));
    keyboard.write(key);
    await frame;
    samples.push(performance.now() - t0);
    terminal.onWrite = null;
    await new Promise((r) => setTimeout(r, 40));
  }
  instance.unmount();
  screen.restore();
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  report(`keypress to frame, ${count} agents: median`, `${pick(0.5).toFixed(1)} ms`, 'info');
  report(`keypress to frame, ${count} agents: p95`, `${pick(0.95).toFixed(1)} ms`, count >= 500 ? '<= 30 ms (was 40 ms at 100, then 22.4 ms)' : 'info');
}

function statFields(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU ticks of a process, children included: its own, those of children it has reaped
 * (tmux clients run per poll), and those of its live descendants (a control-mode client).
 */
/** CPU ticks of the process itself (user + system), its children left out. */
export function ownTicks(pid: number): number {
  const own = statFields(pid);
  return own ? Number(own[11]) + Number(own[12]) : 0;
}

function treeTicks(pid: number): number {
  const own = statFields(pid);
  if (!own) return 0;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const child of descendantsOf(pid)) {
    const f = statFields(child);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks;
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (!f) continue;
    const ppid = Number(f[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) for (const c of parents.get(stack.pop()!) ?? []) (out.push(c), stack.push(c));
  return out;
}

export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

export interface Viewer {
  pid: number;
  /** The dashboard's screen as text. */
  screen(): string;
  /** CPU share of one core over `seconds`, children included. */
  cpu(seconds: number): Promise<number>;
  close(): void;
}

/** The node flags of the dashboard's shebang line: the bench runs it as its bin does. */
export function binNodeFlags(): string[] {
  const first = readFileSync(TUI, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return m ? (m[1] ?? '').trim().split(/\s+/).filter(Boolean) : [];
}

/** The real dashboard binary in a tmux pane of its own (120×40), on `args`. */
export async function openViewer(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Promise<Viewer> {
  const viewer = `oneshot-bench-view-${process.pid}-${(viewers += 1)}`;
  const tmux = (...a: string[]) => spawnSync('tmux', ['-f', '/dev/null', '-L', viewer, ...a], { encoding: 'utf8', env });
  const started = tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', 'ui', '-e', `ONESHOT_STATE_DIR=${env.ONESHOT_STATE_DIR ?? ''}`, '-e', `HOME=${env.HOME ?? ''}`, process.execPath, ...binNodeFlags(), ...nodeArgs, TUI, ...args);
  if (started.status !== 0) throw new Error(`could not start the dashboard: ${started.stderr}`);
  let pid = 0;
  const deadline = Date.now() + 10_000;
  while (!pid && Date.now() < deadline) {
    pid = Number(tmux('list-panes', '-a', '-F', '#{pane_pid}').stdout.trim()) || 0;
    if (!pid) await sleep(100);
  }
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return {
    pid,
    screen: () => tmux('capture-pane', '-p', '-t', 'ui').stdout,
    async cpu(seconds) {
      const t0 = treeTicks(pid);
      await sleep(seconds * 1000);
      return ((treeTicks(pid) - t0) / hz / seconds) * 100;
    },
    close: () => killServer(viewer),
  };
}

let viewers = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `probe` holds; the time it took, or null after the deadline. */
export async function timeUntil(probe: () => boolean, deadlineMs: number): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < deadlineMs) {
    if (probe()) return performance.now() - t0;
    await sleep(20);
  }
  return null;
}

export async function dashboardCost(args: string[], env: Record<string, string>, settleMs = 5_000, seconds = 20): Promise<{ cpu: number; rss: number; viewer: Viewer }> {
  const viewer = await openViewer(args, env);
  // Let it start, poll and settle before measuring.
  await sleep(settleMs);
  const cpu = await viewer.cpu(seconds);
  return { cpu, rss: rssMb(viewer.pid), viewer };
}
