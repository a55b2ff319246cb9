import { Text } from 'ink';
import { plainText } from '../src/text/sanitize.js';
import { matchesLine, matchRuns, searchPattern } from '../src/tui/search.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppShallow } from './hooks/useApp.js';
import { longLineView, scrollNote, slicePosition, visibleSlice } from './OutputPanel.js';
import { Panel } from './Panel.js';
import { TextField } from './TextField.js';

/** The full log of an agent, with search: / types a search, n and N move between matches. */
export function PagerView({ rect }: { rect: Rect }) {
  const { pager, offset, wrap, shift } = useAppShallow((s) => ({ pager: s.pager, offset: s.scroll.pager, wrap: s.wrap, shift: s.shift }));
  if (!pager) return null;
  const rows = Math.max(1, rect.height - 3);
  const { shown, offset: at } = visibleSlice(pager.lines, rows, offset);
  const first = pager.lines.length - at - shown.length;
  // Wrapped or shifted: plain rows (matches are found with n/N and said in the status line).
  const long = wrap || shift > 0 ? longLineView(pager.lines, rows, offset, rect.width - 2, wrap, shift) : null;
  const sideways = !wrap && shift > 0 ? ` · from column ${shift + 1}` : wrap ? ' · wrapped' : '';
  const note = pager.loading
    ? 'loading…'
    : scrollNote({ unit: 'lines', ...(long ? { first: long.first, last: pager.lines.length - long.offset } : slicePosition(pager.lines.length, shown.length, at)), total: pager.lines.length, scrolled: at > 0, live: false }) + sideways;
  const pattern = pager.query !== '' && !pager.editing ? searchPattern(pager.query) : null;
  return (
    <Panel title={`${pager.kind === 'describe' ? 'describe' : 'log'} · ${pager.title}`} note={note} width={rect.width} height={rect.height} focused>
      {long
        ? long.rows.map((row, i) => (
            <Text key={i} wrap="truncate">
              {row || ' '}
            </Text>
          ))
        : shown.map((line, i) => {
        const index = first + i;
        const text = pattern ? plainText(line) : '';
        const runs = pattern && matchesLine(pattern, text) ? matchRuns(pattern, text) : null;
        if (!runs) {
          return (
            <Text key={index} wrap="truncate">
              {line || ' '}
            </Text>
          );
        }
        // The matches themselves are marked, not the line; the current match's line also
        // gets a marker in the first column.
        const current = index === pager.match;
        return (
          <Text key={index} wrap="truncate">
            {current ? <Text color="cyanBright" bold>›</Text> : null}
            {runs.map((r, k) =>
              r.hit ? (
                <Text key={k} inverse={current} color={current ? undefined : 'black'} backgroundColor={current ? undefined : 'yellow'}>
                  {r.text}
                </Text>
              ) : (
                <Text key={k}>{r.text}</Text>
              ),
            )}
          </Text>
        );
      })}
      {Array.from({ length: Math.max(0, rows - (long ? long.rows.length : shown.length)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={pager.editing ? 'cyanBright' : 'gray'}>
        {pager.editing ? (
          <>
            /<TextField id="pager" value={pager.query} width={rect.width - 3} />
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
