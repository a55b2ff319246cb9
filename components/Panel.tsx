import { Box, Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { cellWidth, truncateCells } from '../src/text/width.js';

export interface PanelProps {
  title: string;
  /** Shown at the right end of the top border. */
  note?: string;
  width: number;
  height: number;
  focused?: boolean;
  children?: ReactNode;
}

/** A rounded box whose top border carries a title, like lazygit's panels. */
export function Panel({ title, note, width, height, focused = false, children }: PanelProps) {
  const color = focused ? 'cyan' : 'gray';
  const { label, right, fill } = useMemo(() => {
    const inner = Math.max(0, width - 2);
    const label = truncateCells(` ${title} `, Math.max(0, inner - 2));
    const right = note ? truncateCells(` ${note} `, Math.max(0, inner - 3 - cellWidth(label))) : '';
    return { label, right, fill: Math.max(0, inner - 1 - cellWidth(label) - cellWidth(right) - (right ? 1 : 0)) };
  }, [title, note, width]);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      {/* The top border's run of ─ is drawn by a bordered box, not as text: Ink measures every
          text on every frame, and a long run of box-drawing characters is its slowest case. */}
      <Box height={1} width={width} flexShrink={0}>
        <Text color={color}>{'╭─'}</Text>
        <Text bold={focused} color={focused ? 'cyanBright' : 'white'} wrap="truncate">
          {label}
        </Text>
        {fill > 0 ? <Box flexGrow={1} height={1} borderStyle="round" borderColor={color} borderBottom={false} borderLeft={false} borderRight={false} /> : null}
        {right ? <Text color="gray">{right}</Text> : null}
        <Text color={color}>{right ? '─╮' : '╮'}</Text>
      </Box>
      {/* Content is sized to fit by its panel; clipping (overflow hidden) would re-slice every line on every frame. */}
      <Box borderStyle="round" borderTop={false} borderColor={color} width={width} height={Math.max(1, height - 1)} flexDirection="column">
        {children}
      </Box>
    </Box>
  );
}
