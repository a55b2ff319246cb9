import { Box, Text } from 'ink';
import { memo } from 'react';
import { heartbeatAge, rowDetail, usageText } from '../src/cli/status-view.js';
import type { AgentView } from '../src/fleet/agent.js';
import { BADGES } from '../src/fleet/badges.js';
import { plainText } from '../src/text/sanitize.js';
import { cellWidth as cellWidthOf, fitCells, truncateCells } from '../src/text/width.js';
import type { ListColumns } from '../src/tui/layout.js';
import { useAppState } from './hooks/useApp.js';
import { progressCells } from './ProgressBar.js';

export interface AgentRowProps {
  agent: AgentView;
  selected: boolean;
  marked: boolean;
  busy: string | null;
  /** Said instead of the reason (the watchdog's plan for a crashed agent). */
  note: string | null;
  columns: ListColumns;
  width: number;
  /** The agent's host cannot be reached: the row is its last known state, greyed, with this said. */
  offline?: string | null;
}

const BAR = 8;

/**
 * The heartbeat's age as shown ("12s"). The one cell that changes every second on a live
 * fleet reads the clock itself: a tick re-renders these cells, not the rows around them.
 */
function BeatCell({ agentId, width, stale }: { agentId: string; width: number; stale: boolean }) {
  const age = useAppState((s) => {
    const agent = s.agents[agentId];
    return agent ? heartbeatAge(agent, s.now) : '-';
  });
  return <Text color={stale ? 'yellow' : undefined}>{fitCells(age, width)}</Text>;
}

/** A row's cells as text, each fitted to its column (colors are the caller's). */
function cellsOf(agent: AgentView, c: ListColumns) {
  const badge = BADGES[agent.state];
  const progress = progressCells(agent.progress, BAR);
  const bar = c.progress > 0 && c.bar;
  return {
    badge: fitCells(c.badge >= 17 ? `${badge.symbol} ${badge.label}` : c.badge >= 10 ? `${badge.symbol} ${badge.short}` : badge.symbol, c.badge),
    host: c.host > 0 ? fitCells(plainText(agent.host ?? 'local'), c.host) : '',
    name: fitCells(plainText(agent.name), c.name),
    kind: c.kind > 0 ? fitCells(agent.kind, c.kind) : '',
    bar: bar ? progress.bar : '',
    barRest: bar ? progress.rest : '',
    progress: c.progress <= 0 ? '' : bar ? fitCells(agent.progress ? ` ${progress.label}` : '-'.padEnd(BAR + 1), c.progress - (agent.progress ? BAR : 0)) : fitCells(progress.label, c.progress),
    usage: c.usage > 0 ? fitCells(usageText(agent), c.usage) : '',
  };
}

/** The row's text up to the detail column, plain, for the rows drawn in one style. */
function plainRow(cells: ReturnType<typeof cellsOf>, marked: boolean, age: string | null, c: ListColumns): string {
  const beat = age !== null && c.beat > 0 ? fitCells(age, c.beat) : '';
  const rest = age !== null ? `${beat}${cells.bar}${cells.barRest}${cells.progress}${cells.usage}` : '';
  return `${marked ? '+' : ' '}${cells.badge}${cells.host}${cells.name} ${cells.kind}${rest}`;
}

/**
 * The selected row: one reverse-video bar across the whole width, in the terminal's own
 * colors (no badge or column colors inside it), the same with NO_COLOR.
 */
function SelectedRow({ agent, marked, detail, columns: c, width }: { agent: AgentView; marked: boolean; detail: string; columns: ListColumns; width: number }) {
  const age = useAppState((s) => heartbeatAge(agent, s.now));
  const text = plainRow(cellsOf(agent, c), marked, age, c);
  const room = Math.max(0, width - cellWidthOf(text));
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" inverse>
        {text}
        {fitCells(truncateCells(detail, room), room)}
      </Text>
    </Box>
  );
}

function AgentRowView({ agent, selected, marked, busy, note, columns: c, width, offline = null }: AgentRowProps) {
  const detail = busy ?? offline ?? note ?? rowDetail(agent);
  const cells = cellsOf(agent, c);
  if (offline) {
    // Last known, not live: one grey row, nothing coloured as if it were current.
    const text = plainRow(cells, marked, null, c);
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate" inverse={selected} color="gray" dimColor={!selected}>
          {text}
          {truncateCells(detail, Math.max(0, width - cellWidthOf(text)))}
        </Text>
      </Box>
    );
  }
  if (selected) return <SelectedRow agent={agent} marked={marked} detail={detail} columns={c} width={width} />;
  // Three texts side by side rather than one: Ink measures each text on every frame, and a
  // text holding a symbol (the badge, the bar) takes string-width's slow path over its
  // whole length. Kept apart, the name-to-age run is usually plain ASCII: the fast path.
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        <Text color={marked ? 'yellowBright' : undefined}>{marked ? '+' : ' '}</Text>
        <Text color={BADGES[agent.state].color}>{cells.badge}</Text>
      </Text>
      <Text wrap="truncate">
        {c.host > 0 ? <Text color="blue">{cells.host}</Text> : null}
        <Text bold>{cells.name}</Text>{' '}
        {c.kind > 0 ? <Text color="gray">{cells.kind}</Text> : null}
        {c.beat > 0 ? <BeatCell agentId={agent.id} width={c.beat} stale={agent.state === 'stale'} /> : null}
      </Text>
      <Text wrap="truncate">
        {c.progress > 0 ? (
          <Text>
            {cells.bar ? <Text color={agent.progress && agent.progress.done >= agent.progress.total ? 'cyan' : 'green'}>{cells.bar}</Text> : null}
            {cells.barRest ? <Text color="gray">{cells.barRest}</Text> : null}
            {cells.progress}
          </Text>
        ) : null}
        {c.usage > 0 ? <Text color="gray">{cells.usage}</Text> : null}
        {c.event > 0 ? (
          // The last column is cut, not padded: trailing blanks cost the renderer and show nothing.
          <Text color={busy ? 'yellow' : note ? (note.startsWith('gave up') ? 'red' : 'magenta') : agent.events.stream.lastEvent?.isError ? 'red' : undefined}>{truncateCells(detail, Math.min(c.event, width))}</Text>
        ) : null}
      </Text>
    </Box>
  );
}

export const AgentRow = memo(AgentRowView);
