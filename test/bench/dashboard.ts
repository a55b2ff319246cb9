// Dashboard figures: keypress to frame (in process, 100 agents, real Ink and frame
// writer), and idle CPU and memory of the real binary inside tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
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
import { FakeStdin } from '../helpers/fake-stdin.js';
import type { BenchFleet } from './fleet.js';
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
      pane: { sessionId: `$${i}`, sessionName: name, sessionCreated: 0, sessionActivity: 0, sessionAttached: 0, sessionPath: '/w', windowId: `@${i}`, windowIndex: 0, windowName: kind, windowActivity: 0, windowActive: true, paneId: `%${i}`, paneIndex: 0, paneActive: true, panePid: 1, currentCommand: kind, currentPath: '/w', dead: false, deadStatus: null, deadSignal: null, deadTime: null, width: 120, height: 40 },
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

export async function keypressToFrame(report: (name: string, value: string, target: string) => void): Promise<void> {
  const now = Date.now();
  const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: '-L bench' }, now);
  store.getState().fleetObserved({ at: now, server: { status: 'ok', error: null }, agents: Array.from({ length: 100 }, (_, i) => observation(i, now)) });
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
  report('keypress to frame, 100 agents: median', `${pick(0.5).toFixed(1)} ms`, '< 50 ms');
  report('keypress to frame, 100 agents: p95', `${pick(0.95).toFixed(1)} ms`, '< 50 ms');
}

function procTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

export async function idleDashboard(fleet: BenchFleet, label: string, report: (name: string, value: string, target: string) => void): Promise<void> {
  const viewer = `oneshot-bench-view-${process.pid}`;
  const env = { ...fleet.env };
  try {
    execFileSync('tmux', ['-f', '/dev/null', '-L', viewer, 'new-session', '-d', '-x', '120', '-y', '40', '-s', 'ui', '-e', `ONESHOT_STATE_DIR=${env.ONESHOT_STATE_DIR}`, process.execPath, TUI, '-L', fleet.socket], { env });
    let pid = 0;
    const deadline = Date.now() + 10_000;
    while (!pid && Date.now() < deadline) {
      const out = spawnSync('tmux', ['-f', '/dev/null', '-L', viewer, 'list-panes', '-a', '-F', '#{pane_pid}'], { encoding: 'utf8' }).stdout.trim();
      pid = Number(out) || 0;
      if (!pid) await new Promise((r) => setTimeout(r, 100));
    }
    // Let it start, poll and settle before measuring.
    await new Promise((r) => setTimeout(r, 5000));
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const t0 = procTicks(pid);
    const seconds = 20;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const used = (procTicks(pid) - t0) / hz;
    report(`dashboard CPU, ${label}`, `${((used / seconds) * 100).toFixed(2)} %`, '< 2 % of one core');
    report(`dashboard resident memory, ${label}`, `${rssMb(pid).toFixed(0)} MB`, '< 150 MB');
  } finally {
    killServer(viewer);
  }
}
