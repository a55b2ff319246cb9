import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { cellWidth, fitCells, NARROW_RANGES, truncateCells, wrapCells } from '../../src/text/width.js';

describe('terminal cell widths', () => {
  it('takes the fast path only for characters string-width also counts as one cell', () => {
    const wrong: string[] = [];
    for (const [from, to] of NARROW_RANGES) {
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        if (stringWidth(ch) !== 1 || cellWidth(ch) !== 1) wrong.push(`U+${cp.toString(16)}: ${stringWidth(ch)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cellWidth('detail · codex-demo ● 3/5 ✓ …')).toBe(stringWidth('detail · codex-demo ● 3/5 ✓ …'));
    // A combining accent or an emoji still goes to string-width.
    expect(cellWidth('e\u0301')).toBe(1);
    expect(cellWidth('ok ✅')).toBe(5);
  });

  it('counts wide characters as two cells', () => {
    expect(cellWidth('abc')).toBe(3);
    expect(cellWidth('日本')).toBe(4);
    expect(fitCells('日本語', 5)).toBe('日本…');
    expect(cellWidth(fitCells('日本語', 5))).toBe(5);
    expect(truncateCells('abcdef', 4)).toBe('abc…');
    expect(fitCells('ab', 4)).toBe('ab  ');
  });

  it('wraps at spaces and never exceeds the width', () => {
    const text = 'This interrupts claude-write-docs, waits for it to end, checkpoints the work and marks it stopped.';
    const lines = wrapCells(text, 30);
    expect(lines).toEqual(['This interrupts', 'claude-write-docs, waits for', 'it to end, checkpoints the', 'work and marks it stopped.']);
    for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
  });

  it('splits a word longer than a line, wide characters included', () => {
    expect(wrapCells('/tmp/a-very-long-directory-name', 10)).toEqual(['/tmp/a-ver', 'y-long-dir', 'ectory-nam', 'e']);
    const wide = wrapCells('日本語のテキスト', 5);
    for (const line of wide) expect(cellWidth(line)).toBeLessThanOrEqual(5);
    expect(wide.join('')).toBe('日本語のテキスト');
    expect(wrapCells('', 10)).toEqual(['']);
  });
});
