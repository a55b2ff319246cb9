// The width of the widest line of a text, in terminal cells: widest-line's function, as
// Ink imports it. Ink measures every text of every frame with it, and string-width takes
// microseconds per character on anything beyond printable ASCII (it segments graphemes
// and tests emoji patterns). A dashboard's text is mostly one cell per character
// (see one-cell.js): for such a line the width is its length. Anything else is
// string-width's to measure, exactly as before.
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { oneCellEach } from './one-cell.js';

/** One line's width; escape sequences take no cells. */
export function lineWidth(line) {
  const plain = line.includes('\u001B') || line.includes('\u009B') ? stripAnsi(line) : line;
  return oneCellEach(plain) ? plain.length : stringWidth(plain);
}

export default function widestLine(text) {
  if (!text.includes('\n')) return lineWidth(text);
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, lineWidth(line));
  return widest;
}
