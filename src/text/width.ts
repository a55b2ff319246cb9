// Terminal cell widths (wide CJK and emoji count two), for padding and cutting columns.
import stringWidth from 'string-width';
import { oneCellEach } from 'widest-line/one-cell';

// Which characters take one cell each is said once, in oneshot's widest-line (the
// function Ink measures every text with): the same test here and there.
export { NARROW_RANGES } from 'widest-line/one-cell';

export function cellWidth(text: string): number {
  // Most text is one cell per character: no need to segment it into graphemes.
  return oneCellEach(text) ? text.length : stringWidth(text);
}

/** Cut to `width` cells, ending with … when cut. No escape sequences expected. */
export function truncateCells(text: string, width: number): string {
  if (width <= 0) return '';
  if (oneCellEach(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  if (cellWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = cellWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

// Rows repeat the same cells frame after frame (badges, names, kinds): remember them.
const fitted = new Map<string, string>();
const FITTED_MAX = 4096;

/** Cut or pad to exactly `width` cells. */
export function fitCells(text: string, width: number): string {
  if (oneCellEach(text)) return text.length >= width ? truncateCells(text, width) : text + ' '.repeat(width - text.length);
  const key = `${width}\u0000${text}`;
  const hit = fitted.get(key);
  if (hit !== undefined) return hit;
  const cut = truncateCells(text, width);
  const out = cut + ' '.repeat(Math.max(0, width - cellWidth(cut)));
  if (fitted.size >= FITTED_MAX) fitted.clear();
  fitted.set(key, out);
  return out;
}

/** Break text into lines of at most `width` cells, at spaces where it can, mid-word where it must. */
export function wrapCells(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const word of text.split(/(?<= )/)) {
    const w = cellWidth(word.trimEnd());
    if (used > 0 && used + w > width) flush();
    if (w <= width) {
      line += word;
      used += cellWidth(word);
      continue;
    }
    for (const ch of word) {
      const cw = cellWidth(ch);
      if (used + cw > width) flush();
      line += ch;
      used += cw;
    }
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}
