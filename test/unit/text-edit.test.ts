import { describe, expect, it } from 'vitest';
import { completeDir } from '../../src/text/complete.js';
import { applyEdit, fieldWindow, insertAt } from '../../src/text/edit.js';
import { parseMouse } from '../../src/keymap/mouse.js';

/** Shows a value with its caret as |, and reads one back. */
const show = (e: { value: string; caret: number }) => [...e.value].toSpliced(e.caret, 0, '|').join('');
const at = (text: string) => ({ value: text.replace('|', ''), caret: [...text].indexOf('|') });
const edit = (text: string, command: Parameters<typeof applyEdit>[2]) => {
  const { value, caret } = at(text);
  return show(applyEdit(value, caret, command));
};

describe('a text field', () => {
  it('moves by character, line end and word, and never splits an emoji', () => {
    expect(edit('ab|c', 'left')).toBe('a|bc');
    expect(edit('|abc', 'left')).toBe('|abc');
    expect(edit('ab|c', 'right')).toBe('abc|');
    expect(edit('a🙂|b', 'left')).toBe('a|🙂b');
    expect(edit('fix the| tests', 'home')).toBe('|fix the tests');
    expect(edit('fix the| tests', 'end')).toBe('fix the tests|');
    expect(edit('state:crashed agent:co|dex', 'wordLeft')).toBe('state:crashed agent:|codex');
    expect(edit('state:crashed agent:|codex', 'wordLeft')).toBe('state:crashed |agent:codex');
    expect(edit('|state:crashed agent', 'wordRight')).toBe('state|:crashed agent');
    expect(edit('state|:crashed agent', 'wordRight')).toBe('state:crashed| agent');
  });

  it('deletes by character, word and to either end, as readline does', () => {
    expect(edit('ab|c', 'backspace')).toBe('a|c');
    expect(edit('|abc', 'backspace')).toBe('|abc');
    expect(edit('ab|c', 'delete')).toBe('ab|');
    expect(edit('abc|', 'delete')).toBe('abc|');
    expect(edit('state:crashed agent:co|dex', 'killStart')).toBe('|dex');
    expect(edit('state:crashed agent:co|dex', 'killEnd')).toBe('state:crashed agent:co|');
    // Ctrl-W: back to the previous space or slash (a part of a path); Alt-D: the word after.
    expect(edit('run the /tmp/x| now', 'killWord')).toBe('run the /tmp/| now');
    expect(edit('run the /tmp/| now', 'killWord')).toBe('run the /| now');
    expect(edit('run the  |now', 'killWord')).toBe('run |now');
    expect(edit('run |the tests', 'killWordRight')).toBe('run | tests');
  });

  it('keeps Home, End and the kills on the caret line of a prompt of several lines', () => {
    expect(edit('first line\nsec|ond\nthird', 'home')).toBe('first line\n|second\nthird');
    expect(edit('first line\nsec|ond\nthird', 'end')).toBe('first line\nsecond|\nthird');
    expect(edit('first line\nsec|ond\nthird', 'killStart')).toBe('first line\n|ond\nthird');
    expect(edit('first line\nsec|ond\nthird', 'killEnd')).toBe('first line\nsec|\nthird');
    // At a line's start, ^U joins it to the line above; at its end ^K joins the next.
    expect(edit('first\n|second', 'killStart')).toBe('first|second');
    expect(edit('first|\nsecond', 'killEnd')).toBe('first|second');
  });

  it('inserts typed and pasted text at the caret', () => {
    expect(show(insertAt('fix tests', 3, ' the'))).toBe('fix the| tests');
    expect(show(insertAt('abc', null, 'd'))).toBe('abcd|');
    expect(show(insertAt('', 5, 'x'))).toBe('x|');
  });

  it('shows the part of a long line around the caret, marking the cut sides', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    expect(fieldWindow('abc', 3, 10)).toEqual({ before: 'abc', at: ' ', after: '', cutLeft: false, cutRight: false });
    const end = fieldWindow(text, null, 10);
    expect(end.cutLeft).toBe(true);
    expect(end.cutRight).toBe(false);
    expect(`…${end.before}${end.at}${end.after}`).toHaveLength(10);
    expect(end.before.endsWith('z')).toBe(true);
    const start = fieldWindow(text, 0, 10);
    expect(start).toMatchObject({ before: '', at: 'a', cutLeft: false, cutRight: true });
    expect(`${start.before}${start.at}${start.after}…`).toHaveLength(10);
    const middle = fieldWindow(text, 13, 10);
    expect(middle).toMatchObject({ at: 'n', cutLeft: true, cutRight: true });
    expect(`…${middle.before}${middle.at}${middle.after}…`).toHaveLength(10);
  });
});

describe('directory completion', () => {
  const tree: Record<string, string[]> = {
    '/work': ['oneshot', 'other', 'old', '.hidden'],
    '/work/oneshot': ['src', 'test'],
    '/home/me': ['projects'],
    '/home/me/projects': ['api'],
  };
  const list = (dir: string) => tree[dir] ?? null;
  const base = { base: '/work', home: '/home/me' };

  it('completes a unique directory with a slash, a shared start as far as it goes, and lists the rest', () => {
    expect(completeDir('/work/on', list, base)).toEqual({ value: '/work/oneshot/', choices: [] });
    expect(completeDir('/work/o', list, base)).toEqual({ value: '/work/o', choices: ['old', 'oneshot', 'other'] });
    expect(completeDir('/work/ot', list, base)).toEqual({ value: '/work/other/', choices: [] });
    expect(completeDir('/work/oneshot/', list, base)).toEqual({ value: '/work/oneshot/', choices: ['src', 'test'] });
    expect(completeDir('/work/oneshot/s', list, base)).toEqual({ value: '/work/oneshot/src/', choices: [] });
  });

  it('reads ~ as home, a relative path from the base, hides dot-directories unless asked, and survives a missing one', () => {
    expect(completeDir('~', list, base)).toEqual({ value: '~/', choices: [] });
    expect(completeDir('~/pro', list, base)).toEqual({ value: '~/projects/', choices: [] });
    expect(completeDir('one', list, base)).toEqual({ value: 'oneshot/', choices: [] });
    expect(completeDir('/work/', list, base).choices).not.toContain('.hidden');
    expect(completeDir('/work/.h', list, base)).toEqual({ value: '/work/.hidden/', choices: [] });
    expect(completeDir('/nowhere/x', list, base)).toEqual({ value: '/nowhere/x', choices: [] });
  });
});

describe('mouse reports', () => {
  it('reads SGR clicks and wheel turns, and drops releases, drags and other buttons', () => {
    expect(parseMouse('[<0;12;5M')).toEqual({ kind: 'click', x: 11, y: 4 });
    expect(parseMouse('\x1b[<0;12;5M')).toEqual({ kind: 'click', x: 11, y: 4 });
    expect(parseMouse('[<64;3;4M')).toEqual({ kind: 'wheel', x: 2, y: 3, delta: -1 });
    expect(parseMouse('[<65;3;4M')).toEqual({ kind: 'wheel', x: 2, y: 3, delta: 1 });
    expect(parseMouse('[<0;12;5m')).toBeNull();
    expect(parseMouse('[<32;12;5M')).toBeNull();
    expect(parseMouse('[<2;12;5M')).toBeNull();
    expect(parseMouse('[200~')).toBeUndefined();
    expect(parseMouse('j')).toBeUndefined();
  });
});
