// A benchmark fleet: N agent sessions on a private tmux server, each with .agent/
// state and a Codex event log, in a temp directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killServer } from '../helpers/tmux-server.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Recorded Codex output (the source tree's copy; the bench runs from dist/). */
const SAMPLE = join(here, '..', '..', '..', 'test', 'fixtures', 'formats', 'codex-exec-json', 'rust-claude-codes__multi_command.jsonl');

let fleetCounter = 0;

export interface BenchFleet {
  socket: string;
  root: string;
  env: Record<string, string>;
  tmux(...args: string[]): string;
  cleanup(): void;
}

export interface FleetOptions {
  /**
   * Live agents: each heartbeats every `heartbeatSec` and appends a Codex event to its
   * log every `eventSec`. Otherwise the fleet is idle: heartbeats written two minutes ago
   * and nothing changing.
   */
  live?: { heartbeatSec: number; eventSec: number };
}

/** One agent's life in sh: an event every eventSec, a heartbeat every heartbeatSec. */
function liveLoop(eventsPath: string, heartbeatSec: number, eventSec: number): string[] {
  const every = Math.max(1, Math.round(heartbeatSec / eventSec));
  const event = JSON.stringify({ type: 'item.completed', item: { id: 'x', type: 'agent_message', text: 'still working on the task' } }).replace(/'/g, `'\\''`);
  return ['sh', '-c', `i=0; while :; do printf '%s\\n' '${event}' >> '${eventsPath}'; if [ $((i % ${every})) -eq 0 ]; then date -u +%Y-%m-%dT%H:%M:%SZ >> .agent/HEARTBEAT; fi; i=$((i+1)); sleep ${eventSec}; done`];
}

export function createBenchFleet(count: number, options: FleetOptions = {}): BenchFleet {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'oneshot-bench-')));
  const socket = `oneshot-bench-${process.pid}-${(fleetCounter += 1)}`;
  const base = ['-f', '/dev/null', '-L', socket];
  const env = { ...process.env } as Record<string, string>;
  delete env.TMUX;
  const tmux = (...args: string[]) => execFileSync('tmux', [...base, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  const events = readFileSync(SAMPLE, 'utf8');
  let commands: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, 'work', `a${i}`);
    const tmp = join(root, 'tmp', `a${i}`);
    mkdirSync(join(dir, '.agent'), { recursive: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(dir, '.agent', 'HEARTBEAT'), `${new Date(Date.now() - (options.live ? 0 : 120_000)).toISOString()}: alive\n`);
    writeFileSync(join(dir, '.agent', 'STATUS.md'), `Agent ${i} working\n`);
    writeFileSync(join(tmp, 'events.jsonl'), events);
    if (commands.length) commands.push(';');
    const kind = ['codex', 'claude', 'opencode', 'pi'][i % 4];
    const argv = options.live ? liveLoop(join(tmp, 'events.jsonl'), options.live.heartbeatSec, options.live.eventSec) : ['sleep', '3600'];
    commands.push('new-session', '-d', '-s', `${kind}-bench-${i}`, '-c', dir, '-e', `TASK_TMPDIR=${tmp}`, ...argv);
    // tmux limits one command line: start the sessions in batches.
    if ((i + 1) % 20 === 0) {
      tmux(...commands);
      commands = [];
    }
  }
  if (commands.length) tmux(...commands);
  // A pane whose program ends stays, dead, with its status: a crash the dashboard must show.
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  // The server's pid: a server busy with fifty loops may not answer kill-server in time,
  // and must not outlive the bench.
  const serverPid = Number(tmux('display-message', '-p', '#{pid}').trim()) || 0;
  return {
    socket,
    root,
    env: { ...env, ONESHOT_STATE_DIR: join(root, 'state'), HOME: join(root, 'home') },
    tmux,
    cleanup() {
      killServer(socket, env);
      try {
        if (serverPid > 0) process.kill(serverPid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
