// Editing a line of text the way readline does: a caret, moves by character, word and
// line, and the kill keys. Pure: a value and a caret in, a value and a caret out.
// The caret counts code points (an emoji is one step, never half of one).

export interface Edited {
  value: string;
  caret: number;
}

/** What a text field does with a key (the keymap's Text group names them). */
export type EditCommand =
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'wordLeft'
  | 'wordRight'
  | 'backspace'
  | 'delete'
  | 'killStart'
  | 'killEnd'
  | 'killWord'
  | 'killWordRight';

/** The caret within `value`: null (or past the end) means at the end. */
export function caretIn(value: string, caret: number | null): number {
  const length = [...value].length;
  return caret === null ? length : Math.max(0, Math.min(length, caret));
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/** Start of the word before the caret (Alt-B): skip what is not a word, then the word. */
function wordStart(chars: readonly string[], at: number): number {
  let i = at;
  while (i > 0 && !isWordChar(chars[i - 1])) i--;
  while (i > 0 && isWordChar(chars[i - 1])) i--;
  return i;
}

/** End of the word after the caret (Alt-F). */
function wordEnd(chars: readonly string[], at: number): number {
  let i = at;
  while (i < chars.length && !isWordChar(chars[i])) i++;
  while (i < chars.length && isWordChar(chars[i])) i++;
  return i;
}

/** Ctrl-W: back over spaces and slashes, then to the previous one (a word, or a part of a path). */
function spaceWordStart(chars: readonly string[], at: number): number {
  const separator = (ch: string | undefined) => isSpace(ch) || ch === '/';
  let i = at;
  while (i > 0 && separator(chars[i - 1])) i--;
  while (i > 0 && !separator(chars[i - 1])) i--;
  return i;
}

/** The line the caret is on (in a field that holds several): its first and past-last index. */
function lineBounds(chars: readonly string[], at: number): [number, number] {
  let start = at;
  while (start > 0 && chars[start - 1] !== '\n') start--;
  let end = at;
  while (end < chars.length && chars[end] !== '\n') end++;
  return [start, end];
}

export function applyEdit(value: string, caretOrNull: number | null, command: EditCommand): Edited {
  const chars = [...value];
  const at = caretIn(value, caretOrNull);
  const cut = (from: number, to: number): Edited => ({ value: [...chars.slice(0, from), ...chars.slice(to)].join(''), caret: from });
  const move = (caret: number): Edited => ({ value, caret });
  // Home, End and the kills that run to an end stay on the caret's line.
  const [lineStart, lineEnd] = lineBounds(chars, at);
  switch (command) {
    case 'left':
      return move(Math.max(0, at - 1));
    case 'right':
      return move(Math.min(chars.length, at + 1));
    case 'home':
      return move(lineStart);
    case 'end':
      return move(lineEnd);
    case 'wordLeft':
      return move(wordStart(chars, at));
    case 'wordRight':
      return move(wordEnd(chars, at));
    case 'backspace':
      return at === 0 ? move(0) : cut(at - 1, at);
    case 'delete':
      return at === chars.length ? move(at) : cut(at, at + 1);
    case 'killStart':
      // At the start of a line, join it to the previous one.
      return at === lineStart && at > 0 ? cut(at - 1, at) : cut(lineStart, at);
    case 'killEnd':
      return at === lineEnd && at < chars.length ? cut(at, at + 1) : cut(at, lineEnd);
    case 'killWord':
      return cut(spaceWordStart(chars, at), at);
    case 'killWordRight':
      return cut(at, wordEnd(chars, at));
  }
}

/** Text typed or pasted at the caret. */
export function insertAt(value: string, caretOrNull: number | null, text: string): Edited {
  const chars = [...value];
  const at = caretIn(value, caretOrNull);
  const added = [...text];
  return { value: [...chars.slice(0, at), ...added, ...chars.slice(at)].join(''), caret: at + added.length };
}

/**
 * The part of a one-line field to show in `width` cells with the caret in view: the
 * text before the caret, the character under it (a space at the end), the text after,
 * and whether something was cut on either side (drawn as …, one cell each).
 */
export function fieldWindow(value: string, caretOrNull: number | null, width: number): { before: string; at: string; after: string; cutLeft: boolean; cutRight: boolean } {
  const chars = [...value];
  const caret = caretIn(value, caretOrNull);
  const room = Math.max(4, width);
  // Cells the text needs: one more when the caret sits past the last character.
  const total = caret === chars.length ? chars.length + 1 : chars.length;
  let start = 0;
  let end = total;
  if (total > room) {
    // The caret about two thirds in, unless an end of the text is in view.
    start = Math.max(0, Math.min(caret - Math.floor(room * 0.7), total - room));
    end = start + room;
  }
  const cutLeft = start > 0;
  const cutRight = end < total;
  const from = start + (cutLeft ? 1 : 0);
  const to = end - (cutRight ? 1 : 0);
  return {
    before: chars.slice(from, caret).join(''),
    at: chars[caret] ?? ' ',
    after: chars.slice(caret + 1, Math.max(caret + 1, to)).join(''),
    cutLeft,
    cutRight,
  };
}
