// The columns of `status` and `list` by the names `--format` takes, apart from how they
// are drawn (status-view.ts): the help text and a `--json` run need the names only, and
// drawing a table loads cell widths (string-width, a grapheme segmenter) that JSON never
// needs.

export const COLUMN_NAMES = ['host', 'state', 'name', 'agent', 'beat', 'progress', 'usage', 'event', 'reason', 'session', 'dir', 'id'] as const;

export type ColumnName = (typeof COLUMN_NAMES)[number];

export const STATUS_COLUMNS: readonly ColumnName[] = ['state', 'name', 'agent', 'beat', 'progress', 'usage', 'event'];
export const LIST_COLUMNS: readonly ColumnName[] = ['state', 'name', 'agent', 'session'];

const isColumn = (name: string): name is ColumnName => (COLUMN_NAMES as readonly string[]).includes(name);

/** `--format name,state,host,reason`: the columns named, or an error naming the ones that exist. */
export function parseFormat(text: string): ColumnName[] {
  const names = text.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new Error(`--format needs column names (${COLUMN_NAMES.join(', ')})`);
  const unknown = names.filter((n) => !isColumn(n));
  if (unknown.length > 0) throw new Error(`--format: no column ${unknown.map((n) => `"${n}"`).join(', ')} (columns: ${COLUMN_NAMES.join(', ')})`);
  return names.filter(isColumn);
}
