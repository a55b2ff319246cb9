// Long lines in the zoomed output and the log pager: wrapped (w), or scrolled sideways
// (← →). Wrapped and shifted lines are shown as plain text; a line that fits is shown as
// it came, colors and all. Pure.
import { plainText } from '../text/sanitize.js';

/** A timestamp at the start of a line: continuation rows of a wrapped line start under its end. */
const STAMP = /^(\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?\]?|\[?\d\d:\d\d:\d\d(\.\d+)?\]?)\s+/;

/** One line as display rows of at most `width` characters, continuations indented past its timestamp. */
export function wrapLine(line: string, width: number): string[] {
  const text = plainText(line);
  const chars = [...text];
  if (chars.length <= width) return [line];
  const stamp = STAMP.exec(text)?.[0].length ?? 0;
  const indent = stamp > 0 && stamp < width / 2 ? stamp : 0;
  const rows: string[] = [];
  let at = 0;
  while (at < chars.length) {
    const room = rows.length === 0 ? width : width - indent;
    let end = Math.min(chars.length, at + room);
    // Break after a word when one ends in the row's second half; a longer word is cut.
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end);
      if (space > at + room / 2) end = space + 1;
    }
    rows.push((rows.length === 0 ? '' : ' '.repeat(indent)) + chars.slice(at, end).join('').trimEnd());
    at = end;
    while (chars[at] === ' ') at++;
  }
  return rows;
}

/**
 * The rows of a wrapped view `offset` source lines up from the newest: the newest shown
 * line whole at the bottom, older ones above it as far as `rows` allows (the topmost
 * possibly cut to its last rows).
 */
export function wrappedRows(lines: readonly string[], rows: number, offset: number, width: number): { shown: string[]; offset: number; first: number } {
  const clamped = Math.max(0, Math.min(offset, Math.max(0, lines.length - 1)));
  const out: string[] = [];
  let first = lines.length - clamped;
  for (let i = lines.length - 1 - clamped; i >= 0 && out.length < rows; i--) {
    const wrapped = wrapLine(lines[i] ?? '', width);
    out.unshift(...wrapped.slice(Math.max(0, wrapped.length - (rows - out.length))));
    first = i;
  }
  return { shown: out, offset: clamped, first };
}

/** A line shifted `columns` to the left (plain text); unshifted, as it came. */
export function shiftLine(line: string, columns: number): string {
  if (columns <= 0) return line;
  return [...plainText(line)].slice(columns).join('');
}
