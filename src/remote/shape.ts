// An agent view from another machine, made safe to show: every field the dashboard reads
// gets the type it expects (a missing or mistyped one its empty value), lists are bounded,
// strings are cleaned of control characters. A host that sends nonsense shows nonsense
// rows; it cannot crash the dashboard. Pure.
import { AGENT_KINDS, AGENT_STATES, SIGNALS, type AgentView } from '../fleet/agent.js';
import { initialEventStream } from '../events/parse.js';
import { cleanStrings } from './protocol.js';

type Schema = (value: unknown) => unknown;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_TEXT = 4_000;

const str = (fallback = ''): Schema => (v) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : fallback);
const num = (fallback = 0): Schema => (v) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const bool: Schema = (v) => v === true;
const nullable = (schema: Schema): Schema => (v) => (v === null || v === undefined ? null : schema(v));
const oneOf = (values: readonly string[], fallback: string): Schema => (v) => (typeof v === 'string' && values.includes(v) ? v : fallback);
const arr = (schema: Schema, max = 500): Schema => (v) => (Array.isArray(v) ? v.slice(-max).map(schema) : []);
const strings = (max = 500): Schema => (v) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(-max).map((s) => s.slice(0, MAX_TEXT)) : []);
/** Plain JSON kept as it is (cleaned), for fields only shown as text. */
const json: Schema = (v) => cleanStrings(v);
function obj(fields: Record<string, Schema>): Schema {
  return (v) => {
    const raw = isObj(v) ? v : {};
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(fields)) out[key] = schema(raw[key]);
    return out;
  };
}
/** An object only when it is one (else null), with these fields. */
const maybe = (fields: Record<string, Schema>): Schema => (v) => (isObj(v) ? obj(fields)(v) : null);

const note = obj({ signal: oneOf(SIGNALS, 'pane'), at: nullable(num()), detail: str() });
const hook = maybe({ at: num(), source: str(), event: str(), kind: str('other'), detail: str(), sessionId: nullable(str()) });
const pane = obj({
  sessionId: str(), sessionName: str(), sessionCreated: num(), sessionAttached: num(), windowId: str(), windowIndex: num(), windowName: str(), windowActivity: num(), windowActive: bool,
  paneId: str(), paneIndex: num(), paneActive: bool, panePid: nullable(num()), currentCommand: str(), currentPath: str(), dead: bool, deadStatus: nullable(num()), deadSignal: nullable(num()), deadTime: nullable(num()),
  width: num(80), height: num(24), bell: bool, title: str(),
});
const event = obj({ kind: str('other'), type: str(), phase: nullable(str()), text: str(), at: nullable(num()), exitCode: nullable(num()), isError: bool });
const lock = maybe({ pid: num(), alive: bool, kind: str('oneshot') });

const AGENT: Record<string, Schema> = {
  id: str(),
  name: str(),
  dir: nullable(str()),
  expectedSession: nullable(str()),
  session: maybe({
    id: str(), name: str(), created: num(), attached: num(), path: str(), pane, paneCount: num(1),
    env: (v) => (isObj(v) ? Object.fromEntries(Object.entries(v).filter(([, s]) => typeof s === 'string').slice(0, 100)) : {}),
    shellChildren: nullable(num()),
    tools: nullable(arr(obj({ pid: num(), command: str() }), 20)),
  }),
  sessionMatch: nullable(str()),
  paneTail: nullable(strings(400)),
  task: maybe({
    dir: str(), origin: str('oneshot'), record: maybe({ name: str(), agent: oneOf(AGENT_KINDS, 'unknown'), dir: str(), argv: strings(200), created: str(), session: str(), socketPath: str(), autonomy: nullable(str()), interactive: bool, checkpoint: nullable(str()) }),
    sessionIdFile: nullable(str()), doneMarker: bool, exit: maybe({ code: nullable(num()), signal: nullable(str()), at: nullable(num()), reason: nullable(str()) }),
    stopped: maybe({ at: nullable(num()), reason: nullable(str()) }), lock, hasEvents: bool, build: maybe({ session: num(), maxSessions: num() }),
    hooks: maybe({ last: hook, newest: hook, count: num(), problems: strings(3), sessionId: nullable(str()) }), problems: strings(20),
  }),
  dotAgent: maybe({
    dir: str(), statusTail: strings(200), heartbeat: maybe({ at: num(), source: str('content'), line: str() }), checkpoints: maybe({ count: num(), last: nullable(str()) }),
    lastState: nullable(str()), recovery: bool, hasSessionLog: bool, problems: strings(20),
  }),
  autonomous: maybe({
    dir: str(), task: str(), progress: maybe({ done: num(), total: num(), items: arr(obj({ number: num(), done: bool, title: str() }), 500) }), progressNotes: strings(50),
    promiseDone: bool, lock, sessionLogs: num(), latestSessionLog: nullable(str()), problems: strings(20),
  }),
  eventsPath: nullable(str()),
  logPath: nullable(str()),
  serverChecked: bool,
  serverHung: bool,
  problems: strings(20),
  kind: oneOf(AGENT_KINDS, 'unknown'),
  state: oneOf(AGENT_STATES, 'unknown'),
  reason: str(),
  evidence: (v) => ({ ...(note(v) as object), disagreeing: arr(note, 20)(isObj(v) ? v.disagreeing : null) }),
  until: nullable(num()),
  progress: maybe({ done: num(), total: num(), source: oneOf(['tasks', 'todo'], 'tasks') }),
  heartbeatIntervalSec: num(30),
  events: (v) => {
    const raw = isObj(v) ? v : {};
    const s = isObj(raw.stream) ? raw.stream : {};
    const base = initialEventStream();
    return {
      recent: arr(event, 200)(raw.recent),
      source: nullable(str())(raw.source),
      problem: nullable(str())(raw.problem),
      stream: {
        ...base,
        format: nullable(str())(s.format),
        sessionId: nullable(str())(s.sessionId),
        badLines: num()(s.badLines),
        events: num()(s.events),
        usage: maybe({ inputTokens: num(), outputTokens: num(), costUsd: nullable(num()) })(s.usage),
        todo: maybe({ done: num(), total: num() })(s.todo),
        lastEvent: isObj(s.lastEvent) ? event(s.lastEvent) : null,
        denials: num()(s.denials),
        rateLimit: maybe({ limited: bool, resetsAt: nullable(num()), text: str(), at: nullable(num()) })(s.rateLimit),
      },
    };
  },
};

/** The agent as the dashboard may use it: every field of the right type, strings cleaned. */
export function safeAgentView(raw: unknown, host: string, remoteId: string): AgentView {
  const out: Record<string, unknown> = {};
  const source = isObj(raw) ? raw : {};
  for (const [key, schema] of Object.entries(AGENT)) out[key] = schema(source[key]);
  const view = cleanStrings(out) as unknown as AgentView;
  return { ...view, id: `${host}/${remoteId}`, name: view.name || remoteId, host, remoteId };
}
