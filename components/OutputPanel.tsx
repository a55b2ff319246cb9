import { Text } from 'ink';
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

export function OutputPanel({ rect, focused }: { rect: Rect; focused: boolean }) {
  const { output, offset, selectedId } = useAppShallow((s) => ({ output: s.output, offset: s.scroll.output, selectedId: s.selectedId }));
  const rows = Math.max(1, rect.height - 2);
  const mine = output && output.agentId === selectedId ? output : null;
  const lines = mine?.lines ?? [];
  const { shown, offset: at } = visibleSlice(lines, rows, offset);
  const note = at > 0 ? `↑ ${at} lines up · G: newest` : mine?.source === 'pane' && !mine.title.includes('dead') ? 'live' : '';
  return (
    <Panel title={`output${mine?.title ? ` · ${mine.title}` : ''}`} note={note} width={rect.width} height={rect.height} focused={focused}>
      {!mine ? <Text color="gray">Loading…</Text> : lines.length === 0 ? <Text color="gray">{mine.source === 'none' ? 'No pane and no session log for this agent.' : 'No output yet.'}</Text> : null}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Panel>
  );
}
