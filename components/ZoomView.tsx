import { Text } from 'ink';
import { plainText } from '../src/text/sanitize.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppShallow } from './hooks/useApp.js';
import { longLineView, scrollNote } from './OutputPanel.js';
import { Panel } from './Panel.js';

export function ZoomView({ rect }: { rect: Rect }) {
  const { output, offset, agent, unread, wrap, shift } = useAppShallow((s) => ({ output: s.output, offset: s.scroll.zoom, agent: s.selectedId ? s.agents[s.selectedId] : undefined, unread: s.unread.zoom, wrap: s.wrap, shift: s.shift }));
  const rows = Math.max(1, rect.height - 2);
  const mine = output && agent && output.agentId === agent.id ? output : null;
  const lines = mine?.lines ?? [];
  const view = longLineView(lines, rows, offset, rect.width - 2, wrap, shift);
  const at = view.offset;
  const sideways = !wrap && shift > 0 ? ` · from column ${shift + 1}` : wrap ? ' · wrapped' : '';
  const note = scrollNote({ unit: 'lines', first: view.first, last: lines.length - at, total: lines.length, scrolled: at > 0, unread, live: true }) + sideways;
  const shown = view.rows;
  return (
    <Panel title={`${agent ? plainText(agent.name) : 'output'}${mine?.title ? ` · ${mine.title}` : ''}`} note={note} width={rect.width} height={rect.height} focused>
      {lines.length === 0 ? <Text color="gray">{mine?.source === 'none' ? 'No pane and no session log for this agent.' : 'No output yet.'}</Text> : null}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Panel>
  );
}
