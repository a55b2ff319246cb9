import { describe, expect, it } from 'vitest';
import { cellWidth, fitCells, truncateCells, wrapCells } from '../../src/text/width.js';

describe('terminal cell widths', () => {
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
