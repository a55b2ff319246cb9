// `npm run screenshots`: the real dashboard on the demo fleet, in tmux at fixed sizes,
// captured with colors and rendered to SVG (and PNG where rsvg-convert is installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from '../../src/proc/exec.js';
import { screenToSvg } from './ansi-svg.js';
import { killServer } from '../helpers/tmux-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const TUI = join(here, '..', '..', 'src', 'cli', 'oneshot-tui.js');
const OUT = join(here, '..', '..', '..', 'screenshots');
const socket = `oneshot-shots-${process.pid}`;
const env = { ...process.env };
delete env.TMUX;
delete env.TMUX_PANE;

const tmux = (...args: string[]) => execFileSync('tmux', ['-f', '/dev/null', '-L', socket, ...args], { encoding: 'utf8', env });
const screen = () => tmux('capture-pane', '-p', '-e', '-t', '=shots:');
const plain = () => tmux('capture-pane', '-p', '-t', '=shots:');

async function until(test: (s: string) => boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (test(plain())) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`screenshots: timed out waiting for ${what}:\n${plain()}`);
}

const settle = () => new Promise((r) => setTimeout(r, 700));

function save(name: string, columns: number, rows: number, title: string): void {
  const svg = screenToSvg(screen(), { columns, rows, title });
  const path = join(OUT, `${name}.svg`);
  writeFileSync(path, svg);
  const rsvg = findOnPath('rsvg-convert');
  if (rsvg) spawnSync(rsvg, ['--format', 'png', '--output', join(OUT, `${name}.png`), path]);
  process.stdout.write(`screenshots/${name}.svg${rsvg ? ` and .png` : ''}\n`);
}

mkdirSync(OUT, { recursive: true });
try {
  tmux('new-session', '-d', '-s', 'shots', '-x', '160', '-y', '45', process.execPath, TUI, '--demo');
  // Let the fleet show every state: a crash, a stale heartbeat, a finished task, progress.
  await until((s) => /✗ crashed/.test(s) && /◌ stale/.test(s) && /✓ done/.test(s) && /\d\/10/.test(s), 'the demo fleet in every state');
  await settle();
  save('dashboard-160x45', 160, 45, 'oneshot-tui --demo (160×45)');

  tmux('send-keys', '-t', '=shots:', '?');
  await until((s) => s.includes('help · every key'), 'the help');
  await settle();
  save('help-160x45', 160, 45, 'oneshot-tui: ? shows every key');
  tmux('send-keys', '-t', '=shots:', 'Escape');
  await until((s) => s.includes('detail ·'), 'the dashboard');

  tmux('send-keys', '-t', '=shots:', '/');
  tmux('send-keys', '-t', '=shots:', '-l', 'refactor');
  tmux('send-keys', '-t', '=shots:', 'Enter');
  await until((s) => s.includes('detail · refactor-auth'), 'refactor-auth selected');
  tmux('send-keys', '-t', '=shots:', 'Enter');
  await until((s) => s.includes('refactor-auth · pane') && s.includes('following'), 'the zoomed output');
  await settle();
  save('zoom-160x45', 160, 45, 'oneshot-tui: Enter zooms the output of the selected agent');
  tmux('send-keys', '-t', '=shots:', 'Escape');
  await until((s) => s.includes('detail ·'), 'the dashboard');
  tmux('send-keys', '-t', '=shots:', 'Escape');
  await until((s) => !/agents · \d+ of \d+ match/.test(s), 'the filter cleared');

  tmux('resize-window', '-t', '=shots:', '-x', '80', '-y', '24');
  await until((s) => s.split('\n')[0]?.trimEnd().length !== undefined && s.split('\n').every((l) => l.length <= 80) && s.includes('detail ·'), '80×24');
  await settle();
  save('dashboard-80x24', 80, 24, 'oneshot-tui --demo (80×24)');

  // q: the dashboard removes the demo fleet and exits, which ends the pane and this server.
  tmux('send-keys', '-t', '=shots:', 'q');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && spawnSync('tmux', ['-f', '/dev/null', '-L', socket, 'has-session'], { env }).status === 0) await new Promise((r) => setTimeout(r, 250));
} finally {
  killServer(socket, env);
}
