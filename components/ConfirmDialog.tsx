import { Box, Text } from 'ink';
import { fitCells, wrapCells } from '../src/text/width.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppState } from './hooks/useApp.js';

/** A question over the screen: what will happen, to whom; y confirms, any other key cancels. */
export function ConfirmDialog({ rect }: { rect: Rect }) {
  const confirm = useAppState((s) => s.confirm);
  if (!confirm) return null;
  const width = Math.min(rect.width - 4, 78);
  const inner = width - 2;
  const lines = confirm.lines.flatMap((line) => wrapCells(line, inner - 2)).slice(0, Math.max(1, rect.height - 7));
  const height = lines.length + 6;
  // An overlay covers what is under it: every cell of every line is written.
  const row = (text: string) => fitCells(` ${text}`, inner);
  const verb = confirm.action === 'rerun' ? 'run it again' : confirm.action;
  return (
    <Box position="absolute" marginLeft={Math.max(0, Math.floor((rect.width - width) / 2))} marginTop={Math.max(0, Math.floor((rect.height - height) / 2))}>
      <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor="red">
        <Text bold color="redBright">
          {row(confirm.title)}
        </Text>
        <Text>{row('')}</Text>
        {lines.map((line, i) => (
          <Text key={i}>{row(line)}</Text>
        ))}
        <Text>{row('')}</Text>
        <Text>
          {' '}
          <Text bold color="redBright">
            y
          </Text>
          {fitCells(` ${verb} · any other key cancels`, inner - 2)}
        </Text>
      </Box>
    </Box>
  );
}
