// Scrollback that stays where the reader left it. Scroll offsets count lines up from the
// newest, so new output arriving below a scrolled view would push what is being read up
// and out of it. These find how far the content under the view moved, so the offset can
// move with it. Pure.

/** Lines compared to find the view's last line again (one line alone repeats too often). */
const WINDOW = 3;

/**
 * How many lines now lie below the line at the bottom of a view `offset` lines up from the
 * newest, that did not before: found by locating that line (with the lines just above it)
 * in the new capture. 0 when the view follows (offset 0), or when the line is gone or
 * cannot be told apart (the view then stays at its offset).
 */
export function linesAdded(previous: readonly string[], next: readonly string[], offset: number): number {
  if (offset <= 0 || previous === next || next.length === 0) return 0;
  const bottom = previous.length - 1 - offset;
  if (bottom < 0) return 0;
  const start = Math.max(0, bottom - WINDOW + 1);
  const size = bottom - start + 1;
  // The least movement that explains the new capture: a view whose lines did not move
  // stays; repeated lines cannot make it jump further than the content did.
  for (let end = Math.min(next.length - 1, bottom + Math.max(0, next.length - previous.length)); end >= size - 1; end--) {
    let same = true;
    for (let k = 0; k < size && same; k++) same = next[end - k] === previous[bottom - k];
    if (same) {
      const moved = next.length - 1 - end - offset;
      return moved > 0 ? moved : 0;
    }
  }
  return 0;
}

/** The same for a list of items kept by identity (an agent's recent events). */
export function itemsAdded<T>(previous: readonly T[], next: readonly T[], offset: number): number {
  if (offset <= 0 || previous === next) return 0;
  const bottom = previous[previous.length - 1 - offset];
  if (bottom === undefined) return 0;
  const at = next.lastIndexOf(bottom);
  if (at < 0) return 0;
  const moved = next.length - 1 - at - offset;
  return moved > 0 ? moved : 0;
}
