import { Text } from 'ink';
import { shiftLine, wrappedRows } from '../src/tui/long-lines.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppShallow } from './hooks/useApp.js';
import { Panel } from './Panel.js';

/** The slice of lines to show: `offset` lines up from the newest. */
export function visibleSlice<T>(lines: readonly T[], rows: number, offset: number): { shown: readonly T[]; offset: number } {
  const max = Math.max(0, lines.length - rows);
  const clamped = Math.max(0, Math.min(offset, max));
  const end = lines.length - clamped;
  return { shown: lines.slice(Math.max(0, end - rows), end), offset: clamped };
}

export interface ScrollPosition {
  /** What the view holds: "lines", "events". */
  unit: string;
  /** First and last shown, 1-based, and how many there are. */
  first: number;
  last: number;
  total: number;
  /** Scrolled away from the newest (live views) or from the end. */
  scrolled: boolean;
  /** Arrived below the view while it was scrolled. */
  unread?: number;
  /** New lines keep arriving (output, events); a static text (a log, help) does not. */
  live: boolean;
}

/** One wording for every scrolled view: where it is, what arrived below, how to get back. */
export function scrollNote(p: ScrollPosition): string {
  if (p.total === 0) return '';
  const where = p.total <= p.last - p.first + 1 && p.first === 1 ? `${p.total} ${p.unit}` : `${p.unit} ${p.first}-${p.last} of ${p.total}`;
  if (!p.scrolled) return p.live ? `${where} · following` : where;
  const fresh = p.unread ? ` · ${p.unread} new` : '';
  return `${where}${fresh} · ${p.live ? 'f follow' : 'G end'}`;
}

/**
 * The rows of a full-screen view of `lines`: wrapped, or shifted sideways, or as they came;
 * with the 1-based number of the first source line shown.
 */
export function longLineView(lines: readonly string[], rows: number, offset: number, width: number, wrap: boolean, shift: number): { rows: readonly string[]; offset: number; first: number } {
  if (wrap) {
    const w = wrappedRows(lines, rows, offset, width);
    return { rows: w.shown, offset: w.offset, first: w.first + 1 };
  }
  const { shown, offset: at } = visibleSlice(lines, rows, offset);
  return { rows: shift > 0 ? shown.map((l) => shiftLine(l, shift)) : shown, offset: at, first: slicePosition(lines.length, shown.length, at).first };
}

/** The position of a bottom-anchored slice (see visibleSlice). */
export function slicePosition(total: number, shown: number, offset: number): { first: number; last: number } {
  const last = total - offset;
  return { first: Math.max(1, last - shown + 1), last };
}

export function OutputPanel({ rect, focused }: { rect: Rect; focused: boolean }) {
  const { output, offset, selectedId, unread } = useAppShallow((s) => ({ output: s.output, offset: s.scroll.output, selectedId: s.selectedId, unread: s.unread.output }));
  const rows = Math.max(1, rect.height - 2);
  const mine = output && output.agentId === selectedId ? output : null;
  const lines = mine?.lines ?? [];
  const { shown, offset: at } = visibleSlice(lines, rows, offset);
  const live = mine?.source === 'pane' && !mine.title.includes('dead');
  const note = scrollNote({ unit: 'lines', ...slicePosition(lines.length, shown.length, at), total: lines.length, scrolled: at > 0, unread, live });
  return (
    <Panel title={`output${mine?.title ? ` · ${mine.title}` : ''}`} note={note} width={rect.width} height={rect.height} focused={focused}>
      {!selectedId ? <Text color="gray">No agent selected.</Text> : !mine ? <Text color="gray">Reading the output…</Text> : lines.length === 0 ? <Text color="gray">{mine.source === 'none' ? 'No pane and no session log for this agent.' : 'No output yet.'}</Text> : null}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Panel>
  );
}
