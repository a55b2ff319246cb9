// `npm run bench`: figures, not assertions. Each line says what was measured and the
// target it is compared with.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunner, spawnPiped, type Runner } from '../../src/proc/exec.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { createTailer } from '../../src/sources/tail.js';
import { createAppStore } from '../../src/store/store.js';
import { createTmuxClient } from '../../src/tmux/client.js';
import { idleDashboard, keypressToFrame } from './dashboard.js';
import { createBenchFleet } from './fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const ONESHOT = join(here, '..', '..', 'src', 'cli', 'oneshot.js');

function report(name: string, value: string, target: string): void {
  process.stdout.write(`${name.padEnd(56)} ${value.padStart(14)}   (target: ${target})\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function pollCost(): Promise<void> {
  const fleet = createBenchFleet(100);
  try {
    let processes = 0;
    const real = createRunner();
    const counting: Runner = (file, args, options) => {
      processes++;
      return real(file, args, options);
    };
    const tmux = createTmuxClient({ runner: counting, socket: { name: fleet.socket }, env: {} });
    const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: tmux.label });
    const runtime = createRuntime({ tmux, store, stateDir: join(fleet.root, 'state') });
    let t = performance.now();
    await runtime.pollOnce();
    report('first poll, 100 sessions: tmux processes', String(processes), 'list-panes, env batch, capture batch, selected output');
    report('first poll, 100 sessions: time', `${(performance.now() - t).toFixed(0)} ms`, 'info');
    const times: number[] = [];
    processes = 0;
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await runtime.pollOnce();
      times.push(performance.now() - t);
    }
    report('steady poll, 100 sessions, polling: tmux processes', (processes / 10).toFixed(1), '1 per poll (the fallback)');
    report('steady poll, 100 sessions, polling: median time', `${median(times).toFixed(1)} ms`, 'well under the 1 s interval');
    report('agents seen', String(store.getState().order.length), '100');

    // The dashboard's way: one control-mode client, no process per poll.
    let controlProcesses = 0;
    const control = createTmuxClient({ runner: (f, a, o) => (controlProcesses++, real(f, a, o)), socket: { name: fleet.socket }, env: {}, control: { spawn: spawnPiped } });
    const controlStore = createAppStore({ heartbeatIntervalSec: 30, serverLabel: control.label });
    const controlRuntime = createRuntime({ tmux: control, store: controlStore, stateDir: join(fleet.root, 'state') });
    await controlRuntime.pollOnce();
    await controlRuntime.pollOnce();
    controlProcesses = 0;
    const controlTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await controlRuntime.pollOnce();
      controlTimes.push(performance.now() - t);
    }
    report('steady poll, 100 sessions, control mode: tmux processes', (controlProcesses / 10).toFixed(1), '0 (was 1)');
    report('steady poll, 100 sessions, control mode: median', `${median(controlTimes).toFixed(1)} ms`, 'info');
    await control.close();

    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = spawnSync(process.execPath, [ONESHOT, 'status', '--json', '-L', fleet.socket], { env: fleet.env, encoding: 'utf8' });
      runs.push(performance.now() - t);
      if (r.status !== 0) throw new Error(r.stderr);
      if (i === 0) report('oneshot status --json: agents printed', String(JSON.parse(r.stdout).length), '100');
    }
    report('oneshot status --json, 100 agents: median', `${median(runs).toFixed(0)} ms`, '< 500 ms');
    await idleDashboard(fleet, 'idle fleet of 100', report);
  } finally {
    fleet.cleanup();
  }
}

async function liveDashboard(): Promise<void> {
  const fleet = createBenchFleet(100, { live: true });
  try {
    await idleDashboard(fleet, '100 heartbeating agents', report);
  } finally {
    fleet.cleanup();
  }
}

async function bigLogFirstRead(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oneshot-bench-log-'));
  const path = join(dir, 'session.log');
  try {
    // A sparse 1 GB file: its size is real, its blocks mostly are not.
    const fd = openSync(path, 'w');
    const tail = Buffer.from('the last line of a very long session\n');
    writeSync(fd, tail, 0, tail.length, 1024 ** 3 - tail.length);
    closeSync(fd);
    const tailer = createTailer(path);
    const t = performance.now();
    const first = await tailer.read();
    const read = first.size - first.skippedBytes;
    report('first read of a 1 GB session.log: bytes read', `${(read / 1024).toFixed(0)} KiB`, '<= 64 KiB');
    report('first read of a 1 GB session.log: time', `${(performance.now() - t).toFixed(1)} ms`, 'info');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await pollCost();
await liveDashboard();
await bigLogFirstRead();
await keypressToFrame(report);
