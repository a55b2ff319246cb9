import { Text } from 'ink';
import type { Progress } from '../src/fleet/agent.js';

export function progressCells(progress: Progress | null, barWidth: number): { bar: string; rest: string; label: string } {
  if (!progress || progress.total <= 0) return { bar: '', rest: '', label: '-' };
  const filled = Math.round((progress.done / progress.total) * barWidth);
  return { bar: '█'.repeat(filled), rest: '░'.repeat(Math.max(0, barWidth - filled)), label: `${progress.done}/${progress.total}` };
}

export function ProgressBar({ progress, barWidth }: { progress: Progress | null; barWidth: number }) {
  const { bar, rest, label } = progressCells(progress, barWidth);
  if (!progress) return <Text color="gray">-</Text>;
  const done = progress.done >= progress.total;
  return (
    <Text>
      <Text color={done ? 'cyan' : 'green'}>{bar}</Text>
      <Text color="gray">{rest}</Text> {label}
    </Text>
  );
}
