import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatTokens } from '../src/events/model.js';
import type { AgentView } from '../src/fleet/agent.js';
import { BADGES } from '../src/fleet/badges.js';
import { problemsOf } from '../src/fleet/derive.js';
import { sessionIdOf } from '../src/fleet/snapshot.js';
import { plainText } from '../src/text/sanitize.js';
import type { Rect } from '../src/tui/layout.js';
import { describeExit, formatAge, formatClock, tildePath } from '../src/util/format.js';
import { isWatched } from '../src/watchdog/service.js';
import { watchSummary } from '../src/watchdog/view.js';
import { useAppState } from './hooks/useApp.js';
import { Panel } from './Panel.js';

function Row({ label, children, color }: { label: string; children: ReactNode; color?: string }) {
  return (
    <Text wrap="truncate">
      <Text color="gray">{label.padEnd(9)}</Text>
      <Text color={color}>{children}</Text>
    </Text>
  );
}

/** `beatAge` is the heartbeat's age as shown ("12s"); `watch`, what the watchdog does. */
export function detailRows(agent: AgentView, beatAge: string | null, home: string | undefined, watch: string | null = null): { label: string; text: string; color?: string }[] {
  const rows: { label: string; text: string; color?: string }[] = [];
  const badge = BADGES[agent.state];
  rows.push({ label: 'state', text: `${badge.symbol} ${badge.label} · ${agent.kind}`, color: badge.color });
  rows.push({ label: 'why', text: plainText(agent.reason) });
  // The evidence: which signal decided, and how many say otherwise (oneshot explain lists them).
  const { evidence } = agent;
  const against = evidence.disagreeing.length;
  rows.push({
    label: 'by',
    text: `${evidence.signal}${against ? ` · ${against} disagree${against === 1 ? 's' : ''}: ${plainText(evidence.disagreeing.map((d) => `${d.signal}: ${d.detail}`).join('; '))}` : ''}`,
    ...(against ? { color: 'yellow' } : {}),
  });
  rows.push({ label: 'dir', text: agent.dir ? plainText(tildePath(agent.dir, home)) : '-' });
  const pane = agent.session?.pane;
  if (agent.session && pane) {
    const life = pane.dead ? `dead, ${describeExit(pane.deadStatus, pane.deadSignal)}` : pane.currentCommand;
    rows.push({ label: 'tmux', text: `${plainText(agent.session.name)} ${agent.session.id} ${pane.paneId} · ${life}${agent.session.attached ? ' · attached' : ''}` });
  } else {
    rows.push({ label: 'tmux', text: agent.expectedSession ? `${plainText(agent.expectedSession)} (gone)` : 'no session' });
  }
  rows.push({ label: 'session', text: sessionIdOf(agent) ?? '-' });
  const record = agent.task?.record;
  if (record && agent.kind !== 'shell') {
    const level = record.autonomy ?? 'workspace';
    rows.push({ label: 'autonomy', text: level, ...(level === 'full' ? { color: 'red' } : {}) });
  }
  const denials = agent.events.stream.denials;
  if (denials > 0) rows.push({ label: 'denied', text: `${denials} tool call${denials === 1 ? '' : 's'} refused by the autonomy level`, color: 'yellow' });
  const hb = agent.dotAgent?.heartbeat;
  rows.push({ label: 'beat', text: hb ? `${beatAge ?? '?'} ago (${formatClock(hb.at)}, every ${agent.heartbeatIntervalSec}s${hb.source === 'mtime' ? ', from mtime' : ''})` : '-' });
  if (agent.progress) {
    const next = agent.autonomous?.progress?.items.find((i) => !i.done);
    rows.push({ label: 'tasks', text: `${agent.progress.done}/${agent.progress.total}${next ? ` · next: Task ${next.number}: ${plainText(next.title)}` : ''}` });
  }
  const cp = agent.dotAgent?.checkpoints;
  if (cp) rows.push({ label: 'saved', text: `${cp.count} checkpoint${cp.count === 1 ? '' : 's'}${cp.last ? ` · last: ${plainText(cp.last)}` : ''}` });
  const lock = agent.autonomous?.lock ?? agent.task?.lock;
  if (lock) rows.push({ label: 'lock', text: `pid ${lock.pid} ${lock.alive ? 'alive' : 'dead (stale)'}`, color: lock.alive ? undefined : 'yellow' });
  const usage = agent.events.stream.usage;
  if (usage) rows.push({ label: 'usage', text: `${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out${usage.costUsd !== null ? ` · $${usage.costUsd.toFixed(2)}` : ''}` });
  const build = agent.task?.build;
  if (build) rows.push({ label: 'build', text: `session ${build.session} of ${build.maxSessions}` });
  if (watch) rows.push({ label: 'watch', text: watch, color: watch.startsWith('gave up') ? 'red' : 'magenta' });
  for (const problem of problemsOf(agent, agent.events)) rows.push({ label: 'problem', text: plainText(problem), color: 'yellow' });
  return rows;
}

export function Detail({ rect, focused, home }: { rect: Rect; focused: boolean; home?: string }) {
  const agent = useAppState((s) => (s.selectedId ? s.agents[s.selectedId] : undefined));
  // The time matters only through the heartbeat age it shows: re-render when that changes.
  const beatAge = useAppState((s) => {
    const hb = s.selectedId ? s.agents[s.selectedId]?.dotAgent?.heartbeat : undefined;
    return hb ? formatAge((s.now - hb.at) / 1000) : null;
  });
  const watch = useAppState((s) => {
    const id = s.selectedId;
    const a = id ? s.agents[id] : undefined;
    return id && a ? watchSummary(s.watchdog.agents[id], isWatched(s, id), a.state, s.now) : null;
  });
  if (!agent) {
    return (
      <Panel title="detail" width={rect.width} height={rect.height} focused={focused}>
        <Text color="gray">No agent selected.</Text>
      </Panel>
    );
  }
  const inner = Math.max(0, rect.height - 2);
  const rows = detailRows(agent, beatAge, home, watch).slice(0, inner);
  const room = Math.max(0, inner - rows.length - 1);
  const status = (agent.dotAgent?.statusTail ?? agent.autonomous?.progressNotes ?? []).slice(-room);
  return (
    <Panel title={`detail · ${plainText(agent.name)}`} note={focused ? 'Enter: all' : undefined} width={rect.width} height={rect.height} focused={focused}>
      {rows.map((r, i) => (
        <Row key={i} label={r.label} color={r.color}>
          {r.text}
        </Row>
      ))}
      {status.length > 0 && room > 0 ? (
        <Box flexDirection="column">
          <Text color="gray" wrap="truncate">
            {agent.dotAgent ? 'STATUS.md' : 'progress.md'}
          </Text>
          {status.map((line, i) => (
            <Text key={i} wrap="truncate">
              {plainText(line)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Panel>
  );
}
