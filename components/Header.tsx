import { Box, Text } from 'ink';
import { AGENT_STATES, type AgentState } from '../src/fleet/agent.js';
import { BADGES } from '../src/fleet/badges.js';
import { formatClock } from '../src/util/format.js';
import { useAppShallow } from './hooks/useApp.js';

export function Header({ width }: { width: number }) {
  const { label, status, hung, polling, clock, total, resets, ...byState } = useAppShallow((s) => {
    const counts = Object.fromEntries(AGENT_STATES.map((st) => [st, 0])) as Record<AgentState, number>;
    // When the fleet's first limit resets: the earliest reset of a rate-limited agent.
    let resets: number | null = null;
    for (const id of s.order) {
      const a = s.agents[id];
      if (!a) continue;
      counts[a.state] += 1;
      if (a.state === 'rate-limited' && a.until != null && (resets === null || a.until < resets)) resets = a.until;
    }
    // Minutes only: a clock that ticks every second would redraw the screen every second.
    // A server that stopped answering says so (not its waiting time, which would tick).
    return { ...counts, resets: resets !== null ? formatClock(resets).slice(0, 5) : null, hung: s.server.hung === true, label: s.server.label, status: s.server.status, polling: s.server.transportNote?.startsWith('polling') === true, clock: formatClock(s.now).slice(0, 5), total: s.order.length };
  });
  const wide = width >= 110;
  const server = status === 'no-server' ? `tmux ${label} (not running)` : status === 'error' ? `tmux ${label} (${hung ? 'not answering' : 'error'})` : `tmux ${label}`;
  return (
    <Box width={width} height={1} justifyContent="space-between">
      <Text wrap="truncate">
        <Text bold color="cyanBright"> oneshot </Text>
        <Text color={status === 'ok' ? 'gray' : 'yellow'}>{server}</Text>
        {/* Control mode was lost: say the dashboard is polling with processes meanwhile. */}
        {polling ? <Text color="yellow"> (polling)</Text> : null}
        <Text color="gray"> · </Text>
        <Text>{total} agent{total === 1 ? '' : 's'} </Text>
        {AGENT_STATES.filter((st) => byState[st]).map((st) => (
          <Text key={st} color={BADGES[st].color}>
            {' '}
            {BADGES[st].symbol}
            {byState[st]}
            {wide ? ` ${st}` : ''}
          </Text>
        ))}
      </Text>
      {/* The clock and the limits' reset keep their cells; the counts give way. */}
      <Box flexShrink={0}>
        <Text color="gray">
          {' '}
          {resets ? <Text color="yellow">limits reset {resets} · </Text> : null}
          {clock}{' '}
        </Text>
      </Box>
    </Box>
  );
}
