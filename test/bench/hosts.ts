// Five hosts × 50 agents through ssh on loopback (one test sshd, five aliases, five tmux
// servers): the dashboard's CPU, what each host sends when its fleet is idle and when busy,
// and how long a crash on a host takes to reach the dashboard's row.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshd } from '../helpers/sshd.js';
import { spawnSync } from 'node:child_process';
import { openViewer, ownTicks, rssMb, timeUntil } from './dashboard.js';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
import { createBenchFleet, type BenchFleet } from './fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const ONESHOT = join(here, '..', '..', 'src', 'cli', 'oneshot.js');
// The byte counter is plain JavaScript, beside this file's source.
const COUNTER = join(here, '..', '..', '..', 'test', 'bench', 'count-bytes.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Report = (name: string, value: string, target: string) => void;

export async function hostsBench(report: Report, pct: (n: number) => string): Promise<void> {
  const fleets: BenchFleet[] = [];
  const sshds: Awaited<ReturnType<typeof startSshd>>[] = [];
  try {
    // Hosts 1–4 idle, host 5 busy (an event every 5 s, a heartbeat every 10 s per agent).
    for (let i = 0; i < 5; i++) fleets.push(createBenchFleet(50, i === 4 ? { live: { heartbeatSec: 10, eventSec: 5 } } : {}));
    const root = fleets[0]!.root;
    const sshd = await startSshd(join(root, 'sshd'), 'bench-host');
    sshds.push(sshd);
    const hosts: Record<string, { ssh: string; command: string; args: string[] }> = {};
    const bytesFile = (i: number) => join(root, `host${i + 1}.bytes`);
    fleets.forEach((f, i) => {
      const vars = `HOME=${f.env.HOME} ONESHOT_STATE_DIR=${f.env.ONESHOT_STATE_DIR} ONESHOT_TMUX_CONF=/dev/null`;
      hosts[`host${i + 1}`] = { ssh: sshd.alias, command: `${process.execPath} ${COUNTER} ${bytesFile(i)} env ${vars} ${process.execPath} ${ONESHOT}`, args: ['-L', f.socket] };
    });
    const configDir = join(root, 'dashboard-config');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ hosts }));
    const env = { ...fleets[0]!.env, ONESHOT_STATE_DIR: join(root, 'dashboard-state'), ONESHOT_CONFIG: join(configDir, 'config.json'), ONESHOT_SSH_COMMAND: `ssh -F ${sshd.sshConfig}` };
    // The dashboard's own tmux server has no agents: every row comes over ssh.
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the dashboard.
    const viewer = await openViewer(['-L', `oneshot-bench-none-${process.pid}`, '--all-hosts'], env, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    try {
      const synced = await timeUntil(() => /5\/5 hosts live/.test(viewer.screen()) && /250 agents/.test(viewer.screen()), 60_000);
      report('5 hosts × 50 agents over ssh: every host live', synced === null ? 'not in 60 s' : `${(synced / 1000).toFixed(1)} s`, 'info');
      await sleep(5_000);
      const read = () => fleets.map((_, i) => Number(readFileSync(bytesFile(i), 'utf8')) || 0);
      const before = read();
      const seconds = 20;
      const own0 = ownTicks(viewer.pid);
      const cpu = await viewer.cpu(seconds);
      const own = ((ownTicks(viewer.pid) - own0) / CLK_TCK / seconds) * 100;
      const after = read();
      const rates = after.map((b, i) => (b - (before[i] ?? 0)) / seconds);
      const idle = rates.slice(0, 4);
      report('dashboard CPU, 5 hosts × 50 agents (with its 5 ssh)', pct(cpu), 'info (one host of 50 live agents: <= 2.5 %)');
      report('  of which the dashboard process itself', pct(own), 'info');
      report('dashboard resident memory, 250 remote agents', `${rssMb(viewer.pid).toFixed(0)} MB`, 'info');
      report('bytes per second from an idle host (after the snapshot)', `${Math.max(...idle).toFixed(0)} B/s`, '< 200 B/s per idle host');
      report('bytes per second from a busy host (50 live agents)', `${(rates[4] ?? 0).toFixed(0)} B/s`, 'info');
      report('snapshot of 50 agents', `${((before[0] ?? 0) / 1024).toFixed(0)} KB`, 'info');

      // A crash on host 3: the pane's program ends with status 3.
      const f = fleets[2]!;
      const pane = f.tmux('list-panes', '-t', 'codex-bench-0', '-F', '#{pane_id}').trim();
      f.tmux('respawn-pane', '-k', '-t', pane, 'exit 3');
      const took = await timeUntil(() => /crashed\s+host3\s+codex-bench-0\b/.test(viewer.screen()), 10_000);
      report('a crash on a host to the dashboard', took === null ? 'not seen in 10 s' : `${took.toFixed(0)} ms`, '<= 2 s');
    } finally {
      viewer.close();
    }
  } finally {
    for (const s of sshds) await s.kill();
    for (const f of fleets) f.cleanup();
  }
}
