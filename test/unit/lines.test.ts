import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/supervisor/lines.js';

describe('an agent output as lines', () => {
  it('joins lines split across chunks and strips CR', () => {
    const s = new LineSplitter(true);
    expect(s.push('{"a":')).toEqual([]);
    expect(s.push('1}\r\nplain')).toEqual(['{"a":1}']);
    expect(s.push(' text\n\n')).toEqual(['plain text', '']);
    expect(s.end()).toBeNull();
  });

  it('keeps a JSON line whole past the plain-line limit, also after a chunk that ended a line', () => {
    const s = new LineSplitter(true);
    // The first chunk ends exactly with a newline: the next line starts in the next chunk.
    expect(s.push('{"type":"thread.started"}\n')).toEqual(['{"type":"thread.started"}']);
    const out: string[] = [];
    out.push(...s.push('{"big":"'));
    for (let i = 0; i < 40; i++) out.push(...s.push('x'.repeat(64 * 1024)));
    out.push(...s.push('"}\n'));
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBe(8 + 40 * 64 * 1024 + 2);
  });

  it('passes a runaway plain line on in pieces, and the rest at the end', () => {
    const s = new LineSplitter(false);
    const out = [...s.push('y'.repeat(40 * 1024)), ...s.push('y'.repeat(40 * 1024)), ...s.push('tail')];
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBe(80 * 1024);
    expect(s.end()).toBe('tail');
  });
});
