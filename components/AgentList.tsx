import { Box, Text } from 'ink';
import { useRef } from 'react';
import { heartbeatAge } from '../src/cli/status-view.js';
import { isWatched } from '../src/watchdog/service.js';
import { watchOwnsRow, watchSummary } from '../src/watchdog/view.js';
import type { AgentView } from '../src/fleet/agent.js';
import { fitCells, cellWidth } from '../src/text/width.js';
import { listColumns, type Rect } from '../src/tui/layout.js';
import { AgentRow } from './AgentRow.js';
import { useAppShallow } from './hooks/useApp.js';
import { useSpinner } from './hooks/useSpinner.js';
import { Panel } from './Panel.js';

/** The first row to show so the selection stays in view, moving as little as possible. */
export function windowStart(previous: number, selected: number, count: number, page: number): number {
  if (count <= page) return 0;
  let start = Math.min(previous, count - page);
  if (selected < start) start = selected;
  else if (selected >= start + page) start = selected - page + 1;
  return Math.max(0, start);
}

export function AgentList({ rect, focused, bordered = true }: { rect: Rect; focused: boolean; bordered?: boolean }) {
  const { visibleIds, agents, selectedId, marked, busy, sort, filter, total } = useAppShallow((s) => ({
    visibleIds: s.visibleIds,
    agents: s.agents,
    selectedId: s.selectedId,
    marked: s.marked,
    busy: s.busy,
    sort: s.sort,
    filter: s.filter,
    total: s.order.length,
  }));
  // Ages as shown ("12s", "4m"): the list re-renders when one of them changes, not every tick.
  const ages = useAppShallow((s) => s.visibleIds.map((id) => {
    const a = s.agents[id];
    return a ? heartbeatAge(a, s.now) : '-';
  }));
  // What the watchdog is doing, where it speaks for the row (a countdown while it waits).
  const watching = useAppShallow((s) =>
    s.visibleIds.map((id) => {
      const a = s.agents[id];
      const ws = s.watchdog.agents[id];
      const watched = isWatched(s, id);
      return a && watchOwnsRow(ws, watched, a.state) ? watchSummary(ws, watched, a.state, s.now) : null;
    }),
  );
  const spinner = useSpinner(Object.keys(busy).length > 0);
  const startRef = useRef(0);
  const inner = bordered ? rect.width - 2 : rect.width;
  const page = Math.max(1, rect.height - (bordered ? 3 : 1));
  const list = visibleIds.map((id) => agents[id]).filter((a): a is AgentView => a !== undefined);
  const selected = Math.max(0, list.findIndex((a) => a.id === selectedId));
  const start = windowStart(startRef.current, selected, list.length, page);
  startRef.current = start;
  const longest = Math.max(4, ...list.map((a) => cellWidth(a.name)));
  const c = listColumns(inner - 1, longest);
  const shown = list.slice(start, start + page);
  const header = (
    <Text color="gray" bold wrap="truncate">
      {' '}
      {fitCells(c.badge >= 10 ? 'STATE' : '', c.badge)}
      {fitCells('NAME', c.name)}{' '}
      {c.kind ? fitCells('AGENT', c.kind) : ''}
      {c.beat ? fitCells('BEAT', c.beat) : ''}
      {c.progress ? fitCells('PROGRESS', c.progress) : ''}
      {c.usage ? fitCells('USAGE', c.usage) : ''}
      {c.event ? 'LAST EVENT / REASON' : ''}
    </Text>
  );
  const rows = (
    <>
      {header}
      {shown.map((agent, i) => (
        <AgentRow
          key={agent.id}
          agent={agent}
          selected={agent.id === selectedId}
          marked={marked.includes(agent.id)}
          busy={busy[agent.id] ? `${spinner} ${busy[agent.id]}` : null}
          note={watching[start + i] ?? null}
          columns={c}
          age={ages[start + i] ?? '-'}
          width={inner}
        />
      ))}
      {list.length === 0 && total > 0 ? <Text color="yellow">No agent matches the filter “{filter}” (Esc clears it).</Text> : null}
    </>
  );
  if (!bordered) return <Box flexDirection="column" width={rect.width} height={rect.height}>{rows}</Box>;
  const position = list.length > page ? `${selected + 1}/${list.length}` : `${list.length}`;
  const title = filter ? `agents · ${list.length} of ${total} match` : 'agents';
  return (
    <Panel title={title} note={`${position} · sort: ${sort}`} width={rect.width} height={rect.height} focused={focused}>
      {rows}
    </Panel>
  );
}
