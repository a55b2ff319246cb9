import { Text } from 'ink';
import { plainText } from '../src/text/sanitize.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppShallow } from './hooks/useApp.js';
import { scrollNote, slicePosition, visibleSlice } from './OutputPanel.js';
import { Panel } from './Panel.js';

/** The full log of an agent, with search: / types a search, n and N move between matches. */
export function PagerView({ rect }: { rect: Rect }) {
  const { pager, offset } = useAppShallow((s) => ({ pager: s.pager, offset: s.scroll.pager }));
  if (!pager) return null;
  const rows = Math.max(1, rect.height - 3);
  const { shown, offset: at } = visibleSlice(pager.lines, rows, offset);
  const first = pager.lines.length - at - shown.length;
  const note = pager.loading ? 'loading…' : scrollNote({ unit: 'lines', ...slicePosition(pager.lines.length, shown.length, at), total: pager.lines.length, scrolled: at > 0, live: false });
  const needle = pager.query.toLowerCase();
  return (
    <Panel title={`log · ${pager.title}`} note={note} width={rect.width} height={rect.height} focused>
      {shown.map((line, i) => {
        const index = first + i;
        const hit = needle !== '' && plainText(line).toLowerCase().includes(needle);
        return (
          <Text key={index} wrap="truncate" inverse={index === pager.match} color={hit && index !== pager.match ? 'yellow' : undefined}>
            {hit ? plainText(line) || ' ' : line || ' '}
          </Text>
        );
      })}
      {Array.from({ length: Math.max(0, rows - shown.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={pager.editing ? 'cyanBright' : 'gray'}>
        {pager.editing ? (
          <>
            /{pager.query}
            <Text inverse> </Text>
          </>
        ) : pager.query ? (
          `search: ${pager.query} · n next · N previous · / new search`
        ) : (
          '/ search · j/k PgUp/PgDn g/G move · Esc closes'
        )}
      </Text>
    </Panel>
  );
}
