import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { computeLayout, listColumns } from '../../src/tui/layout.js';
import { createScreen, ENTER, frameDiff, RESTORE, withoutColors } from '../../src/tui/screen.js';

class FakeTerminal extends EventEmitter {
  written: string[] = [];
  columns = 80;
  rows = 5;
  write(chunk: string) {
    this.written.push(chunk);
    return true;
  }
}

describe('frame writer', () => {
  it('paints everything first, then only the lines that changed', () => {
    expect(frameDiff(null, ['a', 'b'], 5)).toBe('\x1b[H\x1b[2J\x1b[1;1H\x1b[2Ka\x1b[0m\x1b[2;1H\x1b[2Kb\x1b[0m');
    expect(frameDiff(['a', 'b', 'c'], ['a', 'B', 'c'], 5)).toBe('\x1b[2;1H\x1b[2KB\x1b[0m');
    expect(frameDiff(['a', 'b'], ['a', 'b'], 5)).toBe('');
    // A shorter frame clears what the longer one left.
    expect(frameDiff(['a', 'b', 'c'], ['a'], 5)).toBe('\x1b[2;1H\x1b[2K\x1b[3;1H\x1b[2K');
  });

  it('never writes more lines than the terminal has', () => {
    const out = frameDiff(null, ['1', '2', '3', '4', '5', '6', '7'], 5);
    expect(out).toContain('\x1b[5;1H');
    expect(out).not.toContain('\x1b[6;1H');
  });

  it('caps the frame rate, writes the newest frame, and repaints after a resize', () => {
    const term = new FakeTerminal();
    let clock = 0;
    const timers: (() => void)[] = [];
    const screen = createScreen(term, { maxFps: 10, now: () => clock, setTimer: (fn) => timers.push(fn), clearTimer: () => undefined });
    screen.enter();
    expect(term.written).toEqual([ENTER]);
    screen.stream.write('one\ntwo\n');
    expect(screen.framesWritten).toBe(1);
    clock = 10;
    screen.stream.write('one\nTWO\n');
    screen.stream.write('one\nthree\n');
    expect(screen.framesWritten).toBe(1);
    clock = 120;
    timers.shift()!();
    expect(screen.framesWritten).toBe(2);
    expect(term.written.at(-1)).toContain('three');
    expect(term.written.at(-1)).not.toContain('TWO');
    expect(term.written.at(-1)).not.toContain('one');
    term.emit('resize');
    clock = 300;
    screen.stream.write('one\nthree\n');
    expect(term.written.at(-1)).toContain('\x1b[2J');
    screen.restore();
    screen.restore();
    expect(term.written.filter((w) => w === RESTORE)).toHaveLength(1);
    // Bracketed paste is asked for on the way in and given back on the way out.
    expect(ENTER).toContain('\x1b[?2004h');
    expect(RESTORE).toContain('\x1b[?2004l');
  });

  it('a storm of resizes reaches the app as one now and one when it settles, at most one per interval', () => {
    const term = new FakeTerminal();
    let clock = 0;
    let pending: { at: number; fn: () => void }[] = [];
    const screen = createScreen(term, {
      resizeIntervalMs: 50,
      now: () => clock,
      setTimer: (fn, ms) => {
        const t = { at: clock + ms, fn };
        pending.push(t);
        return t;
      },
      clearTimer: (h) => {
        pending = pending.filter((p) => p !== h);
      },
    });
    screen.enter();
    const sizes: number[] = [];
    screen.stream.on('resize', () => sizes.push(term.columns));
    // A window dragged for a second: a resize every 10 ms, 100 in all.
    for (let i = 1; i <= 100; i++) {
      clock = i * 10;
      term.columns = 80 + i;
      term.emit('resize');
      for (const t of pending.filter((p) => p.at <= clock)) {
        pending = pending.filter((p) => p !== t);
        t.fn();
      }
    }
    clock = 2000;
    for (const t of pending.splice(0)) t.fn();
    expect(sizes.length).toBeLessThanOrEqual(21);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    // The app ends on the final size.
    expect(sizes.at(-1)).toBe(180);
    // Other events still go to the terminal.
    let data = 0;
    screen.stream.on('drain', () => data++);
    term.emit('drain');
    expect(data).toBe(1);
    screen.restore();
  });
});

describe('layout', () => {
  it('uses the whole terminal and splits it by tier', () => {
    const full = computeLayout(120, 40, 5);
    expect(full.tier).toBe('full');
    expect(full.list.height + full.detail!.height + 3).toBe(40);
    expect(full.output!.height + full.events!.height).toBe(full.detail!.height);
    expect(full.detail!.width + full.output!.width).toBe(120);
    expect(computeLayout(79, 40, 5).tier).toBe('compact');
    expect(computeLayout(120, 23, 5).tier).toBe('compact');
    expect(computeLayout(40, 10, 5).tier).toBe('compact');
    expect(computeLayout(39, 10, 5).tier).toBe('too-small');
    expect(computeLayout(40, 9, 5).tier).toBe('too-small');
  });
  it('drops columns as the list gets narrow', () => {
    const wide = listColumns(200, 20);
    expect(wide.usage).toBeGreaterThan(0);
    expect(wide.bar).toBe(true);
    const narrow = listColumns(38, 20);
    expect(narrow).toMatchObject({ kind: 0, progress: 0, usage: 0 });
    expect(narrow.badge + narrow.name + 1 + narrow.event).toBeLessThanOrEqual(38);
  });
});

describe('NO_COLOR frames', () => {
  it('lose their colors and keep the other attributes', () => {
    expect(withoutColors('\x1b[31mred\x1b[39m \x1b[1;32mbold green\x1b[22;39m \x1b[7mselected\x1b[27m')).toBe('red \x1b[1mbold green\x1b[22m \x1b[7mselected\x1b[27m');
    expect(withoutColors('\x1b[38;5;208mx\x1b[48;2;1;2;3;4my\x1b[0m')).toBe('x\x1b[4my\x1b[0m');
    expect(withoutColors('\x1b[mplain')).toBe('\x1b[mplain');
  });
});

describe('OSC 52 copy', () => {
  it('encodes the text, and wraps it for tmux', async () => {
    const { osc52 } = await import('../../src/tui/copy.js');
    expect(osc52('héllo', false)).toBe(`\x1b]52;c;${Buffer.from('héllo').toString('base64')}\x07`);
    expect(osc52('x', true)).toBe('\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\');
  });
});
