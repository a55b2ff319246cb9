import { describe, expect, it } from 'vitest';
import { shiftLine, wrapLine, wrappedRows } from '../../src/tui/long-lines.js';

describe('long lines', () => {
  it('wrap under their timestamp, and leave short lines as they came', () => {
    expect(wrapLine('12:00:01 error: the disk is full and the build stopped', 24)).toEqual(['12:00:01 error: the disk', '         is full and the', '         build stopped']);
    expect(wrapLine('\x1b[31mshort\x1b[0m', 24)).toEqual(['\x1b[31mshort\x1b[0m']);
    expect(wrapLine('x'.repeat(50), 20)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(10)]);
  });

  it('a wrapped view keeps the newest shown line whole at the bottom', () => {
    const lines = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(10)];
    expect(wrappedRows(lines, 4, 0, 20)).toEqual({ shown: ['a'.repeat(10), 'b'.repeat(20), 'b'.repeat(10), 'c'.repeat(10)], offset: 0, first: 0 });
    expect(wrappedRows(lines, 2, 1, 20).shown).toEqual(['b'.repeat(20), 'b'.repeat(10)]);
  });

  it('shift: the line from a column on, as plain text', () => {
    expect(shiftLine('\x1b[32mhello world\x1b[0m', 6)).toBe('world');
    expect(shiftLine('\x1b[32mhi\x1b[0m', 0)).toBe('\x1b[32mhi\x1b[0m');
  });
});
