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
import { binNodeFlags, dashboardCost, keypressToFrame, openViewer, rssMb, timeUntil } from './dashboard.js';
import { createBenchFleet, type BenchFleet } from './fleet.js';
import { hostsBench } from './hosts.js';

const here = dirname(fileURLToPath(import.meta.url));
const ONESHOT = join(here, '..', '..', 'src', 'cli', 'oneshot.js');

function report(name: string, value: string, target: string): void {
  process.stdout.write(`${name.padEnd(56)} ${value.padStart(14)}   (target: ${target})\n`);
}

/** The median time of `count` runs of `fn`, in ms. */
async function medianOf(count: number, fn: (i: number) => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** `oneshot status --json` on a fleet, as a user runs it: the number of agents it printed. */
function statusJson(fleet: BenchFleet): number {
  const r = spawnSync(process.execPath, [ONESHOT, 'status', '--json', '-L', fleet.socket], { env: fleet.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as unknown[]).length;
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
    const t = performance.now();
    await runtime.pollOnce();
    report('first poll, 100 sessions: tmux processes', String(processes), 'list-panes, env batch, capture batch, selected output');
    report('first poll, 100 sessions: time', `${(performance.now() - t).toFixed(0)} ms`, 'info');
    processes = 0;
    const steady = await medianOf(10, () => runtime.pollOnce());
    report('steady poll, 100 sessions, polling: tmux processes', (processes / 10).toFixed(1), '1 per poll (the fallback)');
    report('steady poll, 100 sessions, polling: median time', `${steady.toFixed(1)} ms`, 'well under the 1 s interval');
    report('agents seen', String(store.getState().order.length), '100');

    // The dashboard's way: one control-mode client, no process per poll.
    let controlProcesses = 0;
    const control = createTmuxClient({ runner: (f, a, o) => (controlProcesses++, real(f, a, o)), socket: { name: fleet.socket }, env: {}, control: { spawn: spawnPiped } });
    const controlStore = createAppStore({ heartbeatIntervalSec: 30, serverLabel: control.label });
    const controlRuntime = createRuntime({ tmux: control, store: controlStore, stateDir: join(fleet.root, 'state') });
    await controlRuntime.pollOnce();
    await controlRuntime.pollOnce();
    controlProcesses = 0;
    const controlSteady = await medianOf(10, () => controlRuntime.pollOnce());
    report('steady poll, 100 sessions, control mode: tmux processes', (controlProcesses / 10).toFixed(1), '0 (was 1)');
    report('steady poll, 100 sessions, control mode: median', `${controlSteady.toFixed(1)} ms`, 'info');
    await control.close();

    const statusTime = await medianOf(5, (i) => {
      const printed = statusJson(fleet);
      if (i === 0) report('oneshot status --json: agents printed', String(printed), '100');
    });
    report('oneshot status --json, 100 agents (process start included): median', `${statusTime.toFixed(0)} ms`, '<= 250 ms (was 537 ms, then 584-627 ms, then 510-532 ms)');
    // What any status costs before its agents: Node, the command's code, three tmux round trips.
    const one = createBenchFleet(1);
    try {
      const oneTime = await medianOf(5, () => statusJson(one));
      const nodeAlone = await medianOf(5, () => spawnSync(process.execPath, ['-e', '0']));
      report('oneshot status --json, 1 agent: median', `${oneTime.toFixed(0)} ms`, `info (node -e 0: ${nodeAlone.toFixed(0)} ms)`);
    } finally {
      one.cleanup();
    }
    const idle = await dashboardCost(['-L', fleet.socket], fleet.env);
    idle.viewer.close();
    report('dashboard CPU, 100 idle agents', pct(idle.cpu), 'info');
    report('dashboard resident memory, 100 agents', `${idle.rss.toFixed(0)} MB`, '<= 100 MB (was 121-143 MB)');
  } finally {
    fleet.cleanup();
  }
}

const pct = (n: number) => `${n.toFixed(2)} %`;

/** 50 live agents: an event every 5 s, a heartbeat every 10 s; then one crashes. */
async function liveDashboard(): Promise<void> {
  const fleet = createBenchFleet(50, { live: { heartbeatSec: 10, eventSec: 5 } });
  try {
    const { cpu, rss, viewer } = await dashboardCost(['-L', fleet.socket], fleet.env);
    report('dashboard CPU, 50 live agents (children included)', pct(cpu), '<= 2.5 % of one core (was 7 %, then 4.6-5.3 %, then 4.05 %)');
    report('dashboard resident memory, 50 live agents', `${rss.toFixed(0)} MB`, 'info');
    try {
      // A crash: the pane's program ends with status 3; the header must count it.
      const pane = fleet.tmux('list-panes', '-t', 'codex-bench-0', '-F', '#{pane_id}').trim();
      const before = viewer.screen();
      if (/\d+ crashed/.test(before)) throw new Error('a crash on screen before the bench made one');
      fleet.tmux('respawn-pane', '-k', '-t', pane, 'exit 3');
      const took = await timeUntil(() => /1 crashed/.test(viewer.screen()), 10_000);
      report('a crash to the screen', took === null ? 'not seen in 10 s' : `${took.toFixed(0)} ms`, '<= 1 s');
    } finally {
      viewer.close();
    }
  } finally {
    fleet.cleanup();
  }
}

async function bigIdleFleet(): Promise<void> {
  const fleet = createBenchFleet(500);
  try {
    const { cpu, rss, viewer } = await dashboardCost(['-L', fleet.socket], fleet.env, 10_000);
    viewer.close();
    report('dashboard CPU, 500 idle agents', pct(cpu), '<= 2 % (was 2-3.5 %, then 1.3 %)');
    report('dashboard resident memory, 500 idle agents', `${rss.toFixed(0)} MB`, 'info');
  } finally {
    fleet.cleanup();
  }
}

async function demoDashboard(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'oneshot-bench-demo-'));
  try {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: home, ONESHOT_STATE_DIR: join(home, 'state') };
    delete env.TMUX;
    const { cpu, rss, viewer } = await dashboardCost(['--demo'], env, 15_000);
    // The dashboard removes its demo fleet when it quits.
    viewer.close();
    report('dashboard CPU, the demo fleet (9 agents)', pct(cpu), '<= 5 % (was 12-23 %, then 5.1-6 %, then 4.95-5.3 %)');
    report('dashboard resident memory, the demo fleet', `${rss.toFixed(0)} MB`, 'info (was 150-177 MB)');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * `--soak[=MIN]`: 100 busy agents (an event a second each) for MIN minutes (30 by
 * default). Resident memory is sampled every 5 s; a minute's floor (its lowest sample,
 * after the garbage collector has run) is what a leak would raise. The target compares
 * the last minute with memory after the first minute, so the baseline is the second
 * minute's floor: the first minute's samples begin 5 s after the start, before the
 * dashboard has read the fleet and its heap has grown to its working size (printed too).
 */
async function soak(minutes: number): Promise<void> {
  const fleet = createBenchFleet(100, { live: { heartbeatSec: 10, eventSec: 1 } });
  try {
    const viewer = await openViewer(['-L', fleet.socket], fleet.env);
    try {
      const floors: number[] = [];
      for (let m = 0; m < minutes; m++) {
        const samples: number[] = [];
        const cpu = viewer.cpu(60);
        for (let i = 0; i < 12; i++) {
          await new Promise((r) => setTimeout(r, 5_000));
          samples.push(rssMb(viewer.pid));
        }
        floors.push(Math.min(...samples));
        const start = m === 0 ? ` (samples: ${samples.map((x) => x.toFixed(0)).join(' ')})` : '';
        process.stdout.write(`  minute ${m + 1}: floor ${floors.at(-1)!.toFixed(1)} MB, peak ${Math.max(...samples).toFixed(1)} MB, CPU ${pct(await cpu)}${start}\n`);
      }
      const baseline = floors[1]!;
      const last = floors.at(-1)!;
      report('soak, 100 busy agents: memory floor, first minute (the start included)', `${floors[0]!.toFixed(1)} MB`, 'info');
      report('soak, 100 busy agents: memory floor after the first minute (minute 2)', `${baseline.toFixed(1)} MB`, 'info');
      report(`soak, 100 busy agents: memory floor, minute ${minutes}`, `${last.toFixed(1)} MB`, `<= ${(baseline + 5).toFixed(1)} MB (after the first minute + 5)`);
    } finally {
      viewer.close();
    }
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

/**
 * Keypress to frame, measured in a process of its own started with the dashboard's node
 * flags (its shebang line): the figure is the one a user gets, not the bench process's.
 */
function keypressAsTheDashboardRuns(count: number): void {
  const child = spawnSync(process.execPath, [...binNodeFlags(), fileURLToPath(import.meta.url), `--keypress=${count}`], { encoding: 'utf8', env: process.env });
  if (child.status !== 0) throw new Error(`keypress bench failed: ${child.stderr}`);
  process.stdout.write(child.stdout);
}

const soakArg = process.argv.slice(2).find((a) => a.startsWith('--soak'));
const keypressArg = process.argv.slice(2).find((a) => a.startsWith('--keypress='));
const only = process.argv.slice(2).find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (keypressArg) {
  await keypressToFrame(Number(keypressArg.slice('--keypress='.length)), report);
  process.exit(0);
} else if (soakArg) {
  const minutes = Number(soakArg.split('=')[1] ?? 30);
  if (!Number.isInteger(minutes) || minutes < 3) {
    process.stderr.write('bench: --soak=MIN needs a whole number of minutes, at least 3 (the second is the baseline)\n');
    process.exit(2);
  }
  await soak(minutes);
} else {
  // `--only=NAME[,NAME]` runs those sections alone.
  const sections: Record<string, () => Promise<void> | void> = {
    poll: pollCost,
    live: liveDashboard,
    idle: bigIdleFleet,
    demo: demoDashboard,
    log: bigLogFirstRead,
    keypress: () => keypressAsTheDashboardRuns(500),
    hosts: () => hostsBench(report, pct),
  };
  const chosen = only ? only.split(',') : Object.keys(sections);
  const unknown = chosen.filter((name) => !(name in sections));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no section ${unknown.join(', ')} (sections: ${Object.keys(sections).join(', ')})\n`);
    process.exit(2);
  }
  for (const name of chosen) await sections[name]!();
}
