// Where everything goes for a given terminal size. Pure: the root reads the size once,
// computes this, and hands each panel its box.

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;
export const FULL_COLUMNS = 80;
export const FULL_ROWS = 24;

export interface Rect {
  width: number;
  height: number;
}

export type Tier = 'too-small' | 'compact' | 'full';

export interface Layout {
  columns: number;
  terminalRows: number;
  /** Rows we draw (the screen writer positions lines absolutely, so all of them). */
  rows: number;
  tier: Tier;
  list: Rect;
  detail: Rect | null;
  output: Rect | null;
  events: Rect | null;
  /** Rows of content (inside borders) per panel, for paging; `full` is a full-screen panel. */
  pageRows: { list: number; output: number; events: number; full: number };
}

const CHROME = 3; // header, status line, footer

export function computeLayout(columns: number, terminalRows: number, agentCount: number): Layout {
  const rows = Math.max(0, terminalRows);
  const cols = Math.max(0, columns);
  const fullPage = Math.max(1, rows - CHROME - 2);
  if (cols < MIN_COLUMNS || rows < MIN_ROWS) {
    return { columns: cols, rows, terminalRows, tier: 'too-small', list: { width: cols, height: 0 }, detail: null, output: null, events: null, pageRows: { list: 1, output: 1, events: 1, full: 1 } };
  }
  const body = rows - CHROME;
  if (cols < FULL_COLUMNS || terminalRows < FULL_ROWS) {
    const list = { width: cols, height: body };
    return { columns: cols, rows, terminalRows, tier: 'compact', list, detail: null, output: null, events: null, pageRows: { list: Math.max(1, body - 3), output: 1, events: 1, full: fullPage } };
  }
  // The list takes what its rows need (plus its header and borders), up to 45% of the body.
  const wanted = agentCount + 3;
  const listHeight = Math.max(6, Math.min(wanted, Math.floor(body * 0.45)));
  const bottom = body - listHeight;
  const detailWidth = Math.max(34, Math.min(64, Math.floor(cols * 0.36)));
  const rightWidth = cols - detailWidth;
  const outputHeight = Math.max(4, Math.ceil(bottom * 0.6));
  const eventsHeight = Math.max(3, bottom - outputHeight);
  return {
    columns: cols,
    rows,
    terminalRows,
    tier: 'full',
    list: { width: cols, height: listHeight },
    detail: { width: detailWidth, height: bottom },
    output: { width: rightWidth, height: outputHeight },
    events: { width: rightWidth, height: eventsHeight },
    pageRows: { list: Math.max(1, listHeight - 3), output: Math.max(1, outputHeight - 2), events: Math.max(1, eventsHeight - 2), full: fullPage },
  };
}

/**
 * The layout for this size and fleet, as the same object when nothing in it moved: the
 * whole screen re-renders when the layout changes, so a tick or an event that leaves
 * every panel where it was must not look like a new layout.
 */
export function relayout(previous: Layout, columns: number, terminalRows: number, agentCount: number): Layout {
  const next = computeLayout(columns, terminalRows, agentCount);
  return JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
}

export interface ListColumns {
  /** The machine (0: the dashboard shows one machine only). */
  host: number;
  badge: number;
  name: number;
  kind: number;
  beat: number;
  progress: number;
  usage: number;
  event: number;
  /** Draw a bar beside N/M. */
  bar: boolean;
}

/** Which columns fit a list of this inner width, widest last event last. */
export function listColumns(width: number, longestName: number, longestHost = 0): ListColumns {
  const host = longestHost > 0 && width >= 60 ? Math.min(longestHost, 12) + 1 : 0;
  const rest = columnsFor(width - host, longestName);
  return { ...rest, host };
}

function columnsFor(width: number, longestName: number): Omit<ListColumns, 'host'> {
  // Whole state names (needs-approval) on wide lists, the short ones (approval) from 60 cells.
  const badge = width >= 120 ? 17 : width >= 60 ? 11 : 2;
  const name = Math.max(8, Math.min(longestName, width >= 120 ? 32 : width >= 80 ? 24 : 16));
  const kind = width >= 60 ? 9 : 0;
  const beat = width >= 50 ? 6 : 0;
  const bar = width >= 100;
  const progress = width >= 70 ? (bar ? 17 : 9) : 0;
  const usage = width >= 120 ? 9 : 0;
  const used = badge + name + 1 + kind + beat + progress + usage;
  return { badge, name, kind, beat, progress, usage, bar, event: Math.max(0, width - used - 1) };
}

/** What is under a cell of the dashboard's main view (the list and its panels). */
export type Region =
  | { panel: 'list'; row: number | null }
  | { panel: 'detail' | 'output' | 'events' }
  | { panel: 'other' };

/**
 * The panel at column x, row y (from 0) of the main view; for the list, the row of the
 * agent under the pointer counted from the first one shown (null on its borders or its
 * column header). The header takes the first row; the list's border and column header
 * the next two.
 */
export function regionAt(layout: Layout, x: number, y: number): Region {
  if (layout.tier === 'too-small' || y < 1 || y >= layout.rows - 2 || x < 0 || x >= layout.columns) return { panel: 'other' };
  const listTop = 1;
  if (y < listTop + layout.list.height) {
    const row = y - listTop - 2;
    const page = Math.max(1, layout.list.height - 3);
    return { panel: 'list', row: row >= 0 && row < page ? row : null };
  }
  if (!layout.detail || !layout.output) return { panel: 'other' };
  const below = y - listTop - layout.list.height;
  if (x < layout.detail.width) return { panel: 'detail' };
  return { panel: below < layout.output.height ? 'output' : 'events' };
}
