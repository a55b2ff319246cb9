import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONESHOT_TUI_BIN } from '../helpers/cli.js';
import { buildSyntheticFleet } from '../helpers/synthetic-fleet.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { createViewer, type Viewer } from '../helpers/viewer.js';

let fleetServer: TestServer;
let area: TempArea;
let viewer: Viewer;
let workRoot: string;

beforeAll(() => {
  area = makeTempArea();
  fleetServer = createTestServer(area.env);
  workRoot = buildSyntheticFleet(fleetServer, area).workRoot;
  viewer = createViewer(area.env, 120, 40);
});
afterAll(() => {
  // Whatever beforeAll got to make is ended, also when it failed half-way.
  viewer?.kill();
  fleetServer?.kill();
  area?.cleanup();
});

describe('oneshot-tui in a real terminal (tmux, 120×40)', () => {
  it('shows the fleet, the help, a filter, and gives the shell back on q', async () => {
    await viewer.waitForScreen((s) => s.includes('viewer$'), 'shell prompt');
    viewer.type(`node ${ONESHOT_TUI_BIN} -L ${fleetServer.name} --interval 300 ${workRoot}`);
    const expected = [
      /\? (needs-)?approval\s+claude-wait/,
      /✗ crashed\s+opencode-crash/,
      /◌ stale\s+claude-stale/,
      /! lost\s+vanished/,
      /● running\s+codex-build.*3\/5/,
      /✓ done\s+pi-done/,
      /■ stopped\s+halted/,
      new RegExp(`tmux -L ${fleetServer.name} · 8 agents`),
    ];
    const screen = await viewer.waitForScreen((s) => expected.every((re) => re.test(s)), 'every agent in its state on screen');
    expect(viewer.paneFlag('#{alternate_on}')).toBe('1');
    expect(screen.split('\n').length).toBeLessThanOrEqual(41);

    viewer.keys('?');
    await viewer.waitForScreen((s) => s.includes('help · every key') && s.includes('Next agent (or scroll'), 'help overlay');
    viewer.keys('Escape');
    await viewer.waitForScreen((s) => s.includes('detail ·'), 'back from help');

    viewer.keys('/');
    for (const ch of 'state:crashed') viewer.keys(ch);
    // The status line is the last line a frame writes: once it says so, the frame is whole
    // (a capture can land in the middle of one on a busy machine).
    const filtered = await viewer.waitForScreen((s) => s.includes('1 of 8 · Enter keeps'), 'filter applied');
    expect(filtered).toContain('opencode-crash');
    expect(filtered).not.toMatch(/│.*claude-wait/);
    viewer.keys('Enter', 'Escape');
    await viewer.waitForScreen((s) => s.includes('claude-wait') && s.includes('pi-done'), 'filter cleared');

    // The agent waiting at a prompt: its pane lives, so its output is certain to be there.
    viewer.keys('g', 'Enter');
    await viewer.waitForScreen((s) => s.includes('claude-wait · pane') && s.includes('Do you want to proceed?'), 'zoomed output');
    viewer.keys('Escape');
    await viewer.waitForScreen((s) => s.includes('detail · claude-wait'), 'back from zoom');

    viewer.keys('q');
    const after = await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(s.trimEnd() + ' '), 'shell prompt after quit');
    expect(after).not.toContain('detail ·');
    expect(viewer.paneFlag('#{alternate_on} #{cursor_flag} #{pane_current_command}')).toBe('0 1 bash');
  });

  it('TERM=dumb gets a pointer to oneshot status, not a full-screen app', async () => {
    viewer.type(`TERM=dumb node ${ONESHOT_TUI_BIN} -L ${fleetServer.name}; echo "exit=$?"`);
    const screen = await viewer.waitForScreen((s) => /exit=\d/.test(s), 'dumb terminal message');
    expect(screen).toContain('oneshot-tui: TERM=dumb cannot show a full-screen dashboard; use oneshot status, or oneshot-tui --once');
    expect(screen).toContain('exit=2');
  });

  it('NO_COLOR: no color in the frames, the selection still a reverse-video bar across the row', async () => {
    viewer.type(`clear; NO_COLOR=1 node ${ONESHOT_TUI_BIN} -L ${fleetServer.name}`);
    await viewer.waitForScreen((s) => s.includes('claude-wait') && s.includes('detail ·'), 'dashboard without color');
    const styled = viewer.server.tmux('capture-pane', '-p', '-e', '-t', viewer.target);
    // tmux re-encodes what the pane shows: any color would come back as 3x/4x/9x/10x or 38/48.
    const colors = [...styled.matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => (m[1] ?? '').split(';')).filter((p) => /^(3\d|4\d|9[0-7]|10[0-7])$/.test(p) && p !== '39' && p !== '49');
    expect(colors).toEqual([]);
    // The selected row: reverse video from its first cell to the panel's edge.
    const bar = styled.split('\n').find((l) => l.includes('\x1b[7m'));
    expect(bar).toBeDefined();
    viewer.keys('q');
    await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(s.trimEnd() + ' '), 'shell prompt after quit');
  });

  it('takes clicks and the wheel, and gives tmux its own mouse and copy mode back on exit; --no-mouse leaves it alone', async () => {
    // tmux's own mouse mode is on, as many people have it.
    viewer.server.tmux('set-option', '-g', 'mouse', 'on');
    viewer.type(`clear; node ${ONESHOT_TUI_BIN} -L ${fleetServer.name} --interval 300 ${workRoot}`);
    await viewer.waitForScreen((s) => s.includes('detail · claude-wait') && s.includes('pi-done'), 'dashboard');
    // The pane asked for button reports in the SGR encoding.
    expect(viewer.paneFlag('#{mouse_standard_flag} #{mouse_sgr_flag}')).toBe('1 1');
    // A click on an agent's row (the list's rows start on the fourth line) selects it; tmux
    // hands the pane what a terminal sends for a click there.
    const screen = viewer.screen().split('\n');
    const row = screen.findIndex((l) => l.includes('pi-done'));
    expect(row).toBeGreaterThan(2);
    viewer.server.tmux('send-keys', '-t', viewer.target, '-l', `\x1b[<0;20;${row + 1}M\x1b[<0;20;${row + 1}m`);
    await viewer.waitForScreen((s) => s.includes('detail · pi-done'), 'the clicked agent selected');
    // A wheel turn down over the list: the next agent.
    viewer.server.tmux('send-keys', '-t', viewer.target, '-l', `\x1b[<65;20;${row + 1}M`);
    await viewer.waitForScreen((s) => s.includes('detail ·') && !s.includes('detail · pi-done'), 'the wheel moved the selection');
    viewer.keys('q');
    await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(s.trimEnd() + ' '), 'shell prompt after quit');
    // The shell has no mouse reports on: tmux's mouse and copy mode work as before.
    expect(viewer.paneFlag('#{mouse_any_flag} #{mouse_standard_flag} #{mouse_sgr_flag} #{alternate_on}')).toBe('0 0 0 0');
    viewer.server.tmux('copy-mode', '-t', viewer.target);
    expect(viewer.paneFlag('#{pane_in_mode}')).toBe('1');
    viewer.server.tmux('send-keys', '-t', viewer.target, '-X', 'cancel');
    expect(viewer.paneFlag('#{pane_in_mode}')).toBe('0');

    viewer.type(`clear; node ${ONESHOT_TUI_BIN} -L ${fleetServer.name} --no-mouse`);
    await viewer.waitForScreen((s) => s.includes('detail ·'), 'dashboard without the mouse');
    expect(viewer.paneFlag('#{mouse_any_flag} #{mouse_sgr_flag}')).toBe('0 0');
    viewer.keys('q');
    await viewer.waitForScreen((s) => /viewer\$ \s*$/.test(s.trimEnd() + ' '), 'shell prompt after quit');
    viewer.server.tmux('set-option', '-g', 'mouse', 'off');
  });

  it('says what to do when stdout is not a terminal', async () => {
    viewer.type(`node ${ONESHOT_TUI_BIN} -L ${fleetServer.name} | cat; echo "exit=\${PIPESTATUS[0]}"`);
    const screen = await viewer.waitForScreen((s) => /exit=\d/.test(s), 'pipe message');
    expect(screen).toContain('oneshot-tui: stdout is not a terminal; for a snapshot use --once (or --once --json)');
    expect(screen).toContain('exit=2');
  });
});
