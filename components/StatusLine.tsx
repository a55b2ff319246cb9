import { Box, Text } from 'ink';
import { filterProblem } from '../src/store/query.js';
import { plainText } from '../src/text/sanitize.js';
import { useAppShallow } from './hooks/useApp.js';
import { TextField } from './TextField.js';

const MESSAGE_MS = 6000;
const TONES = { info: 'white', success: 'green', warn: 'yellow', error: 'red' } as const;

export function StatusLine({ width }: { width: number }) {
  const s = useAppShallow((st) => ({
    mode: st.mode,
    filter: st.filter,
    message: st.message && st.now - st.message.at < MESSAGE_MS ? st.message : null,
    focus: st.focus,
    shown: st.visibleIds.length,
    total: st.order.length,
    marked: st.marked.length,
    tier: st.layout.tier,
  }));
  const problem = s.filter ? filterProblem(s.filter) : null;
  let left;
  if (s.mode === 'filter') {
    left = (
      <Text wrap="truncate">
        <Text color="cyanBright">/</Text>
        <TextField id="filter" value={s.filter} width={Math.max(10, Math.floor(width * 0.6))} />
        {problem ? <Text color="yellow">{'  '}{problem}</Text> : null}
        <Text color="gray">
          {'  '}
          {s.shown} of {s.total} · Enter keeps · Esc clears
        </Text>
      </Text>
    );
  } else if (s.message) {
    left = (
      <Text wrap="truncate" color={TONES[s.message.tone]}>
        {plainText(s.message.text)}
      </Text>
    );
  } else if (s.filter) {
    left = (
      <Text wrap="truncate" color="gray">
        filter <Text color="white">{s.filter}</Text>
        {problem ? <Text color="yellow"> · {problem}</Text> : null} · {s.shown} of {s.total} · / edit · Esc clears
      </Text>
    );
  } else {
    left = <Text> </Text>;
  }
  const right = [s.marked ? `${s.marked} marked` : '', s.tier === 'full' && s.mode === 'normal' ? `focus: ${s.focus}` : ''].filter(Boolean).join(' · ');
  return (
    <Box width={width} height={1} justifyContent="space-between">
      <Box flexShrink={1} flexGrow={1} overflow="hidden">
        {left}
      </Box>
      {right ? (
        <Text color="gray" wrap="truncate">
          {' '}
          {right}{' '}
        </Text>
      ) : null}
    </Box>
  );
}
