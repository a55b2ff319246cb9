// The help overlay's content, drawn from the keymap table. Pure.
import { displayKey, KEYMAP, type Binding, type Group } from '../keymap/keymap.js';
import { wrapLine } from './long-lines.js';

export const GROUP_ORDER: readonly Group[] = ['Navigate', 'View', 'Filter', 'Text', 'Agents', 'Inbox', 'Pager', 'Confirm', 'Form', 'App'];

export function keysText(binding: Binding): string {
  return binding.keys.map(displayKey).join(' ');
}


/** A help row as drawn: a group title, a key with (a line of) its description, or a gap. */
export interface HelpRow {
  kind: 'group' | 'binding' | 'more' | 'blank';
  text: string;
  keys?: string;
  id?: Binding['id'];
}

/** Key names take as many cells as the longest needs; the description the rest of the column. */
export const HELP_KEY_CELLS = Math.max(...KEYMAP.map((b) => [...keysText(b)].length)) + 2;
const COLUMN_MIN = 44;

/**
 * The help laid out in as many columns as the width holds (one per 50 cells, up to four),
 * groups kept whole and the columns about as tall as each other; descriptions wrapped,
 * not cut. `query` keeps only the keys whose name or description has it.
 */
export function helpColumns(query: string, width: number): { columns: HelpRow[][]; columnWidth: number; matches: number } {
  const needle = query.trim().toLowerCase();
  const count = Math.max(1, Math.min(4, Math.floor(width / COLUMN_MIN)));
  const columnWidth = Math.floor((width - (count - 1) * 2) / count);
  const textWidth = Math.max(10, columnWidth - HELP_KEY_CELLS - 2);
  const blocks: HelpRow[][] = [];
  let matches = 0;
  for (const group of GROUP_ORDER) {
    const bindings = KEYMAP.filter((b) => b.group === group && (needle === '' || b.help.toLowerCase().includes(needle) || keysText(b).toLowerCase().includes(needle)));
    if (bindings.length === 0) continue;
    matches += bindings.length;
    const block: HelpRow[] = [{ kind: 'group', text: group }];
    for (const b of bindings) {
      const [first, ...rest] = wrapLine(b.help, textWidth);
      block.push({ kind: 'binding', text: first ?? '', keys: keysText(b), id: b.id });
      for (const more of rest) block.push({ kind: 'more', text: more, id: b.id });
    }
    blocks.push(block);
  }
  // Cut into at most `count` columns, the tallest as short as it can be. A binding's lines
  // stay together and a group title stays with its first binding; a group that goes on in
  // the next column says so in a title of its own.
  const units: { group: string; rows: HelpRow[]; first: boolean }[] = [];
  for (const block of blocks) {
    const group = block[0]!.text;
    let rows: HelpRow[] = [block[0]!];
    let first = true;
    for (const row of block.slice(1)) {
      if (row.kind === 'binding' && rows.some((r) => r.kind === 'binding')) {
        units.push({ group, rows, first });
        rows = [];
        first = false;
      }
      rows.push(row);
    }
    units.push({ group, rows, first });
  }
  // A unit's height in a column: its rows, plus a gap before a new group (not at the top).
  const heights = units.map((u) => u.rows.length + (u.first ? 1 : 0));
  const cuts = balancedCuts(heights, count);
  const columns: HelpRow[][] = [];
  let from = 0;
  for (const to of [...cuts, units.length]) {
    const column: HelpRow[] = [];
    units.slice(from, to).forEach((u, i) => {
      if (i === 0 && !u.first) column.push({ kind: 'group', text: `${u.group} (continued)` });
      if (u.first && column.length > 0) column.push({ kind: 'blank', text: '' });
      column.push(...u.rows);
    });
    if (column.length > 0 || columns.length === 0) columns.push(column);
    from = to;
  }
  return { columns, columnWidth, matches };
}

/** Where to cut `heights` (in order) into at most `parts` runs, minimizing the tallest run. */
function balancedCuts(heights: readonly number[], parts: number): number[] {
  const n = heights.length;
  // A run that starts mid-group gets a title line; the gap of the run's first unit is not drawn.
  const runHeight = (from: number, to: number) => (to > from ? heights.slice(from, to).reduce((a, h) => a + h, 0) : 0);
  // best[k][i]: the tallest run when the first i groups are cut into k runs.
  const best: number[][] = Array.from({ length: parts + 1 }, () => Array<number>(n + 1).fill(Infinity));
  const cut: number[][] = Array.from({ length: parts + 1 }, () => Array<number>(n + 1).fill(0));
  best[0]![0] = 0;
  for (let k = 1; k <= parts; k++) {
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= i; j++) {
        const tallest = Math.max(best[k - 1]![j]!, runHeight(j, i));
        if (tallest < best[k]![i]!) {
          best[k]![i] = tallest;
          cut[k]![i] = j;
        }
      }
    }
  }
  const cuts: number[] = [];
  for (let k = parts, i = n; k > 1; k--) {
    i = cut[k]![i]!;
    cuts.unshift(i);
  }
  return cuts.filter((c, idx, all) => c > 0 && c < n && all.indexOf(c) === idx);
}
