import { describe, expect, it } from 'vitest';
import { matchesLine, matchRuns, searchPattern } from '../../src/tui/search.js';

describe('log search', () => {
  it('text is text, a pattern is a pattern, with smart case', () => {
    expect(matchesLine(searchPattern('a.b'), 'axb')).toBe(true);
    expect(matchesLine(searchPattern('error'), 'ERROR: disk full')).toBe(true);
    expect(matchesLine(searchPattern('Error'), 'error: disk full')).toBe(false);
    expect(matchesLine(searchPattern('exit [1-9]'), 'agent exited with exit 3')).toBe(true);
    expect(matchesLine(searchPattern('exit [1-9]'), 'exit 0')).toBe(false);
  });

  it('a broken pattern is searched as text and said to be broken', () => {
    const p = searchPattern('foo(');
    expect(p.invalid).toMatch(/Unterminated group|unterminated/i);
    expect(matchesLine(p, 'call foo(x)')).toBe(true);
    expect(searchPattern('x*').invalid).toBe('matches empty text');
  });

  it('cuts a line into its matches, every one of them', () => {
    expect(matchRuns(searchPattern('o'), 'foo bar boo')).toEqual([
      { text: 'f', hit: false },
      { text: 'o', hit: true },
      { text: 'o', hit: true },
      { text: ' bar b', hit: false },
      { text: 'o', hit: true },
      { text: 'o', hit: true },
    ]);
    expect(matchRuns(searchPattern('z'), 'abc')).toEqual([{ text: 'abc', hit: false }]);
  });
});
