import { Text } from 'ink';
import { fitCells } from '../src/text/width.js';
import { helpLines } from '../src/tui/help.js';
import type { Rect } from '../src/tui/layout.js';
import { useController } from './context.js';
import { useAppState } from './hooks/useApp.js';
import { scrollNote } from './OutputPanel.js';
import { Panel } from './Panel.js';

export function HelpView({ rect }: { rect: Rect }) {
  const controller = useController();
  const offset = useAppState((s) => s.scroll.help);
  useAppState((s) => (s.selectedId ? s.agents[s.selectedId]?.state : null));
  const lines = helpLines();
  const rows = Math.max(1, rect.height - 2);
  const start = Math.max(0, Math.min(offset, lines.length - rows));
  const shown = lines.slice(start, start + rows);
  const note = lines.length > rows ? `${scrollNote({ unit: 'lines', first: start + 1, last: Math.min(lines.length, start + rows), total: lines.length, scrolled: false, live: false })} · j/k scroll` : 'Esc closes';
  return (
    <Panel title="help · every key" note={note} width={rect.width} height={rect.height} focused>
      {shown.map((line, i) => {
        if (line.kind === 'blank') return <Text key={i}> </Text>;
        if (line.kind === 'group')
          return (
            <Text key={i} bold color="cyanBright">
              {line.text}
            </Text>
          );
        const reason = line.id ? controller.unavailable(line.id) : null;
        return (
          <Text key={i} wrap="truncate">
            <Text color="cyanBright">
              {'  '}
              {fitCells(line.keys ?? '', 18)}
            </Text>
            <Text dimColor={reason !== null}>{line.text}</Text>
            {reason ? <Text color="yellow"> — {reason}</Text> : null}
          </Text>
        );
      })}
    </Panel>
  );
}
