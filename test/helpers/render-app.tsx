// Render the dashboard in tests: a fresh store, a controller with recorded quits, and
// ink-testing-library's fake terminal (100 columns) — or a wider fake for big sizes.
import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import { App } from '../../components/App.js';
import { ControllerContext, StoreContext } from '../../components/context.js';
import type { AgentObservation } from '../../src/fleet/agent.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import { createController, type ActionPort } from '../../src/tui/controller.js';
import { FakeStdin } from './fake-stdin.js';
import { waitFor } from './wait.js';

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  tab: '\t',
  shiftTab: '\x1b[Z',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  ctrlC: '\x03',
  space: ' ',
} as const;

export const NOW = Date.parse('2026-11-20T12:00:00Z');

export interface Rendered {
  store: AppStore;
  lastFrame(): string;
  press(...keys: string[]): Promise<void>;
  quits: number;
  waitForFrame(predicate: (frame: string) => boolean, message?: string): Promise<string>;
  unmount(): void;
}

class WideStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
  };
}

export function renderApp(
  observations: AgentObservation[],
  options: { columns?: number; rows?: number; server?: 'ok' | 'no-server'; actions?: (store: AppStore) => ActionPort; serverLabel?: string; copy?: (text: string) => void } = {},
): Rendered {
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 32;
  const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: options.serverLabel ?? '-L test' }, NOW);
  store.getState().fleetObserved({ at: NOW, server: { status: options.server ?? 'ok', error: null }, agents: observations });
  const state = { quits: 0 };
  const controller = createController({ store, quit: () => state.quits++, actions: options.actions?.(store) ?? null, ...(options.copy ? { copy: options.copy } : {}) });
  const tree = (
    <StoreContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>
        <App size={{ columns, rows }} />
      </ControllerContext.Provider>
    </StoreContext.Provider>
  );
  let lastFrame: () => string;
  let stdinWrite: (s: string) => void;
  let unmount: () => void;
  if (columns <= 100) {
    const r = render(tree);
    lastFrame = () => r.lastFrame() ?? '';
    stdinWrite = (s) => r.stdin.write(s);
    unmount = () => r.unmount();
  } else {
    const stdout = new WideStdout(columns, rows);
    const stdin = new FakeStdin();
    const instance = inkRender(tree, { stdout: stdout as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
    lastFrame = () => stdout.frames[stdout.frames.length - 1] ?? '';
    stdinWrite = (s) => stdin.write(s);
    unmount = () => instance.unmount();
  }
  const rendered: Rendered = {
    store,
    lastFrame: () => lastFrame(),
    get quits() {
      return state.quits;
    },
    async press(...keys) {
      for (const key of keys) {
        stdinWrite(key);
        // Ink parses input asynchronously; let it run before the next key.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
      }
    },
    waitForFrame: (predicate, message) => waitFor(() => (predicate(lastFrame()) ? lastFrame() : null), { timeoutMs: 3000, message: message ?? 'frame' }),
    unmount: () => unmount(),
  };
  return rendered;
}

/** Frame text without colors. */
export function plain(frame: string): string {
  // eslint-disable-next-line no-control-regex
  return frame.replace(/\x1b\[[0-9;]*m/g, '');
}
