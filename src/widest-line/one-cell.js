// Which text takes one terminal cell per character, without asking string-width.
//
// The characters here are printable ASCII, Latin letters with their accents (precomposed),
// punctuation such as · and …, arrows, technical symbols (⏎ ⌕), box drawing, blocks and
// geometric shapes (● ◌ ■ ▲; not ◽ ◾, which are emoji), the dingbats and symbols agents
// and oneshot print (✓ ✗ ✎ ✳ ❯ ⚙ ☐), braille spinners and ⧗ ⬝: all in the BMP, none
// combining, wide or an emoji by default. A text made only of them is as wide as it is
// long. oneshot's tests compare every one of them with string-width.

/** Inclusive code point ranges of one-cell characters. */
export const NARROW_RANGES = Object.freeze([
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x2ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x21ff],
  [0x2300, 0x2319],
  [0x231c, 0x2328],
  [0x232b, 0x23e8],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
  [0x2600, 0x2613],
  [0x2694, 0x26a0],
  [0x270c, 0x2727],
  [0x2729, 0x274b],
  [0x2758, 0x2794],
  [0x2800, 0x28ff],
  [0x2900, 0x2b1a],
  [0x2b1d, 0x2b4f],
].map((range) => Object.freeze(range)));

const hex = (cp) => `\\u${cp.toString(16).padStart(4, '0')}`;
const NARROW = new RegExp(`^[${NARROW_RANGES.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]*$`);

/** Every character of `text` takes one cell (and one UTF-16 unit): its width is its length. */
export function oneCellEach(text) {
  return NARROW.test(text);
}
