import { describe, expect, it } from 'vitest';
import { createPasteAssembler } from '../../src/keymap/paste.js';

describe('bracketed paste', () => {
  it('turns everything between the markers into one text, never keys', () => {
    const p = createPasteAssembler();
    expect(p.feed('[200~', {})).toEqual({ kind: 'pending' });
    expect(p.active).toBe(true);
    expect(p.feed('pro', {})).toEqual({ kind: 'pending' });
    expect(p.feed('xy', {})).toEqual({ kind: 'pending' });
    expect(p.feed('[201~', {})).toEqual({ kind: 'paste', text: 'proxy' });
    expect(p.active).toBe(false);
    expect(p.feed('x', {})).toEqual({ kind: 'key' });
  });

  it('keeps newlines and tabs that arrive as the Return and Tab keys, and CRLF as one newline', () => {
    const p = createPasteAssembler();
    p.feed('[200~', {});
    p.feed('line one\r\nline', {});
    p.feed('', { return: true });
    p.feed('', { tab: true });
    p.feed('two\rthree', {});
    expect(p.feed('[201~', {})).toEqual({ kind: 'paste', text: 'line one\nline\n\ttwo\nthree' });
  });

  it('ignores an end marker without a start, and keys with modifiers are not markers', () => {
    const p = createPasteAssembler();
    expect(p.feed('[201~', {})).toEqual({ kind: 'pending' });
    expect(p.feed('[200~', { meta: true })).toEqual({ kind: 'key' });
  });

  it('keeps the first megabyte of a runaway paste', () => {
    const p = createPasteAssembler(10);
    p.feed('[200~', {});
    for (let i = 0; i < 100; i++) p.feed('abcdef', {});
    const out = p.feed('[201~', {});
    expect(out.kind === 'paste' && out.text.length).toBe(12);
  });
});
