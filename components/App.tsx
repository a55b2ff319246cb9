import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { MIN_COLUMNS, MIN_ROWS } from '../src/tui/layout.js';
import { AgentList } from './AgentList.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { PagerView } from './PagerView.js';
import { TaskFormView } from './TaskFormView.js';
import { Detail } from './Detail.js';
import { EmptyState } from './EmptyState.js';
import { EventsPanel } from './EventsPanel.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpView } from './HelpView.js';
import { InboxView } from './InboxView.js';
import { useAppStoreApi } from './context.js';
import { useAppShallow } from './hooks/useApp.js';
import { useKeys } from './hooks/useKeys.js';
import { useTerminalSize, type TerminalSize } from './hooks/useTerminalSize.js';
import { OutputPanel } from './OutputPanel.js';
import { StatusLine } from './StatusLine.js';
import { ZoomView } from './ZoomView.js';

export interface AppProps {
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  home?: string;
}

export function App({ size: fixed, home }: AppProps) {
  const store = useAppStoreApi();
  const measured = useTerminalSize();
  const size = fixed ?? measured;
  useEffect(() => {
    store.getState().terminalResized(size.columns, size.rows);
  }, [store, size.columns, size.rows]);
  useKeys();
  const { layout, mode, focus, empty } = useAppShallow((s) => ({ layout: s.layout, mode: s.mode, focus: s.focus, empty: s.order.length === 0 }));

  if (layout.tier === 'too-small') {
    return (
      <Box width={layout.columns} height={layout.rows}>
        <Text wrap="truncate" color="yellow">
          oneshot: {size.columns}×{size.rows} is too small; need {MIN_COLUMNS}×{MIN_ROWS}
        </Text>
      </Box>
    );
  }
  const width = layout.columns;
  const body = Math.max(1, layout.rows - 3);
  let main;
  if (mode === 'help') main = <HelpView rect={{ width, height: body }} />;
  else if (mode === 'zoom') main = <ZoomView rect={{ width, height: body }} />;
  else if (mode === 'form') main = <TaskFormView rect={{ width, height: body }} />;
  else if (mode === 'pager') main = <PagerView rect={{ width, height: body }} />;
  else if (mode === 'inbox') main = <InboxView rect={{ width, height: body }} />;
  else if (empty) main = <EmptyState rect={{ width, height: body }} />;
  else if (layout.tier === 'compact') main = <AgentList rect={layout.list} focused />;
  else {
    main = (
      <Box flexDirection="column" width={width} height={body}>
        <AgentList rect={layout.list} focused={focus === 'list'} />
        <Box flexDirection="row" width={width}>
          {layout.detail ? <Detail rect={layout.detail} focused={focus === 'detail'} home={home} /> : null}
          <Box flexDirection="column">
            {layout.output ? <OutputPanel rect={layout.output} focused={focus === 'output'} /> : null}
            {layout.events ? <EventsPanel rect={layout.events} focused={focus === 'events'} /> : null}
          </Box>
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={layout.rows}>
      <Header width={width} />
      <Box width={width} height={body} flexDirection="column">
        {main}
        {mode === 'confirm' ? <ConfirmDialog rect={{ width, height: body }} /> : null}
      </Box>
      <StatusLine width={width} />
      <Footer width={width} />
    </Box>
  );
}
