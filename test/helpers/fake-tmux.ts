// An in-memory TmuxClient for runtime and UI tests: panes are set by the test, every
// call is counted.
import type { CaptureRequest, NewSessionSpec, ServerSnapshot, TmuxClient, TmuxOutcome } from '../../src/tmux/client.js';
import type { PaneInfo } from '../../src/tmux/format.js';

export interface FakeTmux extends TmuxClient {
  panes: PaneInfo[];
  status: ServerSnapshot['status'];
  captures: Map<string, string>;
  envs: Map<string, Record<string, string>>;
  calls: string[];
  /** Every capture asked for, with its line count. */
  captureRequests: CaptureRequest[];
}

const ok: TmuxOutcome = { ok: true, stdout: '' };

export function fakeTmux(label = '-L fake'): FakeTmux {
  const fake: FakeTmux = {
    panes: [],
    status: 'ok',
    captures: new Map(),
    envs: new Map(),
    calls: [],
    captureRequests: [],
    socket: { name: 'fake' },
    label,
    socketPath: '/tmp/fake-socket',
    serverArgs: ['-L', 'fake'],
    transport: { mode: 'exec', note: null },
    close: async () => undefined,
    clientOf: async () => null,
    commandPrefix: () => ['tmux', '-L', 'fake'],
    // Like the exec client: no control connection, so no check between polls.
    paneLiveness: async () => null,
    async listPanes() {
      fake.calls.push('list-panes');
      return { status: fake.status, panes: fake.status === 'ok' ? fake.panes : [], error: null, badLines: 0, raw: JSON.stringify([fake.status, fake.panes]) };
    },
    async sessionEnvironments(ids) {
      fake.calls.push(`show-environment ${ids.join(',')}`);
      return new Map(ids.map((id) => [id, fake.envs.get(id) ?? {}]));
    },
    async capturePanes(requests: readonly CaptureRequest[]) {
      fake.calls.push(`capture-pane ${requests.map((r) => r.paneId).join(',')}`);
      fake.captureRequests.push(...requests);
      return new Map(requests.map((r) => [r.paneId, fake.captures.get(r.paneId) ?? '']));
    },
    async newSession(spec: NewSessionSpec) {
      fake.calls.push(`new-session ${spec.name}`);
      return { ok: true, value: { sessionId: '$99', paneId: '%99' } };
    },
    async respawnPane(paneId) {
      fake.calls.push(`respawn-pane ${paneId}`);
      return ok;
    },
    async killSession(id) {
      fake.calls.push(`kill-session ${id}`);
      return ok;
    },
    async killServer() {
      fake.calls.push('kill-server');
      return ok;
    },
    async sendKeys(target, keys) {
      fake.calls.push(`send-keys ${target} ${keys.join(' ')}`);
      return ok;
    },
    async switchClient(target) {
      fake.calls.push(`switch-client ${target}`);
      return ok;
    },
    async displayMessage(message) {
      fake.calls.push(`display-message ${message}`);
      return ok;
    },
    async version() {
      return 'tmux 3.3a';
    },
    async listClients() {
      fake.calls.push('list-clients');
      return [];
    },
  };
  return fake;
}
