import { afterEach, describe, expect, it } from 'vitest';
import { BADGES } from '../../src/fleet/badges.js';
import { AGENT_STATES } from '../../src/fleet/agent.js';
import { fleetOfEveryState, fleetOfInteractiveStates } from '../helpers/fleet-views.js';
import { observation, session } from '../helpers/observations.js';
import { KEYS, NOW, plain, renderApp, type Rendered } from '../helpers/render-app.js';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const selectedName = (r: Rendered) => r.store.getState().agents[r.store.getState().selectedId ?? '']?.name;

describe('dashboard layout', () => {
  it('shows every state with its symbol and label, attention first', async () => {
    app = renderApp([...fleetOfEveryState(), ...fleetOfInteractiveStates()], { rows: 40, columns: 130 });
    const frame = plain(await app.waitForFrame((f) => f.includes('vanished')));
    for (const state of AGENT_STATES) expect(frame).toContain(`${BADGES[state].symbol} ${state}`);
    const order = ['claude-wait', 'codex-ask', 'opencode-crash', 'claude-limit', 'claude-stale', 'vanished', 'claude-odd', 'claude-idle', 'codex-run', 'pi-done', 'halted'].map((n) => frame.indexOf(` ${n} `));
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!)), `${order}\n${frame}`).toBe(true);
    expect(frame).toContain('12s');
    expect(frame).toContain('10m');
    expect(frame).toMatch(/oneshot\s+tmux -L test · 11 agents/);
    // When the fleet's first rate limit resets (claude-limit's screen says 3pm).
    expect(frame).toMatch(/limits reset 15:00 · 12:00/);
  });

  it('shows the detail of the selected agent', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('detail · claude-wait'));
    await app.press('G');
    const frame = plain(await app.waitForFrame((f) => f.includes('detail · halted')));
    expect(frame).toContain('stopped through oneshot: by user');
    expect(frame).toContain('shell-halted (gone)');
    expect(frame).toMatch(/by\s+stopped/);
  });

  it('shows the evidence of the selected agent: the deciding signal and what disagrees', async () => {
    app = renderApp(fleetOfInteractiveStates(), { columns: 160, rows: 40 });
    const frame = plain(await app.waitForFrame((f) => f.includes('detail · codex-ask')));
    expect(frame).toMatch(/by\s+screen/);
  });

  it('shows a helpful screen when there are no agents', async () => {
    app = renderApp([], { server: 'no-server' });
    const frame = plain(await app.waitForFrame((f) => f.includes('--demo')));
    expect(frame).toContain('No tmux server is running on -L test');
    expect(frame).toContain('oneshot run --agent codex');
    expect(frame).toContain('oneshot-tui --demo');
  });

  it('degrades to the list alone on small terminals and refuses below 40×10', async () => {
    app = renderApp(fleetOfEveryState(), { columns: 60, rows: 15 });
    let frame = plain(await app.waitForFrame((f) => f.includes('claude-wait')));
    expect(frame).not.toContain('detail');
    expect(frame.split('\n').length).toBeLessThanOrEqual(15);
    app.unmount();
    app = renderApp(fleetOfEveryState(), { columns: 40, rows: 10 });
    frame = plain(await app.waitForFrame((f) => f.includes('claude-wait')));
    expect(frame.split('\n').length).toBeLessThanOrEqual(10);
    expect(frame.split('\n').every((l) => l.length <= 40)).toBe(true);
    app.unmount();
    app = renderApp(fleetOfEveryState(), { columns: 39, rows: 10 });
    frame = plain(await app.waitForFrame((f) => f.includes('too small')));
    expect(frame).toContain('39×10 is too small; need 40×10');
  });

  it('fills a large terminal without writing more lines than it has', async () => {
    app = renderApp(fleetOfEveryState(), { columns: 250, rows: 80 });
    const frame = plain(await app.waitForFrame((f) => f.includes('detail · claude-wait')));
    const lines = frame.replace(/\n$/, '').split('\n');
    expect(lines.length).toBe(80);
    expect(Math.max(...lines.map((l) => [...l].length))).toBe(250);
    expect(frame).toContain('USAGE');
  });

  it('never writes more lines than the terminal at 80×24', async () => {
    app = renderApp(fleetOfEveryState(), { columns: 80, rows: 24 });
    const frame = plain(await app.waitForFrame((f) => f.includes('detail')));
    expect(frame.replace(/\n$/, '').split('\n').length).toBe(24);
  });
});

describe('keys', () => {
  it('j/k, arrows, g/G and page keys move the selection', async () => {
    app = renderApp(fleetOfEveryState(), { rows: 32 });
    await app.waitForFrame((f) => f.includes('claude-wait'));
    expect(selectedName(app)).toBe('claude-wait');
    await app.press('j');
    expect(selectedName(app)).toBe('opencode-crash');
    await app.press(KEYS.down, KEYS.down);
    expect(selectedName(app)).toBe('vanished');
    await app.press('k', KEYS.up);
    expect(selectedName(app)).toBe('opencode-crash');
    await app.press('G');
    expect(selectedName(app)).toBe('halted');
    await app.press('g');
    expect(selectedName(app)).toBe('claude-wait');
    await app.press(KEYS.pageDown);
    expect(selectedName(app)).toBe('halted');
    await app.press(KEYS.pageUp);
    expect(selectedName(app)).toBe('claude-wait');
    await app.press(KEYS.end, KEYS.home);
    expect(selectedName(app)).toBe('claude-wait');
  });

  it('tab moves focus between list, detail, output and events', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('focus: list'));
    await app.press(KEYS.tab);
    await app.waitForFrame((f) => f.includes('focus: detail'));
    await app.press(KEYS.tab);
    await app.waitForFrame((f) => f.includes('focus: output'));
    await app.press(KEYS.tab);
    await app.waitForFrame((f) => f.includes('focus: events'));
    await app.press(KEYS.shiftTab);
    await app.waitForFrame((f) => f.includes('focus: output'));
    // With focus on the output, j/k scroll it instead of moving the selection.
    const before = selectedName(app);
    app.store.getState().outputRead({ agentId: app.store.getState().selectedId!, source: 'pane', title: 'pane %3', lines: Array.from({ length: 100 }, (_, i) => `line ${i}`), at: NOW });
    await app.press('k', 'k');
    expect(selectedName(app)).toBe(before);
    expect(app.store.getState().scroll.output).toBe(2);
    await app.waitForFrame((f) => /lines \d+-98 of 100 · f follow/.test(f));
    await app.press('G');
    expect(app.store.getState().scroll.output).toBe(0);
  });

  it('a scrolled output or events view keeps its lines as new ones arrive, counts them, and f follows again', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    const id = 'session:claude-wait';
    const capture = (from: number) => Array.from({ length: 200 }, (_, i) => `out ${from + i}`);
    app.store.getState().agentSelected(id);
    app.store.getState().outputRead({ agentId: id, source: 'pane', title: 'pane %3', lines: capture(0), at: NOW });
    await app.press(KEYS.enter);
    await app.waitForFrame((f) => f.includes('200 lines · following') || /lines \d+-200 of 200 · following/.test(f));
    await app.press(KEYS.pageUp);
    let frame = plain(await app.waitForFrame((f) => f.includes('f follow')));
    const topLine = (text: string) => /│(out \d+) /.exec(text)?.[1];
    const top = topLine(frame);
    expect(top).toBeDefined();
    // A busy agent: the capture moves on by 7 lines, twice.
    app.store.getState().outputRead({ agentId: id, source: 'pane', title: 'pane %3', lines: capture(7), at: NOW + 1 });
    app.store.getState().outputRead({ agentId: id, source: 'pane', title: 'pane %3', lines: capture(14), at: NOW + 2 });
    frame = plain(await app.waitForFrame((f) => f.includes('14 new · f follow')));
    expect(topLine(frame)).toBe(top);
    // g (top) stays at the top line it showed, too.
    await app.press('g');
    frame = plain(await app.waitForFrame((f) => f.includes('│out 14 ')));
    app.store.getState().outputRead({ agentId: id, source: 'pane', title: 'pane %3', lines: [...capture(14).slice(3), 'out 214', 'out 215', 'out 216'], at: NOW + 3 });
    // Still unread: the 14 from before and these 3.
    frame = plain(await app.waitForFrame((f) => f.includes('17 new')));
    expect(frame).toContain('│out 17 ');
    await app.press('f');
    frame = plain(await app.waitForFrame((f) => f.includes('· following')));
    expect(frame).toContain('out 216');
    expect(app.store.getState().unread.zoom).toBe(0);
  });

  it('enter zooms the output with scrollback, f follows, Esc goes back', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    app.store.getState().outputRead({ agentId: 'session:claude-wait', source: 'pane', title: 'pane %3', lines: Array.from({ length: 200 }, (_, i) => `out ${i}`), at: NOW });
    await app.press(KEYS.enter);
    let frame = plain(await app.waitForFrame((f) => /lines \d+-200 of 200 · following/.test(f)));
    expect(frame).toContain('out 199');
    await app.press(KEYS.pageUp);
    frame = plain(await app.waitForFrame((f) => f.includes('f follow')));
    expect(frame).not.toContain('out 199');
    await app.press('g');
    await app.waitForFrame((f) => plain(f).includes('│out 0 '));
    await app.press('f');
    await app.waitForFrame((f) => f.includes('following'));
    await app.press(KEYS.escape);
    await app.waitForFrame((f) => f.includes('detail · claude-wait'));
    expect(app.store.getState().mode).toBe('normal');
  });

  it('a filter that cannot match says why; with nothing selected the panels say so', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('/', ...'state:crashd');
    let frame = plain(await app.waitForFrame((f) => f.includes('did you mean crashed?')));
    expect(frame).toContain('0 of 7');
    expect(frame).toContain('No agent matches the filter');
    expect(frame).toContain('No agent selected.');
    expect(frame).not.toContain('Loading');
    await app.press(KEYS.escape);
    await app.press('/', ...'foo:bar', KEYS.enter);
    frame = plain(await app.waitForFrame((f) => f.includes('no field "foo"')));
    expect(frame).toContain('fields: state, agent, name, dir, host');
  });

  it('zoom: w wraps a long line so its end can be read; → scrolls an unwrapped one sideways', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    const long = `12:00:01 error: ${'the build failed because '.repeat(8)}THE-END`;
    app.store.getState().outputRead({ agentId: 'session:claude-wait', source: 'pane', title: 'pane %3', lines: ['first line', long], at: NOW });
    await app.press(KEYS.enter);
    let frame = plain(await app.waitForFrame((f) => f.includes('first line')));
    expect(frame).not.toContain('THE-END');
    await app.press('w');
    frame = plain(await app.waitForFrame((f) => f.includes('THE-END')));
    expect(frame).toContain('wrapped');
    // The continuation rows start under the end of the timestamp.
    expect(frame).toMatch(/│ {9}\S/);
    await app.press('w');
    await app.waitForFrame((f) => !f.includes('THE-END'));
    for (let i = 0; i < 8; i++) await app.press(KEYS.right);
    frame = plain(await app.waitForFrame((f) => f.includes('THE-END')));
    expect(frame).toContain('from column 161');
    await app.press('h', 'h', 'h', 'h', 'h', 'h', 'h', 'h');
    await app.waitForFrame((f) => f.includes('12:00:01 error'));
  });

  it('/ filters by text and by state, Esc clears', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('/', 's', 't', 'a', 't', 'e', ':', 'c', 'r');
    let frame = plain(await app.waitForFrame((f) => f.includes('1 of 7')));
    expect(frame).toContain('opencode-crash');
    expect(frame).not.toContain('claude-wait');
    expect(selectedName(app)).toBe('opencode-crash');
    await app.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, 'c', 'l', 'a', 'u');
    frame = plain(await app.waitForFrame((f) => f.includes('2 of 7')));
    await app.press(KEYS.enter);
    frame = plain(await app.waitForFrame((f) => f.includes('filter clau')));
    expect(app.store.getState().mode).toBe('normal');
    await app.press(KEYS.escape);
    frame = plain(await app.waitForFrame((f) => f.includes('vanished')));
    expect(app.store.getState().filter).toBe('');
  });

  it('s cycles the sort and keeps the selection on the same agent', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('j', 'j');
    expect(selectedName(app)).toBe('claude-stale');
    await app.press('s');
    let frame = plain(await app.waitForFrame((f) => f.includes('sort: name ▲')));
    expect(selectedName(app)).toBe('claude-stale');
    expect(app.store.getState().visibleIds[0]).toBe('session:claude-stale');
    // The sorted column is marked in the header.
    expect(frame).toMatch(/NAME▲/);
    expect(frame).not.toMatch(/STATE▲/);
    // o reverses it: the last name first, the column marked ▼, the selection kept.
    await app.press('o');
    frame = plain(await app.waitForFrame((f) => f.includes('sort: name ▼')));
    expect(frame).toMatch(/NAME▼/);
    expect(app.store.getState().visibleIds[0]).toBe('task:vanished');
    expect(selectedName(app)).toBe('claude-stale');
    // The next column starts in its own order again.
    await app.press('s');
    await app.waitForFrame((f) => f.includes('sort: heartbeat ▲') && /BEAT▲/.test(plain(f)));
  });

  it('keeps the selection on the same agent when states change the order', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('G');
    expect(selectedName(app)).toBe('halted');
    // codex-run crashes: it moves up the list, the selection stays on halted.
    const next = fleetOfEveryState().map((o) => (o.name === 'codex-run' ? { ...o, session: session({ name: 'codex-run' }, { paneId: '%1', dead: true, deadStatus: 1 }) } : o));
    app.store.getState().fleetObserved({ at: NOW + 1000, server: { status: 'ok', error: null }, agents: next });
    expect(selectedName(app)).toBe('halted');
  });

  it('? opens the help drawn from the keymap, Esc closes it', async () => {
    app = renderApp(fleetOfEveryState(), { rows: 40 });
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('?');
    const frame = plain(await app.waitForFrame((f) => f.includes('help · every key')));
    expect(frame).toContain('Next agent (or scroll');
    expect(frame).toContain('Navigate');
    await app.press('j');
    expect(app.store.getState().scroll.help).toBe(1);
    await app.press(KEYS.escape);
    await app.waitForFrame((f) => f.includes('detail'));
  });

  it('help fills a wide terminal in columns, wraps long descriptions, and is searched with /', async () => {
    app = renderApp(fleetOfEveryState(), { columns: 160, rows: 45 });
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('?');
    let frame = plain(await app.waitForFrame((f) => f.includes('help · every key')));
    // Two groups side by side on one line: columns, not one long list.
    const lines = frame.split('\n');
    expect(lines.some((l) => /Navigate\s{2,}.*\b(View|Filter|Agents|Inbox|Pager|Confirm|Form|App)\b/.test(l) || /\b(View|Filter|Agents)\b\s{2,}.*Navigate/.test(l))).toBe(true);
    // Every key fits without scrolling at 160×45.
    expect(frame).toContain('Esc closes');
    expect(frame).toContain('Quit (the agents keep running)');
    // A long description goes on under itself rather than being cut.
    expect(frame).not.toMatch(/…\s*│/);
    await app.press('/', ...'clipboard');
    frame = plain(await app.waitForFrame((f) => f.includes('1 key match')));
    expect(frame).toContain('Copy to the clipboard');
    expect(frame).not.toContain('Next agent (or scroll');
    await app.press(KEYS.enter);
    await app.waitForFrame((f) => f.includes('search: clipboard'));
    // Esc clears the search, then closes.
    await app.press(KEYS.escape);
    await app.waitForFrame((f) => f.includes('Next agent (or scroll'));
    await app.press(KEYS.escape);
    await app.waitForFrame((f) => f.includes('detail'));
  });

  it('action keys say why they are not available', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    for (const [key, label] of [['r', 'resume'], ['c', 'checkpoint'], ['x', 'kill'], ['a', 'attach'], ['S', 'stop'], ['n', 'new']] as const) {
      await app.press(key);
      await app.waitForFrame((f) => f.includes(`${label}: not available in this dashboard`));
    }
  });

  it('a key with no action says so and points to help', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('%');
    await app.waitForFrame((f) => f.includes('%: no action here — ? for help'));
    // In zoom too; a bound key is not answered that way.
    await app.press(KEYS.enter);
    await app.waitForFrame(() => app!.store.getState().mode === 'zoom');
    await app.press('Z');
    await app.waitForFrame((f) => f.includes('Z: no action here'));
  });

  it('y then a letter copies a fact of the selected agent to the clipboard, and says what', async () => {
    const copied: string[] = [];
    app = renderApp(fleetOfEveryState(), { copy: (text) => copied.push(text) });
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('y');
    await app.waitForFrame((f) => f.includes('copy: n name · s session · d directory · i session id · l last event'));
    await app.press('n');
    await app.waitForFrame((f) => f.includes(`copied name: ${selectedName(app!)}`));
    expect(copied).toEqual([selectedName(app)]);
    await app.press('y', 's');
    await app.waitForFrame((f) => f.includes('copied session:'));
    expect(copied[1]).toBe(selectedName(app));
    // Nothing to copy is said, not copied; Esc cancels; a wrong letter is named.
    await app.press('y', 'i');
    await app.waitForFrame((f) => f.includes('has no session id'));
    await app.press('y', KEYS.escape);
    await app.waitForFrame((f) => f.includes('copy: cancelled'));
    await app.press('y', 'q');
    await app.waitForFrame((f) => f.includes('copy: q is not one of n s d i l'));
    expect(copied).toHaveLength(2);
    expect(app.quits).toBe(0);
    // Once the prompt has faded, a key is a key again: j moves, nothing is copied.
    await app.press('y');
    app.store.getState().clockTicked(app.store.getState().now + 7000);
    const before = app.store.getState().selectedId;
    await app.press('j');
    expect(app.store.getState().selectedId).not.toBe(before);
    expect(copied).toHaveLength(2);
  });

  it('q and Ctrl-C quit', async () => {
    app = renderApp(fleetOfEveryState());
    await app.waitForFrame((f) => f.includes('claude-wait'));
    await app.press('q');
    expect(app.quits).toBe(1);
    await app.press('/', KEYS.ctrlC);
    expect(app.quits).toBe(2);
  });
});

describe('untrusted text', () => {
  it('reaches the frame without escape sequences other than colors', async () => {
    const evil = '\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1bPtmux;x\x1b\\\x1bc';
    const obs = observation({ name: `codex-${evil}x`, paneTail: [`${evil}hello`], session: session({}, { currentCommand: 'codex' }), dotAgent: null });
    obs.dotAgent = { dir: '/d/.agent', statusTail: [`status ${evil}`], heartbeat: null, checkpoints: null, lastState: null, recovery: false, hasSessionLog: false, problems: [] };
    app = renderApp([obs]);
    app.store.getState().outputRead({ agentId: obs.id, source: 'pane', title: 'pane %1', lines: [`\x1b[31mred\x1b[0m${evil}`], at: NOW });
    const frame = await app.waitForFrame((f) => f.includes('status '));
    // eslint-disable-next-line no-control-regex
    const sequences = frame.match(/\x1b[^[]|\x1b\[[0-9;?]*[^0-9;?m]/g) ?? [];
    expect(sequences).toEqual([]);
  });
});
