import { Box, Text } from 'ink';
import type { Rect } from '../src/tui/layout.js';
import { useAppShallow } from './hooks/useApp.js';
import { Panel } from './Panel.js';
import { oneshotCommand } from '../src/ops/hints.js';

export function EmptyState({ rect }: { rect: Rect }) {
  const { status, label, error, args } = useAppShallow((s) => ({ status: s.server.status, label: s.server.label, error: s.server.error, args: s.server.args }));
  const headline =
    status === 'unknown'
      ? 'Looking for agents…'
      : status === 'no-server'
        ? `No tmux server is running on ${label}, so there are no agents yet.`
        : status === 'error'
          ? `tmux ${label} did not answer: ${error ?? 'unknown error'}`
          : `No agents on tmux ${label} yet.`;
  const lines: { text: string; color?: string; bold?: boolean }[] = [
    { text: headline, bold: true },
    { text: '' },
    { text: 'Start one (it survives disconnects):' },
    { text: `  ${oneshotCommand(args, 'run', '--agent', 'codex', 'add tests for the parser')}`, color: 'cyanBright' },
    { text: `  ${oneshotCommand(args, 'run', '--agent', 'shell', '--', 'npm', 'run', 'long-job')}`, color: 'cyanBright' },
    { text: '' },
    { text: 'Or watch a simulated fleet:' },
    { text: '  oneshot-tui --demo', color: 'cyanBright' },
    { text: '' },
    { text: 'Sessions named codex-…, claude-…, opencode-…, pi-… or oneshot-… show up here by themselves.', color: 'gray' },
  ];
  return (
    <Panel title="agents" width={rect.width} height={rect.height}>
      <Box flexDirection="column" paddingX={1}>
        {lines.slice(0, Math.max(0, rect.height - 2)).map((l, i) => (
          <Text key={i} wrap="truncate" bold={l.bold} color={l.color}>
            {l.text || ' '}
          </Text>
        ))}
      </Box>
    </Panel>
  );
}
