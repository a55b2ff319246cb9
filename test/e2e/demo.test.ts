import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../src/sources/pid.js';
import { descendants } from '../../src/sources/proc.js';
import { ONESHOT_TUI_BIN } from '../helpers/cli.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, killServer } from '../helpers/tmux-server.js';
import { createViewer, type Viewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let viewer: Viewer;
let tmp: string;
let sockets: string;

beforeAll(() => {
  area = makeTempArea();
  // The demo's files and its tmux socket go where TMPDIR and TMUX_TMPDIR say: here.
  tmp = area.path('tmp');
  sockets = area.path('sockets');
  mkdirSync(tmp);
  mkdirSync(sockets);
});
beforeEach(() => {
  viewer = createViewer(area.env, 160, 45);
});
afterEach(() => {
  viewer.kill();
  // Should a test fail half-way, take its demo server down too.
  for (const name of demoServers()) killServer(name, { ...process.env, TMUX_TMPDIR: sockets });
});
afterAll(() => area.cleanup());

function demoServers(): string[] {
  const dir = `${sockets}/tmux-${process.getuid?.() ?? 0}`;
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('oneshot-demo-')) : [];
}

function serverAnswers(name: string): boolean {
  return spawnSync('tmux', ['-L', name, 'list-sessions'], { env: { ...process.env, TMUX_TMPDIR: sockets }, encoding: 'utf8' }).status === 0;
}

const demoCommand = () => `TMPDIR=${tmp} TMUX_TMPDIR=${sockets} node ${ONESHOT_TUI_BIN} --demo`;
const fleetShown = (s: string) => /tmux -L oneshot-demo-\d+ · 9 agents/.test(s) && s.includes('refactor-auth') && s.includes('codex-deploy');

describe('oneshot-tui --demo', () => {
  it('shows a simulated fleet that moves, and leaves nothing behind on q', async () => {
    await viewer.waitForScreen((s) => s.includes('viewer$'), 'shell prompt');
    viewer.type(demoCommand());
    let screen = await viewer.waitForScreen(fleetShown, 'the nine demo agents', 60_000);
    const socket = /tmux -L (oneshot-demo-\d+)/.exec(screen)![1]!;
    expect(serverAnswers(socket)).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.startsWith('oneshot-demo-'))).toHaveLength(1);
    expect(screen).toMatch(/\? (needs-)?approval\s+codex-deploy/);

    // It moves: the build checks items, one agent finishes, one goes stale.
    screen = await viewer.waitForScreen(
      (s) => /todo-app\s+codex\s+\S+\s+\S*\s*[1-9]\d*\/10/.test(s) && /✓ done\s+ship-release/.test(s) && /◌ stale\s+claude-reindex/.test(s),
      'progress, a finished agent and a stale one',
      120_000,
    );

    // Actions work on it: the help, and a checkpoint of a running agent.
    viewer.keys('/');
    for (const ch of 'write-docs') viewer.keys(ch);
    viewer.keys('Enter');
    await viewer.waitForScreen((s) => s.includes('detail · write-docs'), 'write-docs selected');
    viewer.keys('c');
    // The status line shows the result until the next message (the flaky agent's auto-resume
    // may come first): the actions log has it for certain.
    await waitFor(
      () => {
        for (const dir of readdirSync(tmp).filter((d) => d.startsWith('oneshot-demo-'))) {
          const log = join(tmp, dir, 'state', 'actions.log');
          if (existsSync(log) && /"action":"checkpoint","agent":"write-docs","result":"ok","detail":"(checkpoint [0-9a-f]{7,} on refs\/oneshot\/write-docs|nothing changed)/.test(readFileSync(log, 'utf8'))) return true;
        }
        return false;
      },
      { timeoutMs: 15_000, message: 'the checkpoint result' },
    );

    viewer.keys('q');
    await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(`${s.trimEnd()} `), 'shell prompt after quit', 30_000);
    expect(viewer.paneFlag('#{alternate_on} #{pane_current_command}')).toBe('0 bash');
    expect(serverAnswers(socket)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    expect(demoServers()).toEqual([]);
  }, 240_000);

  it('cleans up when it is terminated instead of quit', async () => {
    await viewer.waitForScreen((s) => s.includes('viewer$'), 'shell prompt');
    viewer.type(demoCommand());
    const screen = await viewer.waitForScreen(fleetShown, 'the nine demo agents', 60_000);
    const socket = /tmux -L (oneshot-demo-\d+)/.exec(screen)![1]!;
    const shell = Number(viewer.paneFlag('#{pane_pid}'));
    const tui = descendants(shell)[0]!;
    process.kill(tui, 'SIGTERM');
    await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(`${s.trimEnd()} `), 'shell prompt after SIGTERM', 30_000);
    await waitFor(() => !serverAnswers(socket) && readdirSync(tmp).length === 0 && demoServers().length === 0, { timeoutMs: 20_000, message: 'the demo server and files removed' });
    expect(viewer.paneFlag('#{alternate_on}')).toBe('0');
  }, 120_000);

  it('cleans up when its terminal disappears (the tmux server or SSH connection it runs in ends)', async () => {
    // The dashboard is the pane's own process here, writing to a terminal that then vanishes.
    const terminal = createTestServer({ ...area.env, TMPDIR: tmp, TMUX_TMPDIR: sockets });
    try {
      terminal.tmux('new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', process.execPath, ONESHOT_TUI_BIN, '--demo');
      const tui = Number(terminal.tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
      await waitFor(() => fleetShown(terminal.tmux('capture-pane', '-p', '-t', 'ui')), { timeoutMs: 60_000, message: 'the nine demo agents' });
      terminal.kill();
      await waitFor(() => !isPidAlive(tui) && readdirSync(tmp).length === 0 && demoServers().length === 0, { timeoutMs: 20_000, message: 'the dashboard gone, with the demo server and files' });
    } finally {
      terminal.kill();
    }
  }, 120_000);
});
