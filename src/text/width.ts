// Terminal cell widths (wide CJK and emoji count two), for padding and cutting columns.
import stringWidth from 'string-width';

const ASCII = /^[\x20-\x7e]*$/;
/**
 * The characters that take one cell each: printable ASCII, Latin letters with their
 * accents (precomposed), punctuation such as · and …, arrows, box drawing, blocks and
 * geometric shapes (● ◌ ■ ▲; not ◽ ◾, emoji), and the ✓ ✗ of the badges. All in the BMP
 * and none combining, wide or an emoji by default, so a text of them is as wide as it is
 * long. (A test compares every one of them with string-width.)
 */
export const NARROW_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x2ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x21ff],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
  [0x2713, 0x2713],
  [0x2717, 0x2717],
];

const hex = (cp: number) => `\\u${cp.toString(16).padStart(4, '0')}`;
const NARROW = new RegExp(`^[${NARROW_RANGES.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]*$`);

/** Every character one cell (and one UTF-16 unit): width, cuts and pads are by length. */
const oneCellEach = (text: string) => ASCII.test(text) || NARROW.test(text);

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
