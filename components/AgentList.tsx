import { Box, Text } from 'ink';
import { useMemo, useRef } from 'react';
import { useAppStoreApi, useController } from './context.js';
import { isWatched } from '../src/watchdog/service.js';
import { watchOwnsRow, watchSummary } from '../src/watchdog/view.js';
import type { AgentView } from '../src/fleet/agent.js';
import type { HostView } from '../src/remote/host.js';
import { formatClock } from '../src/util/format.js';
import type { AppState } from '../src/store/store.js';
import { fitCells, cellWidth } from '../src/text/width.js';
import { listColumns, type Rect } from '../src/tui/layout.js';
import { filterProblem } from '../src/store/query.js';
import type { SortKey } from '../src/fleet/sort.js';
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

/** What a row of an unreachable host says instead of its reason (its age, in minutes). */
export function offlineText(host: HostView | undefined, now: number): string | null {
  if (!host || host.status === 'live' || host.status === 'connecting') return null;
  const seen = host.seenAt !== null ? `last seen ${formatClock(host.seenAt).slice(0, 5)}` : 'never seen';
  return `${host.name} ${host.status}${host.since !== null ? ` since ${formatClock(host.since).slice(0, 5)}` : ''} · ${seen} (${Math.floor(Math.max(0, now - (host.seenAt ?? host.since ?? now)) / 60_000)}m ago)`;
}

function watchingOf(s: AppState, start: number, end: number): (string | null)[] {
  return s.visibleIds.slice(start, end).map((id) => {
    const a = s.agents[id];
    const ws = s.watchdog.agents[id];
    const watched = isWatched(s, id);
    return a && watchOwnsRow(ws, watched, a.state) ? watchSummary(ws, watched, a.state, s.now) : null;
  });
}

export function AgentList({ rect, focused, bordered = true }: { rect: Rect; focused: boolean; bordered?: boolean }) {
  const { visibleIds, agents, selectedId, marked, busy, sort, reversed, filter, total, hosts, now } = useAppShallow((s) => ({
    hosts: s.hosts,
    visibleIds: s.visibleIds,
    agents: s.agents,
    selectedId: s.selectedId,
    marked: s.marked,
    busy: s.busy,
    sort: s.sort,
    reversed: s.sortReversed,
    filter: s.filter,
    total: s.order.length,
    // Minutes: an unreachable host's rows say how old they are.
    now: Math.floor(s.now / 60_000) * 60_000,
  }));
  // The rows on screen, as of the last render: the selectors below work on those only, so
  // a key press or a tick costs the page, not the fleet.
  const windowRef = useRef({ start: 0, end: 0 });
  // What the watchdog is doing, where it speaks for the row (a countdown while it waits).
  const watching = useAppShallow((s) => watchingOf(s, windowRef.current.start, windowRef.current.end));
  const api = useAppStoreApi();
  const controller = useController();
  const spinner = useSpinner(Object.keys(busy).length > 0);
  const startRef = useRef(0);
  const inner = bordered ? rect.width - 2 : rect.width;
  const page = Math.max(1, rect.height - (bordered ? 3 : 1));
  const list = useMemo(() => visibleIds.map((id) => agents[id]).filter((a): a is AgentView => a !== undefined), [visibleIds, agents]);
  const selected = Math.max(0, visibleIds.indexOf(selectedId ?? ''));
  const start = windowStart(startRef.current, selected, list.length, page);
  startRef.current = start;
  // A click finds its row from here.
  controller.view.listStart = start;
  // The widest name sets the name column for the whole list (so it does not jump while scrolling).
  const longest = useMemo(() => list.reduce((w, a) => Math.max(w, cellWidth(a.name)), 4), [list]);
  const hostNames = Object.keys(hosts);
  const longestHost = hostNames.length > 0 ? Math.max(5, ...hostNames.map((h) => cellWidth(h))) : 0;
  // The same object while the sizes hold: rows are memoized on their props, this among them.
  const c = useMemo(() => listColumns(inner - 1, longest, longestHost), [inner, longest, longestHost]);
  const shown = list.slice(start, start + page);
  const windowMoved = windowRef.current.start !== start || windowRef.current.end !== start + page;
  windowRef.current = { start, end: start + page };
  // The selectors above ran for the old window: the rows of a new one are read here.
  const fresh = windowMoved ? { watching: watchingOf(api.getState(), start, start + page) } : { watching };
  // The sorted column is marked: ▲ its own order, ▼ reversed.
  const arrow = reversed ? '▼' : '▲';
  const titled = (title: string, key: SortKey) => (sort === key ? `${title}${arrow}` : title);
  const header = (
    <Text color="gray" bold wrap="truncate">
      {' '}
      {fitCells(c.badge >= 10 ? titled('STATE', 'attention') : sort === 'attention' ? arrow : '', c.badge)}
      {c.host ? fitCells('HOST', c.host) : ''}
      {fitCells(titled('NAME', 'name'), c.name)}{' '}
      {c.kind ? fitCells(titled('AGENT', 'agent'), c.kind) : ''}
      {c.beat ? fitCells(titled('BEAT', 'heartbeat'), c.beat) : ''}
      {c.progress ? fitCells(titled('PROGRESS', 'progress'), c.progress) : ''}
      {c.usage ? fitCells('USAGE', c.usage) : ''}
      {c.event ? 'LAST EVENT / REASON' : ''}
    </Text>
  );
  const problem = list.length === 0 && total > 0 ? filterProblem(filter) : null;
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
          note={fresh.watching[i] ?? null}
          columns={c}
          width={inner}
          offline={agent.host !== undefined ? offlineText(hosts[agent.host], now) : null}
        />
      ))}
      {list.length === 0 && total > 0 ? (
        <Text color="yellow" wrap="truncate">
          No agent matches the filter “{filter}”{problem ? `: ${problem}` : ''} (Esc clears it).
        </Text>
      ) : null}
    </>
  );
  if (!bordered) return <Box flexDirection="column" width={rect.width} height={rect.height}>{rows}</Box>;
  const position = list.length > page ? `${selected + 1}/${list.length}` : `${list.length}`;
  const title = filter ? `agents · ${list.length} of ${total} match` : 'agents';
  return (
    <Panel title={title} note={`${position} · sort: ${sort} ${arrow}`} width={rect.width} height={rect.height} focused={focused}>
      {rows}
    </Panel>
  );
}
