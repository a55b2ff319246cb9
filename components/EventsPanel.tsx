import { Text } from 'ink';
import type { AgentEvent } from '../src/events/model.js';
import type { Rect } from '../src/tui/layout.js';
import { formatClock } from '../src/util/format.js';
import { useAppShallow } from './hooks/useApp.js';
import { scrollNote, slicePosition, visibleSlice } from './OutputPanel.js';
import { Panel } from './Panel.js';

const ICONS: Record<AgentEvent['kind'], string> = {
  session: '◆',
  turn: '↻',
  message: '✎',
  reasoning: '…',
  command: '▸',
  'file-change': '±',
  tool: '⚙',
  'tool-result': '↳',
  'web-search': '⌕',
  todo: '☐',
  error: '✗',
  result: '■',
  system: '·',
  other: '·',
};

export function eventColor(event: AgentEvent): string | undefined {
  if (event.isError) return 'red';
  switch (event.kind) {
    case 'command':
      return event.phase === 'completed' ? 'green' : 'white';
    case 'file-change':
      return 'yellow';
    case 'message':
      return 'white';
    case 'reasoning':
    case 'system':
    case 'other':
      return 'gray';
    case 'turn':
    case 'result':
    case 'session':
      return 'cyan';
    default:
      return undefined;
  }
}

export function EventsPanel({ rect, focused }: { rect: Rect; focused: boolean }) {
  const { agent, offset, unread } = useAppShallow((s) => ({ agent: s.selectedId ? s.agents[s.selectedId] : undefined, offset: s.scroll.events, unread: s.unread.events }));
  const rows = Math.max(1, rect.height - 2);
  const events = agent?.events.recent ?? [];
  const { shown, offset: at } = visibleSlice(events, rows, offset);
  const bad = agent?.events.stream.badLines ?? 0;
  // The panel keeps the latest events; the log has had this many in all.
  const position = scrollNote({ unit: 'events', ...slicePosition(events.length, shown.length, at), total: events.length, scrolled: at > 0, unread, live: true });
  const seen = agent?.events.stream.events ?? 0;
  const note = [bad > 0 ? `${bad} unreadable` : '', position, seen > events.length ? `${seen} in the log` : ''].filter(Boolean).join(' · ');
  return (
    <Panel title="events" note={note} width={rect.width} height={rect.height} focused={focused}>
      {events.length === 0 ? <Text color="gray">{!agent ? 'No agent selected.' : agent.eventsPath ? 'No events yet.' : 'No JSONL event log for this agent.'}</Text> : null}
      {shown.map((e, i) => (
        <Text key={i} wrap="truncate">
          <Text color="gray">{e.at !== null ? formatClock(e.at) : '        '} </Text>
          <Text color={eventColor(e)}>
            {ICONS[e.kind]} {e.text}
          </Text>
        </Text>
      ))}
    </Panel>
  );
}
