import { Box, Text } from 'ink';
import { fitCells } from '../src/text/width.js';
import { HELP_KEY_CELLS, helpColumns, type HelpRow } from '../src/tui/help.js';
import type { Rect } from '../src/tui/layout.js';
import { useController } from './context.js';
import { useAppShallow, useAppState } from './hooks/useApp.js';
import { scrollNote } from './OutputPanel.js';
import { Panel } from './Panel.js';
import { TextField } from './TextField.js';

function Row({ row, unavailable }: { row: HelpRow; unavailable: string | null }) {
  if (row.kind === 'blank') return <Text> </Text>;
  if (row.kind === 'group')
    return (
      <Text bold color="cyanBright">
        {row.text}
      </Text>
    );
  return (
    <Text wrap="truncate">
      <Text color="cyanBright">{fitCells(row.kind === 'binding' ? (row.keys ?? '') : '', HELP_KEY_CELLS)}</Text>
      {/* Dimmed when it cannot act now; the key itself says why when pressed. */}
      <Text dimColor={unavailable !== null}>{row.text}</Text>
    </Text>
  );
}

/** Every key, in columns that fill the terminal, searchable with /. */
export function HelpView({ rect }: { rect: Rect }) {
  const controller = useController();
  const { offset, query, editing } = useAppShallow((s) => ({ offset: s.scroll.help, query: s.helpQuery, editing: s.helpEditing }));
  // What is unavailable depends on the selected agent's state.
  useAppState((s) => (s.selectedId ? s.agents[s.selectedId]?.state : null));
  const inner = rect.width - 2;
  const { columns, columnWidth, matches } = helpColumns(query, inner);
  const rows = Math.max(1, rect.height - 3);
  const tallest = Math.max(0, ...columns.map((c) => c.length));
  const start = Math.max(0, Math.min(offset, tallest - rows));
  const position = tallest > rows ? `${scrollNote({ unit: 'lines', first: start + 1, last: Math.min(tallest, start + rows), total: tallest, scrolled: false, live: false })} · j/k scroll` : 'Esc closes';
  const note = query ? `${matches} key${matches === 1 ? '' : 's'} match · ${position}` : position;
  return (
    <Panel title="help · every key" note={note} width={rect.width} height={rect.height} focused>
      <Box height={rows} flexDirection="row">
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={columnWidth} marginRight={c < columns.length - 1 ? 2 : 0}>
            {column.slice(start, start + rows).map((row, i) => (
              <Row key={i} row={row} unavailable={row.id ? controller.unavailable(row.id) : null} />
            ))}
          </Box>
        ))}
        {matches === 0 ? <Text color="yellow">No key matches “{query}” (Esc clears the search).</Text> : null}
      </Box>
      <Text wrap="truncate" color={editing ? 'cyanBright' : 'gray'}>
        {editing ? (
          <>
            /<TextField id="help" value={query} width={inner - 1} />
          </>
        ) : query ? (
          `search: ${query} · / new search · Esc clears`
        ) : (
          '/ search · j/k PgUp/PgDn scroll · Esc closes'
        )}
      </Text>
    </Panel>
  );
}
