import { Box, Text } from 'ink';
import { AGENT_STATES, type AgentState, type AgentView } from '../src/fleet/agent.js';
import { BADGES } from '../src/fleet/badges.js';
import type { HostView } from '../src/remote/host.js';
import { formatClock } from '../src/util/format.js';
import { useAppShallow } from './hooks/useApp.js';

interface HostPart {
  name: string;
  text: string;
  color: string;
}

/**
 * The hosts: each with its agent count when live, else its state (a countdown only while
 * it retries). Where that would not fit (`cells`), how many are live, then each that is not.
 */
export function hostSummary(hosts: Record<string, HostView>, perHost: Record<string, number>, now: number, cells = Infinity): HostPart[] {
  const all = Object.values(hosts);
  const live = all.filter((h) => h.status === 'live');
  const each = all.reduce((n, h) => n + h.name.length + 8, 0) <= cells;
  const parts: HostPart[] = [];
  if (!each && live.length > 0) parts.push({ name: '*live', text: `${live.length}/${all.length} hosts live`, color: live.length === all.length ? 'blue' : 'yellow' });
  const shown = each ? all : all.filter((h) => h.status !== 'live');
  return parts.concat(shown.map((h) => {
    const n = perHost[h.name] ?? 0;
    switch (h.status) {
      case 'live':
        return { name: h.name, text: `${h.name} ${n}`, color: 'blue' };
      case 'connecting':
        return { name: h.name, text: `${h.name} connecting…`, color: 'gray' };
      case 'unreachable': {
        const retry = h.retryAt !== null ? Math.max(0, Math.ceil((h.retryAt - now) / 1000)) : null;
        return { name: h.name, text: `${h.name} unreachable since ${h.since !== null ? formatClock(h.since).slice(0, 5) : '?'}${retry !== null ? (retry > 0 ? `, retry in ${retry}s` : ', reconnecting') : ''}`, color: 'yellow' };
      }
      case 'incompatible':
        return { name: h.name, text: `${h.name} incompatible`, color: 'red' };
      case 'stopped':
        return { name: h.name, text: `${h.name} closed`, color: 'gray' };
    }
  }));
}

interface FleetCounts {
  counts: Record<AgentState, number>;
  perHost: Record<string, number>;
  /** When the fleet's first limit resets: the earliest reset of a rate-limited agent. */
  resets: number | null;
}

/**
 * Agents per state and per host. The header's selector runs on every store change (a key
 * press, a scroll): counted again only when the fleet itself changed.
 */
let counted: { order: unknown; agents: unknown; value: FleetCounts } | null = null;
function fleetCounts(order: readonly string[], agents: Record<string, AgentView>): FleetCounts {
  if (counted && counted.order === order && counted.agents === agents) return counted.value;
  const counts = Object.fromEntries(AGENT_STATES.map((st) => [st, 0])) as Record<AgentState, number>;
  const perHost: Record<string, number> = {};
  let resets: number | null = null;
  for (const id of order) {
    const a = agents[id];
    if (!a) continue;
    counts[a.state] += 1;
    if (a.host !== undefined) perHost[a.host] = (perHost[a.host] ?? 0) + 1;
    if (a.state === 'rate-limited' && a.until != null && (resets === null || a.until < resets)) resets = a.until;
  }
  counted = { order, agents, value: { counts, perHost, resets } };
  return counted.value;
}

export function Header({ width }: { width: number }) {
  const { label, status, hung, polling, clock, total, resets, hostLine, ...byState } = useAppShallow((s) => {
    const { counts, perHost, resets } = fleetCounts(s.order, s.agents);
    // Minutes only: a clock that ticks every second would redraw the screen every second.
    // A server that stopped answering says so (not its waiting time, which would tick).
    // As one string: a list of new objects would make every store change a new header.
    // Per host when the hosts fit in a third of the header, else summed.
    return { ...counts, hostLine: JSON.stringify(hostSummary(s.hosts, perHost, s.now, Math.floor(width / 3))), resets: resets !== null ? formatClock(resets).slice(0, 5) : null, hung: s.server.hung === true, label: s.server.label, status: s.server.status, polling: s.server.transportNote?.startsWith('polling') === true, clock: formatClock(s.now).slice(0, 5), total: s.order.length };
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
        {(JSON.parse(hostLine) as HostPart[]).map((h) => (
          <Text key={h.name} color={h.color}>
            {' · '}
            {h.text}
          </Text>
        ))}
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
