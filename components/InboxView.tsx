import { Text } from 'ink';
import { useMemo } from 'react';
import { BADGES } from '../src/fleet/badges.js';
import { plainText } from '../src/text/sanitize.js';
import { inboxOf } from '../src/tui/inbox.js';
import type { Rect } from '../src/tui/layout.js';
import { formatAge } from '../src/util/format.js';
import { useAppShallow } from './hooks/useApp.js';
import { Panel } from './Panel.js';
import { TextField } from './TextField.js';

/**
 * Only the agents that need a person, most urgent first, each with what it asks: the
 * command it wants to run, the question. Answered from here without attaching.
 */
export function InboxView({ rect }: { rect: Rect }) {
  const { agents, order, finished, cursor, draft, now, busy } = useAppShallow((s) => ({ agents: s.agents, order: s.order, finished: s.finished, cursor: s.inbox.agentId, draft: s.inbox.draft, now: s.now, busy: s.busy }));
  const items = useMemo(() => inboxOf({ agents, order, finished }), [agents, order, finished]);
  const rows = Math.max(1, rect.height - 3);
  const selected = Math.max(0, items.findIndex((i) => i.agent.id === cursor));
  // Two lines an item: the agent, then what it asks.
  const perPage = Math.max(1, Math.floor(rows / 2));
  const first = Math.max(0, Math.min(selected - perPage + 1, items.length - perPage));
  const shown = items.slice(Math.max(0, first), Math.max(0, first) + perPage);
  const asking = items.filter((i) => i.agent.state === 'needs-approval' || i.agent.state === 'needs-input').length;
  const note = items.length === 0 ? 'nothing needs you' : `${asking} asking · ${items.length} in all`;
  const lines = shown.flatMap((item, i) => {
    const index = first + i;
    const badge = BADGES[item.agent.state];
    const age = item.since !== null ? ` · ${formatAge(Math.max(0, (now - item.since) / 1000))}` : '';
    const label = busy[item.agent.id] ? ` · ${busy[item.agent.id]}` : '';
    const on = index === selected;
    return [
      <Text key={`${item.agent.id}:h`} wrap="truncate" inverse={on} bold={on}>
        <Text color={on ? undefined : badge.color}>{`${badge.symbol} ${item.kind === 'finished' ? `finished (${badge.label})` : badge.label} `.padEnd(20)}</Text>
        {`${plainText(item.agent.name)} (${item.agent.kind})${age}${label}`}
      </Text>,
      <Text key={`${item.agent.id}:a`} wrap="truncate" color={on ? 'white' : 'gray'}>
        {`    ${plainText(item.asks)}`}
      </Text>,
    ];
  });
  return (
    <Panel title="inbox" note={note} width={rect.width} height={rect.height} focused>
      {items.length === 0 ? <Text color="gray">Nothing needs you: no agent is asking for an approval or an answer, none crashed or went stale.</Text> : lines}
      {Array.from({ length: Math.max(0, rows - (items.length === 0 ? 1 : lines.length)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={draft !== null ? 'cyanBright' : 'gray'}>
        {draft !== null ? (
          <>
            answer › <TextField id="inbox" value={draft} width={rect.width - 12} />
          </>
        ) : (
          'y approve · A always · d deny · t type an answer · a attach · Enter open · Esc back'
        )}
      </Text>
    </Panel>
  );
}
